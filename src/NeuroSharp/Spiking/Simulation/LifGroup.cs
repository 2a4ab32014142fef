using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Kernels;
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
    private readonly LifConstants _constants, _frozen;
    private readonly float _reset, _thetaIncrement;

    public LifGroup(string name, int index, int count, LifNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: true, initial)
    {
        _spec = spec;
        _reset = (float)spec.ResetMv;
        V = new float[count];
        LastSpike = new int[count];
        float thetaDecay = 1f;
        if (spec.AdaptiveThreshold is { } a)
        {
            Theta = new float[count];
            thetaDecay = (float)Math.Exp(-dtMs / a.TauMs);
            _thetaIncrement = (float)a.IncrementMv;
        }
        _constants = new LifConstants(
            Em: (float)Math.Exp(-dtMs / spec.TauMs), Ce: (float)InputCoefficient(spec.TauExcMs, spec.TauMs, dtMs),
            Ci: (float)InputCoefficient(spec.TauInhMs, spec.TauMs, dtMs), De: Decay(spec.TauExcMs, dtMs), Di: Decay(spec.TauInhMs, dtMs),
            Rest: (float)spec.RestMv, Threshold: (float)spec.ThresholdMv, RefractorySteps: RefractorySteps(spec.RefractoryMs, dtMs), ThetaDecay: thetaDecay);
        _frozen = _constants with { ThetaDecay = 1f };
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
        InitializeDynamics(build, run);
        if (Theta is not null) Fill(Theta, "theta", 0, build, clipAtZero: true);
    }

    public override void InitializeDynamics(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        Fill(V, "v", _spec.RestMv, build);
        Array.Fill(LastSpike, int.MinValue / 2);
    }

    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        int n = end - start;
        return NeuronKernels.LifCurrentStep(V.AsSpan(start, n), Ge.AsSpan(start, n), Gi.AsSpan(start, n), Current.AsSpan(start, n),
            LastSpike.AsSpan(start, n), Theta is null ? Span<float>.Empty : Theta.AsSpan(start, n), LearningEnabled ? _constants : _frozen, step, spiked, start);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void ApplyReset(int step)
    {
        var spikes = Spikes.AsSpan(0, SpikeCount);
        foreach (int i in spikes)
        {
            V[i] = _reset;
            LastSpike[i] = step;
            if (Theta is not null && LearningEnabled) Theta[i] += _thetaIncrement;
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
