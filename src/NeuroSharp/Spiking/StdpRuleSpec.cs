namespace NeuroSharp.Spiking;

/// <summary>
/// Pair-based spike-timing-dependent plasticity with traces (seed 004: long-term potentiation when the
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
    }
}
