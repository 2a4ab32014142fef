using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Draws the synapses of a projection from a <see cref="ConnectivitySpec"/>. Every builder is
/// sequential over one stream, so the pattern depends only on the build seed.
/// </summary>
public static class ConnectivityBuilder
{
    /// <summary>Builds the pattern and returns (row starts, targets) in CSR by source, targets ascending in each row.</summary>
    /// <param name="spec">The rule.</param>
    /// <param name="sourceCount">Neurons in the source population.</param>
    /// <param name="targetCount">Neurons in the target population.</param>
    /// <param name="recurrent">True when source and target are the same population (self-connections are then excluded unless allowed).</param>
    /// <param name="rng">The build stream of this projection.</param>
    /// <returns>Row starts (length sourceCount + 1) and targets.</returns>
    public static (int[] RowStart, int[] Targets) Build(ConnectivitySpec spec, int sourceCount, int targetCount, bool recurrent, RandomStream rng)
    {
        var p = BuildPattern(spec, sourceCount, targetCount, recurrent, rng);
        return (p.RowStart, p.Targets);
    }

    /// <summary>
    /// Builds the pattern of a whole projection, or (with <paramref name="held"/>) only the synapses onto the
    /// targets one rank holds: every draw of the whole projection is still made, in the same order, so the kept
    /// synapses are exactly the whole pattern's, but the others are never stored (a partitioned run's memory per
    /// rank is its share of the synapses, not a whole projection; docs/distributed.md).
    /// </summary>
    /// <param name="spec">The rule.</param>
    /// <param name="sourceCount">Neurons in the source population.</param>
    /// <param name="targetCount">Neurons in the target population.</param>
    /// <param name="recurrent">True when source and target are the same population.</param>
    /// <param name="rng">The build stream of this projection.</param>
    /// <param name="held">Null for the whole projection; else, per target, its index among the held targets or -1.</param>
    /// <returns>The pattern; a held part's targets are held indices, and <see cref="CsrPattern.Global"/> numbers its synapses in the whole projection.</returns>
    internal static CsrPattern BuildPattern(ConnectivitySpec spec, int sourceCount, int targetCount, bool recurrent, RandomStream rng, int[]? held = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rng);
        return spec switch
        {
            AllToAllConnectivity a => held is null ? AllToAll(sourceCount, targetCount, recurrent && !a.AllowSelf) : AllToAllHeld(sourceCount, targetCount, recurrent && !a.AllowSelf, held),
            FixedProbabilityConnectivity f => FixedProbability(sourceCount, targetCount, f.Probability, recurrent && !f.AllowSelf, rng, held),
            FixedInDegreeConnectivity k => FixedInDegree(sourceCount, targetCount, k.InDegree, recurrent && !k.AllowSelf, rng, held),
            OneToOneConnectivity => Keep(OneToOne(sourceCount), held),
            ExplicitConnectivity e => Keep(Explicit(sourceCount, e), held), // the list is whole in the spec already
            _ => throw new ArgumentException($"Unknown connectivity {spec.GetType().Name}.", nameof(spec)),
        };
    }

    private static CsrPattern AllToAll(int sources, int targets, bool noSelf)
    {
        var rowStart = new int[sources + 1];
        for (int s = 0; s < sources; s++) rowStart[s + 1] = rowStart[s] + targets - (noSelf && s < targets ? 1 : 0);
        var t = new int[rowStart[sources]];
        int e = 0;
        for (int s = 0; s < sources; s++)
        {
            for (int j = 0; j < targets; j++)
            {
                if (noSelf && j == s) continue;
                t[e++] = j;
            }
        }
        return new CsrPattern(rowStart, t, null);
    }

    private static CsrPattern AllToAllHeld(int sources, int targets, bool noSelf, int[] held)
    {
        var part = new HeldPart(sources);
        int e = 0;
        for (int pass = 0; pass < 2; pass++, part.Allocate())
        {
            e = 0;
            for (int s = 0; s < sources; s++)
            {
                for (int j = 0; j < targets; j++)
                {
                    if (noSelf && j == s) continue;
                    part.Add(held[j], e++);
                }
                part.EndRow(s);
            }
        }
        return part.Finish(e);
    }

    /// <summary>
    /// Geometric skipping: the gap to the next chosen target is floor(ln U / ln(1 - p)), which is exactly one Bernoulli(p) per pair.
    /// A held part draws the projection twice from the same state: once to count its synapses, once to store them in arrays of their exact size.
    /// </summary>
    private static CsrPattern FixedProbability(int sources, int targets, double p, bool noSelf, RandomStream rng, int[]? held)
    {
        var rowStart = new int[sources + 1];
        var part = held is null ? null : new HeldPart(sources);
        var start = rng.GetState();
        var buffer = held is null ? new int[Math.Max(16, (int)Math.Min(int.MaxValue / 2, (long)(sources * (double)targets * p * 1.1) + 16))] : [];
        int e = 0;
        double logQ = p < 1 ? Math.Log(1 - p) : double.NegativeInfinity;
        for (int pass = 0; pass < (held is null ? 1 : 2); pass++)
        {
            if (pass == 1)
            {
                part!.Allocate();
                rng = new RandomStream(start);
                e = 0;
            }
            for (int s = 0; s < sources; s++)
            {
                if (p > 0)
                {
                    long j = -1;
                    while (true)
                    {
                        if (p >= 1) j++;
                        else
                        {
                            double u = 1.0 - rng.NextDouble(); // (0, 1]
                            j += 1 + (long)Math.Floor(Math.Log(u) / logQ);
                        }
                        if (j >= targets) break;
                        if (noSelf && j == s) continue;
                        if (part is not null)
                        {
                            part.Add(held![j], e);
                            e = checked(e + 1);
                            continue;
                        }
                        if (e == buffer.Length) Array.Resize(ref buffer, checked(buffer.Length * 2));
                        buffer[e++] = (int)j;
                    }
                }
                if (part is not null) part.EndRow(s);
                rowStart[s + 1] = e;
            }
        }
        return part?.Finish(e) ?? new CsrPattern(rowStart, buffer[..e], null);
    }

    /// <summary>
    /// Each target draws K distinct sources (rejection with a stamp array when K is small against the pool, partial
    /// Fisher-Yates otherwise); then the pattern is transposed to rows by source. A held part draws twice from the
    /// same state: first it counts each source's synapses (whole and held), then it stores the held ones, each
    /// numbered by how many synapses earlier targets gave its source (its place in the whole projection's row).
    /// </summary>
    private static CsrPattern FixedInDegree(int sources, int targets, int k, bool noSelf, RandomStream rng, int[]? held)
    {
        if (checked((long)targets * k) > int.MaxValue) throw new InvalidInputException($"fixedInDegree: {targets} x {k} synapses is too many.");
        if (held is not null) return FixedInDegreeHeld(sources, targets, k, noSelf, rng, held);
        var chosen = new int[targets * k];
        var draw = new InDegreeDraw(sources, k, noSelf);
        for (int t = 0; t < targets; t++) draw.Row(t, rng, chosen.AsSpan(t * k, k));
        // Transpose: counting sort by source; targets come out ascending because t runs ascending.
        var rowStart = new int[sources + 1];
        foreach (int s in chosen) rowStart[s + 1]++;
        for (int s = 0; s < sources; s++) rowStart[s + 1] += rowStart[s];
        var fill = rowStart[..sources];
        var result = new int[chosen.Length];
        for (int t = 0; t < targets; t++)
        {
            foreach (int s in chosen.AsSpan(t * k, k)) result[fill[s]++] = t;
        }
        return new CsrPattern(rowStart, result, null);
    }

    private static CsrPattern FixedInDegreeHeld(int sources, int targets, int k, bool noSelf, RandomStream rng, int[] held)
    {
        var start = rng.GetState();
        var row = new int[k];
        var whole = new int[sources + 1]; // pass 1: each source's synapses; then the whole projection's row starts
        var rowStart = new int[sources + 1]; // the held synapses' row starts
        var draw = new InDegreeDraw(sources, k, noSelf);
        for (int t = 0; t < targets; t++)
        {
            draw.Row(t, rng, row);
            foreach (int s in row)
            {
                whole[s + 1]++;
                if (held[t] >= 0) rowStart[s + 1]++;
            }
        }
        for (int s = 0; s < sources; s++)
        {
            whole[s + 1] += whole[s];
            rowStart[s + 1] += rowStart[s];
        }
        var targetsHeld = new int[rowStart[sources]];
        var global = new int[targetsHeld.Length];
        var fill = rowStart[..sources];
        var place = whole[..sources]; // the next synapse of each source in the whole projection
        rng = new RandomStream(start);
        draw = new InDegreeDraw(sources, k, noSelf);
        for (int t = 0; t < targets; t++)
        {
            draw.Row(t, rng, row);
            int h = held[t];
            foreach (int s in row)
            {
                if (h >= 0)
                {
                    targetsHeld[fill[s]] = h;
                    global[fill[s]++] = place[s];
                }
                place[s]++;
            }
        }
        return new CsrPattern(rowStart, targetsHeld, null) { Global = global, GlobalCount = whole[sources] };
    }

    /// <summary>The K distinct sources of one target of a fixed in-degree projection, drawn in a fixed order from the projection's stream.</summary>
    private sealed class InDegreeDraw(int sources, int k, bool noSelf)
    {
        private readonly int[] _stamp = new int[sources];
        private int[]? _pool;

        public void Row(int t, RandomStream rng, Span<int> row)
        {
            int exclude = noSelf && t < sources ? t : -1;
            int eligible = exclude >= 0 ? sources - 1 : sources;
            if (k * 2 <= eligible)
            {
                int mark = t + 1;
                for (int c = 0; c < k;)
                {
                    int s = rng.NextInt(sources);
                    if (s == exclude || _stamp[s] == mark) continue;
                    _stamp[s] = mark;
                    row[c++] = s;
                }
                return;
            }
            _pool ??= new int[sources];
            int m = 0;
            for (int s = 0; s < sources; s++)
            {
                if (s != exclude) _pool[m++] = s;
            }
            for (int c = 0; c < k; c++)
            {
                int j = c + rng.NextInt(m - c);
                (_pool[c], _pool[j]) = (_pool[j], _pool[c]);
                row[c] = _pool[c];
            }
        }
    }

    /// <summary>The held part of a whole pattern (one-to-one and explicit lists, whose whole is small or already in the spec).</summary>
    private static CsrPattern Keep(CsrPattern whole, int[]? held)
    {
        if (held is null) return whole;
        int sources = whole.RowStart.Length - 1;
        var part = new HeldPart(sources, whole.Origin is not null);
        for (int pass = 0; pass < 2; pass++, part.Allocate())
        {
            for (int s = 0; s < sources; s++)
            {
                for (int e = whole.RowStart[s]; e < whole.RowStart[s + 1]; e++) part.Add(held[whole.Targets[e]], e, whole.Origin?[e] ?? 0);
                part.EndRow(s);
            }
        }
        return part.Finish(whole.SynapseCount);
    }

    /// <summary>
    /// Collects the held synapses of a projection drawn row by row in the whole projection's order, in two passes
    /// over the same draws: the first counts each row's held synapses, the second stores them in arrays of that size.
    /// </summary>
    private sealed class HeldPart(int sources, bool origins = false)
    {
        private readonly int[] _rowStart = new int[sources + 1];
        private int[]? _targets;
        private int[] _global = [];
        private int[]? _origin;
        private int _count;

        /// <summary>Synapse <paramref name="e"/> of the whole projection, onto held target <paramref name="target"/> (-1: not held, skipped).</summary>
        public void Add(int target, int e, int origin = 0)
        {
            if (target < 0) return;
            if (_targets is not null)
            {
                _targets[_count] = target;
                _global[_count] = e;
                if (_origin is not null) _origin[_count] = origin;
            }
            _count++;
        }

        public void EndRow(int s)
        {
            if (_targets is null) _rowStart[s + 1] = _count;
        }

        /// <summary>After the counting pass: the arrays, for the storing pass (a second call does nothing).</summary>
        public void Allocate()
        {
            if (_targets is not null) return;
            _targets = new int[_count];
            _global = new int[_count];
            if (origins) _origin = new int[_count];
            _count = 0;
        }

        public CsrPattern Finish(int wholeCount) => new(_rowStart, _targets!, _origin) { Global = _global, GlobalCount = wholeCount };
    }

    private static CsrPattern OneToOne(int count)
    {
        var rowStart = new int[count + 1];
        var t = new int[count];
        for (int i = 0; i < count; i++)
        {
            rowStart[i + 1] = i + 1;
            t[i] = i;
        }
        return new CsrPattern(rowStart, t, null);
    }

    private static CsrPattern Explicit(int sources, ExplicitConnectivity e)
    {
        int m = e.Sources.Count;
        var order = new int[m];
        for (int k = 0; k < m; k++) order[k] = k;
        // Sort by (source, target, list position): a stable, deterministic row order.
        Array.Sort(order, (x, y) =>
        {
            int c = e.Sources[x].CompareTo(e.Sources[y]);
            if (c != 0) return c;
            c = e.Targets[x].CompareTo(e.Targets[y]);
            return c != 0 ? c : x.CompareTo(y);
        });
        var rowStart = new int[sources + 1];
        for (int k = 0; k < m; k++) rowStart[e.Sources[k] + 1]++;
        for (int s = 0; s < sources; s++) rowStart[s + 1] += rowStart[s];
        var t = new int[m];
        for (int k = 0; k < m; k++) t[k] = e.Targets[order[k]];
        return new CsrPattern(rowStart, t, order);
    }
}
