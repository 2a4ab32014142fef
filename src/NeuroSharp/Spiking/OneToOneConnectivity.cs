namespace NeuroSharp.Spiking;

/// <summary>Source i to target i; both populations must have the same count.</summary>
public sealed record OneToOneConnectivity : ConnectivitySpec
{
    /// <inheritdoc />
    public override void Validate()
    {
    }
}
