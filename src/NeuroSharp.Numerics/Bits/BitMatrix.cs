namespace NeuroSharp.Numerics.Bits;

/// <summary>
/// Rows of bits of equal length, each packed into whole 64-bit words and stored one after another:
/// the binary codes of a dataset, or the synaptic maps of a group of neurons. Bits past
/// <see cref="ColumnCount"/> in each row's last word stay zero.
/// </summary>
public sealed class BitMatrix
{
    private readonly ulong[] _words;

    /// <summary>Creates a matrix of zeros.</summary>
    /// <param name="rowCount">The number of rows, at least 0.</param>
    /// <param name="columnCount">The number of bits per row, at least 0.</param>
    public BitMatrix(int rowCount, int columnCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        RowCount = rowCount;
        ColumnCount = columnCount;
        WordsPerRow = BitVector.WordCountFor(columnCount);
        _words = new ulong[checked((long)rowCount * WordsPerRow)];
    }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The number of bits per row.</summary>
    public int ColumnCount { get; }

    /// <summary>The words per row, ceil(ColumnCount / 64).</summary>
    public int WordsPerRow { get; }

    /// <summary>All words, row after row.</summary>
    public ReadOnlySpan<ulong> Words => _words;

    /// <summary>One bit.</summary>
    /// <param name="row">The row.</param>
    /// <param name="column">The bit index in the row.</param>
    /// <returns>True for a one.</returns>
    public bool this[int row, int column]
    {
        get
        {
            if ((uint)column >= (uint)ColumnCount) throw new ArgumentOutOfRangeException(nameof(column));
            return (Row(row)[column >> 6] >> (column & 63) & 1UL) != 0;
        }
    }

    /// <summary>The words of one row; writers must leave the bits past ColumnCount at zero.</summary>
    /// <param name="row">The row index.</param>
    /// <returns>WordsPerRow words.</returns>
    public Span<ulong> Row(int row)
    {
        if ((uint)row >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is outside [0, {RowCount}).");
        return _words.AsSpan(row * WordsPerRow, WordsPerRow);
    }

    /// <summary>Copies a vector into a row.</summary>
    /// <param name="row">The row index.</param>
    /// <param name="bits">A vector of ColumnCount bits.</param>
    public void SetRow(int row, BitVector bits)
    {
        ArgumentNullException.ThrowIfNull(bits);
        if (bits.Length != ColumnCount) throw new ArgumentException($"A row holds {ColumnCount} bits (got {bits.Length}).", nameof(bits));
        bits.Words.CopyTo(Row(row));
    }

    /// <summary>A copy of one row as a vector.</summary>
    /// <param name="row">The row index.</param>
    /// <returns>A new vector of ColumnCount bits.</returns>
    public BitVector RowVector(int row) => BitVector.FromWords(Row(row), ColumnCount);

    /// <summary>The ones in one row.</summary>
    /// <param name="row">The row index.</param>
    /// <returns>countOnes(row).</returns>
    public long PopCount(int row) => BitKernels.PopCount(Row(row));
}
