using System.Globalization;
using System.Xml.Linq;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>The inputs: current generators, voltage clamps and Poisson drive (docs/neuroml.md, "What is written").</summary>
internal static partial class NeuroMlWriter
{
    /// <summary>A current input as NeuroML's pulseGenerator, rampGenerator or sineGenerator (each from delay for duration).</summary>
    /// <remarks>
    /// Into an izhikevich population (izhikevichCell) the DL forms, whose amplitudes are the engine's dimensionless current. Into a cell the
    /// reader gives a leak of <paramref name="leakNs"/> other than 1 nS (HH_cond_exp: 1000, its currents in nA) the currents in pA whose
    /// reading (1 / leak) x is the engine's again.
    /// </remarks>
    private static XElement CurrentGenerator(CurrentInputSpec c, string id, string at, bool dimensionless = false, double leakNs = 1)
    {
        double length = c.StopMs is { } stop ? stop - c.StartMs : NeuroMlReader.EndlessMs;
        XAttribute Current(string name, double value)
        {
            if (leakNs != 1) value = Exact(value, x => 1 / leakNs * x, value * leakNs);
            return new(name, dimensionless ? Number(value) : NeuroMlUnits.Format(value, NeuroMlDimension.Current));
        }
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

    /// <summary>
    /// A voltage clamp as NeuroML's voltageClamp (no current outside its window) or voltageClampTriple (active, with conditioning and
    /// return voltages): the reader's gain is weight 1000 / simpleSeriesResistance (MOhm) / g_L, and every cell the writer writes has
    /// g_L = 1 nS, so the resistance is the one whose 1000 / R is the gain.
    /// </summary>
    private static XElement Clamp(VoltageClampSpec v, string id, string at)
    {
        double length = v.StopMs is { } stop ? stop - v.StartMs : NeuroMlReader.EndlessMs;
        var common = new object[]
        {
            new XAttribute("id", id), new XAttribute("delay", NeuroMlUnits.Format(v.StartMs, NeuroMlDimension.Time)), new XAttribute("duration", NeuroMlUnits.Format(length, NeuroMlDimension.Time)),
        };
        var resistance = new XAttribute("simpleSeriesResistance", NeuroMlUnits.Format(Exact(v.Gain, r => 1000 / r, 1000 / v.Gain), NeuroMlDimension.Resistance));
        if (v.HoldMv is null && v.ReturnMv is null)
            return new XElement(Ns + "voltageClamp", common, new XAttribute("targetVoltage", NeuroMlUnits.Format(v.TargetMv, NeuroMlDimension.Voltage)), resistance);
        if (v.HoldMv is not { } hold || v.ReturnMv is not { } back)
            throw new InvalidInputException($"{at}: a voltage clamp with {(v.HoldMv is null ? "returnMv but no holdMv" : "holdMv but no returnMv")} has no NeuroML counterpart (voltageClamp has neither, voltageClampTriple both); give both or neither to export.");
        return new XElement(Ns + "voltageClampTriple", common, new XAttribute("active", 1),
            new XAttribute("conditioningVoltage", NeuroMlUnits.Format(hold, NeuroMlDimension.Voltage)), new XAttribute("testingVoltage", NeuroMlUnits.Format(v.TargetMv, NeuroMlDimension.Voltage)),
            new XAttribute("returnVoltage", NeuroMlUnits.Format(back, NeuroMlDimension.Voltage)), resistance);
    }
}
