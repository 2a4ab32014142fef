using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// A NeuroML <c>&lt;cell&gt;</c> of more than one segment read onto the engine's morphology (docs/neuroml.md, "cell: several
/// segments"; docs/spiking-multicompartment.md): one compartment per segment, named by the segment's id.
/// </summary>
internal sealed partial class NeuroMlReader
{
    /// <summary>
    /// The multi-compartment cell: segments (a frustum from the proximal diameter to the distal one, of the length from proximal to
    /// distal point, a cylinder where the two diameters are equal; hung at the parent's fractionAlong, 1 by default: its distal end;
    /// without a proximal point the segment starts at that point of its parent, its diameter there; a segment of length 0 is a sphere of its distal diameter, read as a cylinder as long as it is wide, which
    /// has the sphere's area pi d^2, and is refused where its two diameters differ),
    /// segment groups (member and include), channelDensity and specificCapacitance per group, resistivity, spikeThresh (tested at
    /// segment 0, the soma, as NeuroML does) and initMembPotential.
    /// </summary>
    private NmlConductanceCell MultiCompartmentCell(XElement e, XElement morphology, XElement bio, List<XElement> segments)
    {
        foreach (var x in morphology.Elements())
        {
            if (x.Name.LocalName is not ("segment" or "segmentGroup" or "notes" or "annotation" or "property"))
                throw Fail(x, $"is <{x.Name.LocalName}>, which NeuroSharp does not read in a morphology (segment, segmentGroup).");
        }
        var compartments = new List<CompartmentSpec>();
        var distals = new Dictionary<string, (double X, double Y, double Z, double D)>(StringComparer.Ordinal);
        var proximals = new Dictionary<string, (double X, double Y, double Z, double D)>(StringComparer.Ordinal);
        static (double X, double Y, double Z, double D) Along((double X, double Y, double Z, double D) a, (double X, double Y, double Z, double D) b, double f) =>
            f == 1 ? b : (a.X + f * (b.X - a.X), a.Y + f * (b.Y - a.Y), a.Z + f * (b.Z - a.Z), a.D + f * (b.D - a.D));
        foreach (var segment in segments)
        {
            string id = (string?)segment.Attribute("id") ?? throw Fail(segment, "has no id.");
            if (distals.ContainsKey(id)) throw Fail(segment, $"has id '{id}', which another segment of the cell uses.");
            string? parent = null;
            double? fraction = null;
            foreach (var x in segment.Elements())
            {
                if (x.Name.LocalName is not ("proximal" or "distal" or "parent" or "notes" or "annotation" or "property"))
                    throw Fail(x, $"is <{x.Name.LocalName}>, which a segment does not have (parent, proximal, distal).");
                if (x.Name.LocalName == "parent")
                {
                    parent = Text(x, "segment");
                    if (!distals.ContainsKey(parent))
                        throw Fail(x, $"@segment is '{parent}', which is not a segment listed before this one; NeuroSharp reads each parent before its children.");
                    if (x.Attribute("fractionAlong") is not null)
                    {
                        double f = Quantity(x, "fractionAlong", NeuroMlDimension.None);
                        if (!(f >= 0 && f <= 1)) throw Fail(x, $"@fractionAlong is {f}; a point along the parent is between 0 (its proximal end) and 1 (its distal end).");
                        if (f != 1) fraction = f;
                    }
                }
            }
            if (parent is null && compartments.Count > 0)
                throw Fail(segment, $"has no parent, but segment '{compartments[0].Name}' is the cell's root; a cell is one tree (give this segment a <parent>).");
            var distal = segment.Elements().FirstOrDefault(x => x.Name.LocalName == "distal") ?? throw Fail(segment, "has no distal point.");
            var proximal = segment.Elements().FirstOrDefault(x => x.Name.LocalName == "proximal");
            (double X, double Y, double Z, double D) Point(XElement p) => (Quantity(p, "x", NeuroMlDimension.None), Quantity(p, "y", NeuroMlDimension.None),
                Quantity(p, "z", NeuroMlDimension.None), Positive(p, "diameter", NeuroMlDimension.None));
            var end = Point(distal);
            // Without a proximal point the segment starts at the point fractionAlong its parent (1, the default: the parent's distal
            // point and diameter; 0: its proximal one), d and the position linear between the two.
            var start = proximal is not null ? Point(proximal)
                : parent is not null ? Along(proximals[parent], distals[parent], fraction ?? 1)
                : throw Fail(segment, "has no proximal point; the root segment needs both ends.");
            double d = end.D;
            double dx = end.X - start.X, dy = end.Y - start.Y, dz = end.Z - start.Z;
            double length = Math.Sqrt(dx * dx + dy * dy + dz * dz);
            if (length == 0 && start.D != d)
                throw Fail(segment, $"has length 0 and two diameters ({start.D} and {d} um); NeuroSharp reads a segment of length 0 as a sphere of one diameter.");
            compartments.Add(new CompartmentSpec(id, parent, length == 0 ? d : length, d) { ProximalDiameterUm = start.D == d ? null : start.D, FractionAlongParent = fraction });
            distals[id] = end;
            proximals[id] = start;
        }

        var groups = MorphologyGroups(morphology, compartments);
        string Group(XElement x)
        {
            if ((string?)x.Attribute("segment") is { } one)
                throw Fail(x, $"@segment is '{one}'; NeuroSharp places values on a cell of several segments by segmentGroup (put segment {one} in a group of its own).");
            string group = (string?)x.Attribute("segmentGroup") ?? MorphologySpec.AllGroup;
            if (group != MorphologySpec.AllGroup && !groups.Exists(g => g.Name == group))
                throw Fail(x, $"@segmentGroup is '{group}', which is not a segmentGroup of the cell's morphology ({string.Join(", ", groups.Select(g => g.Name).Prepend(MorphologySpec.AllGroup))}).");
            return group;
        }

        double? allCapacitance = null, resistivity = null, threshold = null, initial = null;
        var capacitances = new List<SpecificCapacitanceSpec>();
        var channels = new List<IonChannelSpec>();
        var sources = new List<(XElement Element, string? Ion)>();
        var densities = new List<ChannelDensitySpec>();
        var pools = new List<CompartmentConcentrationSpec>();
        string root = compartments[0].Name;
        foreach (var part in bio.Elements())
        {
            switch (part.Name.LocalName)
            {
                case "membraneProperties":
                    foreach (var x in part.Elements())
                    {
                        string name = x.Name.LocalName;
                        switch (name)
                        {
                            case "notes" or "annotation" or "property":
                                break;
                            case "channelDensity":
                            {
                                string group = Group(x);
                                var channel = ChannelOf(x);
                                // S/m^2 / 10 is mS/cm^2; each engine channel's conductanceNs carries its density (with q10 and fraction).
                                double density = NonNegative(x, "condDensity", NeuroMlDimension.ConductanceDensity) / 10;
                                foreach (var c in CellChannels(x, channel, density))
                                {
                                    channels.Add(c);
                                    sources.Add((x, (string?)x.Attribute("ion")));
                                    densities.Add(new ChannelDensitySpec(c.Name, group, c.ConductanceNs));
                                }
                                break;
                            }
                            case "channelDensityNernst" or "channelDensityGHK2":
                            {
                                // A calcium channel whose E or current comes from each compartment's pool; an area of 100 um^2 makes
                                // ConcentrationChannel's conductance (S/m^2 x um^2 / 1000, in nS) the density in mS/cm^2 (S/m^2 / 10).
                                string group = Group(x);
                                var c = ConcentrationChannel(x, name, 100);
                                channels.Add(c);
                                sources.Add((x, "ca"));
                                densities.Add(new ChannelDensitySpec(c.Name, group, c.ConductanceNs));
                                break;
                            }
                            case "channelPopulation":
                            {
                                // number x the channel's conductance on one segment: a density of 100 N g / A mS/cm^2 (nS / um^2 x 100)
                                // on a group of that segment alone (docs/neuroml.md, "cell: several segments").
                                int k;
                                string group;
                                if ((string?)x.Attribute("segment") is { } one)
                                {
                                    if (x.Attribute("segmentGroup") is not null) throw Fail(x, "has both segment and segmentGroup; a channelPopulation is placed on one segment.");
                                    k = compartments.FindIndex(c => c.Name == one);
                                    if (k < 0) throw Fail(x, $"@segment is '{one}', which is not a segment of the cell.");
                                    group = groups.Find(g => g.Compartments.Count == 1 && g.Compartments[0] == one)?.Name ?? SegmentGroup(groups, one);
                                }
                                else
                                {
                                    group = Group(x);
                                    var members = group == MorphologySpec.AllGroup ? [.. compartments.Select(c => c.Name)] : groups.First(g => g.Name == group).Compartments;
                                    if (members.Count != 1)
                                        throw Fail(x, $"@segmentGroup is '{group}', which holds {members.Count} segments; NeuroSharp places a channelPopulation (a number of channels, not a density) on one segment (give it segment=\"ID\" or a group of one segment).");
                                    k = compartments.FindIndex(c => c.Name == members[0]);
                                }
                                foreach (var c in ChannelPopulation(x))
                                {
                                    double density = 100 * c.ConductanceNs / compartments[k].AreaUm2;
                                    channels.Add(c with { ConductanceNs = density });
                                    sources.Add((x, (string?)x.Attribute("ion")));
                                    densities.Add(new ChannelDensitySpec(c.Name, group, density));
                                }
                                break;
                            }
                            case "channelDensityGHK":
                                throw Fail(x, "is a channelDensityGHK, whose permeability per area NeuroSharp places on one-segment cells only; on a cell of several segments use channelDensityGHK2 or channelDensityNernst (docs/neuroml.md).");
                            case "specificCapacitance":
                            {
                                string group = Group(x);
                                double value = Positive(x, "value", NeuroMlDimension.SpecificCapacitance) * 100; // F/m^2 x 100 is uF/cm^2
                                if (group == MorphologySpec.AllGroup)
                                {
                                    if (allCapacitance is not null) throw Fail(x, "is a second specificCapacitance on all segments.");
                                    allCapacitance = value;
                                }
                                else capacitances.Add(new SpecificCapacitanceSpec(group, value));
                                break;
                            }
                            case "spikeThresh":
                                if (threshold is not null) throw Fail(x, "is a second spikeThresh.");
                                CoversSoma(x, Group(x), groups, root);
                                threshold = Quantity(x, "value", NeuroMlDimension.Voltage);
                                break;
                            case "initMembPotential":
                                if (initial is not null) throw Fail(x, "is a second initMembPotential.");
                                if (Group(x) != MorphologySpec.AllGroup)
                                    throw Fail(x, $"@segmentGroup is '{(string?)x.Attribute("segmentGroup")}'; NeuroSharp starts every compartment of a cell at one initMembPotential (on all).");
                                initial = Quantity(x, "value", NeuroMlDimension.Voltage);
                                break;
                            default:
                                throw Fail(x, $"is <{name}>, which NeuroSharp does not read on a cell of several segments (channelDensity, channelPopulation, channelDensityNernst, channelDensityGHK2, specificCapacitance, spikeThresh, initMembPotential; docs/neuroml.md).");
                        }
                    }
                    break;
                case "intracellularProperties":
                    foreach (var x in part.Elements())
                    {
                        switch (x.Name.LocalName)
                        {
                            case "resistivity":
                                if (resistivity is not null) throw Fail(x, "is a second resistivity; NeuroSharp's morphology has one axial resistivity.");
                                if (Group(x) != MorphologySpec.AllGroup)
                                    throw Fail(x, $"@segmentGroup is '{(string?)x.Attribute("segmentGroup")}'; NeuroSharp's morphology has one axial resistivity, on all segments.");
                                resistivity = Positive(x, "value", NeuroMlDimension.Resistivity) * 100; // ohm m x 100 is ohm cm
                                break;
                            case "species":
                            {
                                // A pool in each segment of the group, on that segment's area (docs/spiking-multicompartment.md).
                                string group = Group(x);
                                var members = group == MorphologySpec.AllGroup ? compartments : [.. groups.First(g => g.Name == group).Compartments.Select(n => compartments.First(c => c.Name == n))];
                                double smallest = members.Count == 0 ? new ConcentrationPoolSpec().AreaUm2 : members.Min(c => c.AreaUm2);
                                var pool = SpeciesPool(x, smallest) with { AreaUm2 = new ConcentrationPoolSpec().AreaUm2 };
                                var placed = new CompartmentConcentrationSpec(group, pool);
                                if (pools.Find(p => p.Pool.Ion == pool.Ion && new MorphologySpec { Compartments = compartments, Groups = groups }.Members(p.Group).Intersect(members.Select(c => compartments.IndexOf(c))).Any()) is { } other)
                                    throw Fail(x, $"is a second species of ion '{pool.Ion}' on segments of segmentGroup '{other.Group}'; a segment has one pool per ion.");
                                if (pools.Find(p => p.Pool.Ion == pool.Ion) is { } first && (first.Pool.ExternalMm != pool.ExternalMm))
                                    throw Fail(x, $"@initialExtConcentration differs from that of the species on segmentGroup '{first.Group}'; NeuroSharp's pools of one ion share the external concentration.");
                                pools.Add(placed);
                                break;
                            }
                            case "notes" or "annotation" or "property":
                                break;
                            default:
                                throw Fail(x, $"is <{x.Name.LocalName}>, which NeuroSharp does not read on a cell of several segments (resistivity, species).");
                        }
                    }
                    break;
                case "notes" or "annotation" or "property":
                    break;
                default:
                    throw Fail(part, $"is <{part.Name.LocalName}>, which NeuroSharp does not read in biophysicalProperties (membraneProperties, intracellularProperties).");
            }
        }
        var membrane = bio.Elements().FirstOrDefault(x => x.Name.LocalName == "membraneProperties") ?? throw Fail(bio, "has no membraneProperties.");
        if (allCapacitance is null && capacitances.Count == 0) throw Fail(membrane, "has no specificCapacitance; each compartment's capacitance is specificCapacitance x its area.");
        if (threshold is null) throw Fail(membrane, "has no spikeThresh; NeuroML's cell spikes when v at segment 0 crosses it upwards.");
        if (initial is null) throw Fail(membrane, "has no initMembPotential; NeuroML's cell starts there.");
        if (resistivity is null)
        {
            var intra = bio.Elements().FirstOrDefault(x => x.Name.LocalName == "intracellularProperties") ?? bio;
            throw Fail(intra, "has no resistivity; a cell of several segments needs the axial resistivity that couples them.");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in channels)
        {
            if (!names.Add(c.Name)) throw Fail(membrane, $"has two channels with id '{c.Name}'.");
        }
        channels = WithIons(channels, sources, CompartmentPools.Ions(new MorphologySpec { Concentrations = pools }));
        var segmentIds = compartments.Select(c => c.Name).ToList();
        var (divided, dividedGroups, pieces) = Divide(morphology, compartments, groups);
        var spec = new MorphologySpec
        {
            Compartments = divided, Groups = dividedGroups, Densities = densities, Concentrations = pools,
            SpecificCapacitanceUfPerCm2 = allCapacitance ?? new MorphologySpec().SpecificCapacitanceUfPerCm2, Capacitances = capacitances,
            AxialResistivityOhmCm = resistivity.Value,
            SpikeCompartment = compartments.Exists(c => c.Name == "0") ? "0" : null,
        };
        double area = divided.Sum(c => c.AreaUm2);
        // The cell's capacitancePf is not used with a morphology; it is the whole membrane's, for display.
        double capacitancePf = divided.Select((c, k) => CapacitanceOf(spec, k) * c.AreaUm2 / 100).Sum();
        return new NmlConductanceCell(area, capacitancePf, threshold.Value, initial.Value, channels) { Opens = OpensIn(bio), Morphology = spec, Segments = segmentIds, Pieces = pieces };
    }

