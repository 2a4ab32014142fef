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
internal sealed class Izhikevich2007Group : NeuronGroup
{
    private readonly Izhikevich2007NeuronSpec _spec;
    private readonly float _dtOverC, _dt, _k, _vr, _vt, _peak, _a, _b, _c, _d, _ee, _ei, _de, _di;
    private readonly RiseChannel? _riseExc, _riseInh;

    public Izhikevich2007Group(string name, int index, int count, Izhikevich2007NeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: true, initial)
    {
        _spec = spec;
        _dt = (float)dtMs;
        _dtOverC = (float)(dtMs / spec.CapacitancePf);
        (_k, _vr, _vt, _peak) = ((float)spec.KNsPerMv, (float)spec.RestMv, (float)spec.ThresholdMv, (float)spec.PeakMv);
        (_a, _b, _c, _d) = ((float)spec.A, (float)spec.BNs, (float)spec.ResetMv, (float)spec.DPa);
        (_ee, _ei) = ((float)spec.ExcReversalMv, (float)spec.InhReversalMv);
        _de = Decay(spec.TauExcMs, dtMs);
        _di = Decay(spec.TauInhMs, dtMs);
        if (spec.RiseExcMs > 0) _riseExc = new RiseChannel(count, spec.RiseExcMs, spec.TauExcMs, dtMs);
        if (spec.RiseInhMs > 0) _riseInh = new RiseChannel(count, spec.RiseInhMs, spec.TauInhMs, dtMs);
        V = new float[count];
        U = new float[count];
    }

    public float[] V { get; }

    public float[] U { get; }

    internal override (RiseChannel? Exc, RiseChannel? Inh) Rises => (_riseExc, _riseInh);

    public override float[] InputChannel(Receptor receptor) => receptor == Receptor.Excitatory
        ? _riseExc?.Rise ?? Ge
        : _riseInh?.Rise ?? Gi;

    public override void Initialize(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        Fill(V, "v", _spec.RestMv, build);
        Fill(U, "u", 0, build);
        if (_riseExc is not null) Array.Clear(_riseExc.Rise);
        if (_riseInh is not null) Array.Clear(_riseInh.Rise);
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
        _riseExc?.Advance(Ge, start, end);
        _riseInh?.Advance(Gi, start, end);
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void ApplyReset(int step)
    {
        foreach (int i in Spikes.AsSpan(0, SpikeCount))
        {
            V[i] = _c;
            U[i] += _d;
        }
    }

    public override float[]? Variable(string name) => name switch
    {
        "v" => V,
        "u" => U,
        "ge" => Ge,
        "gi" => Gi,
        _ => null,
    };
}
