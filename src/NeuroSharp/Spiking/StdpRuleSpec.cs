namespace NeuroSharp.Spiking;

/// <summary>
/// Pair-based spike-timing-dependent plasticity with traces (article 004, docs/articles.md#article-004-cortex-and-deep-networks: long-term potentiation when the
/// presynaptic spike precedes the postsynaptic one, depression otherwise).
/// </summary>
/// <remarks>
/// Each source keeps a trace x_pre and each target a trace x_post; both decay exactly,
/// x *= exp(-dt / tau), every step, and grow by 1 at their neuron's spike (all-to-all pairing).
/// <code>
/// pre spike arrives:  x_pre += 1;  w -= A_minus * x_post            (additive)
///                                  w -= A_minus * x_post * (w - w_min)  (soft-bounded)
/// post spike:         x_post += 1; w += A_plus * x_pre               (additive)
///                                  w += A_plus * x_pre * (w_max - w)    (soft-bounded)
/// then w is clipped to [w_min, w_max]
/// </code>
/// For one pair at lag Delta = t_post - t_pre, the additive change is A_plus exp(-Delta / tau_plus)
/// for Delta &gt;= 0 and -A_minus exp(Delta / tau_minus) for Delta &lt; 0 (Bi and Poo 1998's window).
/// A pre and a post spike in the same step count as pre before post (see StepPhase). Defaults: Song et al. 2000
/// (tau 20 ms, A_minus / A_plus = 1.05).
/// <para>
/// Triplet term (Pfister and Gerstner 2006, minimal model): with <see cref="APlusTriplet"/> &gt; 0 each
/// target also keeps a slow trace y2 (time constant <see cref="TauTripletMs"/>), and a postsynaptic spike
/// potentiates by x_pre (A_plus + A_plus3 y2), y2 read just before the spike, then y2 grows with x_post.
/// With <see cref="Pairing"/> = <see cref="StdpPairing.Nearest"/> the traces are set to 1 at a spike
/// instead of growing by 1. Diehl and Cook 2015's code is the nearest-spike triplet rule with
/// A_plus = 0, A_plus3 = 0.01, A_minus = 0.0001, tau_plus = tau_minus = 20 ms, tau_triplet = 40 ms.
/// </para>
/// <para>
/// Presynaptic target (Diehl and Cook 2015's paper): with <see cref="XTarget"/> = x_tar &gt; 0 a postsynaptic
/// spike changes w by (A_plus + A_plus3 y2)(x_pre - x_tar), so synapses whose input was quiet (x_pre &lt; x_tar)
/// are depressed. Their power-law rule is Delta w = eta (x_pre - x_tar)(w_max - w)^mu on each postsynaptic
/// spike: A_plus = eta, A_minus = 0, <see cref="Bounds"/> = <see cref="StdpBounds.PowerLaw"/> with <see cref="Mu"/>.
/// The weight factor multiplies the whole change, whatever its sign.
/// </para>
/// </remarks>
public sealed record StdpRuleSpec
{
    /// <summary>tau_plus, decay of the presynaptic trace in ms (20).</summary>
    public double TauPlusMs { get; init; } = 20;

    /// <summary>tau_minus, decay of the postsynaptic trace in ms (20).</summary>
    public double TauMinusMs { get; init; } = 20;

    /// <summary>A_plus, the potentiation amplitude in weight units, at least 0 (0.01).</summary>
    public double APlus { get; init; } = 0.01;

    /// <summary>A_minus, the depression amplitude in weight units, at least 0 (0.0105).</summary>
    public double AMinus { get; init; } = 0.0105;

    /// <summary>w_min, the lowest weight, at least 0 (0).</summary>
    public double WMin { get; init; }

    /// <summary>w_max, the highest weight (1).</summary>
    public double WMax { get; init; } = 1;

    /// <summary>Additive or soft-bounded.</summary>
    public StdpBounds Bounds { get; init; }

    /// <summary>All-to-all (traces grow by 1 at a spike, the default) or nearest spike (traces are set to 1).</summary>
    public StdpPairing Pairing { get; init; }

    /// <summary>A_plus3, the triplet potentiation amplitude in weight units, at least 0 (0: the pair rule).</summary>
    public double APlusTriplet { get; init; }

    /// <summary>tau_y, decay of the slow postsynaptic trace of the triplet term in ms (40, Diehl and Cook's tc_post_2).</summary>
    public double TauTripletMs { get; init; } = 40;

    /// <summary>mu, the exponent of the weight dependence when <see cref="Bounds"/> is <see cref="StdpBounds.PowerLaw"/>, at least 0 (1).</summary>
    public double Mu { get; init; } = 1;

    /// <summary>x_tar, subtracted from x_pre in potentiation, at least 0 (0: none).</summary>
    public double XTarget { get; init; }

    /// <summary>Checks the parameters.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(StdpRuleSpec);
        SpecChecks.Positive(owner, nameof(TauPlusMs), TauPlusMs);
        SpecChecks.Positive(owner, nameof(TauMinusMs), TauMinusMs);
        SpecChecks.NonNegative(owner, nameof(APlus), APlus);
        SpecChecks.NonNegative(owner, nameof(AMinus), AMinus);
        SpecChecks.NonNegative(owner, nameof(WMin), WMin);
        SpecChecks.Finite(owner, nameof(WMax), WMax);
        SpecChecks.Less(owner, nameof(WMin), WMin, nameof(WMax), WMax);
        OptionChecks.Defined(owner, nameof(Bounds), Bounds);
        OptionChecks.Defined(owner, nameof(Pairing), Pairing);
        SpecChecks.NonNegative(owner, nameof(APlusTriplet), APlusTriplet);
        SpecChecks.Positive(owner, nameof(TauTripletMs), TauTripletMs);
        SpecChecks.NonNegative(owner, nameof(Mu), Mu);
        SpecChecks.NonNegative(owner, nameof(XTarget), XTarget);
    }
}
