namespace NeuroSharp.Spiking;

/// <summary>
/// Tsodyks-Markram short-term plasticity (Tsodyks, Pawelzik and Markram 1998): depression by
/// depletion of resources x and facilitation by growth of the release probability u.
/// </summary>
/// <remarks>
/// Between spikes u relaxes to 0 with tau_fac and x to 1 with tau_rec (exactly, from the time since the
/// source's last spike). At a spike: u += U (1 - u); r = u x; x -= r; the target receives w r.
/// The first spike after a long silence therefore transmits w U. With tau_fac = 0 the synapse only
/// depresses (u = U at every spike). State is kept per source neuron, since all of a source's synapses
/// in one projection see the same spikes. Defaults: a depressing cortical synapse (U 0.5, tau_rec 800 ms).
/// With <see cref="Sites"/> n at least 1 the release is stochastic instead (Fuhrmann et al. 2002; NEST's quantal_stp_synapse):
/// each synapse has n release sites, each either full or empty; at a spike every empty site refills with probability
/// 1 - exp(-Delta / tau_rec) and every full one releases with probability u, and the target receives w k / n for k
/// released sites. The mean over synapses is the deterministic w u x (docs/spiking-short-term-plasticity.md).
/// </remarks>
public sealed record ShortTermPlasticitySpec
{
    /// <summary>U, the utilisation increment, in (0, 1] (0.5).</summary>
    public double U { get; init; } = 0.5;

    /// <summary>tau_rec, recovery of resources in ms, above 0 (800).</summary>
    public double TauRecMs { get; init; } = 800;

    /// <summary>tau_fac, decay of facilitation in ms, at least 0 (0: no facilitation).</summary>
    public double TauFacMs { get; init; }

    /// <summary>
    /// Release sites per synapse: 0 (the default) for the deterministic mean-field model above; n at least 1 for stochastic
    /// release from n sites, each recovering on its own (n = 1: PyNN's StochasticTsodyksMarkramSynapse; n: its MultiQuantalSynapse).
    /// </summary>
    public int Sites { get; init; }

    /// <summary>The most release sites a synapse may have (each site draws at most twice per spike, so a spike's work on a synapse stays bounded).</summary>
    public const int MaxSites = 1 << 20;

    /// <summary>Checks the parameters.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(ShortTermPlasticitySpec);
        OptionChecks.InHalfOpen(owner, nameof(U), U, 0, 1);
        SpecChecks.Positive(owner, nameof(TauRecMs), TauRecMs);
        SpecChecks.NonNegative(owner, nameof(TauFacMs), TauFacMs);
        if (Sites < 0 || Sites > MaxSites)
            throw new InvalidOptionException(owner, nameof(Sites), $"must be 0 (deterministic) or from 1 to {MaxSites} release sites", Sites);
    }
}
