namespace NeuroSharp.Spiking;

/// <summary>Each (source, target) pair independently with probability p (Brian2's <c>connect(p=...)</c>).</summary>
public sealed record FixedProbabilityConnectivity : ConnectivitySpec
{
    /// <summary>p, in [0, 1].</summary>
    public double Probability { get; init; } = 0.02;

    /// <summary>Allow i -> i when the projection is recurrent.</summary>
    public bool AllowSelf { get; init; }

    /// <inheritdoc />
    public override void Validate() =>
        SpecChecks.InClosed(nameof(FixedProbabilityConnectivity), nameof(Probability), Probability, 0, 1);
}
