using System.Numerics.Tensors;
using NeuroSharp.Data;

namespace NeuroSharp.Clustering;

public sealed partial class MetaClusterer
{
    /// <summary>The number of code features, M x K: one per neuron of every layer.</summary>
    public int FeatureCount => MetaCount * ClusterCount;

    /// <summary>
    /// A sparse code of an example without learning: in every layer the <paramref name="activePerLayer"/>
    /// nearest neurons to the masked view fire (k-winners-take-all; 1 is the article's unitary code).
    /// Feature m x K + k stands for neuron k of layer m.
    /// </summary>
    /// <param name="x">The example, D values.</param>
    /// <param name="activePerLayer">T, the neurons that fire in each layer, in [1, K].</param>
    /// <param name="features">Receives M x T feature indices, layer by layer, nearest first.</param>
    /// <param name="masked">Scratch of D values.</param>
    /// <param name="distances">Scratch of K values.</param>
    public void EncodeActive(ReadOnlySpan<float> x, int activePerLayer, Span<int> features, Span<float> masked, Span<float> distances)
    {
        if ((uint)(activePerLayer - 1) >= (uint)ClusterCount)
            throw new ArgumentOutOfRangeException(nameof(activePerLayer), $"Active neurons per layer must be in [1, {ClusterCount}] (got {activePerLayer}).");
        int d = InputCount;
        for (int m = 0; m < MetaCount; m++)
        {
            TensorPrimitives.Multiply(x, _masks.AsSpan(m * d, d), masked[..d]);
            var dist = distances[..ClusterCount];
            int nearest = _layers[m].Nearest(masked[..d], dist);
            var slot = features.Slice(m * activePerLayer, activePerLayer);
            slot[0] = m * ClusterCount + nearest;
            if (activePerLayer > 1) SmallestAfterFirst(dist, nearest, slot, m * ClusterCount);
        }
    }

    /// <summary>The sparse codes of every row (see <see cref="EncodeActive(ReadOnlySpan{float}, int, Span{int}, Span{float}, Span{float})"/>), in parallel over blocks.</summary>
    /// <param name="data">Rows of D values.</param>
    /// <param name="activePerLayer">T, the neurons that fire in each layer.</param>
    /// <param name="maxThreads">The most threads; 0 or less for all cores.</param>
    /// <returns>Row-major N x (M x T) feature indices.</returns>
    public int[] EncodeActive(Dataset data, int activePerLayer, int maxThreads = 0)
    {
        CheckColumns(data);
        int width = MetaCount * activePerLayer;
        var codes = new int[data.RowCount * width];
        ParallelBlocks.For(data.RowCount, maxThreads, (start, end) =>
        {
            var masked = new float[InputCount];
            var distances = new float[ClusterCount];
            for (int i = start; i < end; i++) EncodeActive(data.Row(i), activePerLayer, codes.AsSpan(i * width, width), masked, distances);
        });
        return codes;
    }

    // Fills slot[1..] with the next-nearest neurons in order: selection over K (T is small); the
    // distances scratch is consumed (chosen entries set to +inf).
    private static void SmallestAfterFirst(Span<float> distances, int first, Span<int> slot, int offset)
    {
        distances[first] = float.PositiveInfinity;
        for (int t = 1; t < slot.Length; t++)
        {
            int best = 0;
            for (int k = 1; k < distances.Length; k++)
            {
                if (distances[k] < distances[best]) best = k;
            }
            slot[t] = offset + best;
            distances[best] = float.PositiveInfinity;
        }
    }
}
