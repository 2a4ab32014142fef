using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Izhikevich 2007 population (<see cref="Izhikevich2007NeuronSpec"/>), forward Euler from the values at the start of the step:
/// <code>
/// I_syn = g_e (E_e - v) + g_i (E_i - v)
/// v' = v + dt (k (v - v_r)(v - v_t) - u + I + I_syn) / C;   u' = u + dt a (b (v - v_r) - u)
/// v' &gt; v_peak -&gt; spike (reset: v = c, u += d)
/// </code>
/// then the conductances decay (and take in their rise state, <see cref="RiseChannel"/>).
/// With synaptic ports (<see cref="Izhikevich2007NeuronSpec.Ports"/>, docs/spiking-izhikevich.md) g_e and g_i give way to one
/// conductance per port (<see cref="SynapticPorts"/>, shared with the hh and conductance LIF groups):
/// I_syn = B_1(v) g_1 (E_1 - v) + B_2(v) g_2 (E_2 - v) + ..., B_p at the start-of-step v; without ports the step is the loop above, untouched.
/// </summary>
internal sealed class Izhikevich2007Group : IzhikevichGroupBase
{
    private const int Chunk = 256;

    private readonly Izhikevich2007NeuronSpec _spec;
    private readonly float _dtOverC, _dt, _k, _vr, _vt, _peak, _a, _b, _ee, _ei, _de, _di;
    private readonly SynapticRise _rise;
    private readonly SynapticPorts _ports;

    public Izhikevich2007Group(string name, int index, int count, Izhikevich2007NeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, initial, dtMs)
    {
        _spec = spec;
        _dt = (float)dtMs;
        _dtOverC = (float)(dtMs / spec.CapacitancePf);
        (_k, _vr, _vt, _peak) = ((float)spec.KNsPerMv, (float)spec.RestMv, (float)spec.ThresholdMv, (float)spec.PeakMv);
        (_a, _b) = ((float)spec.A, (float)spec.BNs);
        SetReset((float)spec.ResetMv, (float)spec.DPa);
        (_ee, _ei) = ((float)spec.ExcReversalMv, (float)spec.InhReversalMv);
        _de = Decay(spec.TauExcMs, dtMs);
        _di = Decay(spec.TauInhMs, dtMs);
        _rise = new SynapticRise(count, spec.RiseExcMs, spec.TauExcMs, spec.RiseInhMs, spec.TauInhMs, dtMs);
        _ports = spec.Ports.Count == 0 ? SynapticPorts.None : new SynapticPorts(spec.Ports, count, dtMs);
    }

    /// <summary>The number of synaptic ports (0: ge and gi).</summary>
    internal int PortCount => _ports.Count;

    internal override (RiseChannel? Exc, RiseChannel? Inh) Rises => (_rise.Excitatory, _rise.Inhibitory);

    public override float[] InputChannel(Receptor receptor) => _rise.InputChannel(receptor, Ge, Gi);

    /// <summary>Port <paramref name="port"/> (1, 2, ...) of a population with ports, whatever the receptor; else g_e or g_i.</summary>
    public override float[] InputChannel(Receptor receptor, int port) =>
        port < 1 || _ports.Count == 0 ? InputChannel(receptor) : _ports.InputChannel(port);

    /// <summary>v, u and each port by its name (a blocked port's PORT_g and PORT_block too); g_e and g_i where there are no ports.</summary>
    public override float[]? Variable(string name) =>
        _ports.Count == 0 ? base.Variable(name) : name is "ge" or "gi" ? null : base.Variable(name) ?? _ports.Variable(name, V);

    protected override void VisitModelState(StateVisitor visitor)
    {
        visitor.Values("v", V.AsSpan());
        visitor.Values("u", U.AsSpan());
        _rise.VisitState(visitor);
        _ports.VisitState(visitor);
    }

    public override void Initialize(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        Fill(V, "v", _spec.RestMv, build);
        Fill(U, "u", 0, build);
        _rise.Clear();
        if (_ports.Count == 0) return;
        _ports.Initialize((g, name) => Fill(g, name, 0, build, clipAtZero: true));
        _ports.FillBlocks(V, 0, Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        if (_ports.Count > 0) return IntegratePorts(start, end, spiked);
        var v = V;
        var u = U;
        var ge = Ge;
        var gi = Gi;
        var current = Current;
        float dt = _dt, dtOverC = _dtOverC, k = _k, vr = _vr, vt = _vt, peak = _peak, a = _a, b = _b, ee = _ee, ei = _ei, de = _de, di = _di;
        int n = 0;
        for (int i = start; i < end; i++)
        {
            float e = ge[i], h = gi[i];
            float vi = v[i], ui = u[i];
            float input = current[i] + e * (ee - vi) + h * (ei - vi);
            float nv = vi + dtOverC * (k * (vi - vr) * (vi - vt) - ui + input);
            float nu = ui + dt * (a * (b * (vi - vr) - ui));
            v[i] = nv;
            u[i] = nu;
            ge[i] = e * de;
            gi[i] = h * di;
            if (nv > peak) spiked[n++] = i;
        }
        _rise.Advance(Ge, Gi, start, end);
        return n;
    }

    /// <summary>
    /// The step with synaptic ports, chunk by chunk: I = I_ext + B_1 g_1 (E_1 - v) + B_2 g_2 (E_2 - v) + ... (the loop's order for g_e
    /// and g_i, so two unblocked ports equal to them give its v to the bit), B_p at the start-of-step v; then the same Euler step of
    /// (v, u), the ports' decay, their rise and the recorded blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int IntegratePorts(int start, int end, Span<int> spiked)
    {
        Span<float> input = stackalloc float[Chunk];
        Span<float> t1 = stackalloc float[Chunk];
        Span<float> t2 = stackalloc float[Chunk];
        Span<float> t3 = stackalloc float[Chunk];
        var v = V;
        var u = U;
        float dt = _dt, dtOverC = _dtOverC, k = _k, vr = _vr, vt = _vt, peak = _peak, a = _a, b = _b;
        int n = 0;
        for (int s = start; s < end; s += Chunk)
        {
            int len = Math.Min(Chunk, end - s);
            Span<float> syn = input[..len], drive = t3[..len];
            ReadOnlySpan<float> vs = v.AsSpan(s, len);
            Current.AsSpan(s, len).CopyTo(syn);
            for (int p = 0; p < _ports.Count; p++)
            {
                var gp = _ports.Blocked(p, s, len, vs, t1[..len], t2[..len]);
                TensorPrimitives.Subtract(_ports.Reversal(p), vs, drive);   // E_p - v
                TensorPrimitives.Multiply(gp, drive, drive);                // B_p g_p (E_p - v)
                TensorPrimitives.Add(syn, drive, syn);
            }
            for (int j = 0; j < len; j++)
            {
                int i = s + j;
                float vi = v[i], ui = u[i];
                float nv = vi + dtOverC * (k * (vi - vr) * (vi - vt) - ui + syn[j]);
                float nu = ui + dt * (a * (b * (vi - vr) - ui));
                v[i] = nv;
                u[i] = nu;
                if (nv > peak) spiked[n++] = i;
            }
            _ports.Decay(s, len);
        }
        _ports.AdvanceRises(start, end);
        if (_ports.RecordsBlocks) _ports.FillBlocks(V, start, end);
        return n;
    }
}
