namespace NeuroSharp.Clustering;

/// <summary>Compares a learned partition of the inputs with a planted one, invariant to relabelling.</summary>
public static class PartitionMetrics
{
    /// <summary>
    /// True when the partition equals the planted groups up to a permutation: every input of a group
    /// is in one meta-cluster, and different groups are in different meta-clusters.
    /// </summary>
    /// <param name="partition">Learned meta-cluster of each input.</param>
    /// <param name="plantedGroups">Planted group of each input.</param>
    /// <returns>Whether the two partitions are the same up to relabelling.</returns>
    public static bool MatchesUpToPermutation(ReadOnlySpan<int> partition, ReadOnlySpan<int> plantedGroups)
    {
        CheckLengths(partition, plantedGroups);
        var groupToMeta = new Dictionary<int, int>();
        var metaToGroup = new Dictionary<int, int>();
        for (int j = 0; j < partition.Length; j++)
        {
            int g = plantedGroups[j], m = partition[j];
            if (groupToMeta.TryGetValue(g, out int mm) && mm != m) return false;
            if (metaToGroup.TryGetValue(m, out int gg) && gg != g) return false;
            groupToMeta[g] = m;
            metaToGroup[m] = g;
        }
        return true;
    }

    /// <summary>
    /// For each planted group, the share of its inputs (among those selected) that sit in the group's
    /// majority meta-cluster, and that meta-cluster.
    /// </summary>
    /// <param name="partition">Learned meta-cluster of each input.</param>
    /// <param name="plantedGroups">Planted group of each input.</param>
    /// <param name="include">Which inputs count (e.g. pixels lit often enough), or null for all.</param>
    /// <returns>Per group (in group order): the majority meta-cluster and the share of the group in it.</returns>
    public static (int Meta, double Share)[] MajorityShares(ReadOnlySpan<int> partition, ReadOnlySpan<int> plantedGroups, ReadOnlySpan<bool> include = default)
    {
        CheckLengths(partition, plantedGroups);
        int groups = 0, metas = 0;
        foreach (int g in plantedGroups) groups = Math.Max(groups, g + 1);
        foreach (int m in partition) metas = Math.Max(metas, m + 1);
        var counts = new int[groups, metas];
        var totals = new int[groups];
        for (int j = 0; j < partition.Length; j++)
        {
            if (!include.IsEmpty && !include[j]) continue;
            counts[plantedGroups[j], partition[j]]++;
            totals[plantedGroups[j]]++;
        }
        var result = new (int, double)[groups];
        for (int g = 0; g < groups; g++)
        {
            int best = 0;
            for (int m = 1; m < metas; m++)
            {
                if (counts[g, m] > counts[g, best]) best = m;
            }
            result[g] = (best, totals[g] == 0 ? 0 : (double)counts[g, best] / totals[g]);
        }
        return result;
    }

    private static void CheckLengths(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Partitions differ in length ({a.Length} and {b.Length}).");
    }
}
