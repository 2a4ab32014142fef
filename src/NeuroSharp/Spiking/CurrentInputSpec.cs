namespace NeuroSharp.Spiking;

/// <summary>
/// A constant or step current injected from <see cref="StartMs"/> until <see cref="StopMs"/>: the
/// I of the target model (mV for the LIF models, the model's current unit for Izhikevich, pA for AdEx).
/// Several current inputs on one neuron add up.
/// </summary>
public sealed record CurrentInputSpec : InputSpec
{
    /// <summary>The current while on.</summary>
    public double Amplitude { get; init; }

    /// <summary>When it switches on, in ms (at least 0).</summary>
    public double StartMs { get; init; }

    /// <summary>When it switches off, in ms, or null for never.</summary>
    public double? StopMs { get; init; }

    /// <summary>Where the studio's editor draws it as a node (layout only; the simulation ignores it).</summary>
    public double? X { get; init; }

    /// <summary>Where the studio's editor draws it as a node (layout only; the simulation ignores it).</summary>
    public double? Y { get; init; }

    /// <summary>Checks the parameters.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(CurrentInputSpec);
        SpecChecks.Finite(owner, nameof(Amplitude), Amplitude);
        SpecChecks.NonNegative(owner, nameof(StartMs), StartMs);
        if (StopMs is { } stop)
        {
            SpecChecks.Finite(owner, nameof(StopMs), stop);
            if (stop < StartMs) throw new InvalidOptionException(owner, nameof(StopMs), $"must be at least startMs ({InvalidOptionException.Format(StartMs)})", stop);
        }
    }
}
