namespace NeuroSharp.Data;

/// <summary>
/// A dense float32 matrix of samples (one row per sample, row-major) with optional integer labels and
/// an optional image shape. Immutable once made; every value is finite.
/// </summary>
public sealed class Dataset
{
    private readonly float[] _values;
    private readonly int[]? _labels;

    /// <summary>Makes a dataset, checking sizes, finiteness and labels.</summary>
    /// <param name="name">A name for messages and reports (a file path, "mnist:test", ...).</param>
    /// <param name="values">RowCount x ColumnCount values, row-major; kept, not copied.</param>
    /// <param name="rowCount">The number of samples.</param>
    /// <param name="columnCount">The number of inputs per sample, at least 1.</param>
    /// <param name="labels">One non-negative label per row, or null.</param>
    /// <param name="imageShape">The image shape of a row, or null; its pixel count must equal columnCount.</param>
    /// <exception cref="InvalidInputException">A size does not match, a value is not finite or a label is negative.</exception>
    public Dataset(string name, float[] values, int rowCount, int columnCount, int[]? labels = null, ImageShape? imageShape = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        Name = name;
        if (rowCount < 0) throw new InvalidInputException($"{name}: the row count must be at least 0 (got {rowCount}).");
        if (columnCount < 1) throw new InvalidInputException($"{name}: a sample needs at least one column (got {columnCount}).");
        if ((long)rowCount * columnCount != values.Length)
            throw new InvalidInputException($"{name}: {values.Length} values do not make {rowCount} rows of {columnCount}.");
        int bad = IndexOfNonFinite(values);
        if (bad >= 0)
            throw new InvalidInputException($"{name}: row {bad / columnCount}, column {bad % columnCount} is {values[bad]}; every value must be finite.");
        if (labels is not null)
        {
            if (labels.Length != rowCount)
                throw new InvalidInputException($"{name}: {labels.Length} labels for {rowCount} rows.");
            for (int i = 0; i < labels.Length; i++)
            {
                if (labels[i] < 0) throw new InvalidInputException($"{name}: label of row {i} is {labels[i]}; labels must be 0 or more.");
            }
        }
        if (imageShape is { } shape && shape.PixelCount != columnCount)
            throw new InvalidInputException($"{name}: image shape {shape} holds {shape.PixelCount} pixels, not {columnCount}.");
        _values = values;
        _labels = labels;
        RowCount = rowCount;
        ColumnCount = columnCount;
        ImageShape = imageShape;
    }

    /// <summary>The dataset's name (source).</summary>
    public string Name { get; }

    /// <summary>The number of samples.</summary>
    public int RowCount { get; }

    /// <summary>The number of inputs per sample.</summary>
    public int ColumnCount { get; }

    /// <summary>The image shape of one row, if the rows are images.</summary>
    public ImageShape? ImageShape { get; }

    /// <summary>True when every row has a label.</summary>
    public bool HasLabels => _labels is not null;

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The labels, or an empty span when there are none.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The number of distinct label values assumed: max label + 1 (0 without labels).</summary>
    public int LabelCount
    {
        get
        {
            if (_labels is null || _labels.Length == 0) return 0;
            int max = 0;
            foreach (int l in _labels) max = Math.Max(max, l);
            return max + 1;
        }
    }

    /// <summary>One sample.</summary>
    /// <param name="index">The row index.</param>
    /// <returns>The row's values.</returns>
    public ReadOnlySpan<float> Row(int index) => _values.AsSpan(checked(index * ColumnCount), ColumnCount);

    /// <summary>The first <paramref name="count"/> rows (or all, if fewer).</summary>
    /// <param name="count">How many rows.</param>
    /// <returns>A new dataset.</returns>
    public Dataset Take(int count)
    {
        count = Math.Clamp(count, 0, RowCount);
        return new Dataset(Name, _values.AsSpan(0, count * ColumnCount).ToArray(), count, ColumnCount,
            _labels?.AsSpan(0, count).ToArray(), ImageShape);
    }

    /// <summary>The rows at the given indices, in that order.</summary>
    /// <param name="rows">Row indices (repeats allowed).</param>
    /// <param name="name">A name for the subset, or null to keep this one's.</param>
    /// <returns>A new dataset.</returns>
    public Dataset Subset(ReadOnlySpan<int> rows, string? name = null)
    {
        var values = new float[rows.Length * ColumnCount];
        int[]? labels = _labels is null ? null : new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Row(rows[i]).CopyTo(values.AsSpan(i * ColumnCount, ColumnCount));
            if (labels is not null) labels[i] = _labels![rows[i]];
        }
        return new Dataset(name ?? Name, values, rows.Length, ColumnCount, labels, ImageShape);
    }

    /// <summary>The rows whose label satisfies a predicate.</summary>
    /// <param name="keep">Which labels to keep.</param>
    /// <param name="name">A name for the subset.</param>
    /// <returns>A new dataset.</returns>
    /// <exception cref="InvalidOperationException">The dataset has no labels.</exception>
    public Dataset WhereLabel(Func<int, bool> keep, string name)
    {
        if (_labels is null) throw new InvalidOperationException($"{Name} has no labels to filter on.");
        var rows = new List<int>();
        for (int i = 0; i < _labels.Length; i++)
        {
            if (keep(_labels[i])) rows.Add(i);
        }
        return Subset(rows.ToArray(), name);
    }

    /// <summary>Every value multiplied by a factor.</summary>
    /// <param name="factor">The factor.</param>
    /// <param name="name">A name for the result, or null to keep this one's.</param>
    /// <returns>A new dataset.</returns>
    public Dataset Scale(float factor, string? name = null)
    {
        var values = new float[_values.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(_values, factor, values);
        return new Dataset(name ?? Name, values, RowCount, ColumnCount, _labels, ImageShape);
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) return i;
        }
        return -1;
    }
}
