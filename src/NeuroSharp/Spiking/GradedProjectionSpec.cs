namespace NeuroSharp.Spiking;

/// <summary>How a graded synapse turns the presynaptic potential into current (docs/spiking-graded.md).</summary>
public enum GradedSynapseKind
{
    /// <summary>A one-way gap junction: <c>I = w g (v_pre - v_post)</c> (NeuroML's linearGradedSynapse).</summary>
    Linear,

    /// <summary>
    /// NeuroML's gradedSynapse: <c>I = w g s (E_rev - v_post)</c>, where s relaxes towards
    /// <c>inf = 1 / (1 + exp((V_th - v_pre) / delta))</c> with <c>ds/dt = k (inf - s) / (1 - inf)</c>.
    /// </summary>
    Sigmoid,

    /// <summary>
    /// c302's gradedSynapse2 (Kunert et al. 2017): <c>I = w g s (E_rev - v_post)</c> with
    /// <c>ds/dt = a_r phi (1 - s) - a_d s</c>, <c>phi = 1 / (1 + exp((V_th - v_pre) / delta))</c>.
    /// </summary>
    SigmoidRiseDecay,
}

/// <summary>
/// Graded (analog) synapses from one population to another: each pair (a, b) of the connectivity adds to b's
/// input current, on every step, a current that depends continuously on a's membrane potential (NeuroML's
/// continuousProjection with a linearGradedSynapse or gradedSynapse; docs/spiking-graded.md). Unlike a gap junction it
/// is one-directional: a's current is never changed.
/// </summary>
/// <remarks>
/// The conductance is in the unit of the target model's current per mV, as a gap junction's: in units of the leak
/// conductance for the LIF and hh models (whose I is in mV), nS for AdEx. The current is computed from v at the start of the
/// step and held over it; a sigmoid synapse's state s starts at 0 and relaxes exactly over each step towards its target,
/// with the rates from v at the start of the step held over it (jLEMS takes a forward-Euler step: the same to first order
/// in dt, and stable where 1 - inf is small and Euler is not).
/// </remarks>
public sealed record GradedProjectionSpec
{
    /// <summary>A unique name (for messages), or null for "source=>target".</summary>
    public string? Name { get; init; }

    /// <summary>The presynaptic population (or single neuron) name: its v drives the synapses.</summary>
    public required string Source { get; init; }

    /// <summary>The postsynaptic population (or single neuron) name: the synapses' current is added to its input.</summary>
    public required string Target { get; init; }

    /// <summary>Which pairs are connected (explicit weights, if any, are the pairs' weights).</summary>
    public required ConnectivitySpec Connectivity { get; init; }

    /// <summary>The weight of each pair, at least 0 (default 1; a normal draw below 0 is 0): the pair's conductance is weight x <see cref="Conductance"/>.</summary>
    public DistributionSpec Weight { get; init; } = DistributionSpec.Constant(1);

    /// <summary>How the current depends on the potentials.</summary>
    public GradedSynapseKind Kind { get; init; }

    /// <summary>The synapse's conductance, at least 0 (see the remarks for its unit).</summary>
    public double Conductance { get; init; }

    /// <summary>The reversal potential in mV (sigmoid kinds only).</summary>
    public double? ErevMv { get; init; }

    /// <summary>The half-activation potential of the presynaptic cell in mV (sigmoid kinds only).</summary>
    public double? VthMv { get; init; }

    /// <summary>The slope of the activation curve in mV, above 0 (sigmoid kinds only; c302's beta is 1 / delta).</summary>
    public double? DeltaMv { get; init; }

    /// <summary>The rate constant k of <see cref="GradedSynapseKind.Sigmoid"/> in 1/ms, above 0.</summary>
    public double? KPerMs { get; init; }

    /// <summary>The rise rate a_r of <see cref="GradedSynapseKind.SigmoidRiseDecay"/> in 1/ms, at least 0.</summary>
    public double? RisePerMs { get; init; }

    /// <summary>The decay rate a_d of <see cref="GradedSynapseKind.SigmoidRiseDecay"/> in 1/ms, at least 0.</summary>
    public double? DecayPerMs { get; init; }

    /// <summary>The name used in messages.</summary>
    public string DisplayName => Name ?? $"{Source}=>{Target}";
}
