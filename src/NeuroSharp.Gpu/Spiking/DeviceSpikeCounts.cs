using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// Spike counts per neuron of the populations the engine counts (<see cref="NeuronGroup.NeuronSpikeCounts"/>), kept on the
/// device: every block of steps one thread per neuron adds its bits of the block's history rows to its count, and the counts
/// come back (N ints) only when the host takes them: what a trainer that needs no spike times reads instead of the whole
/// spike history (docs/gpu.md, "Copies per image"). The buffer is made when the engine is asked to count a population, and
/// counts in the device memory estimate from then on.
/// </summary>
internal sealed class DeviceSpikeCounts(Accelerator accelerator, DeviceGroup[] groups) : IDisposable
{
    private readonly Dictionary<NeuronGroup, (MemoryBuffer1D<int, Stride1D.Dense> Device, int[] Host)> _counts = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<NeuronGroup> _counted = new(ReferenceEqualityComparer.Instance); // counted on the device since the last take or clear
    private Action<Index1D, ArrayView<int>, int, int, ArrayView<int>>? _kernel;

    /// <summary>Adds the spikes of steps [first, first + count) (one block, still in the history ring) to each counted population's counts.</summary>
    public void Accumulate(int first, int count)
    {
        foreach (var g in groups)
        {
            if (g.Group.NeuronSpikeCounts is null || g.Group.Count == 0) continue;
            _kernel ??= accelerator.LoadElementKernel<Index1D, ArrayView<int>, int, int, ArrayView<int>>(Count);
            _kernel(g.Group.Count, g.HistoryRows(first, count), g.Words, count, CountsOf(g.Group).Device.View);
            _counted.Add(g.Group);
        }
    }

    /// <summary>Adds the device's counts of <paramref name="group"/> into its host array and zeroes them there (one copy of N ints, none when nothing was counted).</summary>
    public void Pull(NeuronGroup group)
    {
        if (!_counted.Remove(group)) return;
        var (device, host) = CountsOf(group);
        device.View.CopyToHost(host);
        device.MemSetToZero();
        accelerator.Synchronize();
        var into = group.NeuronSpikeCounts!;
        for (int i = 0; i < host.Length; i++) into[i] += host[i];
    }

    /// <summary>Zeroes the device's counts of <paramref name="group"/> (nothing copied).</summary>
    public void Clear(NeuronGroup group)
    {
        if (_counted.Remove(group)) CountsOf(group).Device.MemSetToZero();
    }

    /// <summary>Zeroes every population's counts on the device (ResetDynamics).</summary>
    public void ClearAll()
    {
        foreach (var g in _counted) CountsOf(g).Device.MemSetToZero();
        _counted.Clear();
    }

    public void Dispose()
    {
        foreach (var (device, _) in _counts.Values) device.Dispose();
    }

    /// <summary>The device bytes of a population's counts: 4 B a neuron.</summary>
    public static long Bytes(NeuronGroup group) => (long)group.Count * sizeof(int);

    /// <summary>Makes the device buffer (zeroed) and host scratch of a population's counts, when the engine is asked to count it.</summary>
    public void Allocate(NeuronGroup group)
    {
        if (_counts.ContainsKey(group)) return;
        var device = accelerator.Allocate1D<int>(Math.Max(1, group.Count));
        device.MemSetToZero();
        _counts[group] = (device, new int[group.Count]);
    }

    /// <summary>The device buffer and host scratch of a counted population's counts (made by <see cref="Allocate"/>).</summary>
    private (MemoryBuffer1D<int, Stride1D.Dense> Device, int[] Host) CountsOf(NeuronGroup group) => _counts[group];

    /// <summary>One thread per neuron: its bits in the block's <paramref name="steps"/> rows of <paramref name="words"/> words, added to its count.</summary>
    private static void Count(Index1D i, ArrayView<int> rows, int words, int steps, ArrayView<int> counts)
    {
        int word = i >> 5, bit = i & 31, n = 0;
        for (int r = 0; r < steps; r++) n += (rows[r * words + word] >> bit) & 1;
        counts[i] += n;
    }
}
