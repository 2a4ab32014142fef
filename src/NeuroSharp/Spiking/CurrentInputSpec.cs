namespace NeuroSharp.Spiking;

/// <summary>The shape of a <see cref="CurrentInputSpec"/> while it is on.</summary>
public enum CurrentWaveform
{
    /// <summary>Amplitude, constant (a step or a pulse).</summary>
    Constant,

    /// <summary>A straight line from Amplitude at StartMs to FinishAmplitude at StopMs (NeuroML's rampGenerator).</summary>
    Ramp,

    /// <summary>Amplitude sin(Phase + 2 pi (t - StartMs) / PeriodMs) (NeuroML's sineGenerator).</summary>
    Sine,
}

/// <summary>
/// A current injected from <see cref="StartMs"/> until <see cref="StopMs"/>: the I of the target model (mV for the LIF
/// models, the model's current unit for Izhikevich, pA for AdEx). While on it is <see cref="Amplitude"/> (a step or pulse), a
/// ramp from Amplitude to <see cref="FinishAmplitude"/>, or a sine of <see cref="PeriodMs"/> and <see cref="Phase"/>; while off
/// it is <see cref="Baseline"/> (0 by default). A time-varying current is evaluated at the start of each step, t = step dt.
/// Several current inputs on one neuron add up.
/// </summary>
public sealed record CurrentInputSpec : InputSpec
{
    /// <summary>The current while on (a ramp's value at StartMs; a sine's peak).</summary>
    public double Amplitude { get; init; }

    /// <summary>When it switches on, in ms (at least 0).</summary>
    public double StartMs { get; init; }

    /// <summary>When it switches off, in ms, or null for never (a ramp needs one).</summary>
    public double? StopMs { get; init; }

    /// <summary>Its shape while on (constant by default).</summary>
    public CurrentWaveform Waveform { get; init; }

    /// <summary>A ramp's current at StopMs (the line runs from Amplitude at StartMs to this).</summary>
    public double FinishAmplitude { get; init; }

    /// <summary>The current before StartMs and from StopMs on (0 by default).</summary>
    public double Baseline { get; init; }

    /// <summary>A sine's period in ms (above 0).</summary>
    public double PeriodMs { get; init; }

    /// <summary>A sine's phase at StartMs, in radians.</summary>
    public double Phase { get; init; }

    /// <summary>
    /// The compartment of a multi-compartment target that the current enters (null: the cell's inputCompartment;
    /// docs/spiking-multicompartment.md, "Inputs"); only on a population with a morphology.
    /// </summary>
    public string? Compartment { get; init; }

    /// <summary>Where the studio's editor draws it as a node (layout only; the simulation ignores it).</summary>
    public double? X { get; init; }

    /// <summary>Where the studio's editor draws it as a node (layout only; the simulation ignores it).</summary>
    public double? Y { get; init; }

    /// <summary>The current at time <paramref name="tMs"/> (Baseline outside [StartMs, StopMs)); the engine takes it at each step's start.</summary>
    public double ValueAt(double tMs)
    {
        if (tMs < StartMs || (StopMs is { } stop && tMs >= stop)) return Baseline;
        return Waveform switch
        {
            CurrentWaveform.Ramp => Amplitude + (FinishAmplitude - Amplitude) * (tMs - StartMs) / (StopMs!.Value - StartMs),
            CurrentWaveform.Sine => Amplitude * Math.Sin(Phase + 2 * Math.PI * (tMs - StartMs) / PeriodMs),
            _ => Amplitude,
        };
    }

    /// <summary>Checks the parameters.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(CurrentInputSpec);
        SpecChecks.Finite(owner, nameof(Amplitude), Amplitude);
        SpecChecks.NonNegative(owner, nameof(StartMs), StartMs);
        SpecChecks.Finite(owner, nameof(Baseline), Baseline);
        OptionChecks.Defined(owner, nameof(Waveform), Waveform);
        if (StopMs is { } stop)
        {
            SpecChecks.Finite(owner, nameof(StopMs), stop);
            if (stop < StartMs) throw new InvalidOptionException(owner, nameof(StopMs), $"must be at least startMs ({InvalidOptionException.Format(StartMs)})", stop);
        }
        switch (Waveform)
        {
            case CurrentWaveform.Ramp:
                SpecChecks.Finite(owner, nameof(FinishAmplitude), FinishAmplitude);
                if (StopMs is not { } end || !(end > StartMs))
                    throw new InvalidOptionException(owner, nameof(StopMs), $"must be given and above startMs ({InvalidOptionException.Format(StartMs)}) for a ramp, which reaches finishAmplitude there", StopMs);
                break;
            case CurrentWaveform.Sine:
                SpecChecks.Positive(owner, nameof(PeriodMs), PeriodMs);
                SpecChecks.Finite(owner, nameof(Phase), Phase);
                break;
        }
    }
}
