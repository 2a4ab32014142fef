namespace NeuroSharp.Spiking.Simulation;

public sealed partial class SpikingEngine
{
    /// <summary>
    /// The compartments per neuron of a population (or single neuron) with a morphology, or 0 for a point neuron
    /// (docs/spiking-multicompartment.md).
    /// </summary>
    /// <param name="population">The population or single neuron.</param>
    /// <returns>K, or 0.</returns>
    /// <exception cref="ArgumentException">There is no such population.</exception>
    public int CompartmentCountOf(string population)
    {
        if (!_groupByName.TryGetValue(population, out var g)) throw new ArgumentException($"No population '{population}'.", nameof(population));
        return g is MultiCompartmentGroup m ? m.Compartments : 0;
    }

    /// <summary>
    /// Copies v of every compartment of one neuron now, in the morphology's order (the values a state monitor records as
    /// <c>v[NAME]</c>), without allocating: what a viewer reads after each step (the studio's morphology view).
    /// </summary>
    /// <param name="population">A population or single neuron with a morphology.</param>
    /// <param name="neuron">The neuron's index in it.</param>
    /// <param name="into">At least <see cref="CompartmentCountOf"/> values (mV).</param>
    /// <exception cref="ArgumentException">No such population, it has no morphology, the index is out of range or the span is short.</exception>
    public void CopyCompartmentVoltages(string population, int neuron, Span<float> into)
    {
        RefuseWhenPartitioned(nameof(CopyCompartmentVoltages));
        if (!_groupByName.TryGetValue(population, out var g)) throw new ArgumentException($"No population '{population}'.", nameof(population));
        if (g is not MultiCompartmentGroup m) throw new ArgumentException($"Population '{population}' has no morphology.", nameof(population));
        if ((uint)neuron >= (uint)m.Count) throw new ArgumentOutOfRangeException(nameof(neuron), $"Neuron {neuron} is not in [0, {m.Count}).");
        int k = m.Compartments;
        if (into.Length < k) throw new ArgumentException($"The span holds {into.Length} values, fewer than the {k} compartments.", nameof(into));
        WithHostState(g, learned: false);
        m.CompartmentV.AsSpan(neuron * k, k).CopyTo(into);
    }
}
