using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// NeuroML's time-varying current inputs (Inputs.xml): rampGenerator, sineGenerator and their dimensionless DL forms; voltageClamp and
/// voltageClampTriple; and the renewal spike sources spikeGeneratorRandom and spikeGeneratorRefPoisson.
/// </summary>
internal sealed partial class NeuroMlReader
{
    /// <summary>voltageClamp and voltageClampTriple by id, as read (the target and weight come with each input).</summary>
    private readonly Dictionary<string, NeuroMlClamp> _clamps = new(StringComparer.Ordinal);

    /// <summary>A clamp as read: its element, levels (null: no current then), window and series resistance in MOhm; inactive: a triple with active = 0.</summary>
    private sealed record NeuroMlClamp(XElement Element, double? HoldMv, double TargetMv, double? ReturnMv, double DelayMs, double DurationMs, double SeriesMohm, bool Active);

    /// <summary>
    /// voltageClamp (Inputs.xml): i = weight (targetVoltage - v) / simpleSeriesResistance from delay until delay + duration, 0 outside.
    /// voltageClampTriple: the same with conditioningVoltage before delay, testingVoltage until delay + duration and returnVoltage after,
    /// when active = 1 (no current when active = 0).
    /// </summary>
    private NeuroMlClamp VoltageClamp(XElement e, string id, string name)
    {
        double delay = NonNegative(e, "delay", NeuroMlDimension.Time), duration = NonNegative(e, "duration", NeuroMlDimension.Time);
        double r = Quantity(e, "simpleSeriesResistance", NeuroMlDimension.Resistance);
        if (!(r > 0)) throw Fail(e, $"has simpleSeriesResistance {Show(r)} MOhm; a clamp's series resistance must be above 0.");
        if (name == "voltageClamp")
            return new NeuroMlClamp(e, null, Quantity(e, "targetVoltage", NeuroMlDimension.Voltage), null, delay, duration, r, true);
        double active = Quantity(e, "active", NeuroMlDimension.None);
        if (active is not (0 or 1)) throw Fail(e, $"has active {Show(active)}; voltageClampTriple '{id}' is on (1) or off (0).");
        return new NeuroMlClamp(e, Quantity(e, "conditioningVoltage", NeuroMlDimension.Voltage), Quantity(e, "testingVoltage", NeuroMlDimension.Voltage),
            Quantity(e, "returnVoltage", NeuroMlDimension.Voltage), delay, duration, r, active == 1);
    }

    /// <summary>
    /// The engine's voltage clamp for a clamp on <paramref name="cell"/>'s neurons at weight <paramref name="w"/>: gain = w / R in nS
    /// (1000 / R in MOhm) divided by the cell's leak conductance (the unit of its current, as for the pulses); null for an inactive triple.
    /// </summary>
    private VoltageClampSpec? ClampInput(NeuroMlClamp clamp, XElement where, string target, NeuroMlCell cell, IReadOnlyList<int>? indices, double w)
    {
        if (!clamp.Active) return null;
        if (cell.DimensionlessInput)
            throw Fail(where, $"clamps population '{target}' ({cell.Element}), whose current is dimensionless; a voltage clamp's current is (target - v) / resistance in amperes.");
        if (!(w > 0)) throw Fail(where, $"has an input of weight {Show(w)}; a voltage clamp needs a weight above 0 (it scales 1 / the series resistance).");
        bool endless = clamp.DurationMs >= EndlessMs;
        return new VoltageClampSpec
        {
            Target = target, Indices = indices, Gain = w * 1000 / clamp.SeriesMohm / cell.LeakNs, HoldMv = clamp.HoldMv, TargetMv = clamp.TargetMv,
            ReturnMv = clamp.ReturnMv, StartMs = clamp.DelayMs, StopMs = endless ? null : clamp.DelayMs + clamp.DurationMs,
        };
    }

    /// <summary>
    /// spikeGeneratorRandom (Inputs.xml): intervals minISI + random(maxISI - minISI), uniform. spikeGeneratorRefPoisson: intervals
    /// minimumISI - (1 / averageRate - minimumISI) log(random(1)), a dead time and an exponential of mean 1 / averageRate - minimumISI.
    /// Both start with one interval after 0 and spike when t passes the next time (the engine's randomIntervals sources).
    /// </summary>
    private NeuroMlCell RandomIntervals(XElement e, string id, string name)
    {
        RandomIntervalSourceSpec model;
        if (name == "spikeGeneratorRandom")
        {
            double min = NonNegative(e, "minISI", NeuroMlDimension.Time), max = NonNegative(e, "maxISI", NeuroMlDimension.Time);
            if (!(max >= min) || !(max > 0)) throw Fail(e, $"has maxISI {Show(max)} ms; it must be above 0 and at least minISI ({Show(min)} ms).");
            model = new RandomIntervalSourceSpec { MinIsiMs = min, MaxIsiMs = max };
        }
        else
        {
            double min = NonNegative(e, "minimumISI", NeuroMlDimension.Time), rate = Quantity(e, "averageRate", NeuroMlDimension.Frequency);
            if (!(rate > 0) || !(1000 / rate >= min))
                throw Fail(e, $"has averageRate {Show(rate)} Hz; it must be above 0 and its mean interval (1 / averageRate) at least minimumISI ({Show(min)} ms).");
            model = new RandomIntervalSourceSpec { MinIsiMs = min, RateHz = rate };
        }
        return new NeuroMlCell(id, name, model, 1, null) { Source = e };
    }

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
