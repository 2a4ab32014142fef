namespace NeuroSharp.Clustering.Memory;

/// <summary>
/// Imagination (article 000, docs/articles.md#article-000-clusterizers): take a remembered code, replace the winner of one or more meta-clusters
/// with other neurons, and reconstruct: an input never seen, real in every other meta-cluster.
/// </summary>
public static class Imagination
{
    /// <summary>A remembered code with one meta-cluster's winner replaced.</summary>
    /// <param name="code">The remembered M winners.</param>
    /// <param name="meta">The meta-cluster to change.</param>
    /// <param name="winner">The neuron that fires there instead.</param>
    /// <returns>A new code.</returns>
    public static int[] Swap(ReadOnlySpan<int> code, int meta, int winner)
    {
        var result = code.ToArray();
        if ((uint)meta >= (uint)result.Length) throw new ArgumentOutOfRangeException(nameof(meta), $"Meta-cluster {meta} is not in [0, {result.Length}).");
        result[meta] = winner;
        return result;
    }

    /// <summary>Two memories combined: meta-cluster m from <paramref name="second"/> where <paramref name="fromSecond"/>[m], else from <paramref name="first"/>.</summary>
    /// <param name="first">One remembered code.</param>
    /// <param name="second">Another.</param>
    /// <param name="fromSecond">Per meta-cluster, which memory it comes from.</param>
    /// <returns>A new code.</returns>
    public static int[] Combine(ReadOnlySpan<int> first, ReadOnlySpan<int> second, ReadOnlySpan<bool> fromSecond)
    {
        if (first.Length != second.Length || first.Length != fromSecond.Length)
            throw new ArgumentException("Codes and selection must have the same length (M).");
        var result = new int[first.Length];
        for (int m = 0; m < result.Length; m++) result[m] = fromSecond[m] ? second[m] : first[m];
        return result;
    }

    /// <summary>Reconstructs an imagined code: xhat_j = sum_m c_{m, code_m, j}.</summary>
    /// <param name="model">The meta-clusterer that remembers.</param>
    /// <param name="code">The imagined M winners.</param>
    /// <returns>The imagined input, D values.</returns>
    public static float[] Picture(MetaClusterer model, ReadOnlySpan<int> code)
    {
        ArgumentNullException.ThrowIfNull(model);
        var x = new float[model.InputCount];
        model.Reconstruct(code, x);
        return x;
    }
}
