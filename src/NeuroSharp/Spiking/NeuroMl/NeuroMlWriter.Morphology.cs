using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// hh populations with a morphology as NeuroML cells of several segments (docs/neuroml.md, "What is written"), the inverse of
/// NeuroMlReader.Morphology.cs: one segment per compartment (a cylinder, or a frustum from its proximal diameter), its parent, one
/// segmentGroup per compartment group (members) and "all", one channelDensity per channel on its group, specificCapacitance on
/// all and per group, resistivity, spikeThresh and initMembPotential on all, and each calcium pool on a group as a concentration model
/// and a species on that segmentGroup (its channels of ion ca written with ion="ca"). Segment ids are the compartments' names where those
/// are 0, 1, 2, ... (as the reader names them), else their indices (the names kept as the segments' name attributes).
/// </summary>
internal static partial class NeuroMlWriter
{
    /// <summary>The segment id of each compartment of a morphology.</summary>
    private static string[] SegmentIds(MorphologySpec morphology)
    {
        var names = morphology.Compartments.Select(c => c.Name).ToArray();
        bool numeric = names.All(n => n.Length > 0 && n.All(char.IsAsciiDigit) && (n == "0" || n[0] != '0'));
        return numeric ? names : [.. Enumerable.Range(0, names.Length).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static IEnumerable<XElement> MultiCompartmentCell(PopulationSpec p, HodgkinHuxleyNeuronSpec m, string id, string path)
    {
        var morphology = m.Morphology!;
        string at = $"{path}.params.morphology";
        if (m.Concentrations.Count > 0)
            throw new InvalidInputException($"{path}.params.concentrations: a cell of several segments with a concentration pool is not read back from NeuroML (the reader takes pools on one-segment cells only); remove the pool or the morphology to export.");
        if (morphology.InputCompartment is { } input && input != morphology.Compartments[0].Name)
            throw new InvalidInputException($"{at}.inputCompartment is '{input}'; NeuroML's inputs as NeuroSharp reads them reach the root segment, so export only with the root as input compartment.");
        string[] ids = SegmentIds(morphology);
        string spikeAt = morphology.SpikeCompartment ?? morphology.Compartments[0].Name;
        if (ids[morphology.IndexOf(spikeAt)] != "0")
            throw new InvalidInputException($"{at}.spikeCompartment is '{spikeAt}'; NeuroML tests spikeThresh at segment 0, which is compartment '{morphology.Compartments[Array.IndexOf(ids, "0") is >= 0 and var z ? z : 0].Name}' here, so export with that one as the spike compartment.");
        if (morphology.Densities.Count != m.Channels.Count || morphology.Densities.Where((d, k) => d.Channel != m.Channels[k].Name || d.ConductanceMsPerCm2 != m.Channels[k].ConductanceNs).Any())
            throw new InvalidInputException($"{at}.densities: NeuroML's channelDensity is one channel on one group, so export needs one density per channel, in the channels' order, equal to the channel's conductanceNs (as the reader writes them).");

        var components = new List<XElement>();
        var segments = new XElement(Ns + "morphology", new XAttribute("id", id + "_morphology"));
        var distalX = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int k = 0; k < morphology.Compartments.Count; k++)
        {
            var c = morphology.Compartments[k];
            var segment = new XElement(Ns + "segment", new XAttribute("id", ids[k]), new XAttribute("name", NmlId(c.Name)));
            if (c.Parent is { } parent)
            {
                segment.Add(new XElement(Ns + "parent", new XAttribute("segment", ids[morphology.IndexOf(parent)]),
                    c.FractionAlongParent is { } f ? new XAttribute("fractionAlong", f) : null));
            }
            // Along x from the parent's distal end, where the difference gives the length back exactly; else from 0.
            double start = c.Parent is { } pa ? distalX[pa] : 0;
            if ((start + c.LengthUm) - start != c.LengthUm) start = 0;
            segment.Add(Point("proximal", start, c.StartDiameterUm), Point("distal", start + c.LengthUm, c.DiameterUm));
            distalX[c.Name] = start + c.LengthUm;
            segments.Add(segment);
        }
        XElement Group(string name, IEnumerable<string> members) =>
            new(Ns + "segmentGroup", new XAttribute("id", name), members.Select(s => new XElement(Ns + "member", new XAttribute("segment", ids[morphology.IndexOf(s)]))));
        foreach (var g in morphology.Groups)
        {
            if (NmlId(g.Name) != g.Name) throw new InvalidInputException($"{at}.groups: '{g.Name}' is not a NeuroML id; rename the group to export.");
            segments.Add(Group(g.Name, g.Compartments));
        }
        segments.Add(Group(MorphologySpec.AllGroup, morphology.Compartments.Select(c => c.Name)));

        var membrane = new XElement(Ns + "membraneProperties");
        for (int k = 0; k < m.Channels.Count; k++)
        {
            var c = m.Channels[k];
            string channelAt = $"{path}.params.channels[{k}]";
            if (NmlId(c.Name) != c.Name)
                throw new InvalidInputException($"{channelAt}.name: '{c.Name}' is not a NeuroML id (letters, digits and underscores, not starting with a digit); rename the channel to export.");
            if (c.Reversal != ReversalKind.Fixed)
                throw new InvalidInputException($"{channelAt}.reversal is {SpecPath.Camel(c.Reversal.ToString())}; NeuroSharp writes Nernst and GHK channels for one-segment cells only, so a cell of several segments exports with fixed reversals.");
            string channelId = NmlId($"{id}_{c.Name}");
            components.AddRange(IonChannel(c, channelId, channelAt, withConductance: false));
            // The reader takes condDensity (S/m^2) / 10 as mS/cm^2.
            double density = Exact(c.ConductanceNs, x => x / 10 * 1, c.ConductanceNs * 10);
            var element = new XElement(Ns + "channelDensity", new XAttribute("id", c.Name), new XAttribute("ionChannel", channelId),
                new XAttribute("condDensity", NeuroMlUnits.Format(density, NeuroMlDimension.ConductanceDensity)), new XAttribute("erev", NeuroMlUnits.Format(c.ReversalMv, NeuroMlDimension.Voltage)),
                new XAttribute("ion", c.Ion is { } ion && m.Pools.Any(x => x.Ion == ion) ? ion : "non_specific"));
            string group = morphology.Densities[k].Group;
            if (group != MorphologySpec.AllGroup) element.Add(new XAttribute("segmentGroup", group));
            membrane.Add(element);
        }
        membrane.Add(new XElement(Ns + "spikeThresh", new XAttribute("value", NeuroMlUnits.Format(m.SpikeThresholdMv, NeuroMlDimension.Voltage))));
        XElement Capacitance(double ufPerCm2, string group)
        {
            double value = Exact(ufPerCm2, x => x * 100, ufPerCm2 / 100);
            var e = new XElement(Ns + "specificCapacitance", new XAttribute("value", NeuroMlUnits.Format(value, NeuroMlDimension.SpecificCapacitance)));
            if (group != MorphologySpec.AllGroup) e.Add(new XAttribute("segmentGroup", group));
            return e;
        }
        membrane.Add(Capacitance(morphology.SpecificCapacitanceUfPerCm2, MorphologySpec.AllGroup));
        for (int k = 0; k < morphology.Capacitances.Count; k++)
            membrane.Add(Capacitance(morphology.Capacitances[k].UfPerCm2, morphology.Capacitances[k].Group));
        membrane.Add(new XElement(Ns + "initMembPotential", new XAttribute("value", NeuroMlUnits.Format(m.InitialMv, NeuroMlDimension.Voltage))));
        double resistivity = Exact(morphology.AxialResistivityOhmCm, x => x * 100, morphology.AxialResistivityOhmCm / 100);
        var intracellular = new XElement(Ns + "intracellularProperties");
        // Each pool on a group: its concentration model and a species on that segmentGroup (docs/spiking-multicompartment.md).
        for (int k = 0; k < morphology.Concentrations.Count; k++)
        {
            var placed = morphology.Concentrations[k];
            string poolAt = $"{at}.concentrations[{k}]";
            if (placed.Pool.Ion != "ca" || placed.Pool.Valence != 2)
                throw new InvalidInputException($"{poolAt} is a pool of ion '{placed.Pool.Ion}' (valence {placed.Pool.Valence}); NeuroML's concentration models are fed by the calcium current iCa (ion \"ca\", valence 2).");
            string model = NmlId($"{id}_pool{k}");
            components.Add(ConcentrationModel(placed.Pool, model, placed.Pool.AreaUm2, poolAt));
            var species = Species(placed.Pool, model);
            species.SetAttributeValue("id", k == 0 ? placed.Pool.Ion : $"{placed.Pool.Ion}{k}");
            if (placed.Group != MorphologySpec.AllGroup) species.Add(new XAttribute("segmentGroup", placed.Group));
            intracellular.Add(species);
        }
        intracellular.Add(new XElement(Ns + "resistivity", new XAttribute("value", NeuroMlUnits.Format(resistivity, NeuroMlDimension.Resistivity))));
        components.Add(new XElement(Ns + "cell", new XAttribute("id", id), segments,
            new XElement(Ns + "biophysicalProperties", new XAttribute("id", id + "_biophys"), membrane, intracellular)));
        return components;
    }
}
