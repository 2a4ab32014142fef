using System.Numerics.Tensors;
using NeuroSharp.Data;
using NeuroSharp.Numerics.LinearAlgebra;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Learning;

/// <summary>
/// A dense network's parameters: per weight layer l = 1..L a matrix W_l (n_{l-1} x n_l, row-major,
/// row = input unit) and a bias b_l (n_l), with the forward pass of <see cref="MlpSpec"/>. Training
/// rules change these arrays through <see cref="MlpTrainer"/>; inference here is deterministic
/// (no dropout, no spikes) and allocates only its own row buffers.
/// </summary>
public sealed class Mlp
{
    private const int PredictChunkRows = 256;
    private readonly int[] _sizes;
    private readonly float[][] _weights;
    private readonly float[][] _biases;

    internal Mlp(MlpSpec spec, float[][] weights, float[][] biases)
    {
        Spec = spec;
        _sizes = [.. spec.LayerSizes];
        _weights = weights;
        _biases = biases;
    }

    /// <summary>The description it was built from.</summary>
    public MlpSpec Spec { get; }

    /// <summary>L, the number of weight layers.</summary>
    public int WeightLayerCount => _sizes.Length - 1;

    /// <summary>n_0, the input size.</summary>
    public int InputCount => _sizes[0];

    /// <summary>n_L, the number of classes.</summary>
    public int OutputCount => _sizes[^1];

    /// <summary>Weights plus biases.</summary>
    public long ParameterCount
    {
        get
        {
            long count = 0;
            for (int l = 1; l <= WeightLayerCount; l++) count += (long)_sizes[l - 1] * _sizes[l] + _sizes[l];
            return count;
        }
    }

    /// <summary>Builds a network with weights drawn by <see cref="MlpSpec.Init"/> and zero biases.</summary>
    /// <param name="spec">The description; validated here.</param>
    /// <param name="seed">The build seed; weight layer l draws from the stream Fork(1).Fork(l).</param>
    /// <param name="memory">The most memory the weights may take (checked before anything is allocated); null for <see cref="MemoryBudget.Default"/>.</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidInputException">The spec is out of range, or its weights would pass the memory budget.</exception>
    public static Mlp Create(MlpSpec spec, ulong seed, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        RequireWeights(spec, 1, memory);
        int layers = spec.WeightLayerCount;
        var weights = new float[layers][];
        var biases = new float[layers][];
        var stream = new RandomStream(seed).Fork(LearningStreams.Weights);
        for (int l = 1; l <= layers; l++)
        {
            int fanIn = spec.LayerSizes[l - 1], fanOut = spec.LayerSizes[l];
            weights[l - 1] = new float[(long)fanIn * fanOut];
            biases[l - 1] = new float[fanOut];
            WeightInitializer.Fill(weights[l - 1], WeightInitializer.HalfWidth(spec.Init, spec.HiddenActivation, fanIn, fanOut), stream.Fork((ulong)l));
        }
        return new Mlp(spec, weights, biases);
    }

    /// <summary>The weights and biases of a spec, counted without overflow (saturating at long.MaxValue).</summary>
    /// <param name="spec">The layer sizes.</param>
    /// <returns>The parameter count.</returns>
    public static long ParameterCountOf(MlpSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long count = 0;
        for (int l = 1; l < spec.LayerSizes.Count; l++)
            count = MemoryBudget.Plus(count, MemoryBudget.Times(spec.LayerSizes[l - 1], spec.LayerSizes[l]), spec.LayerSizes[l]);
        return count;
    }

    /// <summary>Refuses a spec whose weights (times <paramref name="copies"/>: gradients, momentum, feedback) pass the budget or one array.</summary>
    internal static void RequireWeights(MlpSpec spec, int copies, MemoryBudget? memory, long extraBytes = 0)
    {
        string what = $"a network of layers {string.Join(",", spec.LayerSizes)} ({ParameterCountOf(spec)} weights)";
        (memory ?? MemoryBudget.Default).Require(what, MemoryBudget.Plus(MemoryBudget.Times(ParameterCountOf(spec), copies, sizeof(float)), extraBytes));
        for (int l = 1; l < spec.LayerSizes.Count; l++)
            OptionChecks.FitsOneArray($"the weights between layers of {spec.LayerSizes[l - 1]} and {spec.LayerSizes[l]} units", MemoryBudget.Times(spec.LayerSizes[l - 1], spec.LayerSizes[l]));
    }

    /// <summary>n_l, the units of layer <paramref name="layer"/> (0 = input, L = output).</summary>
    /// <param name="layer">0 to L.</param>
    /// <returns>The unit count.</returns>
    public int LayerSize(int layer) => _sizes[layer];

