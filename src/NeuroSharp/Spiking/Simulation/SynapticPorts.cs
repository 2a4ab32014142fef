using System.Numerics.Tensors;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The synaptic ports of a population (<see cref="SynapticPortSpec"/>; docs/spiking-hh.md and docs/spiking-lif.md, "Synaptic ports"),
/// shared by the hh and the conductance LIF groups: one conductance g_p per port with its decay per step, its rise state
/// (<see cref="RiseChannel"/>), its reversal and its block B_p(v) = 1 / (1 + [Mg] / scalingConc exp(-v / scalingVolt)). The group sums
/// <see cref="Blocked"/> into its own total conductance in its own order; this class holds the state, the decays, the rises, the
/// recorded PORT_g and PORT_block, and the names.
/// </summary>
internal sealed class SynapticPorts
{
    /// <summary>Bound on the block's exponent (as the hh group bounds its rates): exp(80) is finite in float.</summary>
    private const float MaxExponent = 80f;

    private readonly float[][] _g;
    private readonly RiseChannel?[] _rise;
    private IReadOnlyList<SynapticPortSpec> _specs;
    private PortConstants[] _constants = [];

    /// <summary>The recorded B_p(v) g_p and B_p(v) of the blocked ports a monitor asked for, by port index (PORT_g, PORT_block).</summary>
    private readonly Dictionary<int, (float[] G, float[] Block)> _blocks = [];

    /// <summary>No ports (the ge and gi channels).</summary>
    public static SynapticPorts None { get; } = new([], 0, 1);

    /// <summary>Allocates each port's conductance (and rise state) for <paramref name="count"/> neurons.</summary>
    public SynapticPorts(IReadOnlyList<SynapticPortSpec> ports, int count, double dtMs)
    {
        _specs = ports;
        _g = [.. ports.Select(_ => new float[count])];
        _rise = [.. ports.Select(p => p.RiseMs > 0 ? new RiseChannel(count, p.RiseMs, p.DecayMs, dtMs) : null)];
        SetConstants(ports, dtMs);
    }

    /// <summary>The number of ports (0: ge and gi).</summary>
    public int Count => _g.Length;

    /// <summary>True when a monitor records a blocked port's PORT_g or PORT_block.</summary>
    public bool RecordsBlocks => _blocks.Count > 0;

    /// <summary>g_p of each port.</summary>
    public float[][] Conductances => _g;

    /// <summary>Takes each port's decay per step, reversal and block as floats (a live edit keeps the arrays).</summary>
    public void SetConstants(IReadOnlyList<SynapticPortSpec> ports, double dtMs)
    {
        _specs = ports;
        _constants = [.. ports.Select(p => new PortConstants(NeuronGroup.Decay(p.DecayMs, dtMs), (float)p.ReversalMv, p.Block is not null,
            p.Block is { } b ? (float)(b.ConcentrationMm / b.ScalingConcentrationMm) : 0, p.Block is { } c ? (float)(-1 / c.ScalingVoltageMv) : 0, p.Current))];
    }

    /// <summary>True when new ports keep these arrays: the same number, the same rise times (and decays where they rise).</summary>
    public static bool SameShape(IReadOnlyList<SynapticPortSpec> now, IReadOnlyList<SynapticPortSpec> was)
    {
        if (now.Count != was.Count) return false;
        for (int p = 0; p < now.Count; p++)
        {
            if (now[p].RiseMs != was[p].RiseMs || (now[p].RiseMs > 0 && now[p].DecayMs != was[p].DecayMs) || now[p].Current != was[p].Current) return false;
        }
        return true;
    }

    /// <summary>Visits each port's conductance and rise state, and the recorded blocks (by port, in port order).</summary>
    public void VisitState(StateVisitor visitor)
    {
        visitor.Each("portG", _g);
        visitor.Each("portRise", [.. _rise.Select(r => r?.Rise)]);
        foreach (int p in _blocks.Keys.Order())
        {
            var (g, block) = _blocks[p];
            visitor.Values($"portBlockedG{p}", g.AsSpan());
            visitor.Values($"portBlock{p}", block.AsSpan());
        }
    }

    /// <summary>What a spike onto port <paramref name="port"/> (1, 2, ...) adds its weight to: the rise state, else g_p.</summary>
    public float[] InputChannel(int port) => _rise[port - 1]?.Rise ?? _g[port - 1];

    /// <summary>Each port's conductance by <paramref name="fill"/> (its name: 0 unless "initial" names it), its rise state at 0.</summary>
    public void Initialize(Action<float[], string> fill)
    {
        for (int p = 0; p < _g.Length; p++) fill(_g[p], _specs[p].Name);
        foreach (var r in _rise)
        {
            if (r is not null) Array.Clear(r.Rise);
        }
    }

