namespace NeuroSharp.Spiking;

/// <summary>
/// Electrical synapses (gap junctions) from one population to another: each pair (a, b) of the
/// connectivity couples a and b both ways with conductance g, so on every step
/// <c>I_b += g (v_a - v_b)</c> and <c>I_a += g (v_b - v_a)</c>, added to the external current I of each side
/// (NeuroML's gapJunction on an electricalProjection; docs/neuroml.md).
/// </summary>
/// <remarks>
/// g is in the unit of the models' current per mV: for the LIF models, whose I is in mV, it is in units of
/// the leak conductance (g / g_L); for AdEx, whose I is in pA, it is in nS. Both sides use the same g, so
/// coupling two models whose current units differ is refused. The currents are computed from v at the
/// start of the step and held over it.
/// </remarks>
public sealed record GapJunctionSpec
{
    /// <summary>A unique name (for messages), or null for "source~target".</summary>
    public string? Name { get; init; }

    /// <summary>The source population (or single neuron) name.</summary>
    public required string Source { get; init; }

    /// <summary>The target population (or single neuron) name.</summary>
    public required string Target { get; init; }

    /// <summary>Which pairs are coupled (explicit weights, if any, are the pairs' conductances).</summary>
    public required ConnectivitySpec Connectivity { get; init; }

    /// <summary>The conductance of each pair, at least 0 (see the remarks for its unit).</summary>
    public DistributionSpec Conductance { get; init; } = DistributionSpec.Constant(1);

    /// <summary>The name used in messages.</summary>
    public string DisplayName => Name ?? $"{Source}~{Target}";
}
