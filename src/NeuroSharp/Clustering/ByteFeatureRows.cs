using System.Numerics.Tensors;

namespace NeuroSharp.Clustering;

/// <summary>
/// Non-negative dense features stored as one byte per value after a per-feature scale
/// (docs/local-receptive-fields.md, "Compact features"): q_ij = min(255, round(x_ij / s_j)) with
/// s_j = max_i x_ij / 255 over the rows the scale was taken from, read back as q_ij s_j. A quarter of
/// the memory of floats, so the readout can learn from many shifted copies of the training images.
/// </summary>
/// <remarks>
/// The rows are kept in chunks of at most 2^30 bytes, so their count is not limited by one array's 2^31
/// values. Negative values are stored as 0 and values above 255 s_j as 255 s_j (the triangle code and
/// its pooling are never negative; a shifted copy may exceed the maximum of the images the scale was
/// taken from and is clipped). Storing and reading different rows from several threads at once is safe.
/// </remarks>
public sealed class ByteFeatureRows : IDenseRows
{
    /// <summary>The largest chunk, in bytes.</summary>
    private const int ChunkBytes = 1 << 30;

    private readonly byte[][] _chunks;
    private readonly int _rowsPerChunk;
    private readonly float[] _scale;
    private readonly float[] _inverseScale;

    /// <summary>Allocates zeroed rows.</summary>
    /// <param name="rowCount">N.</param>
    /// <param name="scale">s_j, one non-negative step per feature (0 stores that feature as 0); its length is F.</param>
    /// <exception cref="ArgumentException">No feature, a negative or non-finite step, or a negative row count.</exception>
    public ByteFeatureRows(int rowCount, float[] scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if (scale.Length == 0) throw new ArgumentException("At least one feature is needed.", nameof(scale));
        if (scale.Any(s => !(s >= 0) || float.IsInfinity(s))) throw new ArgumentException("Every step must be finite and >= 0.", nameof(scale));
        FeatureCount = scale.Length;
        RowCount = rowCount;
        _scale = [.. scale];
        _inverseScale = scale.Select(s => s > 0 ? 1f / s : 0f).ToArray();
        _rowsPerChunk = Math.Max(1, ChunkBytes / FeatureCount);
        int chunks = rowCount == 0 ? 0 : (rowCount - 1) / _rowsPerChunk + 1;
        _chunks = new byte[chunks][];
        for (int c = 0; c < chunks; c++) _chunks[c] = new byte[(long)Math.Min(_rowsPerChunk, rowCount - c * _rowsPerChunk) * FeatureCount];
    }

    /// <inheritdoc />
    public int FeatureCount { get; }

    /// <inheritdoc />
    public int RowCount { get; }

    /// <summary>s_j, the value of one step of each feature.</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <summary>The bytes <paramref name="rowCount"/> rows of <paramref name="featureCount"/> features take.</summary>
    /// <param name="rowCount">N.</param>
    /// <param name="featureCount">F.</param>
    /// <returns>N F, saturated.</returns>
    public static long MemoryEstimate(long rowCount, int featureCount) => MemoryBudget.Times(rowCount, featureCount);

    /// <summary>The step of each feature that stores the largest of <paramref name="rows"/> as 255: s_j = max_i x_ij / 255.</summary>
    /// <param name="rows">N x F values, row-major.</param>
    /// <param name="featureCount">F.</param>
    /// <returns>F steps (0 for a feature that is never positive).</returns>
    /// <exception cref="ArgumentException">The values are not whole rows of F.</exception>
    public static float[] ScaleOf(ReadOnlySpan<float> rows, int featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if (rows.Length % featureCount != 0) throw new ArgumentException($"{rows.Length} values are not rows of {featureCount}.", nameof(rows));
        var max = new float[featureCount];
        for (int i = 0; i < rows.Length / featureCount; i++) TensorPrimitives.Max(max, rows.Slice(i * featureCount, featureCount), max);
        for (int j = 0; j < featureCount; j++) max[j] = float.IsFinite(max[j]) ? max[j] / 255f : 0f;
        return max;
    }

    /// <summary>Stores one row: q_j = min(255, round(x_j / s_j)), 0 for negative values.</summary>
    /// <param name="row">In [0, N).</param>
    /// <param name="values">F values.</param>
    /// <param name="scratch">F floats of the calling thread.</param>
    public void Store(int row, ReadOnlySpan<float> values, Span<float> scratch)
    {
        if (values.Length != FeatureCount || scratch.Length < FeatureCount) throw new ArgumentException($"A row has {FeatureCount} values (got {values.Length}, scratch {scratch.Length}).", nameof(values));
        scratch = scratch[..FeatureCount];
        TensorPrimitives.Multiply(values, _inverseScale, scratch);
        TensorPrimitives.Max(scratch, 0f, scratch);
        TensorPrimitives.Min(scratch, 255f, scratch);
        TensorPrimitives.Add(scratch, 0.5f, scratch); // the conversion truncates: + 0.5 rounds the non-negative values to the nearest step
        TensorPrimitives.ConvertTruncating<float, byte>(scratch, Bytes(row));
    }

    /// <inheritdoc />
    public void Read(int row, Span<float> target)
    {
        if (target.Length < FeatureCount) throw new ArgumentException($"A row has {FeatureCount} values; the target holds {target.Length}.", nameof(target));
        target = target[..FeatureCount];
        TensorPrimitives.ConvertTruncating<byte, float>(Bytes(row), target);
        TensorPrimitives.Multiply(target, _scale, target);
    }

    private Span<byte> Bytes(int row)
    {
        if ((uint)row >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is not in [0, {RowCount}).");
        return _chunks[row / _rowsPerChunk].AsSpan(row % _rowsPerChunk * FeatureCount, FeatureCount);
    }
}