    /// <summary>True when port index <paramref name="p"/> holds a current (<see cref="SynapticPortSpec.Current"/>), not a conductance.</summary>
    public bool IsCurrent(int p) => _constants[p].Current;

    /// <summary>E_p of port index <paramref name="p"/>, as a float.</summary>
    public float Reversal(int p) => _constants[p].Reversal;

    /// <summary>
    /// B_p(v) g_p for the chunk at <paramref name="s"/> of port index <paramref name="p"/>: g_p itself without a block, else
    /// g_p / (1 + [Mg] / scalingConc exp(-v / scalingVolt)) written to <paramref name="t1"/> (<paramref name="t2"/> is scratch).
    /// </summary>
    public ReadOnlySpan<float> Blocked(int p, int s, int len, ReadOnlySpan<float> v, Span<float> t1, Span<float> t2)
    {
        ReadOnlySpan<float> gp = _g[p].AsSpan(s, len);
        ref readonly var q = ref _constants[p];
        if (!q.Blocked) return gp;
        TensorPrimitives.Multiply(v, q.MinusInvScalingVolt, t2);
        TensorPrimitives.Min(t2, MaxExponent, t2);
        TensorPrimitives.Exp(t2, t2);
        TensorPrimitives.Multiply(t2, q.ConcentrationRatio, t2);
        TensorPrimitives.Add(t2, 1f, t2);
        TensorPrimitives.Divide(gp, t2, t1);
        return t1;
    }

    /// <summary>Each port's conductance decays over the chunk at <paramref name="s"/> (as ge and gi do).</summary>
    public void Decay(int s, int len)
    {
        for (int p = 0; p < _g.Length; p++)
        {
            var gp = _g[p].AsSpan(s, len);
            TensorPrimitives.Multiply(gp, _constants[p].Decay, gp);
        }
    }

    /// <summary>Each rising port gains K h and its h decays, for neurons start..end-1.</summary>
    public void AdvanceRises(int start, int end)
    {
        for (int p = 0; p < _rise.Length; p++) _rise[p]?.Advance(_g[p], start, end);
    }

    /// <summary>A port's conductance by its name, or a blocked port's PORT_g or PORT_block (computed from <paramref name="v"/>), or null.</summary>
    public float[]? Variable(string name, float[] v)
    {
        for (int p = 0; p < _g.Length; p++)
        {
            var port = _specs[p];
            if (port.Name == name) return _g[p];
            if (port.Block is null || !name.StartsWith(port.Name, StringComparison.Ordinal)) continue;
            string rest = name[port.Name.Length..];
            if (rest is not ("_g" or "_block")) continue;
            if (!_blocks.TryGetValue(p, out var arrays))
            {
                arrays = (new float[v.Length], new float[v.Length]);
                _blocks[p] = arrays;
                FillBlock(p, arrays, v, 0, v.Length);
            }
            return rest == "_g" ? arrays.G : arrays.Block;
        }
        return null;
    }

    /// <summary>The recorded blocked ports' B(v) g and B(v) from the state now held, for neurons start..end-1 (after a step, or at the start).</summary>
    public void FillBlocks(float[] v, int start, int end)
    {
        foreach (var (p, arrays) in _blocks) FillBlock(p, arrays, v, start, end);
    }

    /// <summary>B(v) = 1 / (1 + [Mg] / scalingConc exp(-v / scalingVolt)) and B(v) g_p = g_p / (1 + ...), in float as the step computes them.</summary>
    private void FillBlock(int p, (float[] G, float[] Block) arrays, float[] v, int start, int end)
    {
        ref readonly var q = ref _constants[p];
        var b = arrays.Block.AsSpan(start, end - start);
        TensorPrimitives.Multiply(v.AsSpan(start, end - start), q.MinusInvScalingVolt, b);
        TensorPrimitives.Min(b, MaxExponent, b);
        TensorPrimitives.Exp(b, b);
        TensorPrimitives.Multiply(b, q.ConcentrationRatio, b);
        TensorPrimitives.Add(b, 1f, b);
        TensorPrimitives.Divide(_g[p].AsSpan(start, end - start), b, arrays.G.AsSpan(start, end - start)); // as the step divides
        TensorPrimitives.Divide(1f, b, b);
    }

    private readonly record struct PortConstants(float Decay, float Reversal, bool Blocked, float ConcentrationRatio, float MinusInvScalingVolt, bool Current);
}
