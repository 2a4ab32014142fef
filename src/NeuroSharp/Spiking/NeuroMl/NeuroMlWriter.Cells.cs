using System.Globalization;
using System.Xml.Linq;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// The point cells: iafCell, PyNN's IF cells (a LIF that starts elsewhere than its reset), izhikevich2007Cell, adExIaFCell,
/// spikeGeneratorPoisson, spikeArray; hh cells in NeuroMlWriter.Conductance.cs.
/// </summary>
internal static partial class NeuroMlWriter
{
    /// <summary>The cell of a population, preceded by the components it names (an hh cell's ion channels and concentration model).</summary>
    private static IEnumerable<XElement> Cells(PopulationSpec p, string id, string path, bool receives, double dtMs) =>
        p.Model is HodgkinHuxleyNeuronSpec hh ? ConductanceCell(p, hh, id, path) : [Cell(p, id, path, receives, dtMs)];

    /// <summary>A point cell; <paramref name="receives"/>: something (a projection, input, gap junction or graded synapse) reaches the population.</summary>
    private static XElement Cell(PopulationSpec p, string id, string path, bool receives, double dtMs)
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
            case ConductanceLifNeuronSpec { AdaptiveThreshold: null } m:
                return Iaf(p, id, path, m.TauMs, m.RestMv, m.ResetMv, m.ThresholdMv, m.RefractoryMs, (m.TauExcMs, m.TauInhMs), (m.ExcReversalMv, m.InhReversalMv));
            case LifNeuronSpec { AdaptiveThreshold: null, DeltaInputs: false } m:
                return Iaf(p, id, path, m.TauMs, m.RestMv, m.ResetMv, m.ThresholdMv, m.RefractoryMs, (m.TauExcMs, m.TauInhMs), null);
            case Izhikevich2007NeuronSpec m when initial.Count == 0 || (initial.Count == 1 && initial.TryGetValue("v", out var v0) && v0.Kind == DistributionKind.Constant):
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
            // An AdEx that starts elsewhere than rest, or without the exponential term (slopeMv 0, which adExIaFCell divides by): PyNN's
            // EIF_cond_exp_isfa_ista, which starts at v_init and takes delta_T 0 as no exponential term (PyNN.xml's delta_I 0).
            case AdExNeuronSpec m when !m.ConductanceInputs && m.RiseExcMs == 0 && m.RiseInhMs == 0 && m.SlopeMv >= 0
                && (initial.Count == 0 || (initial.Count == 1 && initial.TryGetValue("v", out var av) && av.Kind == DistributionKind.Constant)):
                return Eif(m, id, initial.TryGetValue("v", out var eifStart) ? eifStart.Value : m.RestMv);
            case EquationsNeuronSpec m when initial.Count == 0 && AbstractCell(m, id) is { } abstractCell:
                return abstractCell;
            case SpikeTimesSourceSpec m:
                return SpikeArray(p, m, id, path, dtMs);
            // Renewal sources: uniform intervals as spikeGeneratorRandom, a dead time and an exponential as spikeGeneratorRefPoisson.
            case RandomIntervalSourceSpec { MaxIsiMs: { } max } m:
                return new XElement(Ns + "spikeGeneratorRandom", new XAttribute("id", id),
                    new XAttribute("maxISI", NeuroMlUnits.Format(max, NeuroMlDimension.Time)), new XAttribute("minISI", NeuroMlUnits.Format(m.MinIsiMs, NeuroMlDimension.Time)));
            case RandomIntervalSourceSpec { RateHz: { } rate } m:
                return new XElement(Ns + "spikeGeneratorRefPoisson", new XAttribute("id", id),
                    new XAttribute("averageRate", NeuroMlUnits.Format(rate, NeuroMlDimension.Frequency)), new XAttribute("minimumISI", NeuroMlUnits.Format(m.MinIsiMs, NeuroMlDimension.Time)));
            case PoissonSourceSpec { RatesHz: null, StartMs: 0, StopMs: null } m:
                return new XElement(Ns + "spikeGeneratorPoisson", new XAttribute("id", id), new XAttribute("averageRate", NeuroMlUnits.Format(m.RateHz, NeuroMlDimension.Frequency)));
            // A Poisson source on for a window: PyNN's SpikeSourcePoisson (start, duration); no stopMs: a duration of 10^9 ms, which the reader takes as none.
            case PoissonSourceSpec { RatesHz: null } m:
            {
                double duration = m.StopMs is { } stop ? Exact(stop, d => m.StartMs + d, stop - m.StartMs) : NeuroMlReader.EndlessMs;
                return new XElement(Ns + "SpikeSourcePoisson", new XAttribute("id", id), new XAttribute("start", NeuroMlUnits.Format(m.StartMs, NeuroMlDimension.Time)),
                    new XAttribute("duration", NeuroMlUnits.Format(duration, NeuroMlDimension.Time)), new XAttribute("rate", NeuroMlUnits.Format(m.RateHz, NeuroMlDimension.Frequency)));
            }
            default:
                throw new InvalidInputException($"{path}: population '{p.Name}' is {NeuronModels.WithArticle(p.Model)} population{(p.Initial is { Count: > 0 } ? " with initial values" : "")}; NeuroML export writes conductanceLif (no adaptive threshold), lif (no adaptive threshold, no delta inputs), izhikevich2007 (a constant initial v), izhikevich (\"initial\": {{\"v\": v0}} and nothing else), hh, adex (a constant initial v at most, current inputs without rise times), poisson (one rate), spikeTimes and randomIntervals populations, and equations populations that are NeuroML's fitzHughNagumoCell, fitzHughNagumo1969Cell, pinskyRinzelCA3Cell or hindmarshRose1984Cell as NeuroSharp reads them.");
        }
    }

    /// <summary>
    /// A LIF membrane with g_L = 1 nS (C = tau_m pF, currents in pA = the engine's mV): iafCell (iafRefCell with a refractory period)
    /// where it starts at rest, as NeuroML's iafCell does (OnStart v = leakReversal); else PyNN's IF cell, which starts at v_init (a LIF without
    /// <c>initial</c> starts at rest), with cm in nF such that the reader's g_L = 1000 cm / tau_m is 1 nS. <paramref name="erev"/>:
    /// the channels' reversal potentials of a conductance LIF (IF_cond_exp); null for the current-based lif (IF_curr_alpha).
    /// </summary>
    private static XElement Iaf(PopulationSpec p, string id, string path, double tauMs, double restMv, double resetMv, double thresholdMv, double refractoryMs,
        (double Exc, double Inh) tauSyn, (double Exc, double Inh)? erev)
    {
        var initial = p.Initial ?? new Dictionary<string, DistributionSpec>();
        bool constantV = initial.Count == 1 && initial.TryGetValue("v", out var v) && v.Kind == DistributionKind.Constant;
        if (initial.Count > 0 && !constantV)
            throw new InvalidInputException($"{path}.initial: NeuroML's integrate-and-fire cells start every cell at one v (iafCell at its leakReversal, PyNN's IF cells at v_init); give \"initial\": {{\"v\": v0}} and nothing else to export population '{p.Name}'.");
        double start = constantV ? initial["v"].Value : restMv;
        if (start == restMv)
        {
            var cell = new XElement(Ns + (refractoryMs > 0 ? "iafRefCell" : "iafCell"), new XAttribute("id", id),
                new XAttribute("leakReversal", NeuroMlUnits.Format(restMv, NeuroMlDimension.Voltage)),
                new XAttribute("thresh", NeuroMlUnits.Format(thresholdMv, NeuroMlDimension.Voltage)),
                new XAttribute("reset", NeuroMlUnits.Format(resetMv, NeuroMlDimension.Voltage)),
                new XAttribute("C", NeuroMlUnits.Format(tauMs, NeuroMlDimension.Capacitance)),
                new XAttribute("leakConductance", "1nS"));
            if (refractoryMs > 0) cell.Add(new XAttribute("refract", NeuroMlUnits.Format(refractoryMs, NeuroMlDimension.Time)));
            return cell;
        }
        // PyNN.xml's parameters are plain numbers in mV, ms and nF; its synapses and inputs are any NeuroML current, as on an iafCell.
        double cm = Exact(1, c => 1000 * c / tauMs, tauMs / 1000);
        var pynn = new XElement(Ns + (erev is null ? "IF_curr_alpha" : "IF_cond_exp"), new XAttribute("id", id),
            new XAttribute("cm", Number(cm)), new XAttribute("i_offset", 0), new XAttribute("tau_syn_E", Number(tauSyn.Exc)), new XAttribute("tau_syn_I", Number(tauSyn.Inh)),
            new XAttribute("v_init", Number(start)), new XAttribute("tau_m", Number(tauMs)), new XAttribute("tau_refrac", Number(refractoryMs)),
            new XAttribute("v_reset", Number(resetMv)), new XAttribute("v_rest", Number(restMv)), new XAttribute("v_thresh", Number(thresholdMv)));
        if (erev is { } e) pynn.Add(new XAttribute("e_rev_E", Number(e.Exc)), new XAttribute("e_rev_I", Number(e.Inh)));
        return pynn;
    }

    /// <summary>
    /// An AdEx as PyNN's EIF_cond_exp_isfa_ista (mV, ms, nF, nA, uS): cm = C / 1000, tau_m = C / g_L, a and b / 1000, each the number whose
    /// reading (1000 cm, 1000 cm / tau_m, 1000 a, 1000 b) is the engine's again; i_offset 0 (its currents are inputs), v_init
    /// <paramref name="startMv"/>. Its tau_syn and e_rev enter no dynamics here (no synapse reaches an AdEx in NeuroML).
    /// </summary>
    private static XElement Eif(AdExNeuronSpec m, string id, double startMv)
    {
        double cm = Exact(m.CapacitancePf, x => 1000 * x, m.CapacitancePf / 1000);
        double tauM = Exact(m.LeakNs, t => 1000 * cm / t, 1000 * cm / m.LeakNs);
        return new XElement(Ns + "EIF_cond_exp_isfa_ista", new XAttribute("id", id),
            new XAttribute("cm", Number(cm)), new XAttribute("i_offset", 0), new XAttribute("tau_syn_E", Number(m.TauExcMs)), new XAttribute("tau_syn_I", Number(m.TauInhMs)),
            new XAttribute("v_init", Number(startMv)), new XAttribute("tau_m", Number(tauM)), new XAttribute("tau_refrac", Number(m.RefractoryMs)),
            new XAttribute("v_reset", Number(m.ResetMv)), new XAttribute("v_rest", Number(m.RestMv)), new XAttribute("v_thresh", Number(m.ThresholdMv)),
            new XAttribute("e_rev_E", 0), new XAttribute("e_rev_I", -80),
            new XAttribute("a", Number(Exact(m.AdaptationNs, x => 1000 * x, m.AdaptationNs / 1000))), new XAttribute("b", Number(Exact(m.SpikeAdaptationPa, x => 1000 * x, m.SpikeAdaptationPa / 1000))),
            new XAttribute("delta_T", Number(m.SlopeMv)), new XAttribute("tau_w", Number(m.TauWMs)), new XAttribute("v_spike", Number(m.PeakMv)));
    }

    /// <summary>
    /// A spikeTimes population as a spikeArray, which gives every cell of the population the same spikes: a spike the engine places in
    /// step s (round(t / dt)) is written at (s + 1) dt, which the reader (and jLEMS) place in step s again, at s dt.
    /// </summary>
    private static XElement SpikeArray(PopulationSpec p, SpikeTimesSourceSpec m, string id, string path, double dtMs)
    {
        var steps = new List<long>[p.Count];
        for (int i = 0; i < p.Count; i++) steps[i] = [];
        for (int k = 0; k < m.Indices.Count; k++)
        {
            if (m.Indices[k] < p.Count) steps[m.Indices[k]].Add((long)Math.Round(m.TimesMs[k] / dtMs));
        }
        foreach (var list in steps) list.Sort();
        for (int i = 1; i < p.Count; i++)
        {
            if (!steps[i].SequenceEqual(steps[0]))
                throw new InvalidInputException($"{path}.params: neuron {i} of spikeTimes population '{p.Name}' does not spike at the steps of neuron 0; NeuroML's spikeArray gives every cell of a population the same spikes, so split the population into populations whose neurons spike alike to export it.");
        }
        var array = new XElement(Ns + "spikeArray", new XAttribute("id", id));
        for (int k = 0; k < steps[0].Count; k++)
            array.Add(new XElement(Ns + "spike", new XAttribute("id", k), new XAttribute("time", NeuroMlUnits.Format((steps[0][k] + 1) * dtMs, NeuroMlDimension.Time))));
        return array;
    }
}
