namespace NeuroSharp.Spiking;

/// <summary>
/// Homeostatic adaptive threshold (Diehl and Cook 2015): every spike raises the neuron's threshold by
/// <see cref="IncrementMv"/>, and the raise decays back with <see cref="TauMs"/>.
/// </summary>
/// <remarks>
/// threshold_i = ThresholdMv + theta_i; d theta_i / dt = -theta_i / tau_theta; on a spike theta_i += increment.
/// Integrated exactly: theta *= exp(-dt / tau_theta) every step. Diehl and Cook use increment 0.05 mV and
/// tau_theta = 1e7 ms.
/// </remarks>
public sealed record AdaptiveThresholdSpec
{
    /// <summary>Raise of the threshold per spike, in mV, at least 0.</summary>
    public double IncrementMv { get; init; } = 0.05;

    /// <summary>Decay time constant of the raise, in ms, above 0.</summary>
    public double TauMs { get; init; } = 1e7;

    /// <summary>Checks the parameters.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(AdaptiveThresholdSpec);
        SpecChecks.NonNegative(owner, nameof(IncrementMv), IncrementMv);
        SpecChecks.Positive(owner, nameof(TauMs), TauMs);
    }
}