    /// <summary>W_l, n_{l-1} x n_l row-major; writable.</summary>
    /// <param name="layer">The weight layer, 1 to L.</param>
    /// <returns>The weights.</returns>
    public Span<float> Weights(int layer) => _weights[CheckLayer(layer) - 1];

    /// <summary>b_l, n_l values; writable.</summary>
    /// <param name="layer">The weight layer, 1 to L.</param>
    /// <returns>The biases.</returns>
    public Span<float> Biases(int layer) => _biases[CheckLayer(layer) - 1];

    internal float[] WeightArray(int layer) => _weights[layer - 1];

    internal float[] BiasArray(int layer) => _biases[layer - 1];

    /// <summary>Class probabilities of <paramref name="rows"/> inputs (deterministic: no dropout, no spikes).</summary>
    /// <param name="inputs">rows x n_0 values, row-major.</param>
    /// <param name="rows">The number of inputs.</param>
    /// <param name="probabilities">Receives rows x n_L probabilities.</param>
    /// <param name="maxThreads">The most threads for the matrix products (0: all cores); results do not depend on it.</param>
    public void Predict(ReadOnlySpan<float> inputs, int rows, Span<float> probabilities, int maxThreads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (inputs.Length != (long)rows * InputCount)
            throw new ArgumentException($"inputs holds {inputs.Length} values, expected {rows} x {InputCount}.", nameof(inputs));
        if (probabilities.Length != (long)rows * OutputCount)
            throw new ArgumentException($"probabilities holds {probabilities.Length} values, expected {rows} x {OutputCount}.", nameof(probabilities));
        int widest = _sizes.Max();
        var ping = new float[PredictChunkRows * widest];
        var pong = new float[PredictChunkRows * widest];
        for (int start = 0; start < rows; start += PredictChunkRows)
        {
            int count = Math.Min(PredictChunkRows, rows - start);
            ForwardChunk(inputs.Slice(start * InputCount, count * InputCount), count, ping, pong, probabilities.Slice(start * OutputCount, count * OutputCount), maxThreads);
        }
    }

    /// <summary>Errors and cross-entropy on a labelled dataset.</summary>
    /// <param name="data">Rows of n_0 values with labels in [0, n_L).</param>
    /// <param name="maxThreads">The most threads (0: all cores).</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="InvalidInputException">The data has no labels, the wrong width or a label out of range.</exception>
    public MlpEvaluation Evaluate(Dataset data, int maxThreads = 1)
    {
        CheckData(data);
        var probabilities = new float[(long)data.RowCount * OutputCount];
        Predict(data.Values, data.RowCount, probabilities, maxThreads);
        int errors = 0;
        double loss = 0;
        var labels = data.Labels;
        for (int i = 0; i < data.RowCount; i++)
        {
            var p = probabilities.AsSpan(i * OutputCount, OutputCount);
            if (TensorPrimitives.IndexOfMax(p) != labels[i]) errors++;
            loss -= Math.Log(Math.Max(p[labels[i]], 1e-30f));
        }
        return new MlpEvaluation(data.RowCount, errors, data.RowCount == 0 ? 0 : loss / data.RowCount);
    }

    internal void CheckData(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != InputCount)
            throw new InvalidInputException($"{data.Name} has {data.ColumnCount} columns but the network takes {InputCount} inputs.");
        if (!data.HasLabels) throw new InvalidInputException($"{data.Name} has no labels; a classifier needs them.");
        var labels = data.Labels;
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)OutputCount)
                throw new InvalidInputException($"{data.Name}: label {labels[i]} of row {i} is outside [0, {OutputCount}) for a network with {OutputCount} outputs.");
        }
    }

    private void ForwardChunk(ReadOnlySpan<float> x, int rows, Span<float> ping, Span<float> pong, Span<float> output, int maxThreads)
    {
        ReadOnlySpan<float> input = x;
        for (int l = 1; l <= WeightLayerCount; l++)
        {
            int nIn = _sizes[l - 1], nOut = _sizes[l];
            var z = (l % 2 == 1 ? ping : pong)[..(rows * nOut)];
            Gemm.Multiply(Transpose.None, Transpose.None, rows, nOut, nIn, input, _weights[l - 1], z, maxThreads);
            for (int i = 0; i < rows; i++) TensorPrimitives.Add(z.Slice(i * nOut, nOut), _biases[l - 1], z.Slice(i * nOut, nOut));
            if (l < WeightLayerCount) ActivationFunctions.Apply(Spec.HiddenActivation, z, z);
            else ActivationFunctions.Softmax(z, output, rows, nOut);
            input = z;
        }
    }

    private int CheckLayer(int layer)
    {
        if (layer < 1 || layer > WeightLayerCount)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"Weight layers are numbered 1 to {WeightLayerCount}.");
        return layer;
    }
}
