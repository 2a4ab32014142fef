using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Clustering;

/// <summary>
/// The teacher of article 000 ("connect EAT to TASTY", docs/articles.md#article-000-clusterizers): an association from sparse codes (which neurons
/// fired) to labels, learned without backpropagation by counting or by the delta rule.
/// </summary>
/// <remarks>
/// A code is a list of A active features out of F (for a meta-clusterer, M x T of M x K neurons).
/// The association is an F x L table: co-occurrence counts, or weights trained by the delta rule
/// (see <see cref="ReadoutRule"/>). Prediction touches only the A active rows, so it costs A x L.
/// </remarks>
public sealed partial class TeacherReadout
{
    private readonly float[] _table; // F x L: counts or weights
    private readonly float[] _classTotals;
    private readonly float[] _logPrior;

    private TeacherReadout(int featureCount, int classCount, ReadoutOptions options)
    {
        FeatureCount = featureCount;
        ClassCount = classCount;
        Options = options;
        _table = new float[checked(featureCount * classCount)];
        _classTotals = new float[classCount];
        _logPrior = new float[classCount];
    }

    /// <summary>F, the features a code can activate.</summary>
    public int FeatureCount { get; }

    /// <summary>L, the labels.</summary>
    public int ClassCount { get; }

    /// <summary>The association, F x L row-major: co-occurrence counts (counting rule) or weights (delta rule).</summary>
    public ReadOnlySpan<float> Table => _table;

    /// <summary>The options it was trained with.</summary>
    public ReadoutOptions Options { get; }

    /// <summary>Learns the association from training codes and labels.</summary>
    /// <param name="codes">N x A active feature indices, row-major.</param>
    /// <param name="activeCount">A, active features per code.</param>
    /// <param name="labels">N labels in [0, classCount).</param>
    /// <param name="featureCount">F.</param>
    /// <param name="classCount">L.</param>
    /// <param name="options">The rule and its parameters.</param>
    /// <param name="seed">Seed of the delta rule's example order.</param>
    /// <returns>The trained readout.</returns>
    public static TeacherReadout Fit(ReadOnlySpan<int> codes, int activeCount, ReadOnlySpan<int> labels, int featureCount, int classCount,
        ReadoutOptions? options = null, ulong seed = 0)
    {
        options ??= new ReadoutOptions();
        options.Validate();
        OptionChecks.AtLeast(nameof(TeacherReadout), "ActiveCount", activeCount, 1);
        OptionChecks.AtLeast(nameof(TeacherReadout), "ClassCount", classCount, 2);
        int n = labels.Length;
        if (codes.Length != n * activeCount)
            throw new ArgumentException($"{codes.Length} code entries are not {n} codes of {activeCount}.", nameof(codes));
        foreach (int f in codes)
        {
            if ((uint)f >= (uint)featureCount) throw new ArgumentOutOfRangeException(nameof(codes), $"Feature {f} is not in [0, {featureCount}).");
        }
        foreach (int l in labels)
        {
            if ((uint)l >= (uint)classCount) throw new ArgumentOutOfRangeException(nameof(labels), $"Label {l} is not in [0, {classCount}).");
        }
        var r = new TeacherReadout(featureCount, classCount, options);
        if (options.Rule == ReadoutRule.Counts) r.Count(codes, activeCount, labels);
        else r.Delta(codes, activeCount, labels, new RandomStream(seed));
        return r;
    }

    /// <summary>The label a code is read as.</summary>
    /// <param name="code">A active feature indices.</param>
    /// <param name="scores">Scratch of L values that receives each label's score.</param>
    /// <returns>The label with the highest score (lowest on ties).</returns>
    public int Predict(ReadOnlySpan<int> code, Span<float> scores)
    {
        scores = scores[..ClassCount];
        int l = ClassCount;
        if (Options.Rule == ReadoutRule.Counts)
        {
            _logPrior.CopyTo(scores);
            float alpha = Options.Smoothing;
            foreach (int f in code)
            {
                var row = _table.AsSpan(f * l, l);
                for (int c = 0; c < l; c++) scores[c] += MathF.Log((row[c] + alpha) / (_classTotals[c] + alpha * FeatureCount));
            }
        }
        else
        {
            scores.Clear();
            foreach (int f in code) System.Numerics.Tensors.TensorPrimitives.Add(scores, _table.AsSpan(f * l, l), scores);
        }
        int best = 0;
        for (int c = 1; c < l; c++)
        {
            if (scores[c] > scores[best]) best = c;
        }
        return best;
    }

    /// <summary>Predicts every code, in parallel over fixed blocks.</summary>
    /// <param name="codes">N x A feature indices.</param>
    /// <param name="activeCount">A.</param>
    /// <param name="maxThreads">The most threads; 0 or less for all cores.</param>
    /// <returns>N labels.</returns>
    public int[] Predict(ReadOnlySpan<int> codes, int activeCount, int maxThreads = 0)
    {
        int n = codes.Length / activeCount;
        var result = new int[n];
        var copy = codes.ToArray();
        ParallelBlocks.For(n, maxThreads, (start, end) =>
        {
            var scores = new float[ClassCount];
            for (int i = start; i < end; i++) result[i] = Predict(copy.AsSpan(i * activeCount, activeCount), scores);
        });
        return result;
    }

    /// <summary>The share of codes read as their label.</summary>
    /// <param name="codes">N x A feature indices.</param>
    /// <param name="activeCount">A.</param>
    /// <param name="labels">N labels.</param>
    /// <param name="maxThreads">The most threads.</param>
    /// <returns>Accuracy in [0, 1].</returns>
    public double Accuracy(ReadOnlySpan<int> codes, int activeCount, ReadOnlySpan<int> labels, int maxThreads = 0)
    {
        var predicted = Predict(codes, activeCount, maxThreads);
        int right = 0;
        for (int i = 0; i < predicted.Length; i++) right += predicted[i] == labels[i] ? 1 : 0;
        return predicted.Length == 0 ? 0 : (double)right / predicted.Length;
    }

    private void Count(ReadOnlySpan<int> codes, int a, ReadOnlySpan<int> labels)
    {
        int l = ClassCount;
        var classCounts = new int[l];
        for (int i = 0; i < labels.Length; i++)
        {
            int y = labels[i];
            classCounts[y]++;
            foreach (int f in codes.Slice(i * a, a)) _table[f * l + y] += 1f;
            _classTotals[y] += a;
        }
        for (int c = 0; c < l; c++) _logPrior[c] = MathF.Log((classCounts[c] + 1f) / (labels.Length + l));
    }

    private void Delta(ReadOnlySpan<int> codes, int a, ReadOnlySpan<int> labels, RandomStream rng)
    {
        int l = ClassCount, n = labels.Length;
        float step = Options.LearningRate / a;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var y = new float[l];
        for (int epoch = 0; epoch < Options.Epochs; epoch++)
        {
            rng.Shuffle(order.AsSpan());
            foreach (int i in order)
            {
                var code = codes.Slice(i * a, a);
                Array.Clear(y);
                foreach (int f in code) System.Numerics.Tensors.TensorPrimitives.Add(y, _table.AsSpan(f * l, l), y);
                // y <- step (t - y): the error each active synapse moves by.
                for (int c = 0; c < l; c++) y[c] = step * ((c == labels[i] ? 1f : 0f) - y[c]);
                foreach (int f in code) System.Numerics.Tensors.TensorPrimitives.Add(_table.AsSpan(f * l, l), y, _table.AsSpan(f * l, l));
            }
        }
    }
}
