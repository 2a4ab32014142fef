namespace NeuroSharp.Spiking;

/// <summary>
/// A directed connection between two single neurons (the article's <c>link(a, b)</c>). Between
/// transmitter neurons it carries no weight: the source's synapse is shared evenly among its links.
/// Between spiking neurons it is a synapse with a weight, a delay and a receptor.
/// </summary>
public sealed record LinkSpec
{
    /// <summary>The source neuron's id.</summary>
    public required string From { get; init; }

    /// <summary>The target neuron's id.</summary>
    public required string To { get; init; }

    /// <summary>The synaptic weight (spiking neurons only; null for transmitter links or the default 1).</summary>
    public double? Weight { get; init; }

    /// <summary>The delay in ms (spiking neurons only; null for 0).</summary>
    public double? DelayMs { get; init; }

    /// <summary>The receptor (spiking neurons only; null: inhibitory if the source is inhibitory, else excitatory).</summary>
    public Receptor? Receptor { get; init; }
}
