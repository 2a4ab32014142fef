using System.Globalization;
using System.Text;
using System.Xml.Linq;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// Writes a <see cref="NetworkSpec"/> as a NeuroML 2 document (an XDocument, never text by hand): the
/// conductance LIF as iafCell/iafRefCell with a leak of 1 nS (so the engine's numbers pass unchanged: C in
/// pF = tau_m in ms, currents in pA = I in mV, gbase 1 nS and weights as they are), each population's two
/// channels as expOneSynapse/expTwoSynapse/alphaSynapse, AdEx as adExIaFCell, Poisson sources as
/// spikeGeneratorPoisson, gap junctions, pulse and Poisson inputs. What NeuroML cannot say (plasticity,
/// transmitter neurons, current-based LIF and Izhikevich synapses) is refused with the JSON path.
/// </summary>
internal static class NeuroMlWriter
{
    /// <summary>The NeuroML 2 namespace.</summary>
    public static readonly XNamespace Ns = "http://www.neuroml.org/schema/neuroml2";

    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public static XDocument Write(NetworkSpec spec, ulong seed)
    {
        spec.Validate();
        Refuse(spec);
        string name = NmlId(spec.Name ?? "network");
        var root = new XElement(Ns + "neuroml",
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            new XAttribute(Xsi + "schemaLocation", "http://www.neuroml.org/schema/neuroml2 https://raw.github.com/NeuroML/NeuroML2/development/Schemas/NeuroML2/NeuroML_v2.3.1.xsd"),
            new XAttribute("id", name));
        if (spec.Description is { } d) root.Add(new XElement(Ns + "notes", d));
        var net = new XElement(Ns + "network", new XAttribute("id", name));
        net.Add(Property("recommended_dt_ms", Number(spec.DtMs)));
        if (spec.DurationMs is { } duration) net.Add(Property("recommended_duration_ms", Number(duration)));

        var channels = new Dictionary<(string Population, Receptor Receptor), string>();
        for (int i = 0; i < spec.Populations.Count; i++)
        {
            var p = spec.Populations[i];
            string cell = CellId(p.Name);
            root.Add(Cell(p, cell, $"$.populations[{i}]"));
            var population = new XElement(Ns + "population", new XAttribute("id", p.Name), new XAttribute("component", cell),
                new XAttribute("size", p.Count), new XAttribute("type", "populationList"));
            if (Channels(p.Model) is { } both)
            {
                foreach (var receptor in new[] { Receptor.Excitatory, Receptor.Inhibitory })
                {
                    string id = NmlId($"{p.Name}_{(receptor == Receptor.Excitatory ? "exc" : "inh")}_syn");
                    channels[(p.Name, receptor)] = id;
                    root.Add(Synapse(receptor == Receptor.Excitatory ? both.Exc : both.Inh, id));
                    population.Add(Property(receptor == Receptor.Excitatory ? NeuroMlReader.ExcitatoryTag : NeuroMlReader.InhibitoryTag, id));
                }
            }
            if (p.Kind != NeuronKind.Mixed) population.Add(Property(NeuroMlReader.KindTag, p.Kind.ToString()));
            if (p.Color is { } color) population.Add(Property(NeuroMlReader.ColorTag, color));
            if (p.X is { } x) population.Add(Property(NeuroMlReader.XTag, Number(x)));
            if (p.Y is { } y) population.Add(Property(NeuroMlReader.YTag, Number(y)));
            for (int k = 0; k < p.Count; k++)
            {
                population.Add(new XElement(Ns + "instance", new XAttribute("id", k),
                    new XElement(Ns + "location", new XAttribute("x", 0), new XAttribute("y", 0), new XAttribute("z", 0))));
            }
            net.Add(population);
        }

        SpikingEngine? engine = null;
        var cells = spec.Populations.ToDictionary(p => p.Name, p => CellId(p.Name), StringComparer.Ordinal);
        for (int i = 0; i < spec.Projections.Count; i++)
        {
            var p = spec.Projections[i];
            var projection = new XElement(Ns + "projection", new XAttribute("id", NmlId(p.DisplayName)),
                new XAttribute("presynapticPopulation", p.Source), new XAttribute("postsynapticPopulation", p.Target),
                new XAttribute("synapse", channels[(p.Target, p.Receptor)]));
            foreach (var (k, (source, target, weight, delay)) in Synapses(spec, p, seed, ref engine).Select((s, k) => (k, s)))
            {
                projection.Add(new XElement(Ns + "connectionWD", new XAttribute("id", k),
                    new XAttribute("preCellId", $"../{p.Source}/{source}/{cells[p.Source]}"), new XAttribute("postCellId", $"../{p.Target}/{target}/{cells[p.Target]}"),
                    new XAttribute("weight", Number(weight)), new XAttribute("delay", NeuroMlUnits.Format(delay, NeuroMlDimension.Time))));
            }
            net.Add(projection);
        }
        for (int i = 0; i < spec.GapJunctions.Count; i++)
        {
            var g = spec.GapJunctions[i];
            string component = NmlId(g.DisplayName + "_gj");
            root.Add(new XElement(Ns + "gapJunction", new XAttribute("id", component), new XAttribute("conductance", "1nS")));
            var projection = new XElement(Ns + "electricalProjection", new XAttribute("id", NmlId(g.DisplayName)),
                new XAttribute("presynapticPopulation", g.Source), new XAttribute("postsynapticPopulation", g.Target));
            var e = (ExplicitConnectivity)g.Connectivity;
            for (int k = 0; k < e.Sources.Count; k++)
            {
                projection.Add(new XElement(Ns + "electricalConnectionInstanceW", new XAttribute("id", k),
                    new XAttribute("preCell", $"../{g.Source}/{e.Sources[k]}/{cells[g.Source]}"), new XAttribute("postCell", $"../{g.Target}/{e.Targets[k]}/{cells[g.Target]}"),
                    new XAttribute("synapse", component), new XAttribute("weight", Number(e.Weights?[k] ?? g.Conductance.Value))));
            }
            net.Add(projection);
        }
        for (int i = 0; i < spec.Inputs.Count; i++)
        {
            var input = spec.Inputs[i];
            var target = spec.Populations.First(p => p.Name == input.Target);
            var indices = input.Indices ?? [.. Enumerable.Range(0, target.Count)];
            string id = NmlId($"{input.Target}_input_{i}");
            double weight = 1;
            switch (input)
            {
                case CurrentInputSpec c:
                    root.Add(CurrentGenerator(c, id, $"$.inputs[{i}]"));
                    break;
                case PoissonInputSpec p:
                    // n independent trains of rate r through one synapse are one train of rate n r (superposition).
                    string synapse = channels[(p.Target, p.Receptor)];
                    var rate = new XAttribute("averageRate", NeuroMlUnits.Format(p.RateHz * p.SourceCount, NeuroMlDimension.Frequency));
                    var through = new object[] { new XAttribute("synapse", synapse), new XAttribute("spikeTarget", "./" + synapse) };
                    if (p.StartMs == 0 && p.StopMs is null) root.Add(new XElement(Ns + "poissonFiringSynapse", new XAttribute("id", id), rate, through));
                    else
                    {
                        double length = p.StopMs is { } end ? end - p.StartMs : NeuroMlReader.EndlessMs;
                        root.Add(new XElement(Ns + "transientPoissonFiringSynapse", new XAttribute("id", id), rate, new XAttribute("delay", NeuroMlUnits.Format(p.StartMs, NeuroMlDimension.Time)),
                            new XAttribute("duration", NeuroMlUnits.Format(length, NeuroMlDimension.Time)), through));
                    }
                    weight = p.Weight;
                    break;
            }
            var list = new XElement(Ns + "inputList", new XAttribute("id", id + "_list"), new XAttribute("population", input.Target), new XAttribute("component", id));
            for (int k = 0; k < indices.Count; k++)
            {
                var element = new XElement(Ns + (weight == 1 ? "input" : "inputW"), new XAttribute("id", k),
                    new XAttribute("target", $"../{input.Target}/{indices[k]}/{cells[input.Target]}"), new XAttribute("destination", "synapses"));
                if (weight != 1) element.Add(new XAttribute("weight", Number(weight)));
                list.Add(element);
            }
            net.Add(list);
        }
        root.Add(net);
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root);
    }

    /// <summary>A current input as NeuroML's pulseGenerator, rampGenerator or sineGenerator (each from delay for duration).</summary>
    private static XElement CurrentGenerator(CurrentInputSpec c, string id, string at)
    {
        double length = c.StopMs is { } stop ? stop - c.StartMs : NeuroMlReader.EndlessMs;
        XAttribute Current(string name, double value) => new(name, NeuroMlUnits.Format(value, NeuroMlDimension.Current));
        var timing = new object[] { new XAttribute("id", id), new XAttribute("delay", NeuroMlUnits.Format(c.StartMs, NeuroMlDimension.Time)), new XAttribute("duration", NeuroMlUnits.Format(length, NeuroMlDimension.Time)) };
        if (c.Waveform == CurrentWaveform.Ramp)
            return new XElement(Ns + "rampGenerator", timing, Current("startAmplitude", c.Amplitude), Current("finishAmplitude", c.FinishAmplitude), Current("baselineAmplitude", c.Baseline));
        if (c.Baseline != 0)
            throw new InvalidInputException($"{at}.baseline is {Number(c.Baseline)}; NeuroML's pulseGenerator and sineGenerator are 0 outside their pulse (only a ramp has a baseline).");
        if (c.Waveform == CurrentWaveform.Sine)
            return new XElement(Ns + "sineGenerator", timing, new XAttribute("phase", Number(c.Phase)), Current("amplitude", c.Amplitude), new XAttribute("period", NeuroMlUnits.Format(c.PeriodMs, NeuroMlDimension.Time)));
        return new XElement(Ns + "pulseGenerator", timing, Current("amplitude", c.Amplitude));
    }

    /// <summary>The document as UTF-8 text (what <see cref="NeuroMlFile.Save"/> writes).</summary>
    public static string ToText(XDocument doc)
    {
        var builder = new StringBuilder();
        using (var writer = new Utf8StringWriter(builder)) doc.Save(writer);
        return builder.ToString() + "\n";
    }

    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }

    private static void Refuse(NetworkSpec spec)
    {
        if (spec.GradedProjections.Count > 0)
            throw new InvalidInputException("$.gradedProjections: NeuroML export does not write graded synapses (continuousProjection) yet; remove them to export.");
        for (int i = 0; i < spec.Populations.Count; i++)
        {
            string name = spec.Populations[i].Name;
            if (NmlId(name) != name)
                throw new InvalidInputException($"{SpecPath.Field(spec, "populations", i, ".name")}: '{name}' is not a NeuroML id (letters, digits and underscores, not starting with a digit); rename it to export.");
        }
        if (spec.Neurons.Count > 0)
            throw new InvalidInputException($"$.neurons: NeuroML export writes populations; make each single neuron a population of 1 ({spec.Neurons.Count} single neurons here).");
        for (int i = 0; i < spec.Projections.Count; i++)
        {
            var p = spec.Projections[i];
            string path = SpecPath.Field(spec, "projections", i, "");
            if (p.Stdp is not null || p.ShortTermPlasticity is not null || p.Normalization is not null)
                throw new InvalidInputException($"{path}: plasticity (stdp, shortTermPlasticity, normalization) has no NeuroML core counterpart; remove it to export.");
            var target = spec.Populations.First(x => x.Name == p.Target);
            if (Channels(target.Model) is null)
                throw new InvalidInputException($"{path}: its target '{p.Target}' is {NeuronModels.WithArticle(target.Model)} population, whose synapses are current-based; NeuroML export writes conductance synapses onto conductanceLif and izhikevich2007 populations only.");
        }
        for (int i = 0; i < spec.GapJunctions.Count; i++)
        {
            var g = spec.GapJunctions[i];
            if (g.Connectivity is not ExplicitConnectivity || (g.Connectivity is ExplicitConnectivity { Weights: null } && !g.Conductance.IsConstant))
                throw new InvalidInputException($"$.gapJunctions[{i}].connectivity: NeuroML export writes gap junctions listed pair by pair (rule explicit, with a constant conductance or listed weights).");
        }
        for (int i = 0; i < spec.Inputs.Count; i++)
        {
            if (spec.Inputs[i] is not (CurrentInputSpec or PoissonInputSpec))
                throw new InvalidInputException($"$.inputs[{i}]: a transmitter stimulus has no NeuroML counterpart.");
            if (spec.Inputs[i] is PoissonInputSpec poisson && spec.Populations.FirstOrDefault(x => x.Name == poisson.Target) is { } target && Channels(target.Model) is null)
                throw new InvalidInputException($"$.inputs[{i}]: a Poisson input into '{poisson.Target}', {NeuronModels.WithArticle(target.Model)} population, is current-based; NeuroML export writes Poisson inputs through the conductance channels of conductanceLif and izhikevich2007 populations only.");
        }
    }

    private static XElement Cell(PopulationSpec p, string id, string path)
    {
        var initial = p.Initial ?? new Dictionary<string, DistributionSpec>();
        switch (p.Model)
        {
            case ConductanceLifNeuronSpec { AdaptiveThreshold: null, Ports.Count: 0 } m:
            {
                // NeuroML starts an iafCell at its reset; the network must start there too.
                bool startsAtReset = initial.Count == 0 ? m.RestMv == m.ResetMv
                    : initial.Count == 1 && initial.TryGetValue("v", out var v) && v.Kind == DistributionKind.Constant && v.Value == m.ResetMv;
                if (!startsAtReset)
                    throw new InvalidInputException($"{path}.initial: a NeuroML iafCell starts at its reset ({Number(m.ResetMv)} mV); give \"initial\": {{\"v\": {Number(m.ResetMv)}}} and nothing else to export population '{p.Name}'.");
                var cell = new XElement(Ns + (m.RefractoryMs > 0 ? "iafRefCell" : "iafCell"), new XAttribute("id", id),
                    new XAttribute("leakReversal", NeuroMlUnits.Format(m.RestMv, NeuroMlDimension.Voltage)),
                    new XAttribute("thresh", NeuroMlUnits.Format(m.ThresholdMv, NeuroMlDimension.Voltage)),
                    new XAttribute("reset", NeuroMlUnits.Format(m.ResetMv, NeuroMlDimension.Voltage)),
                    new XAttribute("C", NeuroMlUnits.Format(m.TauMs, NeuroMlDimension.Capacitance)),
                    new XAttribute("leakConductance", "1nS"));
                if (m.RefractoryMs > 0) cell.Add(new XAttribute("refract", NeuroMlUnits.Format(m.RefractoryMs, NeuroMlDimension.Time)));
                return cell;
            }
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
            case AdExNeuronSpec m when initial.Count == 0 && !m.ConductanceInputs && m.RiseExcMs == 0 && m.RiseInhMs == 0:
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
            case PoissonSourceSpec { RatesHz: null } m:
                return new XElement(Ns + "spikeGeneratorPoisson", new XAttribute("id", id), new XAttribute("averageRate", NeuroMlUnits.Format(m.RateHz, NeuroMlDimension.Frequency)));
            default:
                throw new InvalidInputException($"{path}: population '{p.Name}' is {NeuronModels.WithArticle(p.Model)} population{(p.Initial is { Count: > 0 } ? " with initial values" : "")}; NeuroML export writes conductanceLif (no adaptive threshold, no synaptic ports), adex (no initial values, current inputs without rise times) and poisson (one rate) populations.");
        }
    }

    /// <summary>The two conductance channels (tau, rise, erev) of a model that has them, else null.</summary>
    private static ((double Tau, double Rise, double Erev) Exc, (double Tau, double Rise, double Erev) Inh)? Channels(NeuronModelSpec model) => model switch
    {
        ConductanceLifNeuronSpec m => ((m.TauExcMs, m.RiseExcMs, m.ExcReversalMv), (m.TauInhMs, m.RiseInhMs, m.InhReversalMv)),
        Izhikevich2007NeuronSpec m => ((m.TauExcMs, m.RiseExcMs, m.ExcReversalMv), (m.TauInhMs, m.RiseInhMs, m.InhReversalMv)),
        _ => null,
    };

    private static XElement Synapse((double Tau, double Rise, double Erev) channel, string id)
    {
        var (tau, rise, erev) = channel;
        var attributes = new List<XAttribute> { new("id", id), new("gbase", "1nS"), new("erev", NeuroMlUnits.Format(erev, NeuroMlDimension.Voltage)) };
        if (rise == 0) return new XElement(Ns + "expOneSynapse", attributes, new XAttribute("tauDecay", NeuroMlUnits.Format(tau, NeuroMlDimension.Time)));
        if (rise == tau) return new XElement(Ns + "alphaSynapse", attributes, new XAttribute("tau", NeuroMlUnits.Format(tau, NeuroMlDimension.Time)));
        return new XElement(Ns + "expTwoSynapse", attributes, new XAttribute("tauRise", NeuroMlUnits.Format(rise, NeuroMlDimension.Time)),
            new XAttribute("tauDecay", NeuroMlUnits.Format(tau, NeuroMlDimension.Time)));
    }

    /// <summary>
    /// The synapses of a projection, (source, target, weight, delay in ms): from the file where it lists
    /// them with constant or listed weights and delays (exact), else as the engine builds them from the seed
    /// (weights in float, delays in whole steps).
    /// </summary>
    internal static IEnumerable<(int Source, int Target, double Weight, double DelayMs)> Synapses(NetworkSpec spec, ProjectionSpec p, ulong seed, ref SpikingEngine? engine)
    {
        if (p.Connectivity is ExplicitConnectivity e && (e.Weights is not null || p.Weight.IsConstant) && (e.DelaysMs is not null || p.DelayMs.IsConstant))
        {
            double w = p.Weight.IsConstant ? ConstantOf(p.Weight) : 0, d = p.DelayMs.IsConstant ? ConstantOf(p.DelayMs) : 0;
            return Enumerable.Range(0, e.Sources.Count).Select(k => (e.Sources[k], e.Targets[k], e.Weights?[k] ?? w, e.DelaysMs?[k] ?? d)).ToList();
        }
        engine ??= new SpikingEngine(spec, new SimulationOptions { Seed = seed });
        var snapshot = engine.GetProjection(p.DisplayName);
        var list = new List<(int, int, double, double)>(snapshot.Targets.Length);
        for (int s = 0; s + 1 < snapshot.RowStart.Length; s++)
        {
            for (int k = snapshot.RowStart[s]; k < snapshot.RowStart[s + 1]; k++)
                list.Add((s, snapshot.Targets[k], snapshot.Weights[k], snapshot.DelaySteps[k] * spec.DtMs));
        }
        return list;
    }

    private static double ConstantOf(DistributionSpec d) => d.Kind switch
    {
        DistributionKind.Constant => d.Value,
        DistributionKind.Uniform => d.Low,
        _ => d.Mean,
    };

    private static XElement Property(string tag, string value) => new(Ns + "property", new XAttribute("tag", tag), new XAttribute("value", value));

    private static string CellId(string population) => NmlId(population + "_cell");

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A NeuroML id (letters, digits and underscores) from a name.</summary>
    private static string NmlId(string name)
    {
        var b = new StringBuilder(name.Length);
        foreach (char c in name) b.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        if (b.Length == 0 || char.IsAsciiDigit(b[0])) b.Insert(0, '_');
        return b.ToString();
    }
}
