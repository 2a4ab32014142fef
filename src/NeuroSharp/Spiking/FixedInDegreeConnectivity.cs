namespace NeuroSharp.Spiking;

/// <summary>Each target gets exactly K distinct sources drawn uniformly (NEST's <c>fixed_indegree</c>).</summary>
public sealed record FixedInDegreeConnectivity : ConnectivitySpec
{
    /// <summary>K, at least 0 and at most the number of eligible sources.</summary>
    public int InDegree { get; init; } = 80;

    /// <summary>Allow i -> i when the projection is recurrent.</summary>
    public bool AllowSelf { get; init; }

    /// <inheritdoc />
    public override void Validate() =>
        SpecChecks.AtLeast(nameof(FixedInDegreeConnectivity), nameof(InDegree), InDegree, 0);
}
