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
        for (int s = 0; s < sources; s++)
        {
            for (int j = 0; j < targets; j++)
            {
                if (noSelf && j == s) continue;
                part.Add(held[j], e++);
            }
            part.EndRow(s);
        }
        return part.Finish(e);
    }

    /// <summary>Geometric skipping: the gap to the next chosen target is floor(ln U / ln(1 - p)), which is exactly one Bernoulli(p) per pair.</summary>
    private static CsrPattern FixedProbability(int sources, int targets, double p, bool noSelf, RandomStream rng, int[]? held)
    {
        var rowStart = new int[sources + 1];
        var part = held is null ? null : new HeldPart(sources);
        var buffer = held is null ? new int[Math.Max(16, (int)Math.Min(int.MaxValue / 2, (long)(sources * (double)targets * p * 1.1) + 16))] : [];
        int e = 0;
        double logQ = p < 1 ? Math.Log(1 - p) : double.NegativeInfinity;
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
        return part?.Finish(e) ?? new CsrPattern(rowStart, buffer[..e], null);
    }

    /// <summary>
    /// Each target draws K distinct sources (rejection with a stamp array when K is small against the pool, partial
    /// Fisher-Yates otherwise); then the pattern is transposed to rows by source. A held part keeps, per source, how
    /// many synapses earlier targets gave it: that is a kept synapse's place in its row of the whole projection.
    /// </summary>
    private static CsrPattern FixedInDegree(int sources, int targets, int k, bool noSelf, RandomStream rng, int[]? held)
    {
        if (checked((long)targets * k) > int.MaxValue) throw new InvalidInputException($"fixedInDegree: {targets} x {k} synapses is too many.");
        var chosen = new int[held is null ? targets * k : k];
        var rowCount = held is null ? null : new int[sources];
        var keptSource = new GrowableBuffer<int>();
        var keptTarget = new GrowableBuffer<int>();
        var keptPlace = new GrowableBuffer<int>();
        var stamp = new int[sources];
        int[]? pool = null;
        for (int t = 0; t < targets; t++)
        {
            int exclude = noSelf && t < sources ? t : -1;
            int eligible = exclude >= 0 ? sources - 1 : sources;
            var row = chosen.AsSpan(held is null ? t * k : 0, k);
            if (k * 2 <= eligible)
            {
                int mark = t + 1;
                for (int c = 0; c < k;)
                {
                    int s = rng.NextInt(sources);
                    if (s == exclude || stamp[s] == mark) continue;
                    stamp[s] = mark;
                    row[c++] = s;
                }
            }
            else
            {
                pool ??= new int[sources];
                int m = 0;
                for (int s = 0; s < sources; s++)
                {
                    if (s != exclude) pool[m++] = s;
                }
                for (int c = 0; c < k; c++)
                {
                    int j = c + rng.NextInt(m - c);
                    (pool[c], pool[j]) = (pool[j], pool[c]);
                    row[c] = pool[c];
                }
            }
            if (held is null) continue;
            int h = held[t];
            foreach (int s in row)
            {
                if (h >= 0)
                {
                    keptSource.Add(s);
                    keptTarget.Add(h);
                    keptPlace.Add(rowCount![s]);
                }
                rowCount![s]++;
            }
        }
        if (held is not null) return TransposeHeld(sources, rowCount!, keptSource.AsSpan(), keptTarget.AsSpan(), keptPlace.AsSpan());
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

    /// <summary>The held synapses of a fixed in-degree projection, drawn by target, into rows by source (targets ascending, as t ran ascending).</summary>
    private static CsrPattern TransposeHeld(int sources, int[] rowCount, ReadOnlySpan<int> source, ReadOnlySpan<int> target, ReadOnlySpan<int> place)
    {
        var wholeStart = new int[sources + 1];
        for (int s = 0; s < sources; s++) wholeStart[s + 1] = wholeStart[s] + rowCount[s];
        var rowStart = new int[sources + 1];
        foreach (int s in source) rowStart[s + 1]++;
        for (int s = 0; s < sources; s++) rowStart[s + 1] += rowStart[s];
        var fill = rowStart[..sources];
        var targets = new int[source.Length];
        var global = new int[source.Length];
        for (int i = 0; i < source.Length; i++)
        {
            int at = fill[source[i]]++;
            targets[at] = target[i];
            global[at] = wholeStart[source[i]] + place[i];
        }
        return new CsrPattern(rowStart, targets, null) { Global = global, GlobalCount = wholeStart[sources] };
    }

    /// <summary>The held part of a whole pattern (one-to-one and explicit lists, whose whole is small or already in the spec).</summary>
    private static CsrPattern Keep(CsrPattern whole, int[]? held)
    {
        if (held is null) return whole;
        int sources = whole.RowStart.Length - 1;
        var part = new HeldPart(sources, whole.Origin is not null);
        for (int s = 0; s < sources; s++)
        {
            for (int e = whole.RowStart[s]; e < whole.RowStart[s + 1]; e++) part.Add(held[whole.Targets[e]], e, whole.Origin?[e] ?? 0);
            part.EndRow(s);
        }
        return part.Finish(whole.SynapseCount);
    }

    /// <summary>Collects the held synapses of a projection drawn row by row in the whole projection's order.</summary>
    private sealed class HeldPart(int sources, bool origins = false)
    {
        private readonly int[] _rowStart = new int[sources + 1];
        private readonly GrowableBuffer<int> _targets = new();
        private readonly GrowableBuffer<int> _global = new();
        private readonly GrowableBuffer<int> _origin = new();

        /// <summary>Synapse <paramref name="e"/> of the whole projection, onto held target <paramref name="target"/> (-1: not held, skipped).</summary>
        public void Add(int target, int e, int origin = 0)
        {
            if (target < 0) return;
            _targets.Add(target);
            _global.Add(e);
            if (origins) _origin.Add(origin);
        }

        public void EndRow(int s) => _rowStart[s + 1] = _targets.Count;

        public CsrPattern Finish(int wholeCount) =>
            new(_rowStart, _targets.AsSpan().ToArray(), origins ? _origin.AsSpan().ToArray() : null) { Global = _global.AsSpan().ToArray(), GlobalCount = wholeCount };
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
