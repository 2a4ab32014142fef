namespace NeuroSharp.Spiking;

/// <summary>
/// A voltage clamp through a series resistance (NeuroML's voltageClamp and voltageClampTriple, docs/formats.md): in each step it
/// injects i = <see cref="Gain"/> (target - v) into the model's current, v taken at the step's start, with the target
/// <see cref="HoldMv"/> before <see cref="StartMs"/>, <see cref="TargetMv"/> from StartMs until <see cref="StopMs"/> and
/// <see cref="ReturnMv"/> from StopMs on; where a level is null no current flows. Gain is 1 / the series resistance in the
/// target model's current unit per mV (nS for the models whose current is in pA: 1 / 1 MOhm = 1000 nS). It adds to the current
/// inputs on the same neurons; the target's model needs a membrane potential v.
/// </summary>
public sealed record VoltageClampSpec : InputSpec
{
    /// <summary>1 / the series resistance, in the model's current unit per mV, above 0.</summary>
    public double Gain { get; init; }

    /// <summary>The target from StartMs until StopMs, in mV.</summary>
    public double TargetMv { get; init; }

    /// <summary>The target before StartMs in mV, or null (the default): no current before StartMs.</summary>
    public double? HoldMv { get; init; }

    /// <summary>The target from StopMs on in mV, or null (the default): no current from StopMs on.</summary>
    public double? ReturnMv { get; init; }

    /// <summary>When <see cref="TargetMv"/> starts, in ms (at least 0).</summary>
    public double StartMs { get; init; }

    /// <summary>When <see cref="TargetMv"/> ends, in ms, or null for never.</summary>
    public double? StopMs { get; init; }

    /// <summary>The target potential at time <paramref name="tMs"/>, or null when no current flows then.</summary>
    public double? TargetAt(double tMs) =>
        tMs < StartMs ? HoldMv : StopMs is { } stop && tMs >= stop ? ReturnMv : TargetMv;

    /// <summary>Checks the parameters.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(VoltageClampSpec);
        SpecChecks.Positive(owner, nameof(Gain), Gain);
        SpecChecks.Finite(owner, nameof(TargetMv), TargetMv);
        if (HoldMv is { } hold) SpecChecks.Finite(owner, nameof(HoldMv), hold);
        if (ReturnMv is { } back) SpecChecks.Finite(owner, nameof(ReturnMv), back);
        SpecChecks.NonNegative(owner, nameof(StartMs), StartMs);
        if (StopMs is { } stop)
        {
            SpecChecks.Finite(owner, nameof(StopMs), stop);
            if (stop < StartMs) throw new InvalidOptionException(owner, nameof(StopMs), $"must be at least startMs ({InvalidOptionException.Format(StartMs)})", stop);
        }
    }
}
