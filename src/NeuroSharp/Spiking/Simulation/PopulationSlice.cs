namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// What a monitor watches: neurons [First, First + Count) of a population (a whole population, or one
/// transmitter neuron of the transmitter population), its spikes renumbered from 0.
/// </summary>
internal readonly struct PopulationSlice
{
    private readonly int[] _scratch;

    public PopulationSlice(IPopulation population, int first, int count)
    {
        Population = population;
        First = first;
        Count = count;
        _scratch = IsWhole ? [] : new int[count];
    }

    public IPopulation Population { get; }

    public int First { get; }

    public int Count { get; }

    private bool IsWhole => First == 0 && Count == Population.Count;

    /// <summary>This step's spikes of the slice, ascending, numbered from its first neuron.</summary>
    public ReadOnlySpan<int> StepSpikes()
    {
        var spikes = Population.StepSpikes;
        if (IsWhole) return spikes;
        int n = 0, end = First + Count;
        foreach (int i in spikes)
        {
            if (i >= First && i < end) _scratch[n++] = i - First;
        }
        return _scratch.AsSpan(0, n);
    }

    /// <summary>The population's indices of the slice's neurons <paramref name="indices"/>.</summary>
    public int[] Neurons(IReadOnlyList<int> indices)
    {
        var neurons = new int[indices.Count];
        for (int k = 0; k < neurons.Length; k++) neurons[k] = First + indices[k];
        return neurons;
    }
}
