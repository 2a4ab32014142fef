namespace NeuroSharp.Spiking;

/// <summary>
/// One compartment of a <see cref="MorphologySpec"/>: a cylinder of <paramref name="LengthUm"/> by <paramref name="DiameterUm"/>
/// hanging from its parent, or, with <see cref="ProximalDiameterUm"/>, a truncated cone (frustum) from that diameter at the
/// parent's end to <paramref name="DiameterUm"/> at the far end (docs/spiking-multicompartment.md, "Tapered compartments").
/// </summary>
/// <param name="Name">Its name, unique in the cell (a monitor records its v as <c>v[name]</c>).</param>
/// <param name="Parent">The name of its parent, listed before it; null for the root (the first compartment, and only it).</param>
/// <param name="LengthUm">L, the length in um (greater than 0).</param>
/// <param name="DiameterUm">d, its diameter in um (greater than 0); of a frustum, the diameter at its distal end (away from the parent).</param>
public sealed record CompartmentSpec(string Name, string? Parent, double LengthUm, double DiameterUm)
{
    /// <summary>The diameter in um at the proximal end (the parent's side) of a tapered compartment; null: a cylinder (<see cref="DiameterUm"/> at both ends).</summary>
    public double? ProximalDiameterUm { get; init; }

    /// <summary>
    /// Where along its parent it hangs (NeuroML's <c>fractionAlong</c>): null or 1 at the parent's distal end, 0 at the parent's proximal
    /// end (where the parent itself hangs), between them at the parent's centre, as NEURON connects a section of one segment
    /// (docs/spiking-multicompartment.md, "Branch points").
    /// </summary>
    public double? FractionAlongParent { get; init; }

    /// <summary>d_1, the diameter at the proximal end (<see cref="ProximalDiameterUm"/>, else <see cref="DiameterUm"/>).</summary>
    public double StartDiameterUm => ProximalDiameterUm ?? DiameterUm;

    /// <summary>
    /// The membrane area in um^2, the side without the end disks as NEURON and Brian2 take it: pi d L for a cylinder, and
    /// pi / 2 (d_1 + d_2) sqrt((d_1 - d_2)^2 / 4 + L^2) for a frustum from d_1 to d_2 (its slant height times the mean circumference).
    /// </summary>
    public double AreaUm2
    {
        get
        {
            double d1 = StartDiameterUm, d2 = DiameterUm;
            if (d1 == d2) return Math.PI * DiameterUm * LengthUm;
            double half = (d1 - d2) / 2;
            return Math.PI / 2 * (d1 + d2) * Math.Sqrt(half * half + LengthUm * LengthUm);
        }
    }

    /// <summary>
    /// The axial resistance in ohm cm / um of the proximal half (from the parent's end to the centre): R_a (L / 2) / (pi d_1 d_m / 4),
    /// d_m = (d_1 + d_2) / 2 the diameter at the centre (the integral of 4 R_a dx / (pi d(x)^2) over a linear taper, exact; R_a (L / 2) /
    /// (pi r^2) for a cylinder, the same arithmetic).
    /// </summary>
    /// <param name="ra">R_a in ohm cm.</param>
    internal double ProximalHalfResistance(double ra) => ra * (LengthUm / 2) / (Math.PI * StartDiameterUm * ((StartDiameterUm + DiameterUm) / 2) / 4);

    /// <summary>The same for the distal half (the centre to the far end, where children hang): R_a (L / 2) / (pi d_m d_2 / 4).</summary>
    /// <param name="ra">R_a in ohm cm.</param>
    internal double DistalHalfResistance(double ra) => ra * (LengthUm / 2) / (Math.PI * ((StartDiameterUm + DiameterUm) / 2) * DiameterUm / 4);
}

