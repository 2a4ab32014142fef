using System.Globalization;

namespace NeuroSharp.Spiking;

/// <summary>
/// An ion concentration pool on a group of compartments of a multi-compartment cell (NeuroML's &lt;species segmentGroup=...&gt;;
/// docs/spiking-multicompartment.md, "Ion concentrations"): every compartment of <paramref name="Group"/> holds its own
/// concentration of <see cref="ConcentrationPoolSpec.Ion"/>, fed by that compartment's current of the ion and decaying as
/// <paramref name="Pool"/> says, with the compartment's membrane area as the pool's A (the pool's own
/// <see cref="ConcentrationPoolSpec.AreaUm2"/> is not used).
/// </summary>
/// <param name="Group">The group (<c>all</c>, or one of <see cref="MorphologySpec.Groups"/>).</param>
/// <param name="Pool">The pool's ion, model and numbers; its AreaUm2 is not used (each compartment's area is).</param>
public sealed record CompartmentConcentrationSpec(string Group, ConcentrationPoolSpec Pool)
{
    /// <summary>The pool as it runs in one compartment: <see cref="Pool"/> with A the compartment's area.</summary>
    /// <param name="compartment">The compartment.</param>
    /// <returns>The pool on that compartment's membrane.</returns>
    public ConcentrationPoolSpec On(CompartmentSpec compartment) => Pool with { AreaUm2 = compartment.AreaUm2 };
}

/// <summary>The per-compartment pools of a <see cref="MorphologySpec"/>: which compartment holds which pool, and their checks.</summary>
internal static class CompartmentPools
{
    /// <summary>
    /// The ions with a pool, one <see cref="ConcentrationPoolSpec"/> each (the first entry of the ion, whose external concentration
    /// and valence every entry of the ion shares), in the order of their first entries.
    /// </summary>
    /// <param name="morphology">The morphology.</param>
    /// <returns>One pool per ion.</returns>
    public static IReadOnlyList<ConcentrationPoolSpec> Ions(MorphologySpec morphology)
    {
        var list = new List<ConcentrationPoolSpec>();
        foreach (var c in morphology.Concentrations)
        {
            if (c?.Pool is { } p && !list.Exists(x => x.Ion == p.Ion)) list.Add(p);
        }
        return list;
    }

    /// <summary>For each compartment, the entry of <paramref name="ion"/> that holds it, or -1 (then its concentration stays at its start).</summary>
    /// <param name="morphology">The morphology.</param>
    /// <param name="ion">The ion.</param>
    /// <returns>One entry index (into <see cref="MorphologySpec.Concentrations"/>) or -1 per compartment.</returns>
    public static int[] EntryOf(MorphologySpec morphology, string ion)
    {
        var entry = new int[morphology.Compartments.Count];
        Array.Fill(entry, -1);
        for (int e = 0; e < morphology.Concentrations.Count; e++)
        {
            if (morphology.Concentrations[e].Pool.Ion != ion) continue;
            foreach (int k in morphology.Members(morphology.Concentrations[e].Group)) entry[k] = e;
        }
        return entry;
    }

    /// <summary>
    /// Checks each entry: a group of the morphology, a valid pool whose shell fits in each compartment's sphere, the same external
    /// concentration and valence for every entry of one ion, no compartment in two entries of one ion, at most
    /// <see cref="HodgkinHuxleyNeuronSpec.MaxConcentrations"/> ions.
    /// </summary>
    public static void Validate(MorphologySpec m, string owner, string property)
    {
        if (m.Concentrations is null) throw new InvalidOptionException(owner, $"{property}.{nameof(MorphologySpec.Concentrations)}", "is required (empty for none)", null);
        var groups = new HashSet<string>(m.Groups.Select(g => g.Name).Prepend(MorphologySpec.AllGroup), StringComparer.Ordinal);
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var holder = new Dictionary<(string Ion, int Compartment), int>();
        for (int e = 0; e < m.Concentrations.Count; e++)
        {
            string at = $"{property}.{nameof(MorphologySpec.Concentrations)}[{e}]";
            var c = m.Concentrations[e] ?? throw new InvalidOptionException(owner, at, "is required", null);
            if (c.Pool is null) throw new InvalidOptionException(owner, at, "is required", null);
            if (!groups.Contains(c.Group))
                throw new InvalidOptionException(owner, $"{at}.{nameof(CompartmentConcentrationSpec.Group)}", $"is not a group of the morphology ({string.Join(", ", groups)})", c.Group);
            var members = m.Members(c.Group);
            // The pool's own area is not used; each member's is. The thinnest compartment bounds the shell.
            int smallest = members.Count == 0 ? -1 : members.MinBy(k => m.Compartments[k].AreaUm2);
            var pool = smallest < 0 ? c.Pool : c.On(m.Compartments[smallest]);
            try
            {
                pool.Validate(owner, at);
            }
            catch (InvalidOptionException) when (smallest >= 0 && pool.Model == ConcentrationModel.DecayingPool && pool.ShellThicknessUm > 0
                && !(pool.ShellThicknessUm <= Math.Sqrt(pool.AreaUm2 / (4 * ConcentrationPoolSpec.LemsPi))))
            {
                double radius = Math.Sqrt(pool.AreaUm2 / (4 * ConcentrationPoolSpec.LemsPi));
                throw new InvalidOptionException(owner, $"{at}.{nameof(ConcentrationPoolSpec.ShellThicknessUm)}",
                    $"must be at most the radius of a sphere of the area of compartment '{m.Compartments[smallest].Name}' ({radius.ToString("G3", CultureInfo.InvariantCulture)} um)", pool.ShellThicknessUm);
            }
            string ion = c.Pool.Ion;
            if (first.TryGetValue(ion, out int f))
            {
                var p0 = m.Concentrations[f].Pool;
                if (p0.ExternalMm != c.Pool.ExternalMm)
                    throw new InvalidOptionException(owner, $"{at}.{nameof(ConcentrationPoolSpec.ExternalMm)}",
                        $"differs from concentrations[{f}] of ion '{ion}' ({InvalidOptionException.Format(p0.ExternalMm)}); the pools of one ion share the external concentration", c.Pool.ExternalMm);
                if (p0.Valence != c.Pool.Valence)
                    throw new InvalidOptionException(owner, $"{at}.{nameof(ConcentrationPoolSpec.Valence)}",
                        $"differs from concentrations[{f}] of ion '{ion}' ({p0.Valence}); the pools of one ion share the valence", c.Pool.Valence);
            }
            else
            {
                first[ion] = e;
            }
            foreach (int k in members)
            {
                if (holder.TryGetValue((ion, k), out int other))
                    throw new InvalidOptionException(owner, $"{at}.{nameof(CompartmentConcentrationSpec.Group)}",
                        $"puts a second pool of ion '{ion}' on compartment '{m.Compartments[k].Name}' (concentrations[{other}] holds it); a compartment has one pool per ion", c.Group);
                holder[(ion, k)] = e;
            }
        }
        if (first.Count > HodgkinHuxleyNeuronSpec.MaxConcentrations)
            throw new InvalidOptionException(owner, $"{property}.{nameof(MorphologySpec.Concentrations)}", $"has pools of {first.Count} ions; a cell has at most {HodgkinHuxleyNeuronSpec.MaxConcentrations}", first.Count);
    }
}
