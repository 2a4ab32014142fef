namespace NeuroSharp.Spiking.Simulation;

/// <summary>Current inputs: on at steps [start, stop). When any switches, the affected currents are summed afresh (no drift from adding and subtracting).</summary>
internal sealed class CurrentSchedule
{
    private readonly List<(NeuronGroup Group, int[]? Indices, float Amplitude, int Start, int Stop)> _inputs = [];
    private readonly HashSet<int> _switchSteps = [];
    private readonly List<NeuronGroup> _groups = [];

    public bool IsEmpty => _inputs.Count == 0;

    public void Add(NeuronGroup group, IReadOnlyList<int>? indices, double amplitude, double startMs, double? stopMs, double dtMs)
    {
        int start = (int)Math.Min(int.MaxValue, Math.Round(startMs / dtMs));
        int stop = stopMs is { } s ? (int)Math.Min(int.MaxValue, Math.Round(s / dtMs)) : int.MaxValue;
        _inputs.Add((group, indices?.ToArray(), (float)amplitude, start, stop));
        if (!_groups.Contains(group)) _groups.Add(group);
        _switchSteps.Add(start);
        _switchSteps.Add(stop);
    }

    /// <summary>The groups that receive current inputs.</summary>
    public IEnumerable<NeuronGroup> Groups => _groups;

    /// <summary>Changes input <paramref name="k"/>'s amplitude and sums the currents afresh for <paramref name="step"/>, the next one.</summary>
    public void SetAmplitude(int k, double amplitude, int step)
    {
        _inputs[k] = _inputs[k] with { Amplitude = (float)amplitude };
        Sum(step);
    }

    /// <summary>Sets the currents of this step; returns true when any changed (step 0 or a switch).</summary>
    public bool Apply(int step)
    {
        if (_inputs.Count == 0 || (step != 0 && !_switchSteps.Contains(step))) return false;
        Sum(step);
        return true;
    }

    private void Sum(int step)
    {
        // Each group once: a train of many pulses on one group would otherwise clear it once per pulse.
        foreach (var group in _groups) Array.Clear(group.Current);
        foreach (var (group, indices, amplitude, start, stop) in _inputs)
        {
            if (step < start || step >= stop) continue;
            if (indices is null)
            {
                var c = group.Current;
                for (int i = 0; i < c.Length; i++) c[i] += amplitude;
            }
            else
            {
                foreach (int i in indices) group.Current[i] += amplitude;
            }
        }
    }
}
