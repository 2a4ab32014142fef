namespace NeuroSharp.Spiking;

/// <summary>Range checks shared by the spiking specs; each throws <see cref="InvalidOptionException"/> naming owner, property and value.</summary>
internal static class SpecChecks
{
    public static void Finite(string owner, string property, double value)
    {
        if (!double.IsFinite(value)) throw new InvalidOptionException(owner, property, "must be a finite number", value);
    }

    public static void Positive(string owner, string property, double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) throw new InvalidOptionException(owner, property, "must be > 0", value);
    }

    public static void NonNegative(string owner, string property, double value)
    {
        if (!(value >= 0) || !double.IsFinite(value)) throw new InvalidOptionException(owner, property, "must be >= 0", value);
    }

    public static void AtLeast(string owner, string property, int value, int minimum) =>
        OptionChecks.AtLeast(owner, property, value, minimum);

    public static void InClosed(string owner, string property, double value, double low, double high) =>
        OptionChecks.InClosed(owner, property, value, low, high);

    public static void Less(string owner, string property, double value, string otherName, double other)
    {
        if (!(value < other)) throw new InvalidOptionException(owner, property, $"must be below {otherName} ({InvalidOptionException.Format(other)})", value);
    }

    public static void NotNull(string owner, string property, object? value)
    {
        if (value is null) throw new InvalidOptionException(owner, property, "is required", null);
    }

    public static void Name(string owner, string property, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new InvalidOptionException(owner, property, "must be a non-empty name", value);
        foreach (char c in value)
        {
            if (char.IsControl(c) || c is ',' or '"')
                throw new InvalidOptionException(owner, property, "must not contain commas, quotes or control characters", value);
        }
    }

    /// <summary>
    /// The leaky integrate-and-fire parameters shared by <see cref="LifNeuronSpec"/> and <see cref="ConductanceLifNeuronSpec"/>
    /// (their property names), in the order the specs check them.
    /// </summary>
    public static void LeakyIntegrateAndFire(string owner, double tauMs, double restMv, double resetMv, double thresholdMv, double refractoryMs, bool adaptiveThreshold)
    {
        Positive(owner, "TauMs", tauMs);
        Finite(owner, "RestMv", restMv);
        Finite(owner, "ResetMv", resetMv);
        Finite(owner, "ThresholdMv", thresholdMv);
        // With an adaptive threshold the firing threshold is V_t + theta, and theta may start above 0: Diehl
        // and Cook's V_t = -72 mV with theta = 20 mV at first sits below their reset of -65 mV.
        if (!adaptiveThreshold) Less(owner, "ResetMv", resetMv, "ThresholdMv", thresholdMv);
        NonNegative(owner, "RefractoryMs", refractoryMs);
    }

    /// <summary>
    /// The two synaptic channels' decay and rise times (properties TauExcMs, TauInhMs, RiseExcMs, RiseInhMs): each at
    /// least 0, a rise time at most its decay time.
    /// </summary>
    public static void SynapticChannels(string owner, double tauExcMs, double tauInhMs, double riseExcMs, double riseInhMs)
    {
        NonNegative(owner, "TauExcMs", tauExcMs);
        NonNegative(owner, "TauInhMs", tauInhMs);
        NonNegative(owner, "RiseExcMs", riseExcMs);
        NonNegative(owner, "RiseInhMs", riseInhMs);
        if (riseExcMs > tauExcMs) throw new InvalidOptionException(owner, "RiseExcMs", $"must be at most tauExcMs ({InvalidOptionException.Format(tauExcMs)})", riseExcMs);
        if (riseInhMs > tauInhMs) throw new InvalidOptionException(owner, "RiseInhMs", $"must be at most tauInhMs ({InvalidOptionException.Format(tauInhMs)})", riseInhMs);
    }

    /// <summary>The conductance channels' reversal potentials (properties ExcReversalMv, InhReversalMv): finite.</summary>
    public static void Reversals(string owner, double excReversalMv, double inhReversalMv)
    {
        Finite(owner, "ExcReversalMv", excReversalMv);
        Finite(owner, "InhReversalMv", inhReversalMv);
    }
}
