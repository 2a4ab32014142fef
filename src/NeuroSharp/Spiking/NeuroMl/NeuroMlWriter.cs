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
/// spikeGeneratorPoisson, spike-time sources as spikeArray, short-term plasticity as blockingPlasticSynapse,
/// gap junctions, pulse and Poisson inputs. What NeuroML cannot say (STDP, transmitter neurons, Izhikevich
/// synapses) is refused with the JSON path.
/// </summary>
internal static partial class NeuroMlWriter
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
        if (NetworkTemperature(spec) is { } celsius)
        {
            // The reader keeps (value + 273.15) - 273.15 for degC (the XSD's unit) and value - 273.15 for K: a number that comes back as
            // the engine's where one exists (a temperature read from NeuroML always has one), else the nearest degC (within an ulp).
            string text = Preimage(celsius, x => x + 273.15 - 273.15, celsius) is { } exact ? Number(exact) + "degC"
                : Preimage(celsius, x => x - 273.15, celsius + 273.15) is { } kelvin ? Number(kelvin) + "K" : Number(celsius) + "degC";
            net.Add(new XAttribute("type", "networkWithTemperature"), new XAttribute("temperature", text));
        }
        net.Add(Property("recommended_dt_ms", Number(spec.DtMs)));
        if (spec.DurationMs is { } duration) net.Add(Property("recommended_duration_ms", Number(duration)));

        var channels = new Dictionary<(string Population, Receptor Receptor), string>();
        var ports = new Dictionary<(string Population, int Port), string>();
        for (int i = 0; i < spec.Populations.Count; i++)
        {
            var p = spec.Populations[i];
            string cell = CellId(p.Name);
            bool receives = spec.Projections.Any(x => x.Target == p.Name) || spec.Inputs.Any(x => x.Target == p.Name) || spec.GradedProjections.Any(x => x.Target == p.Name)
                || spec.GapJunctions.Any(x => x.Target == p.Name || x.Source == p.Name);
            root.Add(Cells(p, cell, $"$.populations[{i}]", receives, spec.DtMs));
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
            else if (p.Model is LifNeuronSpec lif)
            {
                // The current-based lif's alpha channels as alphaCurrentSynapses (ibase +-1 pA; weights pass unchanged through g_L 1 nS).
                foreach (var (receptor, tau, rise) in new[] { (Receptor.Excitatory, lif.TauExcMs, lif.RiseExcMs), (Receptor.Inhibitory, lif.TauInhMs, lif.RiseInhMs) })
                {
                    if (rise != tau) continue;
                    string id = NmlId($"{p.Name}_{(receptor == Receptor.Excitatory ? "exc" : "inh")}_syn");
                    channels[(p.Name, receptor)] = id;
                    root.Add(new XElement(Ns + "alphaCurrentSynapse", new XAttribute("id", id), new XAttribute("tau", NeuroMlUnits.Format(tau, NeuroMlDimension.Time)),
                        new XAttribute("ibase", receptor == Receptor.Excitatory ? "1pA" : "-1pA")));
                    population.Add(Property(receptor == Receptor.Excitatory ? NeuroMlReader.ExcitatoryTag : NeuroMlReader.InhibitoryTag, id));
                }
            }
            if (PortsOf(p.Model) is { Count: > 0 } withPorts)
            {
                var listed = new List<string>();
                for (int k = 0; k < withPorts.Count; k++)
                {
                    var port = withPorts[k];
                    string id = NmlId($"{p.Name}_{port.Name}");
                    ports[(p.Name, k + 1)] = id;
                    root.Add(PortSynapse(port, id));
                    listed.Add($"{id}:{port.Name}");
                }
                population.Add(Property(NeuroMlReader.PortsTag, string.Join(' ', listed)));
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
            string synapse = p.Port > 0 ? ports[(p.Target, p.Port)] : channels[(p.Target, p.Receptor)];
            if (p.ShortTermPlasticity is { } stp)
            {
                // Short-term plasticity: the projection's own blockingPlasticSynapse, the target channel's or port's dynamics with a Tsodyks-Markram mechanism.
                synapse = NmlId(p.DisplayName + "_stp");
                root.Add(PlasticSynapse(spec, p, stp, synapse));
            }
            var projection = new XElement(Ns + "projection", new XAttribute("id", NmlId(p.DisplayName)),
                new XAttribute("presynapticPopulation", p.Source), new XAttribute("postsynapticPopulation", p.Target),
                new XAttribute("synapse", synapse));
            // A projection onto a compartment of a multi-compartment cell: its segment (NeuroMlWriter.Morphology.cs).
            string? segment = p.Compartment is { } compartment && spec.Populations.First(x => x.Name == p.Target).Model is HodgkinHuxleyNeuronSpec { Morphology: { } morphology }
                ? SegmentIds(morphology)[morphology.IndexOf(compartment)] : null;
            double scale = p.Port > 0 ? WeightScale(PortsOf(spec.Populations.First(x => x.Name == p.Target).Model)[p.Port - 1]) : 1;
            foreach (var (k, (source, target, weight, delay)) in Synapses(spec, p, seed, ref engine).Select((s, k) => (k, s)))
            {
                projection.Add(new XElement(Ns + "connectionWD", new XAttribute("id", k),
                    new XAttribute("preCellId", $"../{p.Source}/{source}/{cells[p.Source]}"), new XAttribute("postCellId", $"../{p.Target}/{target}/{cells[p.Target]}"),
                    segment is null ? null : new XAttribute("postSegmentId", segment),
                    new XAttribute("weight", Number(WrittenWeight(weight, scale))), new XAttribute("delay", NeuroMlUnits.Format(delay, NeuroMlDimension.Time))));
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
        for (int i = 0; i < spec.GradedProjections.Count; i++) GradedProjection(spec, i, root, net, cells);
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
                    // PyNN's HH_cond_exp takes its currents in nA: the reader gives it a leak of 1000 (NeuroMlReader.Abstract.cs).
                    bool nanoamperes = target.Model is EquationsNeuronSpec equations && AbstractCell(equations, id) is { Name.LocalName: "HH_cond_exp" };
                    root.Add(CurrentGenerator(c, id, $"$.inputs[{i}]", target.Model is IzhikevichNeuronSpec, nanoamperes ? 1000 : 1));
                    break;
                case PoissonInputSpec p:
                    // n independent trains of rate r through one synapse are one train of rate n r (superposition).
                    string synapse = p.Port > 0 ? ports[(p.Target, p.Port)] : channels[(p.Target, p.Receptor)];
                    var rate = new XAttribute("averageRate", NeuroMlUnits.Format(p.RateHz * p.SourceCount, NeuroMlDimension.Frequency));
                    var through = new object[] { new XAttribute("synapse", synapse), new XAttribute("spikeTarget", "./" + synapse) };
                    if (p.StartMs == 0 && p.StopMs is null) root.Add(new XElement(Ns + "poissonFiringSynapse", new XAttribute("id", id), rate, through));
                    else
                    {
                        // The reader's window ends at delay + duration: the duration whose sum is the engine's stopMs again.
                        double length = p.StopMs is { } end ? Exact(end, d => p.StartMs + d, end - p.StartMs) : NeuroMlReader.EndlessMs;
                        root.Add(new XElement(Ns + "transientPoissonFiringSynapse", new XAttribute("id", id), rate, new XAttribute("delay", NeuroMlUnits.Format(p.StartMs, NeuroMlDimension.Time)),
                            new XAttribute("duration", NeuroMlUnits.Format(length, NeuroMlDimension.Time)), through));
                    }
                    weight = WrittenWeight(p.Weight, p.Port > 0 ? WeightScale(PortsOf(target.Model)[p.Port - 1]) : 1);
                    break;
                case VoltageClampSpec v:
                    root.Add(Clamp(v, id, $"$.inputs[{i}]"));
                    break;
            }
            // An input onto a compartment other than the cell's input compartment names its segment (the reader's segmentId).
            string? compartment = input switch { CurrentInputSpec c => c.Compartment, PoissonInputSpec p => p.Compartment, _ => null };
            string? segment = compartment is not null && target.Model is HodgkinHuxleyNeuronSpec { Morphology: { } morphology }
                ? SegmentIds(morphology)[morphology.IndexOf(compartment)] : null;
            var list = new XElement(Ns + "inputList", new XAttribute("id", id + "_list"), new XAttribute("population", input.Target), new XAttribute("component", id));
            for (int k = 0; k < indices.Count; k++)
            {
                var element = new XElement(Ns + (weight == 1 ? "input" : "inputW"), new XAttribute("id", k),
                    new XAttribute("target", $"../{input.Target}/{indices[k]}/{cells[input.Target]}"), new XAttribute("destination", "synapses"));
                if (weight != 1) element.Add(new XAttribute("weight", Number(weight)));
                if (segment is not null) element.Add(new XAttribute("segmentId", segment));
                list.Add(element);
            }
            net.Add(list);
        }
        root.Add(net);
        // NeuroML's XSD lists the document's elements in a fixed order (NeuroMLDocument's sequence): keep each kind's order, kinds in the XSD's.
        var ordered = root.Elements().OrderBy(e => DocumentOrder.IndexOf(e.Name.LocalName) is >= 0 and int k ? k : DocumentOrder.IndexOf("gradedSynapse")).ToList();
        root.RemoveNodes();
        root.Add(ordered);
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root);
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

    /// <summary>The order of NeuroMLDocument's elements in the NeuroML 2.3.1 XSD (the ones the writer writes, and c302's gradedSynapse2 beside gradedSynapse).</summary>
    private static readonly List<string> DocumentOrder =
    [
        "notes", "property", "annotation", "include", "intracellularProperties", "morphology", "ionChannel", "ionChannelHH", "ionChannelKS",
        "decayingPoolConcentrationModel", "fixedFactorConcentrationModel", "alphaCurrentSynapse", "alphaSynapse", "expOneSynapse", "expTwoSynapse",
        "expThreeSynapse", "blockingPlasticSynapse", "doubleSynapse", "gapJunction", "silentSynapse", "linearGradedSynapse", "gradedSynapse",
        "biophysicalProperties", "cell", "iafTauCell", "iafTauRefCell", "iafCell", "iafRefCell", "izhikevichCell", "izhikevich2007Cell", "adExIaFCell",
        "fitzHughNagumoCell", "fitzHughNagumo1969Cell", "pinskyRinzelCA3Cell", "hindmarshRose1984Cell",
        "pulseGenerator", "pulseGeneratorDL", "sineGenerator", "sineGeneratorDL", "rampGenerator", "rampGeneratorDL", "voltageClamp", "voltageClampTriple",
        "spikeArray", "spikeGenerator", "spikeGeneratorRandom", "spikeGeneratorPoisson", "spikeGeneratorRefPoisson", "poissonFiringSynapse", "transientPoissonFiringSynapse", "IF_curr_alpha", "IF_curr_exp", "IF_cond_alpha", "IF_cond_exp",
        "EIF_cond_exp_isfa_ista", "EIF_cond_alpha_isfa_ista", "HH_cond_exp", "expCondSynapse", "alphaCondSynapse", "expCurrSynapse", "alphaCurrSynapse", "SpikeSourcePoisson",
        "network", "ComponentType",
    ];

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