    /// <summary>NeuroLex's "unbranched, non-overlapping segment group": a group jNeuroML_NEURON makes one NEURON section of.</summary>
    internal const string UnbranchedSection = "sao864921383";

    /// <summary>
    /// The compartments cut as jNeuroML_NEURON cuts each section (docs/neuroml.md, "numberInternalDivisions"): a segmentGroup marked
    /// <see cref="UnbranchedSection"/> with <c>&lt;property tag="numberInternalDivisions" value="N"/&gt;</c> is one NEURON section of
    /// nseg N, N pieces of equal length along the group. Here segment s of the group (length L_s, the group's L) becomes n_s pieces of
    /// L_s / n_s, n_s = B_s - B_(s-1) with B_s = round(N x (the length up to s's distal end) / L), at least 1: NEURON's pieces exactly
    /// where N L_s / L is whole for each segment (Ex25: 9 over 10 + 20 um, 3 and 6). A piece's diameters are those of its two ends along
    /// the segment's taper. The piece holding the segment's middle keeps the segment's id (what a LEMS record of the segment reads, as
    /// NEURON reads the node at the middle), the others take new ids after the cell's largest, in the file's order (so that written
    /// back to NeuroML they keep their names: Ex25's segment 3 is 6, 7, 8, 3, 9, 10). Each group holds the
    /// pieces of its segments; a child hung at its parent's end hangs at the end piece, at 0 &lt; fractionAlong &lt; 1 at the centre of
    /// the piece holding that point (NEURON's node there).
    /// </summary>
    /// <returns>The compartments, the groups, and each divided segment's pieces (null where no segment is divided).</returns>
    private (List<CompartmentSpec> Compartments, List<CompartmentGroupSpec> Groups, Dictionary<string, IReadOnlyList<string>>? Pieces) Divide(
        XElement morphology, List<CompartmentSpec> compartments, List<CompartmentGroupSpec> groups)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var dividedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        var byName = compartments.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var g in morphology.Elements().Where(x => x.Name.LocalName == "segmentGroup"))
        {
            string id = Id(g);
            if (Divisions(g, id) is not { } n || (string?)g.Attribute("neuroLexId") != UnbranchedSection || n == 1) continue;
            IReadOnlyList<string> members = id == MorphologySpec.AllGroup ? [.. compartments.Select(c => c.Name)] : groups.First(x => x.Name == id).Compartments;
            for (int k = 1; k < members.Count; k++)
            {
                if (byName[members[k]].Parent != members[k - 1])
                    throw Fail(g, $"is an unbranched section (neuroLexId {UnbranchedSection}) of {n} numberInternalDivisions, but its segment {members[k]} hangs from {byName[members[k]].Parent ?? "nothing"}, not from {members[k - 1]} before it; a section's segments form one unbranched cable, each hanging from the one before.");
            }
            double total = members.Sum(s => byName[s].LengthUm), along = 0;
            int before = 0;
            foreach (string s in members)
            {
                if (dividedBy.TryGetValue(s, out string? other))
                    throw Fail(g, $"divides segment {s}, which segmentGroup '{other}' divides too; the unbranched sections (neuroLexId {UnbranchedSection}) of a cell do not overlap.");
                dividedBy[s] = id;
                along += byName[s].LengthUm;
                int end = Math.Max(before + 1, (int)Math.Round(n * along / total, MidpointRounding.AwayFromZero));
                counts[s] = end - before;
                before = end;
            }
        }
        if (counts.Count == 0 || counts.Values.All(n => n == 1)) return (compartments, groups, null);

        // The other pieces take new segment ids after the cell's largest, in order, so that the NeuroML written back keeps the names.
        var taken = new HashSet<string>(compartments.Select(c => c.Name), StringComparer.Ordinal);
        long next = 1 + compartments.Select(c => long.TryParse(c.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long k) ? k : -1).Max();
        var pieces = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var result = new List<CompartmentSpec>();
        foreach (var c in compartments)
        {
            int n = counts.GetValueOrDefault(c.Name, 1);
            var names = new string[n];
            for (int j = 0; j < n; j++)
            {
                if (j == n / 2)
                {
                    names[j] = c.Name;
                    continue;
                }
                string name;
                do name = (next++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                while (!taken.Add(name));
                names[j] = name;
            }
            pieces[c.Name] = names;
            // The first piece hangs where the segment hung: on a divided parent, at its end piece or the piece holding fractionAlong.
            string? parent = c.Parent;
            double? fraction = c.FractionAlongParent;
            if (parent is not null && pieces[parent] is { Count: > 1 } above)
            {
                double f = fraction ?? 1;
                int j = f == 1 ? above.Count - 1 : Math.Min(above.Count - 1, (int)Math.Floor(f * above.Count));
                parent = above[j];
                fraction = f == 1 ? null : f == 0 ? 0 : 0.5;
            }
            double d1 = c.StartDiameterUm, d2 = c.DiameterUm;
            for (int j = 0; j < n; j++)
            {
                double from = j == 0 ? d1 : d1 + (d2 - d1) * j / n, to = j == n - 1 ? d2 : d1 + (d2 - d1) * (j + 1) / n;
                result.Add(new CompartmentSpec(names[j], j == 0 ? parent : names[j - 1], n == 1 ? c.LengthUm : c.LengthUm / n, to)
                {
                    ProximalDiameterUm = from == to ? null : from, FractionAlongParent = j == 0 ? fraction : null,
                });
            }
        }
        var dividedGroups = groups.Select(g => new CompartmentGroupSpec(g.Name, [.. g.Compartments.SelectMany(s => pieces[s])])).ToList();
        return (result, dividedGroups, pieces.Where(p => p.Value.Count > 1).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
    }

    /// <summary>
    /// A segmentGroup's numberInternalDivisions (a <c>property</c> of it or of its annotation), or null without one; refused unless a
    /// whole number of at least 1.
    /// </summary>
    private int? Divisions(XElement g, string id)
    {
        var properties = g.Elements().Where(x => x.Name.LocalName == "property")
            .Concat(g.Elements().Where(x => x.Name.LocalName == "annotation").Elements().Where(x => x.Name.LocalName == "property"));
        int? found = null;
        foreach (var p in properties)
        {
            if ((string?)p.Attribute("tag") != "numberInternalDivisions") continue;
            string value = (string?)p.Attribute("value") ?? "";
            if (!int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1)
                throw Fail(p, $"@value is '{value}'; numberInternalDivisions of segmentGroup '{id}' is how many compartments NEURON cuts it into, a whole number of at least 1.");
            if (found is not null && found != n)
                throw Fail(p, $"@value is '{value}', but segmentGroup '{id}' has numberInternalDivisions {found} already; give it one.");
            found = n;
        }
        return found;
    }

    /// <summary>A group of segment <paramref name="segment"/> alone, added for a channelPopulation placed by segment=: segment_ID (with _2, _3 ... where taken).</summary>
    private static string SegmentGroup(List<CompartmentGroupSpec> groups, string segment)
    {
        string name = $"segment_{segment}";
        for (int n = 2; name == MorphologySpec.AllGroup || groups.Exists(g => g.Name == name); n++) name = $"segment_{segment}_{n}";
        groups.Add(new CompartmentGroupSpec(name, [segment]));
        return name;
    }

    /// <summary>c_m of compartment k in uF/cm^2: the last capacitance on a group holding it, else the default.</summary>
    private static double CapacitanceOf(MorphologySpec spec, int k)
    {
        double c = spec.SpecificCapacitanceUfPerCm2;
        foreach (var s in spec.Capacitances)
        {
            if (spec.Members(s.Group).Contains(k)) c = s.UfPerCm2;
        }
        return c;
    }

    /// <summary>spikeThresh is tested at segment 0 (the soma): its group must hold that segment.</summary>
    private void CoversSoma(XElement x, string group, List<CompartmentGroupSpec> groups, string root)
    {
        string soma = groups.SelectMany(g => g.Compartments).Contains("0") || root == "0" ? "0" : root;
        if (group != MorphologySpec.AllGroup && !groups.First(g => g.Name == group).Compartments.Contains(soma))
            throw Fail(x, $"@segmentGroup is '{group}', which does not hold segment {soma}, where NeuroSharp tests the cell's spikeThresh (as NeuroML does).");
    }

    /// <summary>
    /// The segment groups, each with its members, those of the groups it includes, and those of its paths and subtrees (in the
    /// file's order): <c>path</c> from segment F to T is F, T and the segments between them (T below F); <c>subTree</c> from F is F
    /// and every segment below it, to T alone the segments from the root to T, and from F to T the path.
    /// </summary>
    private List<CompartmentGroupSpec> MorphologyGroups(XElement morphology, List<CompartmentSpec> compartments)
    {
        var segments = compartments.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var parentOf = compartments.ToDictionary(c => c.Name, c => c.Parent, StringComparer.Ordinal);
        string? End(XElement x, string name)
        {
            if (x.Elements().FirstOrDefault(e => e.Name.LocalName == name) is not { } end) return null;
            string s = Text(end, "segment");
            if (!segments.Contains(s)) throw Fail(end, $"@segment is '{s}', which is not a segment of the cell.");
            return s;
        }
        // The segments from `from` (null: the root) down to `to`, root side first.
        List<string> Between(XElement x, string? from, string to)
        {
            var path = new List<string>();
            for (string? s = to; s is not null; s = parentOf[s])
            {
                path.Add(s);
                if (s == from) break;
            }
            if (from is not null && path[^1] != from)
                throw Fail(x, $"runs from segment {from} to segment {to}, which is not below it; a {x.Name.LocalName} runs from a segment down to one of its descendants.");
            path.Reverse();
            return path;
        }
        List<string> Below(string from)
        {
            var inside = new HashSet<string>(StringComparer.Ordinal) { from };
            foreach (var c in compartments)
            {
                if (c.Parent is { } p && inside.Contains(p)) inside.Add(c.Name); // parents come first
            }
            return [.. compartments.Select(c => c.Name).Where(inside.Contains)];
        }
        var elements = morphology.Elements().Where(x => x.Name.LocalName == "segmentGroup").ToList();
        var byId = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var g in elements)
        {
            string id = Id(g);
            if (!byId.TryAdd(id, g)) throw Fail(g, $"has id '{id}', which another segmentGroup of the morphology uses.");
        }
        var resolved = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string> Members(XElement g, HashSet<string> visiting)
        {
            string id = Id(g);
            if (resolved.TryGetValue(id, out var done)) return done;
            if (!visiting.Add(id)) throw Fail(g, $"includes itself (through its includes); a segmentGroup's includes form no cycle.");
            var members = new List<string>();
            void Add(string s)
            {
                if (!members.Contains(s)) members.Add(s);
            }
            foreach (var x in g.Elements())
            {
                switch (x.Name.LocalName)
                {
                    case "member":
                        string s = Text(x, "segment");
                        if (!segments.Contains(s)) throw Fail(x, $"@segment is '{s}', which is not a segment of the cell.");
                        Add(s);
                        break;
                    case "include":
                        string other = Text(x, "segmentGroup");
                        if (!byId.TryGetValue(other, out var inner)) throw Fail(x, $"@segmentGroup is '{other}', which is not a segmentGroup of the morphology.");
                        foreach (var m in Members(inner, visiting)) Add(m);
                        break;
                    case "path":
                    {
                        string from = End(x, "from") ?? throw Fail(x, "has no <from>; a path runs from one segment to another.");
                        string to = End(x, "to") ?? throw Fail(x, "has no <to>; a path runs from one segment to another.");
                        foreach (var m in Between(x, from, to)) Add(m);
                        break;
                    }
                    case "subTree":
                    {
                        string? from = End(x, "from"), to = End(x, "to");
                        var found = to is not null ? Between(x, from, to)
                            : from is not null ? Below(from)
                            : throw Fail(x, "has neither <from> nor <to>; a subTree starts at a segment or ends at one.");
                        foreach (var m in found) Add(m);
                        break;
                    }
                    case "notes" or "annotation" or "property" or "inhomogeneousParameter":
                        break;
                    default:
                        throw Fail(x, $"is <{x.Name.LocalName}>, which NeuroSharp does not read in a segmentGroup (member, include, path, subTree).");
                }
            }
            visiting.Remove(id);
            resolved[id] = members;
            return members;
        }
        var groups = new List<CompartmentGroupSpec>();
        foreach (var g in elements)
        {
            var members = Members(g, new HashSet<string>(StringComparer.Ordinal));
            if (Id(g) == MorphologySpec.AllGroup)
            {
                if (members.Count != segments.Count) throw Fail(g, $"is named 'all' but holds {members.Count} of the cell's {segments.Count} segments; NeuroSharp's 'all' is every segment.");
                continue;
            }
            groups.Add(new CompartmentGroupSpec(Id(g), members));
        }
        return groups;
    }
}
