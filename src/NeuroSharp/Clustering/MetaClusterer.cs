using System.Numerics.Tensors;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Kernels;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Fitting;

namespace NeuroSharp.Clustering;

/// <summary>
/// Meta-clustering (article 000, docs/articles.md#article-000-clusterizers): M competitive layers, each behind a mask over the inputs; the masks
/// learn to split the inputs between the layers by error, so that each layer clusters one group of
/// inputs (a meta-cluster) and a sample is coded by M winners instead of one.
/// </summary>
/// <remarks>
/// <para>Per example x (docs/meta-clustering.md), for every m: x_m = x (.) W_m; w_m = layer_m.Present(x_m);
/// e_m = |x_m - c_{m,w_m}| after the winner moved. Then W_m -= lambda e_m; W = max(W, floor); and every
/// input j is normalised so that sum_m W_mj = 1 (what one mask loses, the others gain).</para>
/// <para>learnState = mean_j max_m W_mj runs from 1/M (undecided) to 1 (a hard partition). The code of
/// a sample is (w_1..w_M); it reconstructs as xhat_j = sum_m c_{m,w_m,j}, because sum_m x_mj = x_j.
/// The partition of the inputs is j -> argmax_m W_mj.</para>
/// <para>Symbols: W in R^{M x D} the masks (axons), lambda the mask rate, eta the layers' rate, c the
/// layers' centres (dendrites). The layers run in parallel within an example when the work is large
/// enough; each has its own random stream, so the thread count never changes the result.</para>
/// </remarks>
public sealed partial class MetaClusterer
{
    private const ulong OrderStreamId = 1000;
    private const int ParallelWorkThreshold = 32_768; // K x D per layer above which layers run on threads

    private readonly CompetitiveLayer[] _layers;
    private readonly float[] _masks;
    private readonly float[] _masked;
    private readonly float[] _errors;
    private readonly float[] _sums;
    private readonly float[] _input;
    private readonly int[] _codeScratch;
    private readonly Action<int> _presentLayer;
    private readonly RandomStream _orderRng;
    private int _maxThreads;

    /// <summary>Creates a meta-clusterer with masks at 1/M and centres at 0; see <see cref="Create"/> for sample initialisation.</summary>
    /// <param name="inputCount">D, the inputs per example.</param>
    /// <param name="options">The parameters (validated here).</param>
    /// <param name="seed">The seed of all randomness (layer m uses stream m).</param>
    /// <param name="memory">The most memory the model may take (checked before anything is allocated); null for <see cref="MemoryBudget.Default"/>.</param>
    /// <exception cref="InvalidInputException">An option is out of range, or M x K x D centres and M x D masks would pass the memory budget.</exception>
    public MetaClusterer(int inputCount, MetaClustererOptions options, ulong seed, MemoryBudget? memory = null)
        : this(inputCount, options, seed, null, null, memory)
    {
    }

    private MetaClusterer(int inputCount, MetaClustererOptions options, ulong seed, CompetitiveLayer[]? layers, RandomStream? orderRng, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        OptionChecks.AtLeast(nameof(MetaClusterer), "InputCount", inputCount, 1);
        string what = $"M = {options.MetaCount} meta-clusters of K = {options.ClusterCount} clusters of {inputCount} inputs";
        (memory ?? MemoryBudget.Default).Require(what, MemoryEstimate(options.MetaCount, options.ClusterCount, inputCount));
        OptionChecks.FitsOneArray(what, MemoryBudget.Times(options.MetaCount, inputCount));
        OptionChecks.FitsOneArray(what, MemoryBudget.Times(options.ClusterCount, inputCount));
        Options = options;
        Seed = seed;
        InputCount = inputCount;
        var root = new RandomStream(seed);
        var layerOptions = options.LayerOptions;
        _layers = layers ?? new CompetitiveLayer[options.MetaCount];
        if (layers is null)
        {
            for (int m = 0; m < _layers.Length; m++) _layers[m] = new CompetitiveLayer(inputCount, layerOptions, root.Fork((ulong)m));
        }
        _masks = new float[options.MetaCount * inputCount];
        Array.Fill(_masks, 1f / options.MetaCount);
        _masked = new float[_masks.Length];
        _errors = new float[_masks.Length];
        _sums = new float[inputCount];
        _input = new float[inputCount];
        _presentLayer = PresentLayer;
        _codeScratch = new int[options.MetaCount];
        _orderRng = orderRng ?? root.Fork(OrderStreamId);
    }

