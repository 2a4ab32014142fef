using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Conductance-based LIF population (<see cref="ConductanceLifNeuronSpec"/>), exponential Euler: with
/// the conductances held over the step,
/// <code>
/// G = 1 + g_e + g_i,   E = (E_L + g_e E_e + g_i E_i + I) / G
/// v' = E + (v - E) exp(-G dt / tau_m);   g_e' = g_e exp(-dt / tau_e);   g_i' = g_i exp(-dt / tau_i)
/// </code>
/// which is what Brian2's <c>exponential_euler</c> computes for this model.
/// </summary>
internal sealed class ConductanceLifGroup : NeuronGroup
{
    private readonly ConductanceLifNeuronSpec _spec;
    private readonly float _rate, _de, _di, _rest, _ee, _ei, _threshold, _reset, _thetaDecay, _thetaIncrement;
    private readonly int _refractorySteps;

    public ConductanceLifGroup(string name, int index, int count, ConductanceLifNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: true, initial)
    {
        _spec = spec;
        _rate = (float)(-dtMs / spec.TauMs);
        _de = Decay(spec.TauExcMs, dtMs);
        _di = Decay(spec.TauInhMs, dtMs);
        _rest = (float)spec.RestMv;
        _ee = (float)spec.ExcReversalMv;
        _ei = (float)spec.InhReversalMv;
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
        float rate = _rate, de = _de, di = _di, rest = _rest, ee = _ee, ei = _ei, vt = _threshold, thetaDecay = _thetaDecay;
        int refractory = _refractorySteps;
        int n = 0;
        for (int i = start; i < end; i++)
        {
            float e = ge[i], h = gi[i];
            bool active = step - last[i] >= refractory;
            float vi = v[i];
            if (active)
            {
                float g = 1f + e + h;
                float eq = (rest + e * ee + h * ei + current[i]) / g;
                vi = eq + (vi - eq) * MathF.Exp(g * rate);
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
        foreach (int i in Spikes.AsSpan(0, SpikeCount))
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
