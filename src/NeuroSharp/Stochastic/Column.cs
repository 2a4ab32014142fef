using System.Numerics;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Fitting;

namespace NeuroSharp.Stochastic;

/// <summary>
/// The cortical column of article 003 (docs/articles.md#article-003-correlation-neuron): a hash layer gives every input a code of density rho; cluster
/// (correlation) neurons store codes, the most correlated one wins, learns or hands the input to a free
/// neuron, and inhibits the hash neurons outside its map.
/// </summary>
/// <remarks>
/// <para>Per input x (docs/stochastic-column.md): h = hash(x), N bits with k = round(rho N) ones. For every cluster neuron in use,
/// a_m = countOnes(h AND s_m) / N; the winner w = argmax_m a_m (ties to the lowest index), with normalised
/// correlation r = (a_w - rho^2) / (rho - rho^2). If r &gt;= threshold the winner learns: its per-bit counts
/// add h (n_w,i += h_i) and its map becomes the k bits with the largest counts (ties keep the bits already in
/// the map, then the lowest indices). Otherwise a free neuron is recruited with s = h; when none is free the
/// winner answers without learning. The column's output is h AND s_w: the winner inhibits every hash
/// neuron outside its map.</para>
/// <para>Symbols: N hash neurons, rho the code density (k / N exactly), s_m the N-bit map of cluster neuron m,
/// n_m its per-bit counts (one int per hash neuron, allocated when the neuron first learns: until then they equal its map).</para>
/// <para>The hot loop is one fused AND + popcount per cluster neuron in use (<see cref="BitKernels.AndPopCount"/>).
/// Codes of a dataset are hashed in parallel first (<see cref="HashLayer.HashAll"/>); presentation is sequential.</para>
/// </remarks>
public sealed class Column
{
    private const ulong HashStreamId = 0;
    private const ulong OrderStreamId = 1;

    private readonly ulong[] _maps;
    private readonly int[]?[] _counts;
    private readonly long[] _members;
    private readonly int[] _overlaps;
    private readonly BitVector _code;
    private readonly RandomStream _orderRng;
    private int[] _histogram = new int[64];
    private long _windowSamples;
    private long _windowLearned;

    /// <summary>Builds a column with every cluster neuron free.</summary>
    /// <param name="inputCount">D, the inputs.</param>
    /// <param name="options">The column's parameters (validated here).</param>
    /// <param name="rng">The column's stream: the hash layer builds from its fork 0, the presentation order from fork 1.</param>
    /// <param name="memory">The most memory the column may take, its hash layer and every cluster neuron recruited included
    /// (checked before anything is allocated); null for <see cref="MemoryBudget.Default"/>.</param>
    public Column(int inputCount, ColumnOptions options, RandomStream rng, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        Options = options;
        var budget = memory ?? MemoryBudget.Default;
        if (inputCount >= 1 && options.Hash.SynapsesPerNeuron <= inputCount) // otherwise the hash layer names the bad value
        {
            long n = options.Hash.NeuronCountFor(inputCount);
            // Per cluster neuron: its map (N bits), its count table once recruited (N ints), members and overlap.
            long perCluster = MemoryBudget.Plus(MemoryBudget.Times((n + 63) / 64, sizeof(ulong)), MemoryBudget.Times(n, sizeof(int)), 16);
            budget.Require($"{options.ClusterCount} cluster neurons over N = {n} hash neurons",
                MemoryBudget.Plus(MemoryBudget.Times(options.ClusterCount, perCluster), HashLayer.MemoryEstimate(n, options.Hash.SynapsesPerNeuron, inputCount)));
        }
        Hash = new HashLayer(inputCount, options.Hash, rng.Fork(HashStreamId), budget);
        _orderRng = rng.Fork(OrderStreamId);
        Capacity = options.ClusterCount;
        WordsPerCode = BitVector.WordCountFor(Hash.NeuronCount);
        _maps = new ulong[checked((long)Capacity * WordsPerCode)];
        _counts = new int[]?[Capacity];
        _members = new long[Capacity];
        _overlaps = new int[Capacity];
        _code = new BitVector(Hash.NeuronCount);
    }