/// <summary>A named set of compartments (NeuroML's segmentGroup) on which channel densities and capacitances are placed.</summary>
/// <param name="Name">The group's name, unique in the cell; <c>all</c> is every compartment without being listed.</param>
/// <param name="Compartments">The names of its compartments.</param>
public sealed record CompartmentGroupSpec(string Name, IReadOnlyList<string> Compartments)
{
    /// <summary>Value equality, the members by their elements.</summary>
    /// <param name="other">The other group.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(CompartmentGroupSpec? other) => other is not null && Name == other.Name && Compartments.SequenceEqual(other.Compartments);

    /// <summary>A hash of the name and the member count.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => HashCode.Combine(Name, Compartments.Count);
}

/// <summary>
/// A channel's conductance density on a group of compartments (NeuroML's channelDensity): in each compartment of the group the
/// channel's g is <paramref name="ConductanceMsPerCm2"/> x the compartment's area (1 mS/cm^2 on 1 um^2 is 0.01 nS).
/// </summary>
/// <param name="Channel">The name of one of the cell's channels.</param>
/// <param name="Group">The group (<c>all</c>, or one of <see cref="MorphologySpec.Groups"/>).</param>
/// <param name="ConductanceMsPerCm2">The density in mS/cm^2 (at least 0).</param>
public sealed record ChannelDensitySpec(string Channel, string Group, double ConductanceMsPerCm2);

/// <summary>A specific capacitance on a group of compartments (NeuroML's specificCapacitance), in uF/cm^2.</summary>
/// <param name="Group">The group (<c>all</c>, or one of <see cref="MorphologySpec.Groups"/>).</param>
/// <param name="UfPerCm2">The capacitance per area in uF/cm^2 (greater than 0).</param>
public sealed record SpecificCapacitanceSpec(string Group, double UfPerCm2);

/// <summary>
/// The morphology of a multi-compartment Hodgkin-Huxley cell (docs/spiking-multicompartment.md): a tree of cylindrical compartments
/// coupled by the axial resistance, each with the channels its groups' densities give it. With a morphology the cell's
/// <see cref="HodgkinHuxleyNeuronSpec.CapacitancePf"/> and each channel's conductanceNs are not used: C_i = c_m,i A_i and
/// g_k,i = gbar_k,i A_i per compartment; each channel keeps its gates and reversal.
/// </summary>
/// <remarks>
/// <code>
/// C_i dV_i/dt = -I_ion,i(V_i) + sum_j g_ij (V_j - V_i) + I_syn,i + I_inj,i
/// g_ij = 1 / (R_a (L_i / 2) / (pi r_i^2) + R_a (L_j / 2) / (pi r_j^2))      (center to center, through half of each cylinder)
/// </code>
/// where a child meets its parent alone; where three or more halves meet at one point (a branch point) each couples to a junction of
/// no membrane there (<see cref="CableNodes"/>).
/// </remarks>
public sealed record MorphologySpec
{
    /// <summary>The compartments, each parent before its children; the first is the root.</summary>
    public IReadOnlyList<CompartmentSpec> Compartments { get; init; } = [];

    /// <summary>Named groups of compartments (<c>all</c> needs no entry).</summary>
    public IReadOnlyList<CompartmentGroupSpec> Groups { get; init; } = [];

    /// <summary>The channel densities; a channel with no density on a compartment has no conductance there. Densities of the same channel on overlapping groups add.</summary>
    public IReadOnlyList<ChannelDensitySpec> Densities { get; init; } = [];

    /// <summary>c_m in uF/cm^2 where no entry of <see cref="Capacitances"/> covers a compartment (1).</summary>
    public double SpecificCapacitanceUfPerCm2 { get; init; } = 1;

    /// <summary>Specific capacitances on groups; the last entry covering a compartment wins.</summary>
    public IReadOnlyList<SpecificCapacitanceSpec> Capacitances { get; init; } = [];

    /// <summary>R_a, the axial resistivity in ohm cm (100).</summary>
    public double AxialResistivityOhmCm { get; init; } = 100;

    /// <summary>The compartment whose v is tested for spikes and recorded as <c>v</c> (null: the root).</summary>
    public string? SpikeCompartment { get; init; }

    /// <summary>The compartment that synaptic inputs and injected currents reach (null: the root).</summary>
    public string? InputCompartment { get; init; }

