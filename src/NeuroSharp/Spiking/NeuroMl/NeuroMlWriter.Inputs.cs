using System.Globalization;
using System.Xml.Linq;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>The inputs: current generators and Poisson drive (docs/neuroml.md, "What is written").</summary>
internal static partial class NeuroMlWriter
{
    /// <summary>A current input as NeuroML's pulseGenerator, rampGenerator or sineGenerator (each from delay for duration).</summary>
    /// <remarks>Into an izhikevich population (izhikevichCell) the DL forms, whose amplitudes are the engine's dimensionless current.</remarks>
    private static XElement CurrentGenerator(CurrentInputSpec c, string id, string at, bool dimensionless = false)
    {
        double length = c.StopMs is { } stop ? stop - c.StartMs : NeuroMlReader.EndlessMs;
        XAttribute Current(string name, double value) => new(name, dimensionless ? Number(value) : NeuroMlUnits.Format(value, NeuroMlDimension.Current));
        string dl = dimensionless ? "DL" : "";
        var timing = new object[] { new XAttribute("id", id), new XAttribute("delay", NeuroMlUnits.Format(c.StartMs, NeuroMlDimension.Time)), new XAttribute("duration", NeuroMlUnits.Format(length, NeuroMlDimension.Time)) };
        if (c.Waveform == CurrentWaveform.Ramp)
            return new XElement(Ns + ("rampGenerator" + dl), timing, Current("startAmplitude", c.Amplitude), Current("finishAmplitude", c.FinishAmplitude), Current("baselineAmplitude", c.Baseline));
        if (c.Baseline != 0)
            throw new InvalidInputException($"{at}.baseline is {Number(c.Baseline)}; NeuroML's pulseGenerator and sineGenerator are 0 outside their pulse (only a ramp has a baseline).");
        if (c.Waveform == CurrentWaveform.Sine)
            return new XElement(Ns + ("sineGenerator" + dl), timing, new XAttribute("phase", Number(c.Phase)), Current("amplitude", c.Amplitude), new XAttribute("period", NeuroMlUnits.Format(c.PeriodMs, NeuroMlDimension.Time)));
        return new XElement(Ns + ("pulseGenerator" + dl), timing, Current("amplitude", c.Amplitude));
    }
}
