using NeuroSharp.Numerics.Kernels;

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
internal sealed class ConductanceLifGroup : LifGroupBase
{
    public ConductanceLifGroup(string name, int index, int count, ConductanceLifNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, initial, dtMs, new LifConstants(
            Em: 0f, Ce: 0f, Ci: 0f, De: Decay(spec.TauExcMs, dtMs), Di: Decay(spec.TauInhMs, dtMs), Rest: (float)spec.RestMv,
            Threshold: (float)spec.ThresholdMv, RefractorySteps: RefractorySteps(spec.RefractoryMs, dtMs),
            MinusDtOverTauM: (float)(-dtMs / spec.TauMs), ExcReversal: (float)spec.ExcReversalMv, InhReversal: (float)spec.InhReversalMv),
            spec.RestMv, spec.ResetMv, spec.AdaptiveThreshold)
    {
    }

    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        int n = end - start;
        DecayTheta(start, end);
        return NeuronKernels.LifConductanceStep(V.AsSpan(start, n), Ge.AsSpan(start, n), Gi.AsSpan(start, n), Current.AsSpan(start, n),
            LastSpike.AsSpan(start, n), Theta is null ? Span<float>.Empty : Theta.AsSpan(start, n), Constants, step, spiked, start);
    }
}
