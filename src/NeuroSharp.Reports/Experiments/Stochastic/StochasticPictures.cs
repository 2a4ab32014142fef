using NeuroSharp.Data;
using NeuroSharp.Numerics.Bits;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Reports.Experiments.Stochastic;

/// <summary>The pictures of article 003 (docs/articles.md#article-003-correlation-neuron): clusters as mean images, binary codes as rasters.</summary>
public static class StochasticPictures
{
    /// <summary>The mean image of the largest clusters, largest first.</summary>
    /// <param name="data">Rows that are images.</param>
    /// <param name="assignments">The cluster of each row (-1 for none).</param>
    /// <param name="clusterCount">The number of clusters.</param>
    /// <param name="maxClusters">The most clusters to show.</param>
    /// <returns>PNG bytes, or null when the rows are not images or no cluster has a row.</returns>
    public static byte[]? ClusterMeans(Dataset data, ReadOnlySpan<int> assignments, int clusterCount, int maxClusters = 100)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ImageShape is not { } shape) return null;
        int d = data.ColumnCount;
        var sums = new double[clusterCount * (long)d];
        var sizes = new int[clusterCount];
        for (int i = 0; i < assignments.Length; i++)
        {
            int c = assignments[i];
            if (c < 0) continue;
            sizes[c]++;
            var row = data.Row(i);
            for (int j = 0; j < d; j++) sums[c * (long)d + j] += row[j];
        }
        var order = Enumerable.Range(0, clusterCount).Where(c => sizes[c] > 0).OrderByDescending(c => sizes[c]).ThenBy(c => c).Take(maxClusters).ToArray();
        if (order.Length == 0) return null;
        var pixels = new float[order.Length * d];
        for (int i = 0; i < order.Length; i++)
        {
            int c = order[i];
            for (int j = 0; j < d; j++) pixels[i * d + j] = (float)(sums[c * (long)d + j] / sizes[c]);
        }
        return ImageGrid.RenderPng(pixels, order.Length, shape.Height, shape.Width,
            new ImageGridOptions { Columns = Math.Min(order.Length, 20), Scale = 2, SharedRange = false, Low = 0 });
    }

    /// <summary>Binary codes as a raster: one row of pixels per code, white for a one.</summary>
    /// <param name="codes">The codes.</param>
    /// <param name="rows">The codes to show (the first ones).</param>
    /// <param name="maxBits">The most bits per code to show (the first ones).</param>
    /// <returns>PNG bytes.</returns>
    public static byte[] CodeRaster(BitMatrix codes, int rows, int maxBits = 1024)
    {
        ArgumentNullException.ThrowIfNull(codes);
        rows = Math.Clamp(rows, 1, Math.Max(1, codes.RowCount));
        int bits = Math.Clamp(codes.ColumnCount, 1, maxBits);
        var pixels = new float[rows * bits];
        for (int r = 0; r < Math.Min(rows, codes.RowCount); r++)
        {
            for (int b = 0; b < bits && b < codes.ColumnCount; b++) pixels[r * bits + b] = codes[r, b] ? 1f : 0f;
        }
        return ImageGrid.RenderPng(pixels, 1, rows, bits, new ImageGridOptions { Columns = 1, Scale = 1, Padding = 0, Low = 0, High = 1 });
    }
}