    /// <summary>Creates a meta-clusterer for a dataset, initialising centres as the options say.</summary>
    /// <param name="data">The training data; with <see cref="CentreInit.Samples"/> each layer draws K distinct rows, masked.</param>
    /// <param name="options">The parameters.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="memory">The most memory the model may take; null for <see cref="MemoryBudget.Default"/>.</param>
    /// <returns>The meta-clusterer.</returns>
    public static MetaClusterer Create(Dataset data, MetaClustererOptions options, ulong seed, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var mc = new MetaClusterer(data.ColumnCount, options, seed, memory);
        for (int m = 0; m < mc._layers.Length; m++) mc._layers[m].Initialise(data, mc._masks.AsSpan(m * mc.InputCount, mc.InputCount).ToArray());
        return mc;
    }

    /// <summary>The bytes a model of M meta-clusters of K clusters over D inputs allocates: M layers
    /// (<see cref="CompetitiveLayer.MemoryEstimate"/>), three M x D float tables (masks, masked input, errors) and the per-input scratch.</summary>
    /// <param name="metaCount">M.</param>
    /// <param name="clusterCount">K.</param>
    /// <param name="inputCount">D.</param>
    /// <returns>The estimate (saturating at long.MaxValue).</returns>
    public static long MemoryEstimate(long metaCount, long clusterCount, long inputCount) =>
        MemoryBudget.Plus(
            MemoryBudget.Times(metaCount, CompetitiveLayer.MemoryEstimate(clusterCount, inputCount)),
            MemoryBudget.Times(3, metaCount, inputCount, sizeof(float)),
            MemoryBudget.Times(metaCount, 256), // a layer object and its random streams
            MemoryBudget.Times(4, inputCount, sizeof(float)));

    /// <summary>The parameters.</summary>
    public MetaClustererOptions Options { get; }

    /// <summary>The seed the model was built with.</summary>
    public ulong Seed { get; }

    /// <summary>D, the inputs per example.</summary>
    public int InputCount { get; }

    /// <summary>M, the number of meta-clusters.</summary>
    public int MetaCount => _layers.Length;

    /// <summary>K, the neurons per layer.</summary>
    public int ClusterCount => Options.ClusterCount;

    /// <summary>Examples presented (learned from) so far.</summary>
    public long SamplesSeen { get; private set; }

    /// <summary>The most threads used within one example (0 or less: all cores). Never changes results.</summary>
    public int MaxThreads
    {
        get => _maxThreads;
        set => _maxThreads = value;
    }

    /// <summary>All masks, M x D row-major.</summary>
    public ReadOnlySpan<float> Masks => _masks;

    /// <summary>The mask of one meta-cluster.</summary>
    /// <param name="meta">The meta-cluster m.</param>
    /// <returns>Its D weights.</returns>
    public ReadOnlySpan<float> Mask(int meta) => _masks.AsSpan(meta * InputCount, InputCount);

    /// <summary>The competitive layer of one meta-cluster.</summary>
    /// <param name="meta">The meta-cluster m.</param>
    /// <returns>The layer (its centres live in masked input space).</returns>
    public CompetitiveLayer Layer(int meta) => _layers[meta];

    /// <summary>learnState = mean_j max_m W_mj: 1/M when undecided, 1 for a hard partition.</summary>
    /// <returns>The learn state.</returns>
    public float LearnState()
    {
        int d = InputCount;
        _masks.AsSpan(0, d).CopyTo(_sums);
        for (int m = 1; m < MetaCount; m++) TensorPrimitives.Max(_sums, _masks.AsSpan(m * d, d), _sums);
        return TensorPrimitives.Sum<float>(_sums) / d;
    }

    /// <summary>The partition of the inputs: j -> argmax_m W_mj (lowest m on ties).</summary>
    /// <returns>One meta-cluster per input.</returns>
    public int[] Partition()
    {
        var result = new int[InputCount];
        for (int j = 0; j < InputCount; j++)
        {
            int best = 0;
            for (int m = 1; m < MetaCount; m++)
            {
                if (_masks[m * InputCount + j] > _masks[best * InputCount + j]) best = m;
            }
            result[j] = best;
        }
        return result;
    }

