namespace NeuroSharp.Evolution;

/// <summary>
/// The historical markings of one run (Stanley and Miikkulainen 2002): the same structural change gets the
/// same number in every genome, so crossover can align genes and compatibility can count what differs.
/// A (source, target, lane) link always gets the same innovation number (lane 0 the first link of a pair, higher lanes
/// parallel ones); splitting a given link always gives
/// the same new node id (a fresh one if the genome already holds it).
/// </summary>
public sealed class InnovationTracker
{
    private readonly Dictionary<(int Source, int Target, int Lane), long> _links = [];
    private readonly Dictionary<long, int> _splits = [];
    private readonly Dictionary<int, int> _mirrorNodes = [];

    /// <summary>A tracker whose first new node id is <paramref name="firstNodeId"/> (the sensor plus motor count).</summary>
    /// <param name="firstNodeId">The first id a hidden neuron gets.</param>
    public InnovationTracker(int firstNodeId) => NextNodeId = firstNodeId;

    /// <summary>The next innovation number to hand out.</summary>
    public long NextInnovation { get; private set; }

    /// <summary>The next hidden node id to hand out.</summary>
    public int NextNodeId { get; private set; }

    /// <summary>The innovation number of the link source -> target on <paramref name="lane"/> (a new one the first time).</summary>
    /// <param name="source">Source node id.</param>
    /// <param name="target">Target node id.</param>
    /// <param name="lane">Which parallel link of the pair (0: the first).</param>
    /// <returns>Its innovation number.</returns>
    public long Link(int source, int target, int lane = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lane);
        if (_links.TryGetValue((source, target, lane), out long n)) return n;
        _links[(source, target, lane)] = NextInnovation;
        return NextInnovation++;
    }

    /// <summary>The node id that splitting link <paramref name="innovation"/> creates.</summary>
    /// <param name="innovation">The split link's innovation.</param>
    /// <param name="taken">Whether a candidate id is already in the genome (then a fresh id is handed out).</param>
    /// <returns>The new node's id.</returns>
    public int SplitNode(long innovation, Func<int, bool> taken)
    {
        if (_splits.TryGetValue(innovation, out int id) && !taken(id)) return id;
        id = NextNodeId++;
        _splits[innovation] = id;
        return id;
    }

    /// <summary>
    /// Mirror-tied genes (docs/evolution-neat.md, "Mirror-tied genes"): the two node ids that splitting link
    /// <paramref name="innovation"/> and its mirror image <paramref name="mirrorInnovation"/> together create, recorded as each
    /// other's mirror. The same pair of splits gives the same pair of ids in every genome (a fresh pair if the genome holds either);
    /// a link that is its own image gives one node, its own mirror.
    /// </summary>
    /// <param name="innovation">The split link's innovation.</param>
    /// <param name="mirrorInnovation">Its mirror image's innovation (the same for a link that is its own image).</param>
    /// <param name="taken">Whether a candidate id is already in the genome.</param>
    /// <returns>The new node and its mirror (equal for a link that is its own image).</returns>
    public (int Node, int Mirror) SplitMirrorPair(long innovation, long mirrorInnovation, Func<int, bool> taken)
    {
        if (_splits.TryGetValue(innovation, out int a) && _splits.TryGetValue(mirrorInnovation, out int b)
            && !taken(a) && !taken(b) && _mirrorNodes.TryGetValue(a, out int m) && m == b && (a == b) == (innovation == mirrorInnovation))
            return (a, b);
        a = NextNodeId++;
        b = innovation == mirrorInnovation ? a : NextNodeId++;
        _splits[innovation] = a;
        _splits[mirrorInnovation] = b;
        _mirrorNodes[a] = b;
        _mirrorNodes[b] = a;
        return (a, b);
    }

    /// <summary>The mirror image of a hidden node made by <see cref="SplitMirrorPair"/>, or null for one made otherwise.</summary>
    /// <param name="node">A hidden node id.</param>
    /// <returns>Its mirror's id, or null.</returns>
    public int? MirrorNode(int node) => _mirrorNodes.TryGetValue(node, out int m) ? m : null;

    /// <summary>The tracker's state, for a checkpoint.</summary>
    /// <returns>Links as (source, target, innovation) on lane 0 and (source, target, innovation, lane) on a parallel lane
    /// (so a run without parallel links saves what it saved before lanes existed), splits as (innovation, node).</returns>
    public InnovationState Save() => new(NextInnovation, NextNodeId,
        [.. _links.OrderBy(p => p.Value).Select(p => p.Key.Lane == 0
            ? new[] { p.Key.Source, p.Key.Target, p.Value }
            : new[] { p.Key.Source, p.Key.Target, p.Value, p.Key.Lane })],
        [.. _splits.OrderBy(p => p.Key).Select(p => new[] { p.Key, p.Value })],
        _mirrorNodes.Count == 0 ? null : [.. _mirrorNodes.Where(p => p.Key <= p.Value).OrderBy(p => p.Key).Select(p => new long[] { p.Key, p.Value })]);

    /// <summary>A tracker restored from <see cref="Save"/>.</summary>
    /// <param name="state">A saved state.</param>
    /// <returns>The tracker.</returns>
    public static InnovationTracker Load(InnovationState state)
    {
        var t = new InnovationTracker(state.NextNodeId) { NextInnovation = state.NextInnovation };
        foreach (var l in state.Links)
        {
            if (l.Length is not (3 or 4) || l.Length == 4 && l[3] < 0)
                throw new InvalidInputException($"The NEAT checkpoint's innovation list holds [{string.Join(", ", l)}]; each entry must be [source, target, innovation] or [source, target, innovation, lane >= 0].");
            t._links[((int)l[0], (int)l[1], l.Length == 4 ? (int)l[3] : 0)] = l[2];
        }
        foreach (var s in state.Splits) t._splits[s[0]] = (int)s[1];
        foreach (var m in state.MirrorNodes ?? [])
        {
            if (m.Length != 2 || m[0] < 0 || m[1] < 0)
                throw new InvalidInputException($"The NEAT checkpoint's mirror node list holds [{string.Join(", ", m)}]; each entry must be [node, mirror node].");
            t._mirrorNodes[(int)m[0]] = (int)m[1];
            t._mirrorNodes[(int)m[1]] = (int)m[0];
        }
        return t;
    }
}

/// <summary>An <see cref="InnovationTracker"/>'s saved state.</summary>
/// <param name="NextInnovation">The next innovation number.</param>
/// <param name="NextNodeId">The next hidden node id.</param>
/// <param name="Links">Each link as [source, target, innovation], or [source, target, innovation, lane] on a parallel lane.</param>
/// <param name="Splits">Each split as [innovation, node id].</param>
/// <param name="MirrorNodes">Mirror-tied runs: each pair of hidden nodes made as mirror images, [node, mirror] (a node its own
/// mirror as [node, node]); null (not written) otherwise, so untied runs write what they wrote before.</param>
public sealed record InnovationState(long NextInnovation, int NextNodeId, long[][] Links, long[][] Splits,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] long[][]? MirrorNodes = null);
