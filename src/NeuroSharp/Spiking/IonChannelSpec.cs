namespace NeuroSharp.Spiking;

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
        && Gates.SequenceEqual(other.Gates);

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
