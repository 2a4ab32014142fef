namespace NeuroSharp.Spiking;

/// <summary>
/// Synapses from one population to another (Brian2's Synapses, NEST's Connect): a connectivity rule,
/// weights and delays drawn at build, a receptor on the target, and optional plasticity.
/// </summary>
public sealed record ProjectionSpec
{
    /// <summary>A unique name (for messages and monitors), or null for "source->target".</summary>
    public string? Name { get; init; }

    /// <summary>The source population (or single neuron) name.</summary>
    public required string Source { get; init; }

    /// <summary>The target population (or single neuron) name.</summary>
    public required string Target { get; init; }

    /// <summary>The target's channel the spikes feed.</summary>
    public Receptor Receptor { get; init; }

    /// <summary>
    /// The target's receptor port (1, 2, ...) for models with several synaptic ports (glif: one alpha time constant per port);
    /// 0 (the default) for the model's own channels (a glif's port 1). The receptor still gives the sign.
    /// </summary>
    public int Port { get; init; }

    /// <summary>
    /// The compartment of a multi-compartment target (an hh cell with a morphology) that the synapses sit on, by name; null (the
    /// default) for the cell's inputCompartment (docs/spiking-multicompartment.md).
    /// </summary>
    public string? Compartment { get; init; }

    /// <summary>Which pairs get a synapse.</summary>
    public required ConnectivitySpec Connectivity { get; init; }

    /// <summary>The weight of each synapse (a magnitude, at least 0; units of the target model's input).</summary>
    public DistributionSpec Weight { get; init; } = DistributionSpec.Constant(1);

    /// <summary>The delay of each synapse in ms, at least 0; rounded to whole steps (0: felt from the next step).</summary>
    public DistributionSpec DelayMs { get; init; } = DistributionSpec.Constant(0);

    /// <summary>Long-term plasticity, or null. With per-synapse delays each synapse learns from its spikes as they arrive.</summary>
    public StdpRuleSpec? Stdp { get; init; }

    /// <summary>Short-term plasticity, or null (per source: with per-synapse delays its state is taken at emission).</summary>
    public ShortTermPlasticitySpec? ShortTermPlasticity { get; init; }

    /// <summary>Stochastic release (each spike transmitted with a probability per synapse), or null: every spike is transmitted.</summary>
    public ReleaseSpec? Release { get; init; }

    /// <summary>Synaptic scaling of the incoming weights, or null.</summary>
    public WeightNormalizationSpec? Normalization { get; init; }

    /// <summary>The name used in messages and outputs.</summary>
    public string DisplayName => Name ?? $"{Source}->{Target}";
}
