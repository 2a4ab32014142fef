using System.Numerics.Tensors;
using NeuroSharp.Numerics.LinearAlgebra;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Clustering;

/// <summary>The delta rule on dense, real-valued features (the pooled codes of a patch stack).</summary>
public sealed partial class TeacherReadout
{
    private float[]? _bias;
    private float[]? _mean;
    private float[]? _inverseScale;

    /// <summary>Whether this readout reads dense features (<see cref="FitDense(ReadOnlySpan{float}, int, ReadOnlySpan{int}, int, ReadoutOptions?, ulong, int)"/>) rather than sparse codes.</summary>
    public bool IsDense => _bias is not null;

    /// <summary>
    /// Learns the delta rule on dense features, local to the readout: each feature is standardised with the
    /// training mean and deviation, y = W^T x + b (through a softmax when asked), and per row
    /// W += eta_e (t - y) x^T / (|x|^2 + 1), b likewise, summed over batches of rows (two GEMMs per batch);
    /// eta_e falls linearly from eta to eta / E over the E epochs. For binary codes without standardisation
    /// this is the sparse rule's step eta / A. With <see cref="ReadoutOptimizer.Adam"/> the batch's mean update
    /// (t - y) x^T moves each weight by Adam's per-weight step instead (docs/local-receptive-fields.md).
    /// </summary>
    /// <param name="features">N x F values, row-major.</param>
    /// <param name="featureCount">F.</param>
    /// <param name="labels">N labels in [0, classCount).</param>
    /// <param name="classCount">L.</param>
    /// <param name="options">The rate, epochs, batch size and output (the rule must be <see cref="ReadoutRule.Delta"/>).</param>
    /// <param name="seed">Seed of the example order.</param>
    /// <param name="maxThreads">Threads of the products; the result does not depend on it.</param>
    /// <returns>The trained readout.</returns>
    public static TeacherReadout FitDense(ReadOnlySpan<float> features, int featureCount, ReadOnlySpan<int> labels, int classCount,
        ReadoutOptions? options = null, ulong seed = 0, int maxThreads = 1)
    {
        options = CheckDense(options, featureCount, classCount);
        if (features.Length != (long)labels.Length * featureCount) throw new ArgumentException($"{features.Length} values are not {labels.Length} rows of {featureCount}.", nameof(features));
        return FitDenseRows(new SpanRows(features, featureCount), labels, classCount, options, seed, maxThreads);
    }

    /// <summary>
    /// <see cref="FitDense(ReadOnlySpan{float}, int, ReadOnlySpan{int}, int, ReadoutOptions?, ulong, int)"/> on rows stored in any form
    /// (for instance one byte per value, <see cref="ByteFeatureRows"/>): each row is read into the batch as floats, so the same
    /// values give the same readout whatever holds them.
    /// </summary>
    /// <param name="features">N rows of F values.</param>
    /// <param name="labels">N labels in [0, classCount).</param>
    /// <param name="classCount">L.</param>
    /// <param name="options">The rate, epochs, batch size and output (the rule must be <see cref="ReadoutRule.Delta"/>).</param>
    /// <param name="seed">Seed of the example order.</param>
    /// <param name="maxThreads">Threads of the products; the result does not depend on it.</param>
    /// <returns>The trained readout.</returns>
    public static TeacherReadout FitDense(IDenseRows features, ReadOnlySpan<int> labels, int classCount, ReadoutOptions? options = null, ulong seed = 0, int maxThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(features);
        options = CheckDense(options, features.FeatureCount, classCount);
        if (features.RowCount != labels.Length) throw new ArgumentException($"{features.RowCount} rows but {labels.Length} labels.", nameof(features));
        return FitDenseRows(features, labels, classCount, options, seed, maxThreads);
    }

    private static ReadoutOptions CheckDense(ReadoutOptions? options, int featureCount, int classCount)
    {
        options ??= new ReadoutOptions { Rule = ReadoutRule.Delta };
        options.Validate();
        if (options.Rule != ReadoutRule.Delta) throw new InvalidOptionException(nameof(ReadoutOptions), nameof(ReadoutOptions.Rule), "must be Delta for dense features", options.Rule);
        OptionChecks.AtLeast(nameof(TeacherReadout), "FeatureCount", featureCount, 1);
        OptionChecks.AtLeast(nameof(TeacherReadout), "ClassCount", classCount, 2);
        return options;
    }

