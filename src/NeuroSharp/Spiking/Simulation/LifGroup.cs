using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Current-based LIF population (<see cref="LifNeuronSpec"/>), integrated exactly: over one step the
/// linear system (v, g_e, g_i) has the propagator
/// <code>
/// v' = E + (v - E) e_m + g_e c_e - g_i c_i,   E = E_L + I,   e_m = exp(-dt / tau_m)
/// c_x = tau_x / (tau_x - tau_m) (exp(-dt / tau_x) - e_m)   ((dt / tau_m) e_m when tau_x = tau_m; 1 - e_m when tau_x = 0)
/// g_e' = g_e exp(-dt / tau_e),   g_i' = g_i exp(-dt / tau_i)
/// </code>
/// with the constants computed once in double precision.
/// </summary>
internal sealed class LifGroup : NeuronGroup
{
    private readonly LifNeuronSpec _spec;
    private readonly float _em, _ce, _ci, _de, _di, _rest, _threshold, _reset, _thetaDecay, _thetaIncrement;
    private readonly int _refractorySteps;

    public LifGroup(string name, int index, int count, LifNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: true, initial)
    {
        _spec = spec;
        double em = Math.Exp(-dtMs / spec.TauMs);
        _em = (float)em;
        _ce = (float)InputCoefficient(spec.TauExcMs, spec.TauMs, dtMs);
        _ci = (float)InputCoefficient(spec.TauInhMs, spec.TauMs, dtMs);
        _de = Decay(spec.TauExcMs, dtMs);
        _di = Decay(spec.TauInhMs, dtMs);
        _rest = (float)spec.RestMv;
        _threshold = (float)spec.ThresholdMv;
        _reset = (float)spec.ResetMv;
        _refractorySteps = RefractorySteps(spec.RefractoryMs, dtMs);
        V = new float[count];
        LastSpike = new int[count];
        if (spec.AdaptiveThreshold is { } a)
        {
            Theta = new float[count];
            _thetaDecay = (float)Math.Exp(-dtMs / a.TauMs);
            _thetaIncrement = (float)a.IncrementMv;
        }
    }

    public float[] V { get; }

    public int[] LastSpike { get; }

    public float[]? Theta { get; }

    /// <summary>c_x of the class remarks: the response of v at the end of a step to a unit input decaying with tau_x.</summary>
    public static double InputCoefficient(double tauX, double tauM, double dt)
    {
        double em = Math.Exp(-dt / tauM);
        if (tauX == 0) return 1 - em;
        if (Math.Abs(tauX - tauM) <= 1e-9 * tauM) return dt / tauM * em;
        return tauX / (tauX - tauM) * (Math.Exp(-dt / tauX) - em);
    }

    public override void Initialize(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        Fill(V, "v", _spec.RestMv, build);
        Array.Fill(LastSpike, int.MinValue / 2);
        if (Theta is not null) Fill(Theta, "theta", 0, build, clipAtZero: true);
    }

    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        var v = V;
        var ge = Ge;
        var gi = Gi;
        var current = Current;
        var last = LastSpike;
        var theta = Theta;
        float em = _em, ce = _ce, ci = _ci, de = _de, di = _di, rest = _rest, vt = _threshold, thetaDecay = _thetaDecay;
        int refractory = _refractorySteps;
        int n = 0;
        for (int i = start; i < end; i++)
        {
            float e = ge[i], h = gi[i];
            bool active = step - last[i] >= refractory;
            float vi = v[i];
            if (active)
            {
                float eq = rest + current[i];
                vi = eq + (vi - eq) * em + e * ce - h * ci;
                v[i] = vi;
            }
            ge[i] = e * de;
            gi[i] = h * di;
            float threshold = vt;
            if (theta is not null)
            {
                float t = theta[i] * thetaDecay;
                theta[i] = t;
                threshold += t;
            }
            if (active && vi > threshold) spiked[n++] = i;
        }
        return n;
    }

    public override void ApplyReset(int step)
    {
        var spikes = Spikes.AsSpan(0, SpikeCount);
        foreach (int i in spikes)
        {
            V[i] = _reset;
            LastSpike[i] = step;
            if (Theta is not null) Theta[i] += _thetaIncrement;
        }
    }

    public override float[]? Variable(string name) => name switch
    {
        "v" => V,
        "ge" => Ge,
        "gi" => Gi,
        "theta" => Theta,
        _ => null,
    };
}
