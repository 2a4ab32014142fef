using NeuroSharp.Data;
using NeuroSharp.Numerics.Kernels;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Fitting;

namespace NeuroSharp.Clustering;

/// <summary>
/// A group of K neurons that compete for each example: an online k-means clusterizer (article 000, docs/articles.md#article-000-clusterizers).
/// </summary>
/// <remarks>
/// <para>Per example x (docs/competitive-layer.md): d_k = dist(c_k, x) for every neuron k; the winner w = argmin_k d_k
/// (lateral inhibition: the nearest neuron fires first; ties go to the lowest index); with probability
/// <c>RandomRate</c> a uniformly random neuron wins instead; then only the winner learns at once,
/// c_w += eta (x - c_w). The per-input error |x - c_w| is measured after the move.</para>
/// <para>Symbols: c_k in R^D the dendrites (centre) of neuron k; eta the learning rate; D the input count.
/// The centres are one K x D row-major array; the distance loop is SIMD over D.</para>
/// </remarks>
public sealed class CompetitiveLayer
{
    private const ulong ExploreStreamId = 0;
    private const ulong InitStreamId = 1;
    private const ulong OrderStreamId = 2;

    private readonly float[] _centres;
    private readonly long[] _wins;
    private readonly float[] _distances;
    private readonly RandomStream _exploreRng;
    private readonly RandomStream _initRng;
    private readonly RandomStream _orderRng;

    // Fit presents examples in blocks of this many (see PresentBlock); the scratch is allocated on the first block.
    private const int BlockSize = 8;
    private float[]? _blockRows;
    private float[]? _blockDistances;

    /// <summary>Creates a layer whose centres start at 0; call <see cref="InitialiseFromRows"/> for sample initialisation.</summary>
    /// <param name="inputCount">D, the inputs per example; at least 1.</param>
    /// <param name="options">The layer's parameters (validated here).</param>
    /// <param name="rng">The layer's stream; it forks its exploration and initialisation streams from it.</param>
    /// <param name="memory">The most memory the layer may take (checked before anything is allocated); null for <see cref="MemoryBudget.Default"/>.</param>
    /// <exception cref="InvalidInputException">An option is out of range, or K x D centres would pass the memory budget.</exception>
    public CompetitiveLayer(int inputCount, CompetitiveLayerOptions options, RandomStream rng, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        OptionChecks.AtLeast(nameof(CompetitiveLayer), "InputCount", inputCount, 1);
        string what = $"K = {options.ClusterCount} clusters of {inputCount} inputs";
        (memory ?? MemoryBudget.Default).Require(what, MemoryEstimate(options.ClusterCount, inputCount));
        OptionChecks.FitsOneArray(what, MemoryBudget.Times(options.ClusterCount, inputCount));
        Options = options;
        InputCount = inputCount;
        ClusterCount = options.ClusterCount;
        _centres = new float[checked(ClusterCount * inputCount)];
        _wins = new long[ClusterCount];
        _distances = new float[ClusterCount];
        _exploreRng = rng.Fork(ExploreStreamId);
        _initRng = rng.Fork(InitStreamId);
        _orderRng = rng.Fork(OrderStreamId);
    }

    /// <summary>Restores a layer from saved centres, win counts and exploration state.</summary>
    internal CompetitiveLayer(int inputCount, CompetitiveLayerOptions options, float[] centres, long[] wins,
        RandomStreamState explore, RandomStreamState init, RandomStreamState order)
        : this(inputCount, options, new RandomStream(0))
    {
        if (centres.Length != _centres.Length || wins.Length != _wins.Length)
            throw new ArgumentException("Saved centres or win counts do not match K and D.");
        centres.CopyTo(_centres, 0);
        wins.CopyTo(_wins, 0);
        foreach (long w in wins) SamplesSeen += w;
        _exploreRng = new RandomStream(explore);
        _initRng = new RandomStream(init);
        _orderRng = new RandomStream(order);
    }

    /// <summary>Creates a layer for a dataset and initialises it as its options say.</summary>
    /// <param name="data">The training data (its column count is D; its rows seed the centres).</param>
    /// <param name="options">The layer's parameters.</param>
    /// <param name="seed">The seed of all of the layer's randomness.</param>
    /// <param name="memory">The most memory the layer may take; null for <see cref="MemoryBudget.Default"/>.</param>
    /// <returns>The layer, ready to learn.</returns>
    public static CompetitiveLayer Create(Dataset data, CompetitiveLayerOptions options, ulong seed, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var layer = new CompetitiveLayer(data.ColumnCount, options, new RandomStream(seed), memory);
        layer.Initialise(data, null);
        return layer;
    }

