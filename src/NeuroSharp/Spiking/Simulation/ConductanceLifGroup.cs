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
/// <remarks>
/// A channel with a rise time keeps a rise state h in front of g (spikes add their weight to h):
/// <c>dh/dt = -h / tau_r</c>, <c>dg/dt = -g / tau_d + c h</c>. After the kernel has decayed g, the step
/// adds <c>h K</c> and decays h, which is the exact propagator of this linear pair over one step
/// (<see cref="RiseChannel"/>).
/// </remarks>
internal sealed class ConductanceLifGroup : LifGroupBase
{
    private readonly SynapticRise _rise;

    public ConductanceLifGroup(string name, int index, int count, ConductanceLifNeuronSpec spec, IReadOnlyDictionary<string, DistributionSpec>? initial, double dtMs)
        : base(name, index, count, spec, initial, dtMs, ConstantsOf(spec, dtMs), spec.RestMv, spec.ResetMv, spec.AdaptiveThreshold)
    {
        _rise = new SynapticRise(count, spec.RiseExcMs, spec.TauExcMs, spec.RiseInhMs, spec.TauInhMs, dtMs);
    }

    /// <summary>
    /// Takes a new spec's constants from the next step on, keeping v, the conductances and the rise
    /// states; false (a rebuild) when a rise time, or a time constant of a channel with a rise time,
    /// changes, since the rise channel's propagator is built from both.
    /// </summary>
    public override bool TryRetune(NeuronModelSpec model)
    {
        if (model is not ConductanceLifNeuronSpec spec || Model is not ConductanceLifNeuronSpec old) return false;
        if (spec.RiseExcMs != old.RiseExcMs || spec.RiseInhMs != old.RiseInhMs) return false;
        if ((old.RiseExcMs > 0 && spec.TauExcMs != old.TauExcMs) || (old.RiseInhMs > 0 && spec.TauInhMs != old.TauInhMs)) return false;
        return Retune(spec, ConstantsOf(spec, DtMs), spec.RestMv, spec.ResetMv, spec.AdaptiveThreshold);
    }

    private static LifConstants ConstantsOf(ConductanceLifNeuronSpec spec, double dtMs) => new(
        Em: 0f, Ce: 0f, Ci: 0f, De: Decay(spec.TauExcMs, dtMs), Di: Decay(spec.TauInhMs, dtMs), Rest: (float)spec.RestMv,
        Threshold: (float)spec.ThresholdMv, RefractorySteps: RefractorySteps(spec.RefractoryMs, dtMs),
        MinusDtOverTauM: (float)(-dtMs / spec.TauMs), ExcReversal: (float)spec.ExcReversalMv, InhReversal: (float)spec.InhReversalMv);

    internal override (RiseChannel? Exc, RiseChannel? Inh) Rises => (_rise.Excitatory, _rise.Inhibitory);

    public override float[] InputChannel(Receptor receptor) => _rise.InputChannel(receptor, Ge, Gi);

    public override void InitializeDynamics(RandomStream build, RandomStream run)
    {
        base.InitializeDynamics(build, run);
        _rise.Clear();
    }

    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        int n = end - start;
        DecayTheta(start, end);
        int count = NeuronKernels.LifConductanceStep(V.AsSpan(start, n), Ge.AsSpan(start, n), Gi.AsSpan(start, n), Current.AsSpan(start, n),
            LastSpike.AsSpan(start, n), Theta is null ? Span<float>.Empty : Theta.AsSpan(start, n), Constants, step, spiked, start);
        _rise.Advance(Ge, Gi, start, end);
        return count;
    }
}
