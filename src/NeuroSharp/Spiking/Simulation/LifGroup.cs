using NeuroSharp.Numerics.Kernels;

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
internal sealed class LifGroup : LifGroupBase
{
    public LifGroup(string name, int index, int count, LifNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, initial, dtMs, ConstantsOf(spec, dtMs), spec.RestMv, spec.ResetMv, spec.AdaptiveThreshold)
    {
    }

    /// <inheritdoc />
    public override bool TryRetune(NeuronModelSpec model) =>
        model is LifNeuronSpec spec && Retune(spec, ConstantsOf(spec, DtMs), spec.RestMv, spec.ResetMv, spec.AdaptiveThreshold);

    private static LifConstants ConstantsOf(LifNeuronSpec spec, double dtMs) => new(
        Em: (float)Math.Exp(-dtMs / spec.TauMs), Ce: (float)InputCoefficient(spec.TauExcMs, spec.TauMs, dtMs),
        Ci: (float)InputCoefficient(spec.TauInhMs, spec.TauMs, dtMs), De: Decay(spec.TauExcMs, dtMs), Di: Decay(spec.TauInhMs, dtMs),
        Rest: (float)spec.RestMv, Threshold: (float)spec.ThresholdMv, RefractorySteps: RefractorySteps(spec.RefractoryMs, dtMs));

    /// <summary>c_x of the class remarks: the response of v at the end of a step to a unit input decaying with tau_x.</summary>
    public static double InputCoefficient(double tauX, double tauM, double dt)
    {
        double em = Math.Exp(-dt / tauM);
        if (tauX == 0) return 1 - em;
        if (Math.Abs(tauX - tauM) <= 1e-9 * tauM) return dt / tauM * em;
        return tauX / (tauX - tauM) * (Math.Exp(-dt / tauX) - em);
    }

    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        int n = end - start;
        DecayTheta(start, end);
        return NeuronKernels.LifCurrentStep(V.AsSpan(start, n), Ge.AsSpan(start, n), Gi.AsSpan(start, n), Current.AsSpan(start, n),
            LastSpike.AsSpan(start, n), Theta is null ? Span<float>.Empty : Theta.AsSpan(start, n), Constants, step, spiked, start);
    }
}