    /// <summary>Builds a column from a seed.</summary>
    /// <param name="inputCount">D.</param>
    /// <param name="options">The column's parameters.</param>
    /// <param name="seed">The seed of the hash layer and of the presentation order.</param>
    /// <returns>The column.</returns>
    /// <param name="memory">The most memory the column may take; null for <see cref="MemoryBudget.Default"/>.</param>
    public static Column Create(int inputCount, ColumnOptions options, ulong seed, MemoryBudget? memory = null) => new(inputCount, options, new RandomStream(seed), memory);

    /// <summary>The column's parameters.</summary>
    public ColumnOptions Options { get; }

    /// <summary>The hash layer.</summary>
    public HashLayer Hash { get; }

    /// <summary>N, the bits per code.</summary>
    public int CodeLength => Hash.NeuronCount;

    /// <summary>The words per code and per map.</summary>
    public int WordsPerCode { get; }

    /// <summary>rho, the code density k / N.</summary>
    public double Density => Hash.Density;

    /// <summary>The cluster neurons available.</summary>
    public int Capacity { get; }

    /// <summary>The cluster neurons recruited so far (neurons 0 .. UsedCount - 1).</summary>
    public int UsedCount { get; private set; }

    /// <summary>The codes each cluster neuron learned (its first, from recruitment, included).</summary>
    public ReadOnlySpan<long> Members => _members.AsSpan(0, UsedCount);

    /// <summary>Codes presented with learning.</summary>
    public long SamplesSeen { get; private set; }

    /// <summary>Presentations that recruited a neuron.</summary>
    public long RecruitedCount { get; private set; }

    /// <summary>Presentations where the winner learned.</summary>
    public long LearnedCount { get; private set; }

    /// <summary>Presentations answered without learning (no neuron free).</summary>
    public long UnlearnedCount { get; private set; }

    /// <summary>The most threads <see cref="Fit"/> and <see cref="Predict"/> use to hash; 0 for all cores.</summary>
    public int MaxThreads { get; set; }

    /// <summary>The map s_m of a cluster neuron.</summary>
    /// <param name="cluster">m, in [0, UsedCount).</param>
    /// <returns>Its words.</returns>
    public ReadOnlySpan<ulong> Map(int cluster)
    {
        if ((uint)cluster >= (uint)UsedCount) throw new ArgumentOutOfRangeException(nameof(cluster), $"Cluster {cluster} is not in use (0..{UsedCount - 1}).");
        return _maps.AsSpan(cluster * WordsPerCode, WordsPerCode);
    }

    /// <summary>Hashes an input and presents its code with learning.</summary>
    /// <param name="x">D input values.</param>
    /// <param name="output">Receives the column output h AND s_w (N bits), or null.</param>
    /// <returns>The winner, its correlation and what happened.</returns>
    public ColumnResponse Present(ReadOnlySpan<float> x, BitVector? output = null)
    {
        Hash.Hash(x, _code);
        return PresentCode(_code.Words, output);
    }

    /// <summary>Presents an already hashed code with learning.</summary>
    /// <param name="code">N bits of density rho, as <see cref="HashLayer"/> makes them.</param>
    /// <param name="output">Receives the column output h AND s_w, or null.</param>
    /// <returns>The winner, its correlation and what happened.</returns>
    public ColumnResponse PresentCode(ReadOnlySpan<ulong> code, BitVector? output = null)
    {
        CheckCode(code);
        int best = Recognise(code, out int overlap);
        double activity = best < 0 ? 0 : (double)overlap / CodeLength;
        double correlation = best < 0 ? -Density / (1 - Density) : CorrelationNeuron.Normalise(activity, Density);
        ColumnEvent what;
        int winner;
        if (best >= 0 && correlation >= Options.Threshold)
        {
            winner = best;
            Learn(winner, code);
            LearnedCount++;
            _windowLearned++;
            what = ColumnEvent.Learned;
        }
        else if (UsedCount < Capacity)
        {
            winner = Recruit(code);
            RecruitedCount++;
            what = ColumnEvent.Recruited;
        }
        else
        {
            winner = best;
            UnlearnedCount++;
            what = ColumnEvent.Unlearned;
        }
        SamplesSeen++;
        _windowSamples++;
        if (output is not null)
        {
            if (output.Length != CodeLength) throw new ArgumentException($"The output has {CodeLength} bits (got {output.Length}).", nameof(output));
            BitKernels.And(code, Map(winner), output.Words);
        }
        return new ColumnResponse(winner, activity, correlation, what);
    }

