using System.Globalization;
using System.Xml.Linq;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>The point cells: iafCell, izhikevich2007Cell, adExIaFCell, spikeGeneratorPoisson; hh cells in NeuroMlWriter.Conductance.cs.</summary>
internal static partial class NeuroMlWriter
{
    /// <summary>The cell of a population, preceded by the components it names (an hh cell's ion channels and concentration model).</summary>
    private static IEnumerable<XElement> Cells(PopulationSpec p, string id, string path, bool receives) =>
        p.Model is HodgkinHuxleyNeuronSpec hh ? ConductanceCell(p, hh, id, path) : [Cell(p, id, path, receives)];

    /// <summary>A point cell; <paramref name="receives"/>: something (a projection, input, gap junction or graded synapse) reaches the population.</summary>
    private static XElement Cell(PopulationSpec p, string id, string path, bool receives)
    {
        var initial = p.Initial ?? new Dictionary<string, DistributionSpec>();
        switch (p.Model)
        {
            // A LIF that starts at rest (not at its reset) and receives nothing: iafTauCell, whose LEMS type starts at leakReversal and has no input.
            case ConductanceLifNeuronSpec { AdaptiveThreshold: null, Ports.Count: 0 } m when initial.Count == 0 && m.RestMv != m.ResetMv && !receives:
            {
                var cell = new XElement(Ns + (m.RefractoryMs > 0 ? "iafTauRefCell" : "iafTauCell"), new XAttribute("id", id),
                    new XAttribute("leakReversal", NeuroMlUnits.Format(m.RestMv, NeuroMlDimension.Voltage)),
                    new XAttribute("thresh", NeuroMlUnits.Format(m.ThresholdMv, NeuroMlDimension.Voltage)),
                    new XAttribute("reset", NeuroMlUnits.Format(m.ResetMv, NeuroMlDimension.Voltage)),
                    new XAttribute("tau", NeuroMlUnits.Format(m.TauMs, NeuroMlDimension.Time)));
                if (m.RefractoryMs > 0) cell.Add(new XAttribute("refract", NeuroMlUnits.Format(m.RefractoryMs, NeuroMlDimension.Time)));
                return cell;
            }
            case ConductanceLifNeuronSpec { AdaptiveThreshold: null, Ports.Count: 0 } m:
            {
                // NeuroML starts an iafCell at its reset; the network must start there too.
                bool startsAtReset = initial.Count == 0 ? m.RestMv == m.ResetMv
                    : initial.Count == 1 && initial.TryGetValue("v", out var v) && v.Kind == DistributionKind.Constant && v.Value == m.ResetMv;
                if (!startsAtReset)
                    throw new InvalidInputException($"{path}.initial: a NeuroML iafCell starts at its reset ({Number(m.ResetMv)} mV); give \"initial\": {{\"v\": {Number(m.ResetMv)}}} and nothing else to export population '{p.Name}' (a population that starts at rest and receives nothing is written as an iafTauCell).");
                var cell = new XElement(Ns + (m.RefractoryMs > 0 ? "iafRefCell" : "iafCell"), new XAttribute("id", id),
                    new XAttribute("leakReversal", NeuroMlUnits.Format(m.RestMv, NeuroMlDimension.Voltage)),
                    new XAttribute("thresh", NeuroMlUnits.Format(m.ThresholdMv, NeuroMlDimension.Voltage)),
                    new XAttribute("reset", NeuroMlUnits.Format(m.ResetMv, NeuroMlDimension.Voltage)),
                    new XAttribute("C", NeuroMlUnits.Format(m.TauMs, NeuroMlDimension.Capacitance)),
                    new XAttribute("leakConductance", "1nS"));
                if (m.RefractoryMs > 0) cell.Add(new XAttribute("refract", NeuroMlUnits.Format(m.RefractoryMs, NeuroMlDimension.Time)));
                return cell;
            }
            case Izhikevich2007NeuronSpec { Ports.Count: 0 } m when initial.Count == 0 || (initial.Count == 1 && initial.TryGetValue("v", out var v0) && v0.Kind == DistributionKind.Constant):
                return new XElement(Ns + "izhikevich2007Cell", new XAttribute("id", id),
                    new XAttribute("v0", NeuroMlUnits.Format(initial.TryGetValue("v", out var start) ? start.Value : m.RestMv, NeuroMlDimension.Voltage)),
                    new XAttribute("C", NeuroMlUnits.Format(m.CapacitancePf, NeuroMlDimension.Capacitance)),
                    new XAttribute("k", NeuroMlUnits.Format(m.KNsPerMv, NeuroMlDimension.ConductancePerVoltage)),
                    new XAttribute("vr", NeuroMlUnits.Format(m.RestMv, NeuroMlDimension.Voltage)),
                    new XAttribute("vt", NeuroMlUnits.Format(m.ThresholdMv, NeuroMlDimension.Voltage)),
                    new XAttribute("vpeak", NeuroMlUnits.Format(m.PeakMv, NeuroMlDimension.Voltage)),
                    new XAttribute("a", m.A.ToString("R", CultureInfo.InvariantCulture) + "per_ms"),
                    new XAttribute("b", NeuroMlUnits.Format(m.BNs, NeuroMlDimension.Conductance)),
                    new XAttribute("c", NeuroMlUnits.Format(m.ResetMv, NeuroMlDimension.Voltage)),
                    new XAttribute("d", NeuroMlUnits.Format(m.DPa, NeuroMlDimension.Current)));
            // Izhikevich's 2003 model: NeuroML's izhikevichCell (dimensionless a, b, c, d and currents; v0 the constant initial v).
            case IzhikevichNeuronSpec m when initial.Count == 1 && initial.TryGetValue("v", out var iv) && iv.Kind == DistributionKind.Constant:
                return new XElement(Ns + "izhikevichCell", new XAttribute("id", id),
                    new XAttribute("v0", NeuroMlUnits.Format(iv.Value, NeuroMlDimension.Voltage)), new XAttribute("thresh", NeuroMlUnits.Format(m.PeakMv, NeuroMlDimension.Voltage)),
                    new XAttribute("a", Number(m.A)), new XAttribute("b", Number(m.B)), new XAttribute("c", Number(m.C)), new XAttribute("d", Number(m.D)));
            case AdExNeuronSpec m when initial.Count == 0 && !m.ConductanceInputs && m.RiseExcMs == 0 && m.RiseInhMs == 0 && m.SlopeMv > 0:
                return new XElement(Ns + "adExIaFCell", new XAttribute("id", id),
                    new XAttribute("C", NeuroMlUnits.Format(m.CapacitancePf, NeuroMlDimension.Capacitance)),
                    new XAttribute("gL", NeuroMlUnits.Format(m.LeakNs, NeuroMlDimension.Conductance)),
                    new XAttribute("EL", NeuroMlUnits.Format(m.RestMv, NeuroMlDimension.Voltage)),
                    new XAttribute("reset", NeuroMlUnits.Format(m.ResetMv, NeuroMlDimension.Voltage)),
                    new XAttribute("VT", NeuroMlUnits.Format(m.ThresholdMv, NeuroMlDimension.Voltage)),
                    new XAttribute("thresh", NeuroMlUnits.Format(m.PeakMv, NeuroMlDimension.Voltage)),
                    new XAttribute("delT", NeuroMlUnits.Format(m.SlopeMv, NeuroMlDimension.Voltage)),
                    new XAttribute("tauw", NeuroMlUnits.Format(m.TauWMs, NeuroMlDimension.Time)),
                    new XAttribute("refract", NeuroMlUnits.Format(m.RefractoryMs, NeuroMlDimension.Time)),
                    new XAttribute("a", NeuroMlUnits.Format(m.AdaptationNs, NeuroMlDimension.Conductance)),
                    new XAttribute("b", NeuroMlUnits.Format(m.SpikeAdaptationPa, NeuroMlDimension.Current)));
            case PoissonSourceSpec { RatesHz: null, StartMs: 0, StopMs: null } m:
                return new XElement(Ns + "spikeGeneratorPoisson", new XAttribute("id", id), new XAttribute("averageRate", NeuroMlUnits.Format(m.RateHz, NeuroMlDimension.Frequency)));
            default:
                throw new InvalidInputException($"{path}: population '{p.Name}' is {NeuronModels.WithArticle(p.Model)} population{(p.Initial is { Count: > 0 } ? " with initial values" : "")}; NeuroML export writes conductanceLif (no adaptive threshold, no synaptic ports), izhikevich2007 (a constant initial v, no synaptic ports), izhikevich (\"initial\": {{\"v\": v0}} and nothing else), hh, adex (no initial values, current inputs without rise times, slopeMv above 0) and poisson (one rate, on for the whole run) populations.");
        }
    }
}
