using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>NeuroML's time-varying current inputs (Inputs.xml): rampGenerator, sineGenerator and their dimensionless DL forms.</summary>
internal sealed partial class NeuroMlReader
{
    /// <summary>
    /// rampGenerator(DL): baselineAmplitude before delay and from delay + duration, in between
    /// startAmplitude + (finishAmplitude - startAmplitude) (t - delay) / duration. sineGenerator(DL): 0 outside,
    /// amplitude sin(phase + 2 pi (t - delay) / period) in between. The DL forms are dimensionless (izhikevichCell's current).
    /// </summary>
    private NeuroMlPulse Generator(XElement e, string id, string name)
    {
        bool dimensionless = name.EndsWith("DL", StringComparison.Ordinal);
        var unit = dimensionless ? NeuroMlDimension.None : NeuroMlDimension.Current;
        double delay = NonNegative(e, "delay", NeuroMlDimension.Time);
        double duration = NonNegative(e, "duration", NeuroMlDimension.Time);
        if (name.StartsWith("ramp", StringComparison.Ordinal))
        {
            return new NeuroMlPulse(id, delay, duration, Quantity(e, "startAmplitude", unit))
            {
                Dimensionless = dimensionless, Element = name, Waveform = CurrentWaveform.Ramp,
                FinishPa = Quantity(e, "finishAmplitude", unit), BaselinePa = Quantity(e, "baselineAmplitude", unit),
            };
        }
        return new NeuroMlPulse(id, delay, duration, Quantity(e, "amplitude", unit))
        {
            Dimensionless = dimensionless, Element = name, Waveform = CurrentWaveform.Sine,
            PeriodMs = Positive(e, "period"), Phase = Quantity(e, "phase", NeuroMlDimension.None),
        };
    }

    /// <summary>The engine's current input for a pulse, ramp or sine, its currents multiplied by <paramref name="scale"/> (weight / leak conductance).</summary>
    private static CurrentInputSpec CurrentInput(NeuroMlPulse pulse, string target, IReadOnlyList<int>? indices, double scale)
    {
        bool endless = pulse.DurationMs >= EndlessMs;
        if (pulse.Waveform == CurrentWaveform.Ramp && pulse.DurationMs == 0)
        {
            // A ramp of no duration never ramps: its baseline throughout.
            return new CurrentInputSpec { Target = target, Indices = indices, Amplitude = scale * pulse.BaselinePa };
        }
        return new CurrentInputSpec
        {
            Target = target, Indices = indices, Amplitude = scale * pulse.AmplitudePa, StartMs = pulse.DelayMs,
            // A ramp's slope needs its end, however far.
            StopMs = endless && pulse.Waveform != CurrentWaveform.Ramp ? null : pulse.DelayMs + pulse.DurationMs,
            Waveform = pulse.Waveform, FinishAmplitude = scale * pulse.FinishPa, Baseline = scale * pulse.BaselinePa,
            PeriodMs = pulse.PeriodMs, Phase = pulse.Phase,
        };
    }
}
