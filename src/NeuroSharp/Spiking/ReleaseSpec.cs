namespace NeuroSharp.Spiking;

/// <summary>
/// Stochastic release on a projection (PyNN's SimpleStochasticSynapse, NEST's bernoulli_synapse): each spike that reaches a
/// synapse is transmitted with probability p, drawn per synapse and per spike, else the synapse transmits nothing
/// (docs/spiking-short-term-plasticity.md, "Stochastic release").
/// </summary>
/// <remarks>
/// The draws are counter-based: synapse e's uniform at step n is a hash of (the run seed's release stream of the projection,
/// n, e), so the same seed gives the same releases at any thread count. With short-term plasticity the transmitted
/// fraction is the rule's w u x times the Bernoulli draw; with p = 1 the projection is the deterministic one bit for bit.
/// </remarks>
public sealed record ReleaseSpec
{
    /// <summary>p, the probability that a spike is transmitted by one synapse, in [0, 1] (1).</summary>
    public double Probability { get; init; } = 1;

    /// <summary>Checks the parameters.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate() => OptionChecks.InClosed(nameof(ReleaseSpec), nameof(Probability), Probability, 0, 1);
}
