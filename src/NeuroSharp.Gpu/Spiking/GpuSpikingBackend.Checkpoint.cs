using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// Checkpoints on the device (docs/gpu.md, "Checkpoints"): what the device keeps in flight between runs goes to and from the
/// engine's host structures in the CPU loop's own form, so that a checkpoint file is the same whichever ran the steps. Only at a
/// checkpoint: nothing here runs in the step loop.
/// </summary>
internal sealed partial class GpuSpikingBackend
{
    /// <inheritdoc/>
    public void PullInFlight()
    {
        _accelerator.Synchronize();
        int step = _engine.StepCount;
        var histories = new Dictionary<DeviceGroup, int[]>();
        for (int k = 0; k < _rings.Length; k++)
        {
            var contents = _engine.RingChannels[k].Ring.Contents;
            _rings[k].Ring.View.SubView(0, contents.Length).CopyToHost(contents);
        }
        foreach (var p in _projections)
        {
            var (queue, counts) = p.Host.DelayQueue;
            if (counts.Length > 0) ToQueue(HistoryOf(p.Source), p.Source, step, queue, counts);
            if (p.Host.DelayedStdp is { } rule)
            {
                (queue, counts, _, _) = rule.InFlight;
                ToQueue(HistoryOf(p.Source), p.Source, step, queue, counts);
            }
            p.PullInFlight(queue, counts);
        }
        _accelerator.Synchronize();

        int[] HistoryOf(DeviceGroup g)
        {
            if (histories.TryGetValue(g, out var words)) return words;
            words = new int[g.Slots * g.Words];
            if (words.Length > 0) g.History.SubView(0, words.Length).CopyToHost(words);
            histories[g] = words;
            return words;
        }
    }

    /// <inheritdoc/>
    public void PushInFlight()
    {
        int step = _engine.StepCount;
        var histories = new Dictionary<DeviceGroup, int[]>();
        for (int k = 0; k < _rings.Length; k++)
        {
            var contents = _engine.RingChannels[k].Ring.Contents;
            _rings[k].Ring.View.SubView(0, contents.Length).CopyFromHost(contents);
        }
        foreach (var p in _projections)
        {
            var (queue, counts) = p.Host.DelayQueue;
            if (counts.Length > 0) FromQueue(HistoryOf(p.Source), p.Source, step, queue, counts, p.Host.Name);
            if (p.Host.DelayedStdp is { } rule)
            {
                (queue, counts, _, _) = rule.InFlight;
                FromQueue(HistoryOf(p.Source), p.Source, step, queue, counts, p.Host.Name);
            }
            p.PushInFlight(queue, counts);
        }
        foreach (var g in _groups)
        {
            if (histories.TryGetValue(g, out var words) && words.Length > 0) g.History.SubView(0, words.Length).CopyFromHost(words);
            else g.ClearHistory(); // nothing of it in flight: its rows are read again only once this run wrote them
        }
        _transmitters?.ClearHistory();
        _accelerator.Synchronize();

        int[] HistoryOf(DeviceGroup g)
        {
            if (!histories.TryGetValue(g, out var words)) histories[g] = words = new int[g.Slots * g.Words];
            return words;
        }
    }

    /// <summary>
    /// A queue of the CPU's form (slot s mod slots lists step s's spikes, ascending) from a source's spike history: the steps still
    /// in flight at <paramref name="step"/>, the last slots - 1 (each delay up to the longest); the other slot is empty.
    /// </summary>
    private static void ToQueue(int[] history, DeviceGroup g, int step, int[] queue, int[] counts)
    {
        int slots = counts.Length, n = g.Group.Count;
        Array.Clear(counts);
        for (int s = Math.Max(0, step - slots + 1); s < step; s++)
        {
            int row = s % g.Slots * g.Words, slot = s % slots, m = 0;
            for (int i = 0; i < n; i++)
            {
                if (((history[row + (i >> 5)] >> (i & 31)) & 1) != 0) queue[slot * n + m++] = i;
            }
            counts[slot] = m;
        }
    }

    /// <summary>The reverse of <see cref="ToQueue"/>: the queue's steps still in flight into the source's history (added to what is there).</summary>
    private static void FromQueue(int[] history, DeviceGroup g, int step, int[] queue, int[] counts, string projection)
    {
        int slots = counts.Length, n = g.Group.Count;
        for (int s = Math.Max(0, step - slots + 1); s < step; s++)
        {
            int row = s % g.Slots * g.Words, slot = s % slots;
            if ((uint)counts[slot] > (uint)n)
                throw new InvalidInputException($"The checkpoint's queue of projection '{projection}' holds {counts[slot]} spikes in slot {slot}, outside [0, {n}].");
            for (int k = 0; k < counts[slot]; k++)
            {
                int i = queue[slot * n + k];
                if ((uint)i >= (uint)n)
                    throw new InvalidInputException($"The checkpoint's queue of projection '{projection}' holds neuron {i} in slot {slot}, outside [0, {n}).");
                history[row + (i >> 5)] |= 1 << (i & 31);
            }
        }
    }
}
