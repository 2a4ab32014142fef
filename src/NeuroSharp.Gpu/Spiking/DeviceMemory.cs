using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// The device memory an engine's buffers take (docs/gpu.md, "Memory layout"), counted from the built network
/// before any buffer is allocated, so that a network the device cannot hold is refused with one sentence
/// instead of failing in the middle of its uploads. Saturating arithmetic, as <see cref="MemoryBudget"/>.
/// </summary>
internal static class DeviceMemory
{
    /// <summary>The bytes of every device buffer <see cref="GpuSpikingBackend"/> allocates for <paramref name="engine"/>.</summary>
    /// <param name="engine">The built engine.</param>
    /// <param name="block">Steps per monitor block.</param>
    /// <returns>The estimate in bytes.</returns>
    public static long Estimate(SpikingEngine engine, int block)
    {
        long total = 0;
        foreach (var g in engine.Groups)
        {
            long n = g.Count, words = (n + 31) / 32;
            int rises = (g.Rises.Exc is null ? 0 : 1) + (g.Rises.Inh is null ? 0 : 1);
            // Up to six float arrays of state and one per rise state, the last spike (int), theta in double; the spike history ring.
            if (g is PoissonGroup) total = MemoryBudget.Plus(total, DevicePoisson.Bytes(n)); // probabilities, active list, stream states
            if (g is HodgkinHuxleyGroup hh) total = MemoryBudget.Plus(total, DeviceHh.Bytes(hh)); // the gates, the channel description
            if (g is GlifGroup glif) total = MemoryBudget.Plus(total, DeviceGlif.Bytes(glif)); // after-spike currents, the ports' arrays, the constants
            if (g.NeuronSpikeCounts is not null) total = MemoryBudget.Plus(total, DeviceSpikeCounts.Bytes(g)); // counted per neuron (4 B a neuron)
            total = MemoryBudget.Plus(total, MemoryBudget.Times(n, (6 + rises) * sizeof(float) + sizeof(int) + sizeof(double)),
                MemoryBudget.Times(GpuSpikingBackend.HistorySlots(engine, g, block), words, sizeof(int)));
        }
        foreach (var p in engine.ProjectionList)
        {
            long sources = p.Source.Count, targets = p.Target.Count;
            long delaySlots = p.DelayedStdp?.Slots ?? 1;
            bool stdp = p.Stdp is not null || p.DelayedStdp is not null;
            // Weight, target, column entry and source of each synapse; its delay; its place in the delay-sorted column.
            long perSynapse = 4 * sizeof(int) + (p.DelaySteps is null ? 0 : sizeof(int)) + (p.DelayedStdp is null ? 0 : sizeof(int));
            // Row start; x_pre; short-term u, x, last spike and factors; the x_pre history.
            long perSource = sizeof(int) + (stdp ? sizeof(float) : 0) + (p.ShortTerm is null ? 0 : 3 * sizeof(float) + delaySlots * sizeof(float))
                + (p.DelayedStdp is null ? 0 : delaySlots * sizeof(float));
            // Column start; x_post and y2.
            long perTarget = sizeof(int) + (stdp ? 2 * sizeof(float) : 0);
            total = MemoryBudget.Plus(total, MemoryBudget.Times(p.SynapseCount, perSynapse), MemoryBudget.Times(sources, perSource),
                MemoryBudget.Times(targets, perTarget), sizeof(long));
        }
        // The spike sums per segment of the populations no spike monitor watches (8 B a slot).
        int countOnly = engine.Groups.Count(g => !engine.SpikeMonitorSlices.Any(m => ReferenceEquals(m.Slice.Population, g)));
        total = MemoryBudget.Plus(total, MemoryBudget.Times(BlockMonitors.SumSlots(countOnly, block), sizeof(long)));
        foreach (var (ring, channel) in engine.RingChannels) total = MemoryBudget.Plus(total, MemoryBudget.Times(ring.Slots, channel.Length, sizeof(float)));
        total = MemoryBudget.Plus(total, DeviceGaps.Bytes(engine));
        if (engine.Transmitters is { } t) total = MemoryBudget.Plus(total, DeviceTransmitters.Bytes(t, block, engine.TransmitterState is not null));
        foreach (var d in engine.Drives) total = MemoryBudget.Plus(total, DeviceDrive.Bytes(d));
        foreach (var (monitor, _, _, neurons) in engine.StateMonitorTargets)
            total = MemoryBudget.Plus(total, MemoryBudget.Times(block, neurons.Length, monitor.Variables.Count, sizeof(float)), MemoryBudget.Times(neurons.Length, sizeof(int)));
        return total;
    }

    /// <summary>Why the device cannot hold <paramref name="bytes"/> (one sentence), or null when it can.</summary>
    /// <param name="bytes">The estimate.</param>
    /// <param name="device">The device.</param>
    /// <returns>The reason, or null.</returns>
    public static string? Refusal(long bytes, GpuDevice device)
    {
        long size = device.Accelerator.MemorySize;
        if (size <= 0 || bytes <= size) return null;
        return $"--device gpu: the network needs about {MemoryBudget.FormatBytes(bytes)} of device memory, more than the {MemoryBudget.FormatBytes(size)} "
            + $"of {device.Accelerator.Name}; use --device cpu or a smaller network.";
    }
}
