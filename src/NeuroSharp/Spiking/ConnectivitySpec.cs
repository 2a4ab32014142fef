namespace NeuroSharp.Spiking;

/// <summary>
/// How a projection picks its synapses between a source and a target population. Builders draw from
/// the build seed, so the same seed gives the same connections.
/// </summary>
public abstract record ConnectivitySpec
{
    /// <summary>Checks the parameters.</summary>
    /// <exception cref="InvalidOptionException">A parameter is out of range.</exception>
    public abstract void Validate();
}