    private static TeacherReadout FitDenseRows<TRows>(scoped TRows features, ReadOnlySpan<int> labels, int classCount, ReadoutOptions options, ulong seed, int maxThreads)
        where TRows : IDenseRows, allows ref struct
    {
        int n = labels.Length, f = features.FeatureCount, l = classCount;
        foreach (int y in labels)
        {
            if ((uint)y >= (uint)l) throw new ArgumentOutOfRangeException(nameof(labels), $"Label {y} is not in [0, {l}).");
        }
        var r = new TeacherReadout(f, l, options) { _bias = new float[l] };
        r.Standardisation(features, n);
        int b = options.BatchSize;
        bool adam = options.Optimizer == ReadoutOptimizer.Adam;
        var x = new float[b * f];
        var outputs = new float[b * l];
        var norms = new float[b];
        var adamState = adam ? new AdamState(f * l, l) : null;
        var rng = new RandomStream(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            float rate = options.LearningRate * (options.Epochs - epoch) / options.Epochs;
            rng.Shuffle(order.AsSpan());
            for (int start = 0; start < n; start += b)
            {
                int rows = Math.Min(b, n - start);
                for (int i = 0; i < rows; i++)
                {
                    var target = x.AsSpan(i * f, f);
                    features.Read(order[start + i], target);
                    norms[i] = r.Standardise(target, target);
                }
                r.Outputs(x, rows, outputs, maxThreads);
                for (int i = 0; i < rows; i++)
                {
                    // The error each row moves its weights by: eta (t - y) / (|x|^2 + 1) for the normalised rule,
                    // (t - y) / rows (the batch's mean update) for Adam, which sets the step per weight itself.
                    var y = outputs.AsSpan(i * l, l);
                    float step = adam ? 1f / rows : rate / (norms[i] + 1f);
                    int label = labels[order[start + i]];
                    for (int c = 0; c < l; c++) y[c] = step * ((c == label ? 1f : 0f) - y[c]);
                    if (!adam) TensorPrimitives.Add(r._bias, y, r._bias);
                }
                if (adam) adamState!.Step(r, x, outputs, rows, rate, options.WeightDecay, maxThreads);
                else Gemm.Multiply(Transpose.Transposed, Transpose.None, f, l, rows, 1f, x, f, outputs, l, 1f, r._table, l, maxThreads);
            }
        }
        return r;
    }

    /// <summary>The label of every row of dense features, in parallel over fixed blocks.</summary>
    /// <param name="features">N x F values.</param>
    /// <param name="maxThreads">The most threads; the result does not depend on it.</param>
    /// <returns>N labels (the highest output, lowest on ties).</returns>
    public int[] PredictDense(ReadOnlySpan<float> features, int maxThreads = 0) => PredictDense(features.ToArray(), maxThreads);

