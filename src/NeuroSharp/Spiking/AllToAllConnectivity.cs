namespace NeuroSharp.Spiking;

/// <summary>Every source to every target (without i -> i when source and target are the same population, unless allowed).</summary>
public sealed record AllToAllConnectivity : ConnectivitySpec
{
    /// <summary>Allow i -> i when the projection is recurrent.</summary>
    public bool AllowSelf { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
    }
}
