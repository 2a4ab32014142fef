using ILGPU;

namespace NeuroSharp.Gpu.Clustering;

/// <summary>The batch of rows and the centres a winner search reads (row-major), and the masks of a meta-clusterer's layers.</summary>
internal struct WinnerView
{
    public ArrayView<float> Rows, Centres, Masks, Distances;
    public ArrayView<int> Winners;
    public int RowCount, ClusterCount, InputCount, LayerCount, Squared, Masked;
}

/// <summary>
/// The clusterizers' distance and winner search over a batch (docs/gpu.md): one thread per (row, layer,
/// centre) sums |x_j m_j - c_j| (or its square) over the inputs; then one thread per (row, layer) takes the
/// nearest centre, the lowest index on ties (Kernels.ArgMin).
/// </summary>
internal static class WinnerKernels
{
    /// <summary>Distances[(row, layer, centre)]: the raw sum the CPU kernels compute (before the L1 mean's division).</summary>
    public static void Distance(Index1D index, WinnerView w)
    {
        int k = index % w.ClusterCount;
        int rest = index / w.ClusterCount;
        int layer = rest % w.LayerCount;
        int row = rest / w.LayerCount;
        int d = w.InputCount;
        int x0 = row * d, c0 = (layer * w.ClusterCount + k) * d, m0 = layer * d;
        float sum = 0f;
        for (int j = 0; j < d; j++)
        {
            float x = w.Rows[x0 + j];
            if (w.Masked != 0) x *= w.Masks[m0 + j];
            float diff = w.Centres[c0 + j] - x;
            sum += w.Squared != 0 ? diff * diff : MathF.Abs(diff);
        }
        w.Distances[index] = sum;
    }

    /// <summary>Winners[(row, layer)]: the nearest centre, the lowest index on ties.</summary>
    public static void Winner(Index1D index, WinnerView w)
    {
        int offset = index * w.ClusterCount;
        int best = 0;
        float bestDistance = w.Distances[offset];
        for (int k = 1; k < w.ClusterCount; k++)
        {
            float d = w.Distances[offset + k];
            if (d < bestDistance)
            {
                best = k;
                bestDistance = d;
            }
        }
        w.Winners[index] = best;
    }
}
