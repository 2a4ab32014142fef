using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// AdEx population (<see cref="AdExNeuronSpec"/>), forward Euler from the values at the start of the step:
/// <code>
/// I = I_ext + g_e - g_i                      (current inputs)
/// I = I_ext + g_e (E_e - V) + g_i (E_i - V)    (conductance inputs)
/// V' = V + dt / C (-g_L (V - E_L) + g_L Delta_T exp((min(V, V_peak) - V_T) / Delta_T) - w + I)   (unless refractory)
/// w' = w + dt / tau_w (a (V - E_L) - w)
/// V' &gt; V_peak -&gt; spike (reset: V = V_r, w += b)
/// </code>
/// With Delta_T = 0 the exponential term is 0 (not evaluated) and the spike test is V' &gt; V_T (PyNN.xml's EIF cells with delta_T 0);
/// with Delta_T &gt; 0 the step is the one above, unchanged.
/// A channel with a rise time keeps a rise state in front of it (<see cref="RiseChannel"/>), as the conductance LIF's do.
/// </summary>
internal sealed class AdExGroup : NeuronGroup
{
    private AdExNeuronSpec _spec;
    private float _dtOverC, _gl, _el, _vt, _slope, _peak, _reset, _a, _b, _dtOverTauW, _de, _di, _ee, _ei;
    private bool _conductance;
    private int _refractorySteps;
    private readonly RiseChannel? _riseExc, _riseInh;

    public AdExGroup(string name, int index, int count, AdExNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: true, initial)
    {
        _spec = spec;
        SetConstants(spec, dtMs);
        if (spec.RiseExcMs > 0) _riseExc = new RiseChannel(count, spec.RiseExcMs, spec.TauExcMs, dtMs);
        if (spec.RiseInhMs > 0) _riseInh = new RiseChannel(count, spec.RiseInhMs, spec.TauInhMs, dtMs);
        V = new float[count];
        W = new float[count];
        LastSpike = new int[count];
    }

    /// <summary>
    /// Takes a new spec's parameters from the next step on (the per-step constants are recomputed); V, w and the refractory clocks go on.
    /// False (a rebuild) when the kind of input, a rise time, or the decay of a channel with a rise time changes.
    /// </summary>
    public override bool TryRetune(NeuronModelSpec model)
    {
        if (model is not AdExNeuronSpec spec) return false;
        if (spec.ConductanceInputs != _spec.ConductanceInputs || spec.RiseExcMs != _spec.RiseExcMs || spec.RiseInhMs != _spec.RiseInhMs) return false;
        if ((spec.RiseExcMs > 0 && spec.TauExcMs != _spec.TauExcMs) || (spec.RiseInhMs > 0 && spec.TauInhMs != _spec.TauInhMs)) return false;
        _spec = spec;
        SetConstants(spec, DtMs);
        Model = spec;
        return true;
    }

    private void SetConstants(AdExNeuronSpec spec, double dtMs)
    {
        _dtOverC = (float)(dtMs / spec.CapacitancePf);
        _gl = (float)spec.LeakNs;
        _el = (float)spec.RestMv;
        _vt = (float)spec.ThresholdMv;
        _slope = (float)spec.SlopeMv;
        _peak = (float)spec.PeakMv;
        _reset = (float)spec.ResetMv;
        _a = (float)spec.AdaptationNs;
        _b = (float)spec.SpikeAdaptationPa;
        _dtOverTauW = (float)(dtMs / spec.TauWMs);
        _de = Decay(spec.TauExcMs, dtMs);
        _di = Decay(spec.TauInhMs, dtMs);
        _refractorySteps = RefractorySteps(spec.RefractoryMs, dtMs);
        _conductance = spec.ConductanceInputs;
        _ee = (float)(spec.ExcReversalMv ?? 0);
        _ei = (float)(spec.InhReversalMv ?? 0);
    }

    internal override (RiseChannel? Exc, RiseChannel? Inh) Rises => (_riseExc, _riseInh);

    public override float[] InputChannel(Receptor receptor) => receptor == Receptor.Excitatory
        ? _riseExc?.Rise ?? Ge
        : _riseInh?.Rise ?? Gi;

    public float[] V { get; }

    public float[] W { get; }

    public int[] LastSpike { get; }

    protected override void VisitModelState(StateVisitor visitor)
    {
        visitor.Values("v", V.AsSpan());
        visitor.Values("w", W.AsSpan());
        visitor.Values("lastSpike", LastSpike.AsSpan());
        if (_riseExc is not null) visitor.Values("riseExc", _riseExc.Rise.AsSpan());
        if (_riseInh is not null) visitor.Values("riseInh", _riseInh.Rise.AsSpan());
    }

    public override void Initialize(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        Fill(V, "v", _spec.RestMv, build);
        Fill(W, "w", 0, build);
        Array.Fill(LastSpike, int.MinValue / 2);
        if (_riseExc is not null) Array.Clear(_riseExc.Rise);
        if (_riseInh is not null) Array.Clear(_riseInh.Rise);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        var v = V;
        var w = W;
        var ge = Ge;
        var gi = Gi;
        var current = Current;
        var last = LastSpike;
        float dtOverC = _dtOverC, gl = _gl, el = _el, vt = _vt, slope = _slope, peak = _peak, a = _a, dtOverTauW = _dtOverTauW, de = _de, di = _di, ee = _ee, ei = _ei;
        bool conductance = _conductance;
        bool exponential = slope > 0;
        float cut = exponential ? peak : vt; // Delta_T = 0: no exponential term, a spike above V_T
        int refractory = _refractorySteps;
        int n = 0;
        for (int i = start; i < end; i++)
        {
            float e = ge[i], h = gi[i];
            float vi = v[i], wi = w[i];
            bool active = step - last[i] >= refractory;
            if (active)
            {
                float input = conductance ? current[i] + e * (ee - vi) + h * (ei - vi) : current[i] + e - h;
                float spike = exponential ? gl * slope * MathF.Exp((MathF.Min(vi, peak) - vt) / slope) : 0f;
                v[i] = vi + dtOverC * (-gl * (vi - el) + spike - wi + input);
            }
            w[i] = wi + dtOverTauW * (a * (vi - el) - wi);
            ge[i] = e * de;
            gi[i] = h * di;
            if (active && v[i] > cut) spiked[n++] = i;
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
            V[i] = _reset;
            W[i] += _b;
            LastSpike[i] = step;
        }
    }

    public override float[]? Variable(string name) => name switch
    {
        "v" => V,
        "w" => W,
        "ge" => Ge,
        "gi" => Gi,
        _ => null,
    };
}