    /// <summary>The most active cluster neuron for a code, without learning.</summary>
    /// <param name="code">N bits.</param>
    /// <param name="overlap">Receives countOnes(h AND s_w) of the winner (0 when none is in use).</param>
    /// <returns>The winner, or -1 when no neuron is in use.</returns>
    public int Recognise(ReadOnlySpan<ulong> code, out int overlap)
    {
        CheckCode(code);
        int best = -1;
        overlap = -1;
        var maps = _maps.AsSpan();
        int w = WordsPerCode;
        for (int m = 0; m < UsedCount; m++)
        {
            int o = (int)BitKernels.AndPopCount(code, maps.Slice(m * w, w));
            if (o > overlap)
            {
                overlap = o;
                best = m;
            }
        }
        if (best < 0) overlap = 0;
        return best;
    }

    /// <summary>The normalised correlation of a code with one cluster neuron's map.</summary>
    /// <param name="code">N bits.</param>
    /// <param name="cluster">The neuron.</param>
    /// <returns>(a - rho^2) / (rho - rho^2).</returns>
    public double Correlation(ReadOnlySpan<ulong> code, int cluster)
    {
        CheckCode(code);
        return CorrelationNeuron.Normalise((double)BitKernels.AndPopCount(code, Map(cluster)) / CodeLength, Density);
    }

    /// <summary>Learns from a dataset: hashes every row (in parallel), then presents the codes in the order the options ask.</summary>
    /// <param name="data">The rows.</param>
    /// <param name="options">How many presentations and in which order; null for one shuffled pass.</param>
    /// <param name="progress">Receives reports; LearnState is the share of presentations since the last report that the winner learned.</param>
    /// <param name="cancellationToken">Stops between presentations.</param>
    /// <returns>Samples, seconds (hashing included) and the curve.</returns>
    public FitResult Fit(Dataset data, FitOptions? options = null, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var codes = Hash.HashAll(data, MaxThreads);
        double hashSeconds = clock.Elapsed.TotalSeconds;
        var result = FitCodes(data, codes, options, progress, cancellationToken);
        return result with { Seconds = result.Seconds + hashSeconds };
    }

