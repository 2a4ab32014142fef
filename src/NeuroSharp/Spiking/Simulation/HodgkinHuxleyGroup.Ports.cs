using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The synaptic ports of a Hodgkin-Huxley population (<see cref="HodgkinHuxleyNeuronSpec.Ports"/>, docs/spiking-hh.md "Synaptic
/// ports"): in place of ge and gi, one conductance per port, in the same scheme as theirs. At the start of a step each port adds
/// B_p(v) g_p to G and B_p(v) g_p E_p to GE (B_p = 1 without a block); after the step g_p decays by exp(-dt / tau_p) and, with a rise
/// time, gains K h_p (<see cref="RiseChannel"/>). A projection's weight is added to g_p (to h_p with a rise). Ports equal to
/// (tau_e, E_e) and (tau_i, E_i) give bit for bit the sums of ge and gi.
/// </summary>
internal sealed partial class HodgkinHuxleyGroup
{
    private float[][] _portG = [];
    private RiseChannel?[] _portRise = [];
    private PortConstants[] _portConstants = [];

    /// <summary>The recorded B_p(v) g_p and B_p(v) of the blocked ports a monitor asked for, by port index (PORT_g, PORT_block).</summary>
    private readonly Dictionary<int, (float[] G, float[] Block)> _portBlocks = [];

    /// <summary>The number of synaptic ports (0: ge and gi).</summary>
    internal int PortCount => _portG.Length;

    /// <summary>Allocates each port's conductance (and rise state).</summary>
    private void AllocatePorts(HodgkinHuxleyNeuronSpec spec, int count, double dtMs)
    {
        _portG = [.. spec.Ports.Select(_ => new float[count])];
        _portRise = [.. spec.Ports.Select(p => p.RiseMs > 0 ? new RiseChannel(count, p.RiseMs, p.DecayMs, dtMs) : null)];
    }

    /// <summary>Each port's decay per step, reversal and block as floats.</summary>
    private void SetPortConstants(HodgkinHuxleyNeuronSpec spec, double dtMs) =>
        _portConstants = [.. spec.Ports.Select(p => new PortConstants(Decay(p.DecayMs, dtMs), (float)p.ReversalMv, p.Block is not null,
            p.Block is { } b ? (float)(b.ConcentrationMm / b.ScalingConcentrationMm) : 0, p.Block is { } c ? (float)(-1 / c.ScalingVoltageMv) : 0))];

    /// <summary>True when a new spec's ports keep this group's arrays: the same number, the same rise times (and decays where they rise).</summary>
    private bool SamePortShape(HodgkinHuxleyNeuronSpec spec)
    {
        if (spec.Ports.Count != _portG.Length) return false;
        for (int p = 0; p < spec.Ports.Count; p++)
        {
            var (now, was) = (spec.Ports[p], _spec.Ports[p]);
            if (now.RiseMs != was.RiseMs || (now.RiseMs > 0 && now.DecayMs != was.DecayMs)) return false;
        }
        return true;
    }

    /// <summary>Port <paramref name="port"/> (1, 2, ...) of a population with ports: what its spikes add to, whatever the receptor; else ge or gi.</summary>
    public override float[] InputChannel(Receptor receptor, int port)
    {
        if (port < 1 || _portG.Length == 0) return InputChannel(receptor);
        int p = port - 1;
        return _portRise[p]?.Rise ?? _portG[p];
    }

    /// <summary>Each port's conductance at its initial value (0 unless the population's "initial" names the port), its rise state at 0.</summary>
    private void InitializePorts(NeuroSharp.Numerics.Random.RandomStream build)
    {
        for (int p = 0; p < _portG.Length; p++) Fill(_portG[p], _spec.Ports[p].Name, 0, build, clipAtZero: true);
        foreach (var r in _portRise)
        {
            if (r is not null) Array.Clear(r.Rise);
        }
    }

    /// <summary>
    /// G = B_1 g_1 + passive G + sum_{p &gt; 1} B_p g_p and GE = B_1 g_1 E_1 + I + sum_{p &gt; 1} B_p g_p E_p + passive GE, in the order
    /// that ge and gi are summed, for the chunk at <paramref name="s"/>; <paramref name="t1"/> and <paramref name="t2"/> are scratch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SumPorts(int s, int len, ReadOnlySpan<float> v, Span<float> g, Span<float> gE, Span<float> t1, Span<float> t2)
    {
        var current = Current.AsSpan(s, len);
        for (int p = 0; p < _portG.Length; p++)
        {
            ReadOnlySpan<float> gp = _portG[p].AsSpan(s, len);
            ref readonly var q = ref _portConstants[p];
            if (q.Blocked)
            {
                // B(v) g = g / (1 + [Mg] / scalingConc exp(-v / scalingVolt))
                TensorPrimitives.Multiply(v, q.MinusInvScalingVolt, t2);
                TensorPrimitives.Min(t2, MaxExponent, t2);
                TensorPrimitives.Exp(t2, t2);
                TensorPrimitives.Multiply(t2, q.ConcentrationRatio, t2);
                TensorPrimitives.Add(t2, 1f, t2);
                TensorPrimitives.Divide(gp, t2, t1);
                gp = t1;
            }
            if (p == 0)
            {
                TensorPrimitives.Add(gp, _passiveG, g);
                TensorPrimitives.MultiplyAdd(gp, q.Reversal, current, gE);
            }
            else
            {
                TensorPrimitives.Add(g, gp, g);
                TensorPrimitives.MultiplyAdd(gp, q.Reversal, gE, gE);
            }
        }
        TensorPrimitives.Add(gE, _passiveGE, gE);
    }

    /// <summary>Each port's conductance decays over the chunk at <paramref name="s"/> (as ge and gi do).</summary>
    private void DecayPorts(int s, int len)
    {
        for (int p = 0; p < _portG.Length; p++)
        {
            var gp = _portG[p].AsSpan(s, len);
            TensorPrimitives.Multiply(gp, _portConstants[p].Decay, gp);
        }
    }

    /// <summary>Each rising port gains K h and its h decays, for neurons start..end-1.</summary>
    private void AdvancePortRises(int start, int end)
    {
        for (int p = 0; p < _portRise.Length; p++) _portRise[p]?.Advance(_portG[p], start, end);
    }

    /// <summary>A port's conductance by its name, or a blocked port's PORT_g or PORT_block, or null.</summary>
    private float[]? PortVariable(string name)
    {
        for (int p = 0; p < _portG.Length; p++)
        {
            var port = _spec.Ports[p];
            if (port.Name == name) return _portG[p];
            if (port.Block is null || !name.StartsWith(port.Name, StringComparison.Ordinal)) continue;
            string rest = name[port.Name.Length..];
            if (rest is not ("_g" or "_block")) continue;
            if (!_portBlocks.TryGetValue(p, out var arrays))
            {
                arrays = (new float[Count], new float[Count]);
                _portBlocks[p] = arrays;
                FillPortBlock(p, arrays, 0, Count);
            }
            return rest == "_g" ? arrays.G : arrays.Block;
        }
        return null;
    }

    /// <summary>The recorded blocked ports' B(v) g and B(v) from the state now held, for neurons start..end-1 (after a step, or at the start).</summary>
    private void FillPortBlocks(int start, int end)
    {
        foreach (var (p, arrays) in _portBlocks) FillPortBlock(p, arrays, start, end);
    }

    /// <summary>B(v) = 1 / (1 + [Mg] / scalingConc exp(-v / scalingVolt)) and B(v) g_p = g_p / (1 + ...), in float as the step computes them.</summary>
    private void FillPortBlock(int p, (float[] G, float[] Block) arrays, int start, int end)
    {
        ref readonly var q = ref _portConstants[p];
        var b = arrays.Block.AsSpan(start, end - start);
        TensorPrimitives.Multiply(V.AsSpan(start, end - start), q.MinusInvScalingVolt, b);
        TensorPrimitives.Min(b, MaxExponent, b);
        TensorPrimitives.Exp(b, b);
        TensorPrimitives.Multiply(b, q.ConcentrationRatio, b);
        TensorPrimitives.Add(b, 1f, b);
        TensorPrimitives.Divide(_portG[p].AsSpan(start, end - start), b, arrays.G.AsSpan(start, end - start)); // as the step divides
        TensorPrimitives.Divide(1f, b, b);
    }

    private readonly record struct PortConstants(float Decay, float Reversal, bool Blocked, float ConcentrationRatio, float MinusInvScalingVolt);
}