    /// <summary>
    /// Ion concentration pools on groups (NeuroML's species with a segmentGroup): each compartment of an entry's group holds its own
    /// concentration, with its own area in the pool's rate; a compartment in no entry of an ion keeps that ion's concentration at the
    /// first entry's initialMm (docs/spiking-multicompartment.md, "Ion concentrations").
    /// </summary>
    public IReadOnlyList<CompartmentConcentrationSpec> Concentrations { get; init; } = [];

    /// <summary>The name of the group of every compartment.</summary>
    public const string AllGroup = "all";

    /// <summary>The most compartments a cell may have.</summary>
    public const int MaxCompartments = 100_000;

    /// <summary>The index of a compartment by name, or -1.</summary>
    /// <param name="name">The compartment's name.</param>
    /// <returns>Its index, or -1.</returns>
    public int IndexOf(string name)
    {
        for (int k = 0; k < Compartments.Count; k++)
        {
            if (Compartments[k].Name == name) return k;
        }
        return -1;
    }

    /// <summary>Each compartment's parent index (-1 for the root).</summary>
    /// <returns>One index per compartment, each below its own.</returns>
    public int[] ParentIndices()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var parents = new int[Compartments.Count];
        for (int k = 0; k < Compartments.Count; k++)
        {
            parents[k] = Compartments[k].Parent is { } p && index.TryGetValue(p, out int j) ? j : -1;
            index[Compartments[k].Name] = k;
        }
        return parents;
    }

    /// <summary>The members of a group by index (every compartment for <c>all</c>).</summary>
    /// <param name="group">The group's name.</param>
    /// <returns>The indices, or an empty list for an unknown group.</returns>
    public IReadOnlyList<int> Members(string group)
    {
        if (group == AllGroup) return [.. Enumerable.Range(0, Compartments.Count)];
        var g = Groups.FirstOrDefault(x => x.Name == group);
        return g is null ? [] : [.. g.Compartments.Select(IndexOf).Where(k => k >= 0)];
    }

    /// <summary>C_i in pF: c_m (uF/cm^2) x A (um^2) x 0.01.</summary>
    /// <returns>One capacitance per compartment.</returns>
    public double[] CapacitancesPf()
    {
        var cm = Enumerable.Repeat(SpecificCapacitanceUfPerCm2, Compartments.Count).ToArray();
        foreach (var c in Capacitances)
        {
            foreach (int k in Members(c.Group)) cm[k] = c.UfPerCm2;
        }
        return [.. cm.Select((x, k) => x * Compartments[k].AreaUm2 * 0.01)];
    }

    /// <summary>The conductance of <paramref name="channel"/> in each compartment in nS: the sum of its densities (mS/cm^2) x A (um^2) x 0.01.</summary>
    /// <param name="channel">The channel's name.</param>
    /// <returns>One conductance per compartment.</returns>
    public double[] ConductancesNs(string channel)
    {
        var g = new double[Compartments.Count];
        foreach (var d in Densities.Where(d => d.Channel == channel))
        {
            foreach (int k in Members(d.Group)) g[k] += d.ConductanceMsPerCm2 * Compartments[k].AreaUm2 * 0.01;
        }
        return g;
    }

    /// <summary>
    /// g between each compartment and its parent in nS (0 for the root), through the child's proximal half and the parent's distal
    /// half (what the cable solve uses where the two meet alone; at a branch point it puts a junction, <see cref="CableNodes"/>): 1 / (R_a (L_i / 2) / (pi d_1,i d_m,i / 4) + R_a (L_p / 2) / (pi d_m,p d_2,p / 4)), which for cylinders is
    /// 1 / (R_a L_i / (2 pi r_i^2) + R_a L_p / (2 pi r_p^2)); R_a in ohm cm and lengths in um, so that 1 / (ohm cm / um) is 1e-4 S = 1e5 nS.
    /// </summary>
    /// <returns>One conductance per compartment.</returns>
    public double[] AxialConductancesNs()
    {
        var parents = ParentIndices();
        var g = new double[Compartments.Count];
        for (int k = 0; k < g.Length; k++)
        {
            if (parents[k] < 0) continue;
            g[k] = 1e5 / (Compartments[k].ProximalHalfResistance(AxialResistivityOhmCm) + Compartments[parents[k]].DistalHalfResistance(AxialResistivityOhmCm));
        }
        return g;
    }

    /// <summary>
    /// The nodes of the cable solve, parents before children: every compartment (in its order) and a junction, a node of no membrane,
    /// at each end point where three or more half-compartments meet (two children at one end of their parent, or a child at
    /// fractionAlong 0 beside the parent's own parent), placed just before the first compartment that hangs from it. Each node's g to
    /// its parent node in nS: where two halves meet alone, the two in series, 1e5 / (R_child + R_parent), as
    /// <see cref="AxialConductancesNs"/>; from a junction to each compartment meeting there, 1e5 / R of that compartment's half;
    /// a child at its parent's centre (0 &lt; fractionAlong &lt; 1), 1e5 / R of its proximal half. A junction's v is whatever
    /// conserves the current at the point, as in NEURON's node of no area at a section's end (docs/spiking-multicompartment.md,
    /// "Branch points").
    /// </summary>
    /// <returns>Per node: its parent node (-1 for the root), its g to that parent in nS, and its compartment (-1 for a junction).</returns>
    internal (int[] Parent, double[] AxialNs, int[] Compartment) CableNodes()
    {
        int k = Compartments.Count;
        var parents = ParentIndices();
        double ra = AxialResistivityOhmCm;
        // The point each compartment's proximal half reaches: (c, 0) c's proximal end, (c, 1) c's distal end, (c, 2) c's centre.
        var proximalPoint = new (int C, int End)[k];
        var halves = new Dictionary<(int C, int End), List<(int C, double R)>>();
        void Meet((int, int) point, int c, double r)
        {
            if (!halves.TryGetValue(point, out var list)) halves[point] = list = [];
            list.Add((c, r));
        }
        for (int c = 0; c < k; c++)
        {
            int p = parents[c];
            double f = Compartments[c].FractionAlongParent ?? 1;
            proximalPoint[c] = p < 0 ? (c, 0) : f == 1 ? (p, 1) : f == 0 ? proximalPoint[p] : (p, 2);
            if (proximalPoint[c].End != 2) Meet(proximalPoint[c], c, Compartments[c].ProximalHalfResistance(ra));
            Meet((c, 1), c, Compartments[c].DistalHalfResistance(ra));
        }
        var parent = new List<int>(k);
        var axial = new List<double>(k);
        var compartment = new List<int>(k);
        var nodeOf = new int[k];
        var junctions = new Dictionary<(int, int), int>();
        for (int c = 0; c < k; c++)
        {
            int up = -1;
            double g = 0;
            var point = proximalPoint[c];
            if (parents[c] < 0) { }
            else if (point.End == 2)
            {
                up = nodeOf[point.C];
                g = 1e5 / Compartments[c].ProximalHalfResistance(ra);
            }
            else if (halves[point] is { Count: 2 } pair)
            {
                var other = pair[0].C == c ? pair[1] : pair[0];
                up = nodeOf[other.C];
                g = 1e5 / (Compartments[c].ProximalHalfResistance(ra) + other.R);
            }
            else
            {
                if (!junctions.TryGetValue(point, out up))
                {
                    // The upstream half (the first compartment meeting there, before every other) is the junction's parent.
                    var first = halves[point][0];
                    foreach (var h in halves[point])
                    {
                        if (h.C < first.C) first = h;
                    }
                    up = parent.Count;
                    junctions[point] = up;
                    parent.Add(nodeOf[first.C]);
                    axial.Add(1e5 / first.R);
                    compartment.Add(-1);
                }
                g = 1e5 / Compartments[c].ProximalHalfResistance(ra);
            }
            nodeOf[c] = parent.Count;
            parent.Add(up);
            axial.Add(g);
            compartment.Add(c);
        }
        return ([.. parent], [.. axial], [.. compartment]);
    }

    /// <summary>Value equality, the lists by their elements.</summary>
    /// <param name="other">The other morphology.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(MorphologySpec? other) =>
        other is not null && Compartments.SequenceEqual(other.Compartments) && Groups.SequenceEqual(other.Groups) && Densities.SequenceEqual(other.Densities)
        && SpecificCapacitanceUfPerCm2.Equals(other.SpecificCapacitanceUfPerCm2) && Capacitances.SequenceEqual(other.Capacitances)
        && AxialResistivityOhmCm.Equals(other.AxialResistivityOhmCm) && SpikeCompartment == other.SpikeCompartment && InputCompartment == other.InputCompartment
        && (Concentrations ?? []).SequenceEqual(other.Concentrations ?? []);

    /// <summary>A hash of the counts and the resistivity.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => HashCode.Combine(Compartments.Count, Groups.Count, Densities.Count, AxialResistivityOhmCm);

    /// <summary>Checks the tree, the groups and the densities against the cell's channels.</summary>
    /// <param name="owner">The owner named in a message.</param>
    /// <param name="property">The property path (Morphology).</param>
    /// <param name="channels">The cell's channels.</param>
    /// <exception cref="InvalidOptionException">Something is missing, out of range or unknown.</exception>
    public void Validate(string owner, string property, IReadOnlyList<IonChannelSpec> channels)
    {
        if (Compartments is null || Compartments.Count == 0)
            throw new InvalidOptionException(owner, $"{property}.{nameof(Compartments)}", "lists no compartments; give at least one (the soma)", 0);
        if (Compartments.Count > MaxCompartments)
            throw new InvalidOptionException(owner, $"{property}.{nameof(Compartments)}", $"lists {Compartments.Count} compartments; a cell has at most {MaxCompartments}", Compartments.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = new HashSet<string>(Compartments.Where(c => c is not null).Select(c => c.Name), StringComparer.Ordinal);
        for (int k = 0; k < Compartments.Count; k++)
        {
            string at = $"{property}.{nameof(Compartments)}[{k}]";
            var c = Compartments[k] ?? throw new InvalidOptionException(owner, at, "is required", null);
            SpecChecks.Name(owner, $"{at}.{nameof(CompartmentSpec.Name)}", c.Name);
            if (c.Name.Contains('[') || c.Name.Contains(']'))
                throw new InvalidOptionException(owner, $"{at}.{nameof(CompartmentSpec.Name)}", "must not contain [ or ] (a monitor names it as v[name])", c.Name);
            if (seen.Contains(c.Name))
                throw new InvalidOptionException(owner, $"{at}.{nameof(CompartmentSpec.Name)}", $"repeats compartment '{c.Name}'", c.Name);
            SpecChecks.Positive(owner, $"{at}.{nameof(CompartmentSpec.LengthUm)}", c.LengthUm);
            SpecChecks.Positive(owner, $"{at}.{nameof(CompartmentSpec.DiameterUm)}", c.DiameterUm);
            if (c.ProximalDiameterUm is { } proximal) SpecChecks.Positive(owner, $"{at}.{nameof(CompartmentSpec.ProximalDiameterUm)}", proximal);
            if (c.FractionAlongParent is { } f)
            {
                if (k == 0)
                    throw new InvalidOptionException(owner, $"{at}.{nameof(CompartmentSpec.FractionAlongParent)}", "must be absent: the root hangs from nothing", f);
                if (!(f >= 0 && f <= 1))
                    throw new InvalidOptionException(owner, $"{at}.{nameof(CompartmentSpec.FractionAlongParent)}", "must be between 0 (the parent's proximal end) and 1 (its distal end)", f);
            }
            if (k == 0 && c.Parent is not null)
                throw new InvalidOptionException(owner, $"{at}.{nameof(CompartmentSpec.Parent)}", "must be absent: the first compartment is the root of the tree", c.Parent);
            if (k > 0)
            {
                if (c.Parent is null)
                    throw new InvalidOptionException(owner, $"{at}.{nameof(CompartmentSpec.Parent)}", "is missing: every compartment but the first (the root) hangs from a parent", null);
                if (!seen.Contains(c.Parent))
                {
                    string why = c.Parent == c.Name ? "is the compartment itself"
                        : all.Contains(c.Parent) ? "is listed after this compartment; list each parent before its children"
                        : "is not a compartment of the cell";
                    throw new InvalidOptionException(owner, $"{at}.{nameof(CompartmentSpec.Parent)}", why, c.Parent);
                }
            }
            seen.Add(c.Name);
        }
        var groups = new HashSet<string>(StringComparer.Ordinal) { AllGroup };
        for (int k = 0; k < (Groups ?? []).Count; k++)
        {
            string at = $"{property}.{nameof(Groups)}[{k}]";
            var g = Groups![k] ?? throw new InvalidOptionException(owner, at, "is required", null);
            SpecChecks.Name(owner, $"{at}.{nameof(CompartmentGroupSpec.Name)}", g.Name);
            if (!groups.Add(g.Name))
                throw new InvalidOptionException(owner, $"{at}.{nameof(CompartmentGroupSpec.Name)}", $"repeats group '{g.Name}' ('all' is every compartment)", g.Name);
            for (int j = 0; j < g.Compartments.Count; j++)
            {
                if (!all.Contains(g.Compartments[j]))
                    throw new InvalidOptionException(owner, $"{at}.{nameof(CompartmentGroupSpec.Compartments)}[{j}]", "is not a compartment of the cell", g.Compartments[j]);
            }
        }
        var channelNames = new HashSet<string>(channels.Select(c => c.Name), StringComparer.Ordinal);
        for (int k = 0; k < (Densities ?? []).Count; k++)
        {
            string at = $"{property}.{nameof(Densities)}[{k}]";
            var d = Densities![k] ?? throw new InvalidOptionException(owner, at, "is required", null);
            if (!channelNames.Contains(d.Channel))
                throw new InvalidOptionException(owner, $"{at}.{nameof(ChannelDensitySpec.Channel)}", $"is not one of the cell's channels ({string.Join(", ", channelNames)})", d.Channel);
            if (!groups.Contains(d.Group))
                throw new InvalidOptionException(owner, $"{at}.{nameof(ChannelDensitySpec.Group)}", $"is not a group of the morphology ({string.Join(", ", groups)})", d.Group);
            SpecChecks.NonNegative(owner, $"{at}.{nameof(ChannelDensitySpec.ConductanceMsPerCm2)}", d.ConductanceMsPerCm2);
        }
        SpecChecks.Positive(owner, $"{property}.{nameof(SpecificCapacitanceUfPerCm2)}", SpecificCapacitanceUfPerCm2);
        for (int k = 0; k < (Capacitances ?? []).Count; k++)
        {
            string at = $"{property}.{nameof(Capacitances)}[{k}]";
            var c = Capacitances![k] ?? throw new InvalidOptionException(owner, at, "is required", null);
            if (!groups.Contains(c.Group))
                throw new InvalidOptionException(owner, $"{at}.{nameof(SpecificCapacitanceSpec.Group)}", $"is not a group of the morphology ({string.Join(", ", groups)})", c.Group);
            SpecChecks.Positive(owner, $"{at}.{nameof(SpecificCapacitanceSpec.UfPerCm2)}", c.UfPerCm2);
        }
        SpecChecks.Positive(owner, $"{property}.{nameof(AxialResistivityOhmCm)}", AxialResistivityOhmCm);
        if (SpikeCompartment is not null && !all.Contains(SpikeCompartment))
            throw new InvalidOptionException(owner, $"{property}.{nameof(SpikeCompartment)}", "is not a compartment of the cell", SpikeCompartment);
        if (InputCompartment is not null && !all.Contains(InputCompartment))
            throw new InvalidOptionException(owner, $"{property}.{nameof(InputCompartment)}", "is not a compartment of the cell", InputCompartment);
    }
}