    /// <summary>Learns from codes hashed beforehand (one per row of <paramref name="data"/>).</summary>
    /// <param name="data">The rows the codes belong to (for the row count and messages).</param>
    /// <param name="codes">One N-bit code per row.</param>
    /// <param name="options">How many presentations and in which order; null for one shuffled pass.</param>
    /// <param name="progress">Receives reports, or null.</param>
    /// <param name="cancellationToken">Stops between presentations.</param>
    /// <param name="winners">Receives, per row, the winner of its last presentation (rows not presented keep their value), or null.</param>
    /// <returns>Samples, seconds and the curve.</returns>
    public FitResult FitCodes(Dataset data, BitMatrix codes, FitOptions? options = null, IProgress<FitProgress>? progress = null,
        CancellationToken cancellationToken = default, int[]? winners = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.RowCount != data.RowCount || codes.ColumnCount != CodeLength)
            throw new ArgumentException($"{codes.RowCount} codes of {codes.ColumnCount} bits do not match {data.RowCount} rows of {CodeLength}-bit codes.", nameof(codes));
        if (winners is not null && winners.Length != data.RowCount)
            throw new ArgumentException($"{winners.Length} winner slots for {data.RowCount} rows.", nameof(winners));
        _windowSamples = 0;
        _windowLearned = 0;
        Action<int> present = winners is null
            ? i => PresentCode(codes.Row(i))
            : i => winners[i] = PresentCode(codes.Row(i)).Winner;
        return OnlineFit.Run(data, options ?? new FitOptions(), _orderRng, SamplesSeen, present, TakeWindowLearnShare, progress, cancellationToken);
    }

    /// <summary>The winning cluster neuron of every row, without learning (hashing in parallel; same result at any thread count).</summary>
    /// <param name="data">Rows of D values.</param>
    /// <returns>One winner per row (-1 when no neuron is in use).</returns>
    public int[] Predict(Dataset data) => PredictCodes(Hash.HashAll(data, MaxThreads));

    /// <summary>The winning cluster neuron of every code, without learning.</summary>
    /// <param name="codes">N-bit codes.</param>
    /// <returns>One winner per code.</returns>
    public int[] PredictCodes(BitMatrix codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.ColumnCount != CodeLength) throw new ArgumentException($"Codes have {codes.ColumnCount} bits, the column {CodeLength}.", nameof(codes));
        var winners = new int[codes.RowCount];
        ParallelBlocks.For(codes.RowCount, MaxThreads, (start, end) =>
        {
            for (int i = start; i < end; i++) winners[i] = Recognise(codes.Row(i), out _);
        });
        return winners;
    }

    private float TakeWindowLearnShare()
    {
        float share = _windowSamples == 0 ? 0f : (float)_windowLearned / _windowSamples;
        _windowSamples = 0;
        _windowLearned = 0;
        return share;
    }

    private int Recruit(ReadOnlySpan<ulong> code)
    {
        int m = UsedCount++;
        code.CopyTo(_maps.AsSpan(m * WordsPerCode, WordsPerCode));
        // A neuron with one member has counts equal to its map: the counts are made at its first learning.
        _counts[m] = null;
        _members[m] = 1;
        return m;
    }

    private void Learn(int m, ReadOnlySpan<ulong> code)
    {
        var map = _maps.AsSpan(m * WordsPerCode, WordsPerCode);
        var counts = _counts[m];
        if (counts is null)
        {
            counts = _counts[m] = new int[CodeLength];
            AddCode(counts, map);
        }
        AddCode(counts, code);
        long members = ++_members[m];
        KeepMostFrequent(counts, (int)Math.Min(members, int.MaxValue - 1), Hash.ActiveCount, map);
    }

    private static void AddCode(int[] counts, ReadOnlySpan<ulong> code)
    {
        for (int w = 0; w < code.Length; w++)
        {
            ulong word = code[w];
            while (word != 0)
            {
                counts[(w << 6) + BitOperations.TrailingZeroCount(word)]++;
                word &= word - 1;
            }
        }
    }

    /// <summary>map = the k bits with the largest counts; at the threshold count, bits already in the map first, then the lowest indices.</summary>
    private void KeepMostFrequent(int[] counts, int maxCount, int k, Span<ulong> map)
    {
        if (_histogram.Length < maxCount + 1) _histogram = new int[Math.Max(maxCount + 1, _histogram.Length * 2)];
        var hist = _histogram.AsSpan(0, maxCount + 1);
        hist.Clear();
        foreach (int c in counts) hist[Math.Min(c, maxCount)]++;
        int threshold = 0, above = 0;
        for (int v = maxCount; v >= 0; v--)
        {
            if (above + hist[v] >= k)
            {
                threshold = v;
                break;
            }
            above += hist[v];
        }
        int ties = k - above;
        // Pass 1: bits above the threshold, and tied bits that are already in the map (stability).
        for (int w = 0; w < map.Length; w++)
        {
            ulong old = map[w], next = 0;
            int baseIndex = w << 6, bits = Math.Min(64, counts.Length - baseIndex);
            for (int b = 0; b < bits; b++)
            {
                int c = counts[baseIndex + b];
                if (c > threshold)
                {
                    next |= 1UL << b;
                }
                else if (c == threshold && ties > 0 && (old >> b & 1) != 0)
                {
                    next |= 1UL << b;
                    ties--;
                }
            }
            map[w] = next;
        }
        // Pass 2: remaining ties by lowest index.
        for (int i = 0; i < counts.Length && ties > 0; i++)
        {
            if (counts[i] == threshold && (map[i >> 6] >> (i & 63) & 1) == 0)
            {
                map[i >> 6] |= 1UL << (i & 63);
                ties--;
            }
        }
    }

    private void CheckCode(ReadOnlySpan<ulong> code)
    {
        if (code.Length != WordsPerCode) throw new ArgumentException($"A code of {CodeLength} bits has {WordsPerCode} words (got {code.Length}).", nameof(code));
    }
}
