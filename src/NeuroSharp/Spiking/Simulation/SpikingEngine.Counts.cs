namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Spike counts per neuron, for a protocol that needs each neuron's count over a stretch of steps but not the spike times
/// (STDP-MNIST's presentations): one int per neuron, where a spike monitor keeps an entry per spike (and a device backend
/// copies back the whole spike history for it; docs/gpu.md, "Copies per image").
/// </summary>
public sealed partial class SpikingEngine
{
    private readonly List<NeuronGroup> _countedGroups = [];

    /// <summary>Counts each neuron's spikes of a population from the next step on (until <see cref="ResetDynamics"/> or a take clears them).</summary>
    /// <param name="population">A population of spiking neurons.</param>
    internal void CountSpikesPerNeuron(string population)
    {
        RefuseWhenPartitioned(nameof(CountSpikesPerNeuron));
        var g = GroupOf(population) ?? throw new ArgumentException($"No population '{population}'.", nameof(population));
        if (g.NeuronSpikeCounts is not null) return;
        _backend?.CountSpikesPerNeuron(g); // room on the device (4 B a neuron), or a refusal before anything changed
        g.NeuronSpikeCounts = new int[g.Count];
        _countedGroups.Add(g);
    }

    /// <summary>Each neuron's spikes of a counted population since its counts were last cleared, into <paramref name="destination"/>; then clears them.</summary>
    /// <param name="population">A population given to <see cref="CountSpikesPerNeuron"/>.</param>
    /// <param name="destination">One entry per neuron.</param>
    internal void TakeSpikesPerNeuron(string population, Span<int> destination)
    {
        var g = Counted(population);
        CheckLength(destination.Length, g.Count, $"spike counts of '{population}'");
        _backend?.PullSpikesPerNeuron(g); // the device's counts into the host array, zeroed there
        g.NeuronSpikeCounts.AsSpan().CopyTo(destination);
        Array.Clear(g.NeuronSpikeCounts!);
    }

    /// <summary>Clears the spike counts of a counted population (nothing is copied).</summary>
    /// <param name="population">A population given to <see cref="CountSpikesPerNeuron"/>.</param>
    internal void ClearSpikesPerNeuron(string population)
    {
        var g = Counted(population);
        _backend?.ClearSpikesPerNeuron(g);
        Array.Clear(g.NeuronSpikeCounts!);
    }

    private NeuronGroup Counted(string population) =>
        GroupOf(population) is { NeuronSpikeCounts: not null } g ? g
            : throw new ArgumentException($"Population '{population}' does not count spikes per neuron (CountSpikesPerNeuron).", nameof(population));

    /// <summary>The CPU loop's count of this step's spikes of every counted population.</summary>
    private void CountStepSpikesPerNeuron()
    {
        foreach (var g in _countedGroups)
        {
            var counts = g.NeuronSpikeCounts!;
            foreach (int i in g.StepSpikes) counts[i]++;
        }
    }

    /// <summary>Clears every counted population's counts (ResetDynamics; a device backend clears its own).</summary>
    private void ClearAllSpikesPerNeuron()
    {
        foreach (var g in _countedGroups) Array.Clear(g.NeuronSpikeCounts!);
    }
}