    /// <summary>The bytes a layer of K clusters over D inputs allocates: K x D float centres, K win counts and K distances.</summary>
    /// <param name="clusterCount">K.</param>
    /// <param name="inputCount">D.</param>
    /// <returns>The estimate (saturating at long.MaxValue).</returns>
    public static long MemoryEstimate(long clusterCount, long inputCount) =>
        MemoryBudget.Plus(MemoryBudget.Times(clusterCount, inputCount, sizeof(float)), MemoryBudget.Times(clusterCount, sizeof(long) + sizeof(float)));

    /// <summary>The layer's parameters.</summary>
    public CompetitiveLayerOptions Options { get; }

    /// <summary>D, the inputs per example.</summary>
    public int InputCount { get; }

    /// <summary>K, the number of neurons.</summary>
    public int ClusterCount { get; }

    /// <summary>All centres, K x D row-major.</summary>
    public ReadOnlySpan<float> Centres => _centres;

    /// <summary>Examples presented (learned from) so far: the sum of the win counts.</summary>
    public long SamplesSeen { get; private set; }

    /// <summary>How many times each neuron won (and learned).</summary>
    public ReadOnlySpan<long> Wins => _wins;

    internal RandomStreamState ExploreState => _exploreRng.GetState();

    internal RandomStreamState InitState => _initRng.GetState();

    internal RandomStreamState OrderState => _orderRng.GetState();

    internal Span<float> MutableCentres => _centres;

    /// <summary>The centre (dendrites) of one neuron.</summary>
    /// <param name="cluster">The neuron index k.</param>
    /// <returns>Its D values.</returns>
    public ReadOnlySpan<float> Centre(int cluster) => _centres.AsSpan(cluster * InputCount, InputCount);

    /// <summary>Initialises the centres as <see cref="CompetitiveLayerOptions.Init"/> says (zeros: nothing to do).</summary>
    /// <param name="data">Rows to draw from.</param>
    /// <param name="inputWeights">Per-input factors applied to the rows (a meta-cluster's mask), or null.</param>
    public void Initialise(Dataset data, float[]? inputWeights)
    {
        switch (Options.Init)
        {
            case CentreInit.Samples:
                InitialiseFromRows(data, inputWeights);
                break;
            case CentreInit.PlusPlus:
                InitialisePlusPlus(data, inputWeights);
                break;
        }
    }

