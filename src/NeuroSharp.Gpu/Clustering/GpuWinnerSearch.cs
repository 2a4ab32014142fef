using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Clustering;
using NeuroSharp.Data;

namespace NeuroSharp.Gpu.Clustering;

/// <summary>
/// The clusterizers' nearest-centre search over a whole dataset on a device, in batches of rows: what
/// <see cref="CompetitiveLayer.Predict"/> and <see cref="MetaClusterer.Encode(Dataset, int)"/> compute on
/// the CPU. The float sums run in a plain loop over the inputs (the CPU kernels sum in SIMD lanes), so a
/// distance may differ in its last bits and a winner only where two centres are that close (docs/gpu.md).
/// </summary>
public static class GpuWinnerSearch
{
    /// <summary>Rows per batch: the distance buffer holds rows x layers x centres floats.</summary>
    public const int DefaultBatchRows = 4096;

    /// <summary>The nearest centre of every row (a competitive layer's assignments).</summary>
    /// <param name="layer">The trained layer.</param>
    /// <param name="data">Rows of the layer's inputs.</param>
    /// <param name="device">The device.</param>
    /// <param name="batchRows">Rows per batch.</param>
    /// <returns>One winner per row.</returns>
    /// <exception cref="InvalidInputException">The data has another number of columns.</exception>
    public static int[] Predict(CompetitiveLayer layer, Dataset data, GpuDevice device, int batchRows = DefaultBatchRows)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != layer.InputCount)
            throw new InvalidInputException($"{data.Name}: {data.ColumnCount} columns, but the layer has {layer.InputCount} inputs.");
        return Search(data, layer.Centres, [], 1, layer.ClusterCount, layer.Options.Metric, device, batchRows);
    }

    /// <summary>The code of every row (each layer's nearest neuron to its masked view), row-major N x M, as <see cref="MetaClusterer.Encode(Dataset, int)"/>.</summary>
    /// <param name="model">The trained meta-clusterer.</param>
    /// <param name="data">Rows of its inputs.</param>
    /// <param name="device">The device.</param>
    /// <param name="batchRows">Rows per batch.</param>
    /// <returns>N x M winners.</returns>
    /// <exception cref="InvalidInputException">The data has another number of columns.</exception>
    public static int[] Encode(MetaClusterer model, Dataset data, GpuDevice device, int batchRows = DefaultBatchRows)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != model.InputCount)
            throw new InvalidInputException($"{data.Name}: {data.ColumnCount} columns, but the model has {model.InputCount} inputs.");
        int m = model.MetaCount, k = model.ClusterCount, d = model.InputCount;
        var centres = new float[(long)m * k * d];
        for (int layer = 0; layer < m; layer++) model.Layer(layer).Centres.CopyTo(centres.AsSpan(layer * k * d, k * d));
        return Search(data, centres, model.Masks, m, k, model.Options.Metric, device, batchRows);
    }

    private static int[] Search(Dataset data, ReadOnlySpan<float> centres, ReadOnlySpan<float> masks, int layers, int clusters, DistanceMetric metric,
        GpuDevice device, int batchRows)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        var a = device.Accelerator;
        int n = data.RowCount, d = data.ColumnCount;
        var result = new int[(long)n * layers];
        if (n == 0) return result;
        int batch = Math.Min(batchRows, n);
        var distance = a.LoadElementKernel<Index1D, WinnerView>(WinnerKernels.Distance);
        var winner = a.LoadElementKernel<Index1D, WinnerView>(WinnerKernels.Winner);
        using var rowBuffer = a.Allocate1D<float>((long)batch * d);
        using var centreBuffer = a.Allocate1D<float>(centres.Length);
        using var maskBuffer = a.Allocate1D<float>(Math.Max(1, masks.Length));
        using var distanceBuffer = a.Allocate1D<float>((long)batch * layers * clusters);
        using var winnerBuffer = a.Allocate1D<int>((long)batch * layers);
        centreBuffer.View.CopyFromHost(centres);
        maskBuffer.View.CopyFromHost(masks);
        for (int start = 0; start < n; start += batch)
        {
            int rows = Math.Min(batch, n - start);
            rowBuffer.View.CopyFromHost(data.Values.Slice(start * d, rows * d));
            var view = new WinnerView
            {
                Rows = rowBuffer.View, Centres = centreBuffer.View, Masks = maskBuffer.View, Distances = distanceBuffer.View, Winners = winnerBuffer.View,
                RowCount = rows, ClusterCount = clusters, InputCount = d, LayerCount = layers,
                Squared = metric == DistanceMetric.SquaredL2 ? 1 : 0, Masked = masks.Length > 0 ? 1 : 0,
            };
            distance(rows * layers * clusters, view);
            winner(rows * layers, view);
            winnerBuffer.View.CopyToHost(result.AsSpan(start * layers, rows * layers));
        }
        return result;
    }
}
