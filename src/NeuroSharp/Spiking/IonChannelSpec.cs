namespace NeuroSharp.Spiking;

/// <summary>Where an <see cref="IonChannelSpec"/>'s driving force comes from (docs/spiking-hh.md, "Ion concentrations").</summary>
public enum ReversalKind
{
    /// <summary>I = g (E - v), E = <see cref="IonChannelSpec.ReversalMv"/>.</summary>
    Fixed,

    /// <summary>I = g (E - v), E = (R T / (z F)) ln(C_out / C_in) from the pool of the channel's ion (0 when C_out is 0).</summary>
    Nernst,

    /// <summary>
    /// NeuroML's channelDensityGHK, the Goldman-Hodgkin-Katz current: I = -f P z F u (C_in - C_out e^-u) / (1 - e^-u), u = z F v / (R T),
    /// f the open fraction, P <see cref="IonChannelSpec.PermeabilityUm3PerS"/> (0 when C_out is 0).
    /// </summary>
    Ghk,

    /// <summary>
    /// NeuroML's channelDensityGHK2: I = f g k (1 - (C_in / C_out) e^x) x / (e^x - 1), x = v / k, k = 25 mV T / (2 x 293.15 K)
    /// (0 when C_out is 0).
    /// </summary>
    Ghk2,
}

/// <summary>
/// One ion channel of a <see cref="HodgkinHuxleyNeuronSpec"/>: the current g (E - v) with g = <see cref="ConductanceNs"/> times
/// the product over <see cref="Gates"/> of x^power (docs/spiking-hh.md). A passive channel (the leak) has no gates.
/// </summary>
/// <param name="Name">The channel's name (na, k, leak...), unique in the cell.</param>
/// <param name="ConductanceNs">The maximal conductance in nS, at least 0.</param>
/// <param name="ReversalMv">The reversal potential in mV.</param>
/// <param name="Gates">The gates (none for a passive channel).</param>
public sealed record IonChannelSpec(string Name, double ConductanceNs, double ReversalMv, IReadOnlyList<GateSpec> Gates)
{
    /// <summary>The ion that carries the current (ca, na, k), or null for a non-specific one; its current feeds that ion's pool, if any.</summary>
    public string? Ion { get; init; }

    /// <summary>Fixed (<see cref="ReversalMv"/>), Nernst (from the ion's pool), or a GHK current; all but Fixed need the ion's pool.</summary>
    public ReversalKind Reversal { get; init; }

    /// <summary>P, the permeability of the whole membrane's channels in um^3/s (permeability x area; <see cref="ReversalKind.Ghk"/> only).</summary>
    public double PermeabilityUm3PerS { get; init; }

    /// <summary>A passive channel (no gates).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="conductanceNs">g in nS.</param>
    /// <param name="reversalMv">E in mV.</param>
    /// <returns>The channel.</returns>
    public static IonChannelSpec Passive(string name, double conductanceNs, double reversalMv) => new(name, conductanceNs, reversalMv, []);

    /// <summary>Value equality, the gates by their elements.</summary>
    /// <param name="other">The other channel.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(IonChannelSpec? other) =>
        other is not null && Name == other.Name && ConductanceNs.Equals(other.ConductanceNs) && ReversalMv.Equals(other.ReversalMv)
        && Gates.SequenceEqual(other.Gates) && Ion == other.Ion && Reversal == other.Reversal && PermeabilityUm3PerS.Equals(other.PermeabilityUm3PerS);

    /// <summary>A hash of the name, numbers and gate count.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => HashCode.Combine(Name, ConductanceNs, ReversalMv, Gates.Count);

    /// <summary>Checks the channel and its gates.</summary>
    /// <param name="owner">The owner named in a message.</param>
    /// <param name="property">The property path named in a message, e.g. Channels[1].</param>
    /// <exception cref="InvalidOptionException">Something is missing or out of range.</exception>
    public void Validate(string owner, string property)
    {
        SpecChecks.Name(owner, $"{property}.{nameof(Name)}", Name);
        SpecChecks.NonNegative(owner, $"{property}.{nameof(ConductanceNs)}", ConductanceNs);
        SpecChecks.Finite(owner, $"{property}.{nameof(ReversalMv)}", ReversalMv);
        if (Ion is not null) SpecChecks.Name(owner, $"{property}.{nameof(Ion)}", Ion);
        if (!Enum.IsDefined(Reversal)) throw new InvalidOptionException(owner, $"{property}.{nameof(Reversal)}", "must be fixed, nernst, ghk or ghk2", Reversal);
        if (Reversal != ReversalKind.Fixed && Ion is null)
            throw new InvalidOptionException(owner, $"{property}.{nameof(Ion)}", $"is required: a {SpecPath.Camel(Reversal.ToString())} channel takes its concentrations from its ion's pool", null);
        SpecChecks.NonNegative(owner, $"{property}.{nameof(PermeabilityUm3PerS)}", PermeabilityUm3PerS);
        if (Reversal != ReversalKind.Ghk && PermeabilityUm3PerS != 0)
            throw new InvalidOptionException(owner, $"{property}.{nameof(PermeabilityUm3PerS)}", "is for a ghk channel only; leave it 0", PermeabilityUm3PerS);
        if (Gates is null) throw new InvalidOptionException(owner, $"{property}.{nameof(Gates)}", "is required (empty for a passive channel)", null);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int g = 0; g < Gates.Count; g++)
        {
            if (Gates[g] is null) throw new InvalidOptionException(owner, $"{property}.{nameof(Gates)}[{g}]", "is required", null);
            Gates[g].Validate(owner, $"{property}.{nameof(Gates)}[{g}]");
            if (!names.Add(Gates[g].Name))
                throw new InvalidOptionException(owner, $"{property}.{nameof(Gates)}[{g}].{nameof(GateSpec.Name)}", $"repeats gate '{Gates[g].Name}' of channel '{Name}'", Gates[g].Name);
        }
    }
}
