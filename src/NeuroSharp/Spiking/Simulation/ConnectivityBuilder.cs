using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Draws the synapses of a projection from a <see cref="ConnectivitySpec"/>. Each target's incoming synapses
/// (its column) are drawn from a stream of its own, <c>rng.Fork(target)</c>, as NEST keys its connection
/// streams by neuron: the pattern depends only on the build seed, and the part of a projection one rank holds
/// is drawn without making any other target's draws (docs/distributed.md, "Synapses live with their target").
/// </summary>
public static class ConnectivityBuilder
{
    /// <summary>Builds the pattern and returns (row starts, targets) in CSR by source, targets ascending in each row.</summary>
    /// <param name="spec">The rule.</param>
    /// <param name="sourceCount">Neurons in the source population.</param>
    /// <param name="targetCount">Neurons in the target population.</param>
    /// <param name="recurrent">True when source and target are the same population (self-connections are then excluded unless allowed).</param>
    /// <param name="rng">The build stream of this projection (each target draws from its fork).</param>
    /// <returns>Row starts (length sourceCount + 1) and targets.</returns>
    public static (int[] RowStart, int[] Targets) Build(ConnectivitySpec spec, int sourceCount, int targetCount, bool recurrent, RandomStream rng)
    {
        var p = BuildPattern(spec, sourceCount, targetCount, recurrent, rng);
        return (p.RowStart, p.Targets);
    }

