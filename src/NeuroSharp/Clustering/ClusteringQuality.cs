using NeuroSharp.Data;
using NeuroSharp.Numerics.Kernels;

namespace NeuroSharp.Clustering;

/// <summary>Quality measures of a clustering, computed the same way at any thread count.</summary>
public static class ClusteringQuality
{
    /// <summary>
    /// k-means inertia: the sum over rows of the squared Euclidean distance to the nearest centre (by
    /// squared Euclidean distance, as scikit-learn defines it, whatever metric trained the centres).
    /// </summary>
    /// <param name="centres">K x D centres, row-major.</param>
    /// <param name="clusterCount">K.</param>
    /// <param name="data">Rows of D values.</param>
    /// <param name="maxThreads">The most threads; 0 or less for all cores.</param>
    /// <returns>The inertia (divide by the row count for a per-row figure).</returns>
    public static double Inertia(ReadOnlySpan<float> centres, int clusterCount, Dataset data, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        int d = data.ColumnCount;
        if (centres.Length != clusterCount * d) throw new ArgumentException($"{centres.Length} centre values are not {clusterCount} x {d}.");
        float[] c = centres.ToArray();
        const int block = ParallelBlocks.DefaultBlockSize;
        var partial = new double[(data.RowCount + block - 1) / block];
        ParallelBlocks.For(data.RowCount, maxThreads, (start, end) =>
        {
            double sum = 0;
            for (int i = start; i < end; i++)
            {
                var x = data.Row(i);
                float best = float.PositiveInfinity;
                for (int k = 0; k < clusterCount; k++) best = MathF.Min(best, Kernels.SumSquaredDiff(c.AsSpan(k * d, d), x));
                sum += best;
            }
            partial[start / block] = sum;
        }, block);
        double total = 0;
        foreach (double p in partial) total += p;
        return total;
    }

    /// <summary>Purity: the share of rows whose label is the majority label of their cluster.</summary>
    /// <param name="assignments">Cluster of each row, in [0, clusterCount).</param>
    /// <param name="labels">Label of each row.</param>
    /// <param name="clusterCount">K.</param>
    /// <returns>Purity in [0, 1] (1 when every cluster holds one label).</returns>
    public static double Purity(ReadOnlySpan<int> assignments, ReadOnlySpan<int> labels, int clusterCount)
    {
        if (assignments.Length != labels.Length) throw new ArgumentException($"{assignments.Length} assignments for {labels.Length} labels.");
        if (assignments.Length == 0) return 0;
        var counts = new Dictionary<(int, int), int>();
        foreach (var (a, l) in Zip(assignments, labels)) counts[(a, l)] = counts.GetValueOrDefault((a, l)) + 1;
        var best = new int[clusterCount];
        foreach (var ((a, _), n) in counts) best[a] = Math.Max(best[a], n);
        return (double)best.Sum() / assignments.Length;
    }

    private static List<(int, int)> Zip(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var list = new List<(int, int)>(a.Length);
        for (int i = 0; i < a.Length; i++) list.Add((a[i], b[i]));
        return list;
    }
}
