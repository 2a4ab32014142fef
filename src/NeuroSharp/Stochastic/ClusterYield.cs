namespace NeuroSharp.Stochastic;

/// <summary>
/// How many clusters a clusterer formed and how many of them are "good" (docs/stochastic-column.md): a cluster is formed
/// when it holds at least <c>minMembers</c> rows, and good when, besides, at least <c>minLabelShare</c>
/// of its rows carry one label. The article reports 99 % of formed clusters good.
/// </summary>
/// <param name="ClustersUsed">Clusters holding at least one row.</param>
/// <param name="FormedClusters">Clusters holding at least the minimum members.</param>
/// <param name="GoodClusters">Formed clusters whose majority label reaches the share.</param>
/// <param name="GoodShare">GoodClusters / FormedClusters (0 when none formed).</param>
/// <param name="RowsInFormedClusters">The share of rows that sit in formed clusters.</param>
/// <param name="RowsInGoodClusters">The share of rows that sit in good clusters.</param>
/// <param name="Purity">The share of all rows whose label is their cluster's majority label.</param>
/// <param name="FormedPurity">The same, over the rows in formed clusters only.</param>
public sealed record ClusterYield(int ClustersUsed, int FormedClusters, int GoodClusters, double GoodShare,
    double RowsInFormedClusters, double RowsInGoodClusters, double Purity, double FormedPurity)
{
    /// <summary>Measures a labelled partition.</summary>
    /// <param name="assignments">The cluster of each row, in [0, clusterCount), or -1 for none.</param>
    /// <param name="labels">The label of each row, at least 0.</param>
    /// <param name="clusterCount">The number of clusters.</param>
    /// <param name="minMembers">Rows a formed cluster needs (the spec's 20).</param>
    /// <param name="minLabelShare">The majority share a good cluster needs (the spec's 0.9).</param>
    /// <returns>The measures.</returns>
    public static ClusterYield Measure(ReadOnlySpan<int> assignments, ReadOnlySpan<int> labels, int clusterCount, int minMembers = 20, double minLabelShare = 0.9)
    {
        if (assignments.Length != labels.Length) throw new ArgumentException($"{assignments.Length} assignments for {labels.Length} labels.");
        int labelCount = 1;
        foreach (int l in labels) labelCount = Math.Max(labelCount, l + 1);
        var counts = new int[clusterCount, labelCount];
        var sizes = new int[clusterCount];
        for (int i = 0; i < assignments.Length; i++)
        {
            int c = assignments[i];
            if (c < 0) continue;
            counts[c, labels[i]]++;
            sizes[c]++;
        }
        int used = 0, formed = 0, good = 0;
        long majorityAll = 0, majorityFormed = 0, rowsFormed = 0, rowsGood = 0;
        for (int c = 0; c < clusterCount; c++)
        {
            if (sizes[c] == 0) continue;
            used++;
            int majority = 0;
            for (int l = 0; l < labelCount; l++) majority = Math.Max(majority, counts[c, l]);
            majorityAll += majority;
            if (sizes[c] < minMembers) continue;
            formed++;
            rowsFormed += sizes[c];
            majorityFormed += majority;
            if (majority >= minLabelShare * sizes[c])
            {
                good++;
                rowsGood += sizes[c];
            }
        }
        double n = Math.Max(1, assignments.Length);
        return new ClusterYield(used, formed, good, formed == 0 ? 0 : (double)good / formed, rowsFormed / n, rowsGood / n,
            majorityAll / n, rowsFormed == 0 ? 0 : (double)majorityFormed / rowsFormed);
    }
}
