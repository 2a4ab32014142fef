namespace NeuroSharp.Spiking.Simulation;

/// <summary>Sources that spike at listed times (<see cref="SpikeTimesSourceSpec"/>); a time t falls in step round(t / dt), and a source spikes at most once per step.</summary>
internal sealed class SpikeTimesGroup : NeuronGroup
{
    private readonly long[] _keys; // step * count + index, sorted and distinct

    public SpikeTimesGroup(string name, int index, int count, SpikeTimesSourceSpec spec, double dtMs)
        : base(name, index, count, spec, dtMs, receivesInput: false)
    {
        var keys = new long[spec.Indices.Count];
        for (int k = 0; k < keys.Length; k++) keys[k] = (long)Math.Round(spec.TimesMs[k] / dtMs) * count + spec.Indices[k];
        Array.Sort(keys);
        int distinct = 0;
        for (int k = 0; k < keys.Length; k++)
        {
            if (distinct == 0 || keys[distinct - 1] != keys[k]) keys[distinct++] = keys[k];
        }
        _keys = keys[..distinct];
    }

    protected override int IntegrateBlock(int start, int end, int step, Span<int> spiked)
    {
        long from = (long)step * Count + start, to = (long)step * Count + end;
        int k = LowerBound(from);
        int n = 0;
        while (k < _keys.Length && _keys[k] < to) spiked[n++] = (int)(_keys[k++] - (long)step * Count);
        return n;
    }

    private int LowerBound(long key)
    {
        int lo = 0, hi = _keys.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_keys[mid] < key) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    protected override void VisitModelState(StateVisitor visitor)
    {
        // Nothing: the spike times are the network's, and which fire next follows from the step alone.
    }

    public override void ApplyReset(int step)
    {
    }

    public override float[]? Variable(string name) => null;
}
