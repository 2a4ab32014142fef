using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Kernels;
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
    private readonly LifConstants _constants, _frozen;
    private readonly float _reset, _thetaIncrement;

    public ConductanceLifGroup(string name, int index, int count, ConductanceLifNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
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
            Em: 0f, Ce: 0f, Ci: 0f, De: Decay(spec.TauExcMs, dtMs), Di: Decay(spec.TauInhMs, dtMs), Rest: (float)spec.RestMv,
            Threshold: (float)spec.ThresholdMv, RefractorySteps: RefractorySteps(spec.RefractoryMs, dtMs), ThetaDecay: thetaDecay,
            MinusDtOverTauM: (float)(-dtMs / spec.TauMs), ExcReversal: (float)spec.ExcReversalMv, InhReversal: (float)spec.InhReversalMv);
        _frozen = _constants with { ThetaDecay = 1f };
    }

    public float[] V { get; }

    public int[] LastSpike { get; }

    public float[]? Theta { get; }

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
        return NeuronKernels.LifConductanceStep(V.AsSpan(start, n), Ge.AsSpan(start, n), Gi.AsSpan(start, n), Current.AsSpan(start, n),
            LastSpike.AsSpan(start, n), Theta is null ? Span<float>.Empty : Theta.AsSpan(start, n), LearningEnabled ? _constants : _frozen, step, spiked, start);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void ApplyReset(int step)
    {
        foreach (int i in Spikes.AsSpan(0, SpikeCount))
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