    /// <summary>Sets every centre to a distinct random row of <paramref name="data"/>, optionally weighted per input.</summary>
    /// <param name="data">Rows to draw from; needs at least K rows of D columns.</param>
    /// <param name="inputWeights">Per-input factors applied to the rows (a meta-cluster's mask), or null.</param>
    /// <exception cref="InvalidInputException">The data has fewer than K rows or another column count.</exception>
    public void InitialiseFromRows(Dataset data, float[]? inputWeights)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != InputCount)
            throw new InvalidInputException($"{data.Name}: {data.ColumnCount} columns, but the layer has {InputCount} inputs.");
        if (data.RowCount < ClusterCount)
            throw new InvalidInputException($"{data.Name}: {data.RowCount} rows cannot initialise {ClusterCount} clusters from distinct samples; use fewer clusters or zero initialisation.");
        int[] rows = _initRng.SampleWithoutReplacement(ClusterCount, data.RowCount);
        for (int k = 0; k < ClusterCount; k++)
        {
            var c = _centres.AsSpan(k * InputCount, InputCount);
            data.Row(rows[k]).CopyTo(c);
            if (inputWeights is not null) System.Numerics.Tensors.TensorPrimitives.Multiply(c, inputWeights, c);
        }
    }

    /// <summary>k-means++ seeding on a random subsample of up to max(4096, 10 K) rows, optionally weighted per input.</summary>
    /// <param name="data">Rows to draw from; needs at least K rows of D columns.</param>
    /// <param name="inputWeights">Per-input factors applied to the rows, or null.</param>
    public void InitialisePlusPlus(Dataset data, float[]? inputWeights)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != InputCount)
            throw new InvalidInputException($"{data.Name}: {data.ColumnCount} columns, but the layer has {InputCount} inputs.");
        if (data.RowCount < ClusterCount)
            throw new InvalidInputException($"{data.Name}: {data.RowCount} rows cannot seed {ClusterCount} clusters; use fewer clusters or zero initialisation.");
        int d = InputCount;
        int[] pick = _initRng.SampleWithoutReplacement(Math.Min(data.RowCount, Math.Max(4096, 10 * ClusterCount)), data.RowCount);
        var rows = new float[pick.Length * d];
        for (int i = 0; i < pick.Length; i++)
        {
            var r = rows.AsSpan(i * d, d);
            data.Row(pick[i]).CopyTo(r);
            if (inputWeights is not null) System.Numerics.Tensors.TensorPrimitives.Multiply(r, inputWeights, r);
        }
        var nearest = new double[pick.Length];
        Array.Fill(nearest, double.PositiveInfinity);
        int chosen = _initRng.NextInt(pick.Length);
        for (int k = 0; k < ClusterCount; k++)
        {
            var centre = _centres.AsSpan(k * d, d);
            rows.AsSpan(chosen * d, d).CopyTo(centre);
            if (k == ClusterCount - 1) break;
            double total = 0;
            for (int i = 0; i < pick.Length; i++)
            {
                nearest[i] = Math.Min(nearest[i], Kernels.SumSquaredDiff(rows.AsSpan(i * d, d), centre));
                total += nearest[i];
            }
            // Draw the next row with probability nearest[i] / total; identical rows (distance 0) are never drawn twice.
            double target = _initRng.NextDouble() * total;
            chosen = pick.Length - 1;
            for (int i = 0; i < pick.Length; i++)
            {
                target -= nearest[i];
                if (target < 0 && nearest[i] > 0)
                {
                    chosen = i;
                    break;
                }
            }
        }
    }

    /// <summary>Presents one example: the nearest neuron (or, with probability RandomRate, a random one) wins and learns.</summary>
    /// <param name="x">The example, D values.</param>
    /// <returns>The winner, its distance before learning, and whether it was explored.</returns>
    public LayerResponse Present(ReadOnlySpan<float> x) => Present(x, Span<float>.Empty);

    /// <summary>Presents one example and writes the per-input error |x - c_w| measured after the winner moved.</summary>
    /// <param name="x">The example, D values.</param>
    /// <param name="errorAfter">Receives D errors, or empty to skip them.</param>
    /// <returns>The winner, its distance before learning, and whether it was explored.</returns>
    public LayerResponse Present(ReadOnlySpan<float> x, Span<float> errorAfter)
    {
        CheckInput(x);
        ComputeDistances(x, _distances);
        return Learn(x, _distances, errorAfter);
    }

    // The winner of precomputed distances (or an explored one) learns; shared by the one-example and block paths.
    private LayerResponse Learn(ReadOnlySpan<float> x, ReadOnlySpan<float> distances, Span<float> errorAfter)
    {
        int winner = Kernels.ArgMin(distances);
        bool explored = false;
        if (Options.RandomRate > 0f && _exploreRng.NextDouble() < Options.RandomRate)
        {
            winner = _exploreRng.NextInt(ClusterCount);
            explored = true;
        }
        float distance = ScaleDistance(distances[winner]);
        long n = ++_wins[winner];
        SamplesSeen++;
        float rate = Options.Schedule == RateSchedule.Constant ? Options.LearningRate : CountRate(n);
        var centre = _centres.AsSpan(winner * InputCount, InputCount);
        if (errorAfter.IsEmpty) Kernels.MoveTowards(centre, x, rate);
        else Kernels.MoveTowardsWithError(centre, x, rate, errorAfter);
        return new LayerResponse(winner, distance, explored);
    }

    /// <summary>The nearest neuron to an example, without learning or exploration.</summary>
    /// <param name="x">The example, D values.</param>
    /// <param name="distances">Scratch of K values that receives every distance (raw sums).</param>
    /// <returns>The index of the nearest neuron (lowest index on ties).</returns>
    public int Nearest(ReadOnlySpan<float> x, Span<float> distances)
    {
        CheckInput(x);
        ComputeDistances(x, distances[..ClusterCount]);
        return Kernels.ArgMin(distances[..ClusterCount]);
    }

    /// <summary>The nearest neuron of every row, in parallel over blocks of rows (same answer at any thread count).</summary>
    /// <param name="data">Rows of D values.</param>
    /// <param name="maxThreads">The most threads to use; 0 or less for all cores.</param>
    /// <returns>One winner per row.</returns>
    public int[] Predict(Dataset data, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != InputCount)
            throw new InvalidInputException($"{data.Name}: {data.ColumnCount} columns, but the layer has {InputCount} inputs.");
        var result = new int[data.RowCount];
        ParallelBlocks.For(data.RowCount, maxThreads, (start, end) =>
        {
            var distances = new float[ClusterCount];
            for (int i = start; i < end; i++) result[i] = Nearest(data.Row(i), distances);
        });
        return result;
    }

    /// <summary>Learns from a dataset: presents rows in the order the options ask, reporting progress.</summary>
    /// <param name="data">The training rows.</param>
    /// <param name="options">How many examples and in which order; null for one shuffled pass.</param>
    /// <param name="progress">Receives reports, or null.</param>
    /// <param name="cancellationToken">Stops between examples; what was learned stays.</param>
    /// <returns>Samples, seconds and the curve (learnState is 1 for a single layer).</returns>
    public FitResult Fit(Dataset data, FitOptions? options = null, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != InputCount)
            throw new InvalidInputException($"{data.Name}: {data.ColumnCount} columns, but the layer has {InputCount} inputs.");
        return OnlineFit.RunBlocks(data, options ?? new FitOptions(), _orderRng, SamplesSeen, BlockSize, rows => PresentBlock(data, rows), static () => 1f, progress, cancellationToken);
    }

    /// <summary>
    /// Presents consecutive rows exactly as <see cref="Present(ReadOnlySpan{float})"/> one at a time would, bit for bit:
    /// the distances of the whole block to the centres as they stand are computed together (the centres are
    /// read once per block, not once per example), then, example by example, the winner learns and its
    /// new distances to the block's later examples replace the stale ones.
    /// </summary>
    private void PresentBlock(Dataset data, ReadOnlySpan<int> rowIndices)
    {
        int b = rowIndices.Length, d = InputCount, k = ClusterCount;
        if (b == 1)
        {
            Present(data.Row(rowIndices[0]));
            return;
        }
        _blockRows ??= new float[BlockSize * d];
        _blockDistances ??= new float[BlockSize * k];
        var xs = _blockRows.AsSpan(0, b * d);
        var all = _blockDistances.AsSpan(0, b * k);
        for (int i = 0; i < b; i++) data.Row(rowIndices[i]).CopyTo(xs.Slice(i * d, d));
        if (Options.Metric == DistanceMetric.L1) Kernels.SumAbsDiffRowsBlock(_centres, xs, d, all);
        else Kernels.SumSquaredDiffRowsBlock(_centres, xs, d, all);
        for (int i = 0; i < b; i++)
        {
            int winner = Learn(xs.Slice(i * d, d), all.Slice(i * k, k), Span<float>.Empty).Winner;
            for (int later = i + 1; later < b; later++)
            {
                var x = xs.Slice(later * d, d);
                all[later * k + winner] = Options.Metric == DistanceMetric.L1
                    ? Kernels.SumAbsDiffRowAt(_centres, x, winner)
                    : Kernels.SumSquaredDiffRowAt(_centres, x, winner);
            }
        }
    }

    /// <summary>Converts a raw distance sum to the metric's reported value (the L1 mean divides by D).</summary>
    /// <param name="rawSum">A sum from the distance kernel.</param>
    /// <returns>The distance as the metric defines it.</returns>
    public float ScaleDistance(float rawSum) => Options.Metric == DistanceMetric.L1 ? rawSum / InputCount : rawSum;

    private float CountRate(long wins)
    {
        // A centre seeded from a row has already "seen" that row: it counts as its first example.
        long n = wins + (Options.Init == CentreInit.Zeros ? 0 : 1);
        return Options.RateExponent == 1f ? 1f / n : (float)Math.Pow(n, -Options.RateExponent);
    }

    private void ComputeDistances(ReadOnlySpan<float> x, Span<float> distances)
    {
        var centres = _centres.AsSpan(0, distances.Length * InputCount);
        if (Options.Metric == DistanceMetric.L1) Kernels.SumAbsDiffRows(centres, x, distances);
        else Kernels.SumSquaredDiffRows(centres, x, distances);
    }

    private void CheckInput(ReadOnlySpan<float> x)
    {
        if (x.Length != InputCount)
            throw new ArgumentException($"An example needs {InputCount} values (got {x.Length}).", nameof(x));
    }
}
