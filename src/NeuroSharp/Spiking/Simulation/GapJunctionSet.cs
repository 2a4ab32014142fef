namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The network's gap junctions (<see cref="GapJunctionSpec"/>) and graded projections (<see cref="GradedProjectionSpec"/>),
/// flattened into pairs: before the groups integrate, each gap junction pair adds <c>g (v_a - v_b)</c> to b's current and its
/// negative to a's, and each graded pair adds its current (<see cref="GradedKinetics"/>) to b's only; after they have
/// integrated, the currents are put back as they were, so external currents (the schedule, SetCurrents) are never changed
/// by it and never drift.
/// </summary>
internal sealed class GapJunctionSet
{
    private readonly List<Set> _junctions = [];
    private readonly List<(NeuronGroup Group, float[] V, float[] Saved)> _touched = [];

    /// <summary>One set of pairs: a gap junction spec (<see cref="Graded"/> null) or a graded projection (with its pairs' state s).</summary>
    private sealed record Set(NeuronGroup Source, NeuronGroup Target, float[] VSource, float[] VTarget, int[] Pre, int[] Post, float[] Conductance, GradedKinetics? Graded, float[] S);

    public bool IsEmpty => _junctions.Count == 0;

    /// <summary>True when some set is a gap junction's (what a device backend steps).</summary>
    public bool HasGapJunctions => _junctions.Exists(j => j.Graded is null);

    /// <summary>True when some set is a graded projection's.</summary>
    public bool HasGraded => _junctions.Exists(j => j.Graded is not null);

    /// <summary>The gap junction sets in the order <see cref="Apply"/> adds them (a device backend repeats that order).</summary>
    public IEnumerable<(NeuronGroup Source, NeuronGroup Target, int[] Pre, int[] Post, float[] Conductance)> Junctions =>
        _junctions.Where(j => j.Graded is null).Select(j => (j.Source, j.Target, j.Pre, j.Post, j.Conductance));

    /// <summary>Adds the pairs of one gap junction spec (pairs in CSR order).</summary>
    public void Add(NeuronGroup source, NeuronGroup target, int[] pre, int[] post, float[] conductance)
    {
        _junctions.Add(new Set(source, target, Touch(source, touchesCurrent: true), Touch(target, touchesCurrent: true), pre, post, conductance, null, []));
    }

    /// <summary>Adds the pairs of one graded projection (pairs in CSR order; <paramref name="conductance"/>: weight x conductance per pair).</summary>
    public void AddGraded(NeuronGroup source, NeuronGroup target, int[] pre, int[] post, float[] conductance, GradedKinetics kinetics)
    {
        _junctions.Add(new Set(source, target, Touch(source, touchesCurrent: false), Touch(target, touchesCurrent: true), pre, post, conductance, kinetics, new float[pre.Length]));
    }

    /// <summary>Registers a group whose v the pairs read (and whose current they change, when <paramref name="touchesCurrent"/>); returns its v.</summary>
    private float[] Touch(NeuronGroup g, bool touchesCurrent)
    {
        var v = g.Variable("v") ?? throw new InvalidInputException($"Population '{g.Name}' has no membrane potential for a gap junction or graded synapse.");
        if (touchesCurrent && !_touched.Exists(t => ReferenceEquals(t.Group, g))) _touched.Add((g, v, new float[g.Count]));
        return v;
    }

    /// <summary>Saves the touched groups' currents and adds the pairs' currents from v at the start of the step (graded pairs' state advances).</summary>
    public void Apply()
    {
        foreach (var (group, _, saved) in _touched) group.Current.AsSpan().CopyTo(saved);
        foreach (var set in _junctions)
        {
            var vs = set.VSource;
            var vt = set.VTarget;
            var pre = set.Pre;
            var post = set.Post;
            var conductance = set.Conductance;
            var ct = set.Target.Current;
            if (set.Graded is { } law)
            {
                var s = set.S;
                for (int k = 0; k < pre.Length; k++) ct[post[k]] += law.Step(conductance[k], ref s[k], vs[pre[k]], vt[post[k]]);
                continue;
            }
            var cs = set.Source.Current;
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

    /// <summary>Visits each graded projection's synaptic state s (gap junctions keep none), in build order, for a checkpoint.</summary>
    public void VisitState(StateVisitor visitor)
    {
        for (int k = 0; k < _junctions.Count; k++) visitor.Values($"s{k}", _junctions[k].S.AsSpan());
    }

    /// <summary>The graded pairs' state back to its start (s = 0).</summary>
    public void ResetState()
    {
        foreach (var set in _junctions) Array.Clear(set.S);
    }

    /// <summary>The state s of the graded pairs of set <paramref name="set"/> (in the order of <see cref="Apply"/>; empty for a gap junction's).</summary>
    public ReadOnlySpan<float> StateOf(int set) => _junctions[set].S;
}
