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
/// <remarks>
/// theta is kept in double (<see cref="ThetaExact"/>) and decayed here, the kernel reading its float copy:
/// a slow threshold decays by less per step than float resolves (Diehl and Cook's tau_theta = 1e7 ms at
/// dt = 0.5 ms: 5e-8 per step, float's step below 1 is 6e-8), and in float it decayed 1.2-2.3x too fast,
/// which changed what the network learned (docs/results.md, "Cross-check: a whole epoch on Brian2").
/// </remarks>
internal abstract class LifGroupBase : NeuronGroup
{
    private double _restMv;
    private float _reset;
    private double _thetaIncrement, _thetaDecay = 1;

    /// <summary>Builds the state; <paramref name="constants"/> are the kernel's (their theta decay is set to 1: this class decays theta).</summary>
    protected LifGroupBase(string name, int index, int count, NeuronModelSpec model, IReadOnlyDictionary<string, DistributionSpec>? initial,
        double dtMs, LifConstants constants, double restMv, double resetMv, AdaptiveThresholdSpec? adaptiveThreshold)
        : base(name, index, count, model, dtMs, receivesInput: true, initial)
    {
        _restMv = restMv;
        _reset = (float)resetMv;
        V = new float[count];
        LastSpike = new int[count];
        if (adaptiveThreshold is { } a)
        {
            Theta = new float[count];
            ThetaExact = new double[count];
            _thetaDecay = Math.Exp(-dtMs / a.TauMs);
            _thetaIncrement = a.IncrementMv;
        }
        // The kernel compares against theta and never decays it (DecayTheta does, in double).
        Constants = constants with { ThetaDecay = 1f };
    }

    public float[] V { get; }

    public int[] LastSpike { get; }

    /// <summary>theta as the kernel and the monitors read it: the float copy of <see cref="ThetaExact"/>.</summary>
    public float[]? Theta { get; }

    /// <summary>theta itself, in double; a value set from outside (SpikingEngine.SetVariable) replaces it.</summary>
    public double[]? ThetaExact { get; }

    /// <summary>The kernel's constants.</summary>
    protected internal LifConstants Constants { get; private set; }

    /// <summary>The reset potential, and theta's decay per step and increment per spike (a device backend runs the same rule).</summary>
    internal (float Reset, double ThetaDecay, double ThetaIncrement) ResetRule => (_reset, _thetaDecay, _thetaIncrement);

    /// <summary>Swaps in a new spec's constants, keeping the state; false when the adaptive threshold would appear or vanish (theta's arrays).</summary>
    protected bool Retune(NeuronModelSpec model, LifConstants constants, double restMv, double resetMv, AdaptiveThresholdSpec? adaptiveThreshold)
    {
        if ((adaptiveThreshold is null) != (Theta is null)) return false;
        _restMv = restMv;
        _reset = (float)resetMv;
        if (adaptiveThreshold is { } a)
        {
            _thetaDecay = Math.Exp(-DtMs / a.TauMs);
            _thetaIncrement = a.IncrementMv;
        }
        Constants = constants with { ThetaDecay = 1f };
        Model = model;
        return true;
    }

    public override void Initialize(RandomStream build, RandomStream run)
    {
        InitializeDynamics(build, run);
        if (Theta is not null)
        {
            Fill(Theta, "theta", 0, build, clipAtZero: true);
            for (int i = 0; i < Theta.Length; i++) ThetaExact![i] = Theta[i];
        }
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
            if (Theta is not null && LearningEnabled)
            {
                double theta = ThetaExact![i] + _thetaIncrement;
                ThetaExact[i] = theta;
                Theta[i] = (float)theta;
            }
        }
    }

    /// <summary>theta decays over the neurons start..end-1 for this step (nothing while learning is off); called before the kernel.</summary>
    protected void DecayTheta(int start, int end)
    {
        if (Theta is null || !LearningEnabled) return;
        var exact = ThetaExact.AsSpan(start, end - start);
        var copy = Theta.AsSpan(start, end - start);
        double decay = _thetaDecay;
        for (int i = 0; i < exact.Length; i++)
        {
            double theta = exact[i] * decay;
            exact[i] = theta;
            copy[i] = (float)theta;
        }
    }

    public override void VariableWritten(string name)
    {
        if (name == "theta" && Theta is not null)
        {
            for (int i = 0; i < Theta.Length; i++) ThetaExact![i] = Theta[i];
        }
    }

    /// <summary>The state every LIF keeps: v, the step of each neuron's last spike and, with an adaptive threshold, theta (float and double).</summary>
    protected void VisitLifState(StateVisitor visitor)
    {
        visitor.Values("v", V.AsSpan());
        visitor.Values("lastSpike", LastSpike.AsSpan());
        if (Theta is not null)
        {
            visitor.Values("theta", Theta.AsSpan());
            visitor.Values("thetaExact", ThetaExact.AsSpan());
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