    /// <summary>Presents one example: every layer learns its masked view, then the masks learn from the errors.</summary>
    /// <param name="x">The example, D values.</param>
    /// <param name="code">Receives the M winners, or empty.</param>
    /// <returns>The example's error after learning: (1/D) sum_m sum_j e_mj (how surprising it was; memories keep surprising examples).</returns>
    public float Present(ReadOnlySpan<float> x, Span<int> code)
    {
        if (x.Length != InputCount) throw new ArgumentException($"An example needs {InputCount} values (got {x.Length}).", nameof(x));
        int d = InputCount;
        x.CopyTo(_input); // a span cannot cross into the parallel lambdas; an array can
        if (RunLayersInParallel())
        {
            Parallel.For(0, MetaCount, new ParallelOptions { MaxDegreeOfParallelism = ParallelBlocks.ThreadCount(_maxThreads) }, _presentLayer);
        }
        else
        {
            for (int m = 0; m < MetaCount; m++) PresentLayer(m);
        }
        if (!code.IsEmpty) _codeScratch.CopyTo(code);
        float error = TensorPrimitives.Sum<float>(_errors) / d;
        UpdateMasks(d);
        SamplesSeen++;
        return error;
    }

    /// <summary>The code of an example without learning: each layer's nearest neuron to its masked view.</summary>
    /// <param name="x">The example, D values.</param>
    /// <param name="code">Receives the M winners.</param>
    /// <param name="masked">Scratch of D values.</param>
    /// <param name="distances">Scratch of K values.</param>
    public void Encode(ReadOnlySpan<float> x, Span<int> code, Span<float> masked, Span<float> distances)
    {
        int d = InputCount;
        for (int m = 0; m < MetaCount; m++)
        {
            TensorPrimitives.Multiply(x, _masks.AsSpan(m * d, d), masked[..d]);
            code[m] = _layers[m].Nearest(masked[..d], distances);
        }
    }

    /// <summary>The codes of every row, without learning; parallel over blocks of rows.</summary>
    /// <param name="data">Rows of D values.</param>
    /// <param name="maxThreads">The most threads; 0 or less for all cores.</param>
    /// <returns>Row-major N x M winners.</returns>
    public int[] Encode(Dataset data, int maxThreads = 0)
    {
        CheckColumns(data);
        var codes = new int[data.RowCount * MetaCount];
        ParallelBlocks.For(data.RowCount, maxThreads, (start, end) =>
        {
            var masked = new float[InputCount];
            var distances = new float[ClusterCount];
            for (int i = start; i < end; i++) Encode(data.Row(i), codes.AsSpan(i * MetaCount, MetaCount), masked, distances);
        });
        return codes;
    }

    /// <summary>Reconstructs an input from a code: xhat_j = sum_m c_{m,w_m,j}.</summary>
    /// <param name="code">M winners (any neuron indices, remembered or imagined).</param>
    /// <param name="destination">Receives D values.</param>
    public void Reconstruct(ReadOnlySpan<int> code, Span<float> destination)
    {
        if (code.Length != MetaCount) throw new ArgumentException($"A code has {MetaCount} winners (got {code.Length}).", nameof(code));
        destination[..InputCount].Clear();
        for (int m = 0; m < MetaCount; m++)
        {
            if ((uint)code[m] >= (uint)ClusterCount)
                throw new ArgumentOutOfRangeException(nameof(code), $"Winner {code[m]} of meta-cluster {m} is not in [0, {ClusterCount}).");
            TensorPrimitives.Add(destination[..InputCount], _layers[m].Centre(code[m]), destination[..InputCount]);
        }
    }

    /// <summary>Mean absolute reconstruction error per input over a dataset (codes without learning).</summary>
    /// <param name="data">Rows of D values.</param>
    /// <param name="maxThreads">The most threads; 0 or less for all cores.</param>
    /// <returns>mean over rows and inputs of |x - xhat|.</returns>
    public double ReconstructionError(Dataset data, int maxThreads = 0)
    {
        CheckColumns(data);
        const int block = ParallelBlocks.DefaultBlockSize;
        var partial = new double[(data.RowCount + block - 1) / block];
        ParallelBlocks.For(data.RowCount, maxThreads, (start, end) =>
        {
            var masked = new float[InputCount];
            var xhat = new float[InputCount];
            var distances = new float[ClusterCount];
            var code = new int[MetaCount];
            double sum = 0;
            for (int i = start; i < end; i++)
            {
                Encode(data.Row(i), code, masked, distances);
                Reconstruct(code, xhat);
                sum += Kernels.SumAbsDiff(xhat, data.Row(i));
            }
            partial[start / block] = sum;
        }, block);
        double total = 0;
        foreach (double p in partial) total += p; // fixed order: same sum at any thread count
        return data.RowCount == 0 ? 0 : total / ((double)data.RowCount * InputCount);
    }

