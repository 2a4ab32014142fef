namespace NeuroSharp.Clustering;

/// <summary>
/// Rows of dense features that the delta-rule readout (<see cref="TeacherReadout.FitDense(IDenseRows, ReadOnlySpan{int}, int, ReadoutOptions?, ulong, int)"/>)
/// reads one at a time, so they may be stored in any form: one float array, or one byte per value (<see cref="ByteFeatureRows"/>).
/// </summary>
public interface IDenseRows
{
    /// <summary>F, values per row.</summary>
    int FeatureCount { get; }

    /// <summary>N, the rows.</summary>
    int RowCount { get; }

    /// <summary>Writes row <paramref name="row"/> as floats.</summary>
    /// <param name="row">In [0, <see cref="RowCount"/>).</param>
    /// <param name="target">Receives F values.</param>
    void Read(int row, Span<float> target);
}

/// <summary>Rows held in one span of floats, row-major: what <see cref="TeacherReadout.FitDense(ReadOnlySpan{float}, int, ReadOnlySpan{int}, int, ReadoutOptions?, ulong, int)"/> reads.</summary>
internal readonly ref struct SpanRows : IDenseRows
{
    private readonly ReadOnlySpan<float> _values;

    public SpanRows(ReadOnlySpan<float> values, int featureCount)
    {
        _values = values;
        FeatureCount = featureCount;
        RowCount = values.Length / featureCount;
    }

    public int FeatureCount { get; }

    public int RowCount { get; }

    public void Read(int row, Span<float> target) => _values.Slice(checked((int)((long)row * FeatureCount)), FeatureCount).CopyTo(target);
}
