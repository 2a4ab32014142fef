namespace NeuroSharp.Clustering;

/// <summary>
/// Reads labels out of clusters: each cluster is named by the majority label of its training rows, and a
/// new row gets the name of the cluster it falls in.
/// </summary>
public sealed class ClusterReadout
{
    private readonly int[] _labels;

    private ClusterReadout(int[] labels) => _labels = labels;

    /// <summary>The label of each cluster (-1 for a cluster without training rows).</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Names every cluster by its majority training label (ties to the lowest label).</summary>
    /// <param name="assignments">The cluster of each training row, or -1.</param>
    /// <param name="labels">The label of each training row.</param>
    /// <param name="clusterCount">The number of clusters.</param>
    /// <returns>The readout.</returns>
    public static ClusterReadout Fit(ReadOnlySpan<int> assignments, ReadOnlySpan<int> labels, int clusterCount)
    {
        if (assignments.Length != labels.Length) throw new ArgumentException($"{assignments.Length} assignments for {labels.Length} labels.");
        int labelCount = 1;
        foreach (int l in labels) labelCount = Math.Max(labelCount, l + 1);
        var counts = new int[clusterCount, labelCount];
        for (int i = 0; i < assignments.Length; i++)
        {
            if (assignments[i] >= 0) counts[assignments[i], labels[i]]++;
        }
        var names = new int[clusterCount];
        for (int c = 0; c < clusterCount; c++)
        {
            int best = -1, bestCount = 0;
            for (int l = 0; l < labelCount; l++)
            {
                if (counts[c, l] > bestCount)
                {
                    best = l;
                    bestCount = counts[c, l];
                }
            }
            names[c] = best;
        }
        return new ClusterReadout(names);
    }

    /// <summary>The share of rows whose cluster's name is their label.</summary>
    /// <param name="assignments">The cluster of each row, or -1 (counted wrong).</param>
    /// <param name="labels">The label of each row.</param>
    /// <returns>The accuracy in [0, 1].</returns>
    public double Accuracy(ReadOnlySpan<int> assignments, ReadOnlySpan<int> labels)
    {
        if (assignments.Length != labels.Length) throw new ArgumentException($"{assignments.Length} assignments for {labels.Length} labels.");
        if (assignments.Length == 0) return 0;
        int right = 0;
        for (int i = 0; i < assignments.Length; i++)
        {
            int c = assignments[i];
            if (c >= 0 && c < _labels.Length && _labels[c] == labels[i]) right++;
        }
        return (double)right / assignments.Length;
    }
}