    /// <summary>As <see cref="ReconstructionError(Dataset, int)"/>, from codes computed elsewhere (a device's <c>Encode</c>); the same sum in the same order.</summary>
    /// <param name="data">Rows of D values.</param>
    /// <param name="codes">Row-major N x M winners, as <see cref="Encode(Dataset, int)"/> returns.</param>
    /// <param name="maxThreads">The most threads; 0 or less for all cores.</param>
    /// <returns>mean over rows and inputs of |x - xhat|.</returns>
    public double ReconstructionError(Dataset data, ReadOnlyMemory<int> codes, int maxThreads = 0)
    {
        CheckColumns(data);
        if (codes.Length != (long)data.RowCount * MetaCount)
            throw new ArgumentException($"{data.RowCount} rows need {(long)data.RowCount * MetaCount} code entries (got {codes.Length}).", nameof(codes));
        const int block = ParallelBlocks.DefaultBlockSize;
        var partial = new double[(data.RowCount + block - 1) / block];
        ParallelBlocks.For(data.RowCount, maxThreads, (start, end) =>
        {
            var xhat = new float[InputCount];
            double sum = 0;
            for (int i = start; i < end; i++)
            {
                Reconstruct(codes.Span.Slice(i * MetaCount, MetaCount), xhat);
                sum += Kernels.SumAbsDiff(xhat, data.Row(i));
            }
            partial[start / block] = sum;
        }, block);
        double total = 0;
        foreach (double p in partial) total += p;
        return data.RowCount == 0 ? 0 : total / ((double)data.RowCount * InputCount);
    }

    /// <summary>Learns from a dataset: presents rows in the order the options ask, reporting progress.</summary>
    /// <param name="data">The training rows.</param>
    /// <param name="options">How many examples and in which order; null for one shuffled pass.</param>
    /// <param name="progress">Receives reports, or null.</param>
    /// <param name="cancellationToken">Stops between examples; what was learned stays.</param>
    /// <returns>Samples, seconds and the learnState curve.</returns>
    public FitResult Fit(Dataset data, FitOptions? options = null, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        CheckColumns(data);
        return OnlineFit.Run(data, options ?? new FitOptions(), _orderRng, SamplesSeen, i => Present(data.Row(i), Span<int>.Empty), LearnState, progress, cancellationToken);
    }

    private bool RunLayersInParallel() =>
        MetaCount > 1 && ParallelBlocks.ThreadCount(_maxThreads) > 1 && (long)ClusterCount * InputCount >= ParallelWorkThreshold;

    private void PresentLayer(int m)
    {
        int d = InputCount;
        var xm = _masked.AsSpan(m * d, d);
        TensorPrimitives.Multiply(_input, _masks.AsSpan(m * d, d), xm);
        _codeScratch[m] = _layers[m].Present(xm, _errors.AsSpan(m * d, d)).Winner;
    }

    private void UpdateMasks(int d)
    {
        float rate = Options.MaskRate, floor = Options.MaskFloor;
        var sums = _sums.AsSpan();
        for (int m = 0; m < MetaCount; m++)
        {
            var w = _masks.AsSpan(m * d, d);
            Kernels.DecayAndFloor(w, _errors.AsSpan(m * d, d), rate, floor);
            if (m == 0) w.CopyTo(sums);
            else TensorPrimitives.Add(sums, w, sums);
        }
        for (int m = 0; m < MetaCount; m++)
        {
            var w = _masks.AsSpan(m * d, d);
            TensorPrimitives.Divide(w, sums, w);
        }
    }

    private void CheckColumns(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != InputCount)
            throw new InvalidInputException($"{data.Name}: {data.ColumnCount} columns, but the model has {InputCount} inputs.");
    }
}
