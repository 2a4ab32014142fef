namespace NeuroSharp.Stochastic;

/// <summary>
/// The fly's tags with their firing rates: for every row the k winning hash neurons (ascending) and
/// their activations, the sparse N-dimensional vector that Dasgupta, Stevens and Navlakha (2017) compare
/// by Euclidean distance.
/// </summary>
public sealed class HashTags
{
    private readonly int[] _indices;
    private readonly float[] _values;
    private readonly double[] _squaredNorms;

    /// <summary>Wraps per-row winners and their values (kept, not copied).</summary>
    /// <param name="rowCount">The rows.</param>
    /// <param name="activeCount">k, winners per row.</param>
    /// <param name="indices">rowCount x k neuron indices, ascending within each row.</param>
    /// <param name="values">rowCount x k activations.</param>
    public HashTags(int rowCount, int activeCount, int[] indices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (indices.Length != (long)rowCount * activeCount || values.Length != indices.Length)
            throw new ArgumentException($"{rowCount} rows of {activeCount} winners need {rowCount * (long)activeCount} indices and values (got {indices.Length} and {values.Length}).");
        RowCount = rowCount;
        ActiveCount = activeCount;
        _indices = indices;
        _values = values;
        _squaredNorms = new double[rowCount];
        for (int r = 0; r < rowCount; r++)
        {
            double s = 0;
            foreach (float v in values.AsSpan(r * activeCount, activeCount)) s += (double)v * v;
            _squaredNorms[r] = s;
        }
    }

    /// <summary>The rows.</summary>
    public int RowCount { get; }

    /// <summary>k, the winners per row.</summary>
    public int ActiveCount { get; }

    /// <summary>The winners of one row, ascending.</summary>
    /// <param name="row">The row.</param>
    /// <returns>k neuron indices.</returns>
    public ReadOnlySpan<int> Indices(int row) => _indices.AsSpan(row * ActiveCount, ActiveCount);

    /// <summary>The winners' activations of one row.</summary>
    /// <param name="row">The row.</param>
    /// <returns>k values.</returns>
    public ReadOnlySpan<float> Values(int row) => _values.AsSpan(row * ActiveCount, ActiveCount);

    /// <summary>The squared Euclidean distance between two rows as sparse N-dimensional vectors (zeros off the winners).</summary>
    /// <param name="a">First row.</param>
    /// <param name="b">Second row.</param>
    /// <returns>|t_a|^2 + |t_b|^2 - 2 t_a . t_b, the dot product over the winners they share.</returns>
    public double SquaredDistance(int a, int b)
    {
        var ia = Indices(a);
        var ib = Indices(b);
        var va = Values(a);
        var vb = Values(b);
        double dot = 0;
        int i = 0, j = 0;
        while (i < ia.Length && j < ib.Length)
        {
            if (ia[i] == ib[j]) dot += (double)va[i++] * vb[j++];
            else if (ia[i] < ib[j]) i++;
            else j++;
        }
        return Math.Max(0, _squaredNorms[a] + _squaredNorms[b] - 2 * dot);
    }
}