    /// <summary>The label of every row of dense features, in parallel over fixed blocks, without copying them.</summary>
    /// <param name="features">N x F values.</param>
    /// <param name="maxThreads">The most threads; the result does not depend on it.</param>
    /// <returns>N labels (the highest output, lowest on ties).</returns>
    public int[] PredictDense(float[] features, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length % FeatureCount != 0) throw new ArgumentException($"{features.Length} values are not rows of {FeatureCount}.", nameof(features));
        return PredictDense(features, features.Length / FeatureCount, maxThreads);
    }

    /// <summary>The label of each of the first rows of dense features, without copying them.</summary>
    /// <param name="features">At least <paramref name="rowCount"/> x F values.</param>
    /// <param name="rowCount">N, the rows to read from the start.</param>
    /// <param name="maxThreads">The most threads; the result does not depend on it.</param>
    /// <returns>N labels (the highest output, lowest on ties).</returns>
    public int[] PredictDense(float[] features, int rowCount, int maxThreads = 0)
    {
        var outputs = OutputsDense(features, rowCount, maxThreads);
        int l = ClassCount;
        var result = new int[rowCount];
        for (int i = 0; i < rowCount; i++) result[i] = TensorPrimitives.IndexOfMax<float>(outputs.AsSpan(i * l, l));
        return result;
    }

    /// <summary>
    /// The outputs y = W^T x~ + b (softmax probabilities when the readout was trained with a softmax) of each of the
    /// first rows of dense features, without copying them: what an ensemble averages.
    /// </summary>
    /// <param name="features">At least <paramref name="rowCount"/> x F values.</param>
    /// <param name="rowCount">N, the rows to read from the start.</param>
    /// <param name="maxThreads">The most threads; the result does not depend on it.</param>
    /// <returns>N x L outputs, row-major.</returns>
    public float[] OutputsDense(float[] features, int rowCount, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (!IsDense) throw new InvalidOperationException("This readout reads sparse codes; use Predict.");
        int f = FeatureCount, l = ClassCount;
        if (rowCount < 0 || (long)rowCount * f > features.Length) throw new ArgumentException($"{features.Length} values do not hold {rowCount} rows of {f}.", nameof(rowCount));
        var result = new float[(long)rowCount * l];
        var all = features; // the rows are read in place: a copy would double the largest allocation of a readout
        const int block = 64;
        ParallelBlocks.For(rowCount, maxThreads, (start, end) =>
        {
            var x = new float[block * f];
            var y = new float[block * l];
            int rows = end - start;
            for (int i = 0; i < rows; i++) Standardise(all.AsSpan((start + i) * f, f), x.AsSpan(i * f, f));
            Outputs(x, rows, y, 1);
            y.AsSpan(0, rows * l).CopyTo(result.AsSpan(start * l, rows * l));
        }, block);
        return result;
    }

    /// <summary><see cref="OutputsDense(float[], int, int)"/> of the first rows of features stored in any form (<see cref="ByteFeatureRows"/>).</summary>
    /// <param name="features">At least <paramref name="rowCount"/> rows.</param>
    /// <param name="rowCount">N, the rows to read from the start.</param>
    /// <param name="maxThreads">The most threads; the result does not depend on it.</param>
    /// <returns>N x L outputs, row-major.</returns>
    public float[] OutputsDense(IDenseRows features, int rowCount, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (!IsDense) throw new InvalidOperationException("This readout reads sparse codes; use Predict.");
        int f = FeatureCount, l = ClassCount;
        if (features.FeatureCount != f) throw new ArgumentException($"The rows have {features.FeatureCount} features; the readout reads {f}.", nameof(features));
        if (rowCount < 0 || rowCount > features.RowCount) throw new ArgumentException($"{features.RowCount} rows do not hold {rowCount}.", nameof(rowCount));
        var result = new float[(long)rowCount * l];
        const int block = 64;
        ParallelBlocks.For(rowCount, maxThreads, (start, end) =>
        {
            var x = new float[block * f];
            var y = new float[block * l];
            int rows = end - start;
            for (int i = 0; i < rows; i++)
            {
                var target = x.AsSpan(i * f, f);
                features.Read(start + i, target);
                Standardise(target, target);
            }
            Outputs(x, rows, y, 1);
            y.AsSpan(0, rows * l).CopyTo(result.AsSpan(start * l, rows * l));
        }, block);
        return result;
    }

    /// <summary>y = W^T x + b for a batch of standardised rows, through a softmax when the options ask.</summary>
    private void Outputs(float[] x, int rows, float[] y, int maxThreads)
    {
        int f = FeatureCount, l = ClassCount;
        Gemm.Multiply(Transpose.None, Transpose.None, rows, l, f, 1f, x, f, _table, l, 0f, y, l, maxThreads);
        for (int i = 0; i < rows; i++)
        {
            var row = y.AsSpan(i * l, l);
            TensorPrimitives.Add(row, _bias, row);
            if (Options.Softmax) StableSoftmax(row);
        }
    }

    /// <summary>The softmax of a row in place, shifted by its largest value first.</summary>
    /// <remarks>exp of a large logit overflows to infinity, and inf / inf poisons the weights with NaN; after the shift the largest term is exp(0) = 1.</remarks>
    internal static void StableSoftmax(Span<float> row)
    {
        TensorPrimitives.Subtract(row, TensorPrimitives.Max(row), row);
        TensorPrimitives.SoftMax(row, row);
    }

    /// <summary>(x - mean) / deviation into <paramref name="target"/>; returns its squared norm.</summary>
    private float Standardise(ReadOnlySpan<float> row, Span<float> target)
    {
        TensorPrimitives.Subtract(row, _mean!, target);
        TensorPrimitives.Multiply(target, _inverseScale!, target);
        return TensorPrimitives.SumOfSquares(target);
    }

    private void Standardisation<TRows>(scoped TRows features, int n)
        where TRows : IDenseRows, allows ref struct
    {
        int f = FeatureCount;
        var sum = new double[f];
        var squares = new double[f];
        var row = new float[f];
        for (int i = 0; i < n; i++)
        {
            features.Read(i, row);
            for (int j = 0; j < f; j++)
            {
                sum[j] += row[j];
                squares[j] += (double)row[j] * row[j];
            }
        }
        _mean = new float[f];
        _inverseScale = new float[f];
        for (int j = 0; j < f; j++)
        {
            double mean = n == 0 ? 0 : sum[j] / n;
            double variance = n == 0 ? 0 : Math.Max(0, squares[j] / n - mean * mean);
            _mean[j] = (float)mean;
            // A feature that never varies carries nothing: scale 0 silences it instead of dividing by 0.
            _inverseScale[j] = variance > 1e-12 ? (float)(1 / Math.Sqrt(variance)) : 0f;
        }
    }
}
