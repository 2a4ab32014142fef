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
/// </summary>
internal sealed class Izhikevich2007Group : IzhikevichGroupBase
{
    private readonly Izhikevich2007NeuronSpec _spec;
    private readonly float _dtOverC, _dt, _k, _vr, _vt, _peak, _a, _b, _ee, _ei, _de, _di;
    private readonly SynapticRise _rise;

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
    }

    internal override (RiseChannel? Exc, RiseChannel? Inh) Rises => (_rise.Excitatory, _rise.Inhibitory);

    public override float[] InputChannel(Receptor receptor) => _rise.InputChannel(receptor, Ge, Gi);

    public override void Initialize(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        Fill(V, "v", _spec.RestMv, build);
        Fill(U, "u", 0, build);
        _rise.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
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
}
