using System.Runtime.CompilerServices;
using NeuroSharp.Numerics.Kernels;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// What the two LIF populations share: the state (v, the last spike's step, the adaptive threshold
/// theta), its initialisation, the reset after a spike and the named variables. The subclasses only
/// integrate a step with their kernel (<see cref="LifGroup"/>: exact current-based; <see cref="ConductanceLifGroup"/>:
/// exponential Euler).
/// </summary>
internal abstract class LifGroupBase : NeuronGroup
{
    private readonly LifConstants _constants, _frozen;
    private readonly double _restMv;
    private readonly float _reset, _thetaIncrement;

    /// <summary>Builds the state; <paramref name="constants"/> are the kernel's, without the threshold's decay, which this class sets.</summary>
    protected LifGroupBase(string name, int index, int count, NeuronModelSpec model, IReadOnlyDictionary<string, DistributionSpec>? initial,
        double dtMs, LifConstants constants, double restMv, double resetMv, AdaptiveThresholdSpec? adaptiveThreshold)
        : base(name, index, count, model, dtMs, receivesInput: true, initial)
    {
        _restMv = restMv;
        _reset = (float)resetMv;
        V = new float[count];
        LastSpike = new int[count];
        float thetaDecay = 1f;
        if (adaptiveThreshold is { } a)
        {
            Theta = new float[count];
            thetaDecay = (float)Math.Exp(-dtMs / a.TauMs);
            _thetaIncrement = (float)a.IncrementMv;
        }
        _constants = constants with { ThetaDecay = thetaDecay };
        _frozen = constants with { ThetaDecay = 1f };
    }

    public float[] V { get; }

    public int[] LastSpike { get; }

    public float[]? Theta { get; }

    /// <summary>The kernel's constants for this step: theta neither decays nor grows while learning is off.</summary>
    protected LifConstants Constants => LearningEnabled ? _constants : _frozen;

    public override void Initialize(RandomStream build, RandomStream run)
    {
        InitializeDynamics(build, run);
        if (Theta is not null) Fill(Theta, "theta", 0, build, clipAtZero: true);
    }

    public override void InitializeDynamics(RandomStream build, RandomStream run)
    {
        base.Initialize(build, run);
        Fill(V, "v", _restMv, build);
        Array.Fill(LastSpike, int.MinValue / 2);
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
