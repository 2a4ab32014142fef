namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The network's gap junctions (<see cref="GapJunctionSpec"/>), flattened into pairs: before the groups
/// integrate, each pair adds <c>g (v_a - v_b)</c> to b's current and its negative to a's; after they have
/// integrated, the currents are put back as they were, so external currents (the schedule, SetCurrents)
/// are never changed by it and never drift.
/// </summary>
internal sealed class GapJunctionSet
{
    private readonly List<(NeuronGroup Source, NeuronGroup Target, float[] VSource, float[] VTarget, int[] Pre, int[] Post, float[] Conductance)> _junctions = [];
    private readonly List<(NeuronGroup Group, float[] V, float[] Saved)> _touched = [];

    public bool IsEmpty => _junctions.Count == 0;

    /// <summary>The junction sets in the order <see cref="Apply"/> adds them (a device backend repeats that order).</summary>
    public IEnumerable<(NeuronGroup Source, NeuronGroup Target, int[] Pre, int[] Post, float[] Conductance)> Junctions =>
        _junctions.Select(j => (j.Source, j.Target, j.Pre, j.Post, j.Conductance));

    /// <summary>Adds the pairs of one gap junction spec (pairs in CSR order).</summary>
    public void Add(NeuronGroup source, NeuronGroup target, int[] pre, int[] post, float[] conductance)
    {
        _junctions.Add((source, target, Touch(source), Touch(target), pre, post, conductance));
    }

    /// <summary>Registers a group whose current the junctions change; returns its v.</summary>
    private float[] Touch(NeuronGroup g)
    {
        var v = g.Variable("v") ?? throw new InvalidInputException($"Population '{g.Name}' has no membrane potential for a gap junction.");
        if (!_touched.Exists(t => ReferenceEquals(t.Group, g))) _touched.Add((g, v, new float[g.Count]));
        return v;
    }

    /// <summary>Saves the touched groups' currents and adds the junction currents from v at the start of the step.</summary>
    public void Apply()
    {
        foreach (var (group, _, saved) in _touched) group.Current.AsSpan().CopyTo(saved);
        foreach (var (source, target, vs, vt, pre, post, conductance) in _junctions)
        {
            var cs = source.Current;
            var ct = target.Current;
            for (int k = 0; k < pre.Length; k++)
            {
                int a = pre[k], b = post[k];
                float i = conductance[k] * (vs[a] - vt[b]);
                ct[b] += i;
                cs[a] -= i;
            }
        }
    }

    /// <summary>Puts back the currents saved by <see cref="Apply"/>.</summary>
    public void Restore()
    {
        foreach (var (group, _, saved) in _touched) saved.AsSpan().CopyTo(group.Current);
    }
}