    /// <summary>
    /// Builds the pattern of a whole projection, or (with <paramref name="held"/>) only the synapses onto the
    /// targets one rank holds. Target t's column is drawn from <c>rng.Fork(t)</c> alone, so a held part makes only
    /// its own targets' draws and its synapses are exactly the whole pattern's onto those targets. The columns are
    /// drawn twice from their streams: once to count each source's synapses, once to store them in CSR arrays of
    /// exactly that size (no buffer of the whole projection), handing each target's stored synapses to
    /// <paramref name="values"/> in its column order, so every rule's weights and delays come from its targets' streams
    /// (a rank draws only its own). Both passes run over <paramref name="threads"/> contiguous ranges of targets at
    /// once; the result is the same for any thread count.
    /// </summary>
    /// <param name="spec">The rule.</param>
    /// <param name="sourceCount">Neurons in the source population.</param>
    /// <param name="targetCount">Neurons in the target population.</param>
    /// <param name="recurrent">True when source and target are the same population.</param>
    /// <param name="rng">The build stream of this projection.</param>
    /// <param name="held">Null for the whole projection; else, per target, its index among the held targets or -1.</param>
    /// <param name="values">Null, or what draws each stored synapse's weight and delay from its target's streams.</param>
    /// <param name="threads">The most threads (0: all cores).</param>
    /// <returns>The pattern; a held part's targets are held indices.</returns>
    internal static CsrPattern BuildPattern(ConnectivitySpec spec, int sourceCount, int targetCount, bool recurrent, RandomStream rng,
        int[]? held = null, ISynapseValues? values = null, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rng);
        // One Columns per worker: each holds its own scratch column (an explicit list's is read-only and shared).
        ExplicitColumns? list = spec is ExplicitConnectivity e ? new ExplicitColumns(targetCount, e) : null; // the list is whole in the spec already
        Func<Columns> columns = spec switch
        {
            AllToAllConnectivity a => () => new AllToAllColumns(sourceCount, recurrent && !a.AllowSelf),
            FixedProbabilityConnectivity f => () => new FixedProbabilityColumns(sourceCount, f.Probability, recurrent && !f.AllowSelf, rng),
            FixedInDegreeConnectivity k => FixedInDegree(sourceCount, targetCount, k.InDegree, recurrent && !k.AllowSelf, rng),
            OneToOneConnectivity => () => new OneToOneColumns(),
            ExplicitConnectivity => () => list!,
            _ => throw new ArgumentException($"Unknown connectivity {spec.GetType().Name}.", nameof(spec)),
        };
        // Too few targets per worker costs more in per-worker arrays (one count per source) than it saves.
        int workers = Math.Clamp(targetCount / MinTargetsPerWorker, 1, ParallelBlocks.ThreadCount(threads));
        return Transpose(columns, sourceCount, targetCount, held, values, workers);
    }

    private const int MinTargetsPerWorker = 256;

    /// <summary>
    /// Two passes over the (held) targets: the first counts each source's synapses, the second stores each synapse at
    /// its source's next free place, so every row's targets come out ascending (and an explicit list's repeated pairs
    /// in list order). Worker w takes the w-th contiguous range of targets and counts per source into an array of its
    /// own; its places in row s start after the row's synapses of the lower ranges, which are exactly the places the
    /// one-worker pass gives them, so the pattern and values do not depend on the worker count.
    /// </summary>
    private static CsrPattern Transpose(Func<Columns> newColumns, int sources, int targets, int[]? held, ISynapseValues? values, int workers)
    {
        var fills = new int[workers][];
        var cols = new Columns[workers];
        var totals = new long[workers];
        Run(workers, w =>
        {
            var fill = fills[w] = new int[sources];
            var columns = cols[w] = newColumns();
            long count = 0;
            for (int t = Start(w); t < Start(w + 1); t++)
            {
                if (held is not null && held[t] < 0) continue;
                var column = columns.Column(t);
                foreach (int s in column) fill[s]++;
                count += column.Length;
            }
            totals[w] = count;
        });
        long total = totals.Sum();
        if (total > Array.MaxLength) throw new InvalidInputException($"A projection of {total} synapses is more than one array holds ({Array.MaxLength}).");
        // Row starts, and each worker's first place in each row (its fill array, in place).
        var rowStart = new int[sources + 1];
        for (int s = 0; s < sources; s++)
        {
            int at = rowStart[s];
            for (int w = 0; w < workers; w++) (fills[w][s], at) = (at, at + fills[w][s]);
            rowStart[s + 1] = at;
        }
        var stored = new int[total];
        var origin = cols[0].HasOrigins ? new int[total] : null;
        values?.Allocate((int)total);
        Run(workers, w =>
        {
            var fill = fills[w];
            var columns = cols[w];
            int[] places = new int[16];
            var scratch = new RandomStream(0);
            for (int t = Start(w); t < Start(w + 1); t++)
            {
                int h = held is null ? t : held[t];
                if (h < 0) continue;
                var column = columns.Column(t);
                var origins = columns.Origins(t);
                if (places.Length < column.Length) places = new int[Math.Max(column.Length, places.Length * 2)];
                for (int i = 0; i < column.Length; i++)
                {
                    int at = places[i] = fill[column[i]]++;
                    stored[at] = h;
                    if (origin is not null) origin[at] = origins[i];
                }
                values?.Store(t, places.AsSpan(0, column.Length), scratch);
            }
        });
        return new CsrPattern(rowStart, stored, origin);

        int Start(int w) => (int)((long)targets * w / workers);
    }

    private static void Run(int workers, Action<int> body)
    {
        if (workers == 1) body(0);
        else Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, body);
    }

    /// <summary>The rule's incoming synapses per target: the sources of target t, in a fixed order drawn from target t's stream only.</summary>
    private abstract class Columns
    {
        /// <summary>Target t's sources (valid until the next call).</summary>
        public abstract ReadOnlySpan<int> Column(int t);

        public virtual bool HasOrigins => false;

        /// <summary>For an explicit list: the list position of each of <see cref="Column"/>'s synapses.</summary>
        public virtual ReadOnlySpan<int> Origins(int t) => default;
    }

    private sealed class AllToAllColumns(int sources, bool noSelf) : Columns
    {
        private readonly int[] _all = [.. Enumerable.Range(0, sources)];
        private readonly int[] _others = new int[Math.Max(0, sources - 1)];

        public override ReadOnlySpan<int> Column(int t)
        {
            if (!noSelf || t >= sources) return _all;
            _all.AsSpan(0, t).CopyTo(_others);
            _all.AsSpan(t + 1).CopyTo(_others.AsSpan(t));
            return _others;
        }
    }

    private sealed class OneToOneColumns : Columns
    {
        private readonly int[] _one = new int[1];

        public override ReadOnlySpan<int> Column(int t)
        {
            _one[0] = t;
            return _one;
        }
    }

    /// <summary>
    /// Each (source, target) pair independently with probability p, by geometric skipping down target t's column:
    /// the gap to the next chosen source is floor(ln U / ln(1 - p)), which is exactly one Bernoulli(p) per pair.
    /// The sources come out ascending.
    /// </summary>
    private sealed class FixedProbabilityColumns(int sources, double p, bool noSelf, RandomStream streams) : Columns
    {
        private readonly double _logQ = p < 1 ? Math.Log(1 - p) : double.NegativeInfinity;
        private int[] _column = new int[Math.Max(16, (int)Math.Min(sources, sources * p * 1.5 + 16))];
        private readonly RandomStream _rng = new(0); // target t's stream, reseeded per target

        public override ReadOnlySpan<int> Column(int t)
        {
            if (p <= 0) return [];
            RandomStream? rng = null;
            if (p < 1) streams.ForkInto((ulong)t, rng = _rng);
            int n = 0;
            long s = -1;
            while (true)
            {
                if (rng is null) s++;
                else
                {
                    double u = 1.0 - rng.NextDouble(); // (0, 1]
                    s += 1 + (long)Math.Floor(Math.Log(u) / _logQ);
                }
                if (s >= sources) break;
                if (noSelf && s == t) continue;
                if (n == _column.Length) Array.Resize(ref _column, Math.Min(sources, checked(_column.Length * 2)));
                _column[n++] = (int)s;
            }
            return _column.AsSpan(0, n);
        }
    }

    private static Func<Columns> FixedInDegree(int sources, int targets, int k, bool noSelf, RandomStream streams)
    {
        if (checked((long)targets * k) > int.MaxValue) throw new InvalidInputException($"fixedInDegree: {targets} x {k} synapses is too many.");
        return () => new FixedInDegreeColumns(sources, k, noSelf, streams);
    }

    /// <summary>
    /// Each target draws K distinct sources from its own stream (rejection when K is small against the pool, partial
    /// Fisher-Yates otherwise), in draw order. A rejected draw is one already in the column: for K up to
    /// <see cref="ScanLimit"/> the column itself is scanned (a few vector compares, no memory beyond it), for larger K
    /// a stamp array over the sources marks the column's sources.
    /// </summary>
    private sealed class FixedInDegreeColumns(int sources, int k, bool noSelf, RandomStream streams) : Columns
    {
        private const int ScanLimit = 256;
        private readonly int[] _row = new int[k];
        private int[]? _stamp;
        private int[]? _pool;
        private int _mark;
        private readonly RandomStream _rng = new(0); // target t's stream, reseeded per target

        public override ReadOnlySpan<int> Column(int t)
        {
            var rng = _rng;
            streams.ForkInto((ulong)t, rng);
            int exclude = noSelf && t < sources ? t : -1;
            int eligible = exclude >= 0 ? sources - 1 : sources;
            if (k * 2 <= eligible && k <= ScanLimit)
            {
                for (int c = 0; c < k;)
                {
                    int s = rng.NextInt(sources);
                    if (s == exclude || _row.AsSpan(0, c).Contains(s)) continue;
                    _row[c++] = s;
                }
                return _row;
            }
            if (k * 2 <= eligible)
            {
                _stamp ??= new int[sources];
                if (_mark == int.MaxValue)
                {
                    Array.Clear(_stamp);
                    _mark = 0;
                }
                int mark = ++_mark; // a new mark per column: the stamps of earlier columns never match
                for (int c = 0; c < k;)
                {
                    int s = rng.NextInt(sources);
                    if (s == exclude || _stamp[s] == mark) continue;
                    _stamp[s] = mark;
                    _row[c++] = s;
                }
                return _row;
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
                _row[c] = _pool[c];
            }
            return _row;
        }
    }

    /// <summary>An explicit list by target: each target's synapses in (source, list position) order.</summary>
    private sealed class ExplicitColumns : Columns
    {
        private readonly int[] _start;
        private readonly int[] _sources;
        private readonly int[] _order;

        public ExplicitColumns(int targets, ExplicitConnectivity e)
        {
            int m = e.Sources.Count;
            _order = [.. Enumerable.Range(0, m)];
            Array.Sort(_order, (x, y) =>
            {
                int c = e.Targets[x].CompareTo(e.Targets[y]);
                if (c != 0) return c;
                c = e.Sources[x].CompareTo(e.Sources[y]);
                return c != 0 ? c : x.CompareTo(y);
            });
            _start = new int[targets + 1];
            for (int k = 0; k < m; k++) _start[e.Targets[k] + 1]++;
            for (int t = 0; t < targets; t++) _start[t + 1] += _start[t];
            _sources = [.. _order.Select(k => e.Sources[k])];
        }

        public override bool HasOrigins => true;

        public override ReadOnlySpan<int> Column(int t) => _sources.AsSpan(_start[t], _start[t + 1] - _start[t]);

        public override ReadOnlySpan<int> Origins(int t) => _order.AsSpan(_start[t], _start[t + 1] - _start[t]);
    }
}

/// <summary>
/// The per-synapse values of a projection drawn while its pattern is stored (<see cref="ConnectivityBuilder.BuildPattern"/>):
/// each target's values from streams of that target, in its column's order, so a rank draws only its own synapses'.
/// </summary>
internal interface ISynapseValues
{
    /// <summary>The synapse count (after the counting pass): allocate the arrays.</summary>
    void Allocate(int count);

    /// <summary>
    /// Draws the values of target <paramref name="target"/>'s (a population index) synapses, stored at CSR
    /// <paramref name="positions"/> in its column's order, reseeding <paramref name="scratch"/> (the calling worker's)
    /// for each stream of the target. Called from several threads at once, for different targets.
    /// </summary>
    void Store(int target, ReadOnlySpan<int> positions, RandomStream scratch);
}
