using NeuroSharp.Data;
using NeuroSharp.Numerics.Kernels;

namespace NeuroSharp.Stochastic;

/// <summary>Fills the distances in hash space from one query row to every row.</summary>
/// <param name="query">The query row.</param>
/// <param name="distances">Receives one distance per row (smaller is nearer).</param>
public delegate void HashDistances(int query, Span<float> distances);

/// <summary>
/// Similarity search quality as Dasgupta, Stevens and Navlakha (2017) measure it: how well the nearest
/// rows in hash space recover the true nearest rows in input space.
/// </summary>
/// <remarks>
/// For each query q: T_q, the K nearest rows by Euclidean distance in input space (q itself and exact
/// duplicates left out); P_q, the K nearest rows by hash distance (ties to the lowest row index). The
/// average precision is the mean, over the ranks r where P_q[r] is in T_q, of (hits so far) / r; 0 when
/// there is no hit. The mean average precision (mAP) averages it over the queries. This is the paper's
/// published script (K = 2 % of the rows), not the textbook AP that divides by K.
/// </remarks>
public static class SimilaritySearch
{
    /// <summary>Picks queries and finds their true neighbours.</summary>
    /// <param name="data">The rows searched.</param>
    /// <param name="queries">The query rows.</param>
    /// <param name="neighbourCount">K, at least 1 and below the row count.</param>
    /// <param name="maxThreads">The most threads; 0 for all cores.</param>
    /// <returns>The ground truth.</returns>
    public static SearchGroundTruth GroundTruth(Dataset data, int[] queries, int neighbourCount, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(queries);
        if (neighbourCount < 1 || neighbourCount >= data.RowCount)
            throw new ArgumentOutOfRangeException(nameof(neighbourCount), $"The neighbour count must be in [1, {data.RowCount - 1}] (got {neighbourCount}).");
        var neighbours = new int[queries.Length][];
        var excluded = new int[queries.Length][];
        ParallelBlocks.For(queries.Length, maxThreads, (start, end) =>
        {
            var distances = new float[data.RowCount];
            var keys = new ulong[data.RowCount];
            for (int qi = start; qi < end; qi++)
            {
                int q = queries[qi];
                var x = data.Row(q);
                var duplicates = new List<int>();
                for (int j = 0; j < data.RowCount; j++)
                {
                    float d = Kernels.SumSquaredDiff(x, data.Row(j));
                    distances[j] = d;
                    if (d <= 0f) duplicates.Add(j);
                }
                foreach (int j in duplicates) distances[j] = float.PositiveInfinity;
                neighbours[qi] = Nearest(distances, neighbourCount, keys);
                excluded[qi] = duplicates.ToArray();
            }
        }, blockSize: 8);
        return new SearchGroundTruth(queries, neighbourCount, neighbours, excluded);
    }

    /// <summary>The average precision of every query for one hash.</summary>
    /// <param name="truth">The queries and their true neighbours.</param>
    /// <param name="rowCount">The rows searched.</param>
    /// <param name="distances">Distances in hash space from a query to every row.</param>
    /// <param name="maxThreads">The most threads; 0 for all cores.</param>
    /// <returns>One average precision per query, in [0, 1].</returns>
    public static double[] AveragePrecisions(SearchGroundTruth truth, int rowCount, HashDistances distances, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(distances);
        var result = new double[truth.Queries.Length];
        ParallelBlocks.For(truth.Queries.Length, maxThreads, (start, end) =>
        {
            var d = new float[rowCount];
            var keys = new ulong[rowCount];
            for (int qi = start; qi < end; qi++)
            {
                distances(truth.Queries[qi], d);
                foreach (int j in truth.Excluded[qi]) d[j] = float.PositiveInfinity;
                var predicted = Nearest(d, truth.NeighbourCount, keys);
                result[qi] = AveragePrecision(predicted, truth.Neighbours[qi]);
            }
        }, blockSize: 8);
        return result;
    }

    /// <summary>The mean average precision of one hash.</summary>
    /// <param name="truth">The queries and their true neighbours.</param>
    /// <param name="rowCount">The rows searched.</param>
    /// <param name="distances">Distances in hash space from a query to every row.</param>
    /// <param name="maxThreads">The most threads; 0 for all cores.</param>
    /// <returns>mAP in [0, 1].</returns>
    public static double MeanAveragePrecision(SearchGroundTruth truth, int rowCount, HashDistances distances, int maxThreads = 0)
    {
        var ap = AveragePrecisions(truth, rowCount, distances, maxThreads);
        return ap.Length == 0 ? 0 : ap.Average();
    }

    /// <summary>Average precision of a ranked list against a set of true items (the paper's definition).</summary>
    /// <param name="predicted">The ranked items, nearest first.</param>
    /// <param name="relevant">The true items.</param>
    /// <returns>Mean over hits of (hits so far / rank); 0 without hits.</returns>
    public static double AveragePrecision(ReadOnlySpan<int> predicted, ReadOnlySpan<int> relevant)
    {
        var set = new HashSet<int>(relevant.Length);
        foreach (int r in relevant) set.Add(r);
        int hits = 0;
        double sum = 0;
        for (int rank = 0; rank < predicted.Length; rank++)
        {
            if (set.Contains(predicted[rank]))
            {
                hits++;
                sum += (double)hits / (rank + 1);
            }
        }
        return hits == 0 ? 0 : sum / hits;
    }

    /// <summary>The k rows of smallest distance, nearest first, ties to the lowest index.</summary>
    internal static int[] Nearest(ReadOnlySpan<float> distances, int k, Span<ulong> keys)
    {
        // Non-negative floats order like their bit patterns; +infinity sorts last. Key = (bits, index).
        int n = distances.Length;
        var key = keys[..n];
        for (int j = 0; j < n; j++)
        {
            float d = distances[j];
            uint bits = float.IsNaN(d) ? uint.MaxValue : BitConverter.SingleToUInt32Bits(Math.Max(d, 0f));
            key[j] = ((ulong)bits << 32) | (uint)j;
        }
        SelectSmallest(key, k);
        var top = key[..k];
        top.Sort();
        var result = new int[k];
        for (int i = 0; i < k; i++) result[i] = (int)(uint)top[i];
        return result;
    }

    /// <summary>Moves the k smallest keys (distinct) to the front, in any order (Hoare selection).</summary>
    private static void SelectSmallest(Span<ulong> a, int k)
    {
        int lo = 0, hi = a.Length - 1, target = k - 1;
        while (lo < hi)
        {
            ulong x = a[lo], y = a[(lo + hi) >>> 1], z = a[hi];
            ulong pivot = Math.Max(Math.Min(x, y), Math.Min(Math.Max(x, y), z));
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else return;
        }
    }
}
