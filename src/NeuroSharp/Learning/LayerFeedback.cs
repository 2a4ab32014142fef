using System.Numerics.Tensors;
using NeuroSharp.Numerics.LinearAlgebra;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Learning;

/// <summary>The layer-to-layer top-down matrices shared by feedback alignment, adaptive feedback and the temporal rule.</summary>
internal static class LayerFeedback
{
    /// <summary>
    /// B_{l+1} (n_{l+1} x n_l) for l = 1..L-1, uniform with the half-width of the forward weight W_{l+1}
    /// it stands in for (fan-in n_l), times <paramref name="scale"/>; entry l-1 of the array is B_{l+1}.
    /// </summary>
    public static FeedbackMatrix[] CreateRandom(Mlp network, float scale, ulong seed)
    {
        int layers = network.WeightLayerCount;
        var stream = new RandomStream(seed).Fork(LearningStreams.Feedback);
        var matrices = new FeedbackMatrix[layers - 1];
        for (int l = 1; l < layers; l++)
        {
            int below = network.LayerSize(l), above = network.LayerSize(l + 1);
            var b = new FeedbackMatrix($"feedback.{l + 1}", l + 1, l, above, below);
            float a = scale * WeightInitializer.HalfWidth(network.Spec.Init, network.Spec.HiddenActivation, below, above);
            WeightInitializer.Fill(b.Values, a, stream.Fork((ulong)(l + 1)));
            b.Gain = TensorPrimitives.Norm(b.Values);
            matrices[l - 1] = b;
        }
        return matrices;
    }

    /// <summary>delta_l = (delta_{l+1} B_{l+1}) * gate_l for l = L-1 down to 1.</summary>
    public static void SendDown(TrainingBatch batch, FeedbackMatrix[] feedback)
    {
        var net = batch.Network;
        int rows = batch.RowCount;
        for (int l = batch.WeightLayerCount - 1; l >= 1; l--)
        {
            int below = net.LayerSize(l), above = net.LayerSize(l + 1);
            Gemm.Multiply(Transpose.None, Transpose.None, rows, below, above, 1f, batch.Delta(l + 1), above,
                feedback[l - 1].Array, below, 0f, batch.Delta(l), below, batch.MaxThreads);
            TensorPrimitives.Multiply(batch.Delta(l), batch.Gate(l), batch.Delta(l));
        }
    }

    /// <summary>
    /// The wake phase: each B_{l+1} takes a normalised least-mean-squares step towards reconstructing
    /// the activity below from the activity above, both centred on their minibatch means (the means are
    /// the job of a top-down bias, so B spends itself on how patterns differ, not on the activity they
    /// share): u = h_{l+1} - mean, y = h_l - mean, B += rate * u^T (y - u B) / sum_i |u_i|^2; then B is
    /// scaled back to its gain g, the Frobenius norm of its random start, so that learning changes where
    /// the feedback points, not how loud it is.
    /// </summary>
    public static void Adapt(TrainingBatch batch, FeedbackMatrix[] feedback, float rate, float[] upperScratch, float[] lowerScratch, float[] meanScratch)
    {
        if (rate == 0f) return;
        var net = batch.Network;
        int rows = batch.RowCount;
        for (int l = 1; l < batch.WeightLayerCount; l++)
        {
            int below = net.LayerSize(l), above = net.LayerSize(l + 1);
            var b = feedback[l - 1];
            var upper = upperScratch.AsSpan(0, rows * above);
            var residual = lowerScratch.AsSpan(0, rows * below);
            Centre(batch.Activity(l + 1), upper, rows, above, meanScratch);
            Centre(batch.Activity(l), residual, rows, below, meanScratch);
            // residual = y - u B_{l+1}
            Gemm.Multiply(Transpose.None, Transpose.None, rows, below, above, -1f, upper, above,
                b.Array, below, 1f, residual, below, batch.MaxThreads);
            float energy = TensorPrimitives.SumOfSquares(upper);
            if (!(energy > 0f)) continue;
            Gemm.Multiply(Transpose.Transposed, Transpose.None, above, below, rows, rate / energy, upper, above,
                residual, below, 1f, b.Array, below, batch.MaxThreads);
            Normalise(b);
        }
    }

    /// <summary>destination = source minus its column means (rows x columns).</summary>
    private static void Centre(ReadOnlySpan<float> source, Span<float> destination, int rows, int columns, float[] meanScratch)
    {
        var mean = meanScratch.AsSpan(0, columns);
        mean.Clear();
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(mean, source.Slice(r * columns, columns), mean);
        TensorPrimitives.Multiply(mean, 1f / rows, mean);
        for (int r = 0; r < rows; r++) TensorPrimitives.Subtract(source.Slice(r * columns, columns), mean, destination.Slice(r * columns, columns));
    }

    /// <summary>The widest layer above the input (the size scratch rows need).</summary>
    public static int Widest(Mlp network)
    {
        int widest = 1;
        for (int l = 1; l <= network.WeightLayerCount; l++) widest = Math.Max(widest, network.LayerSize(l));
        return widest;
    }

    /// <summary>Scales B to its gain (a no-op for a zero matrix).</summary>
    public static void Normalise(FeedbackMatrix b)
    {
        float norm = TensorPrimitives.Norm(b.Values);
        if (norm > 0f && float.IsFinite(norm)) TensorPrimitives.Multiply(b.Values, b.Gain / norm, b.Values);
    }
}
