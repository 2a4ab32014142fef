using System.Numerics;

namespace NeuroSharp.Numerics.Bits;

/// <summary>
/// A fixed-length vector of bits packed 64 to a word: bit i is bit (i mod 64) of word (i div 64). The
/// bits past <see cref="Length"/> in the last word are always zero, so counts over whole words are
/// counts over the vector.
/// </summary>
/// <remarks>
/// The operations take their destination explicitly (no allocation per call); a destination may be one
/// of the operands. Operands must have the same <see cref="Length"/>.
/// </remarks>
public sealed class BitVector
{
    private readonly ulong[] _words;

    /// <summary>Creates a vector of zeros.</summary>
    /// <param name="length">The number of bits, at least 0.</param>
    public BitVector(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _words = new ulong[WordCountFor(length)];
    }

    /// <summary>The number of bits.</summary>
    public int Length { get; }

    /// <summary>The number of 64-bit words, ceil(Length / 64).</summary>
    public int WordCount => _words.Length;

    /// <summary>
    /// The packed words. Writers must leave the bits past <see cref="Length"/> at zero
    /// (<see cref="ClearTail"/> restores that after writing whole words).
    /// </summary>
    public Span<ulong> Words => _words;

    /// <summary>The mask of the valid bits of the last word (all ones when Length is a multiple of 64).</summary>
    public ulong TailMask => TailMaskFor(Length);

    /// <summary>One bit.</summary>
    /// <param name="index">The bit index in [0, Length).</param>
    /// <returns>True for a one.</returns>
    public bool this[int index]
    {
        get
        {
            CheckIndex(index);
            return (_words[index >> 6] >> (index & 63) & 1UL) != 0;
        }
        set
        {
            CheckIndex(index);
            ulong bit = 1UL << (index & 63);
            if (value) _words[index >> 6] |= bit;
            else _words[index >> 6] &= ~bit;
        }
    }

    /// <summary>The words needed for a number of bits.</summary>
    /// <param name="length">The number of bits, at least 0.</param>
    /// <returns>ceil(length / 64).</returns>
    public static int WordCountFor(int length) => (int)(((long)length + 63) >> 6);

    /// <summary>The mask of the valid bits in the last word of a vector of <paramref name="length"/> bits.</summary>
    /// <param name="length">The number of bits.</param>
    /// <returns>The low (length mod 64) bits set, or all bits when length is a multiple of 64.</returns>
    public static ulong TailMaskFor(int length) => (length & 63) == 0 ? ulong.MaxValue : (1UL << (length & 63)) - 1;

    /// <summary>Makes a vector from booleans.</summary>
    /// <param name="bits">One value per bit.</param>
    /// <returns>A new vector.</returns>
    public static BitVector FromBools(ReadOnlySpan<bool> bits)
    {
        var v = new BitVector(bits.Length);
        for (int i = 0; i < bits.Length; i++)
        {
            if (bits[i]) v._words[i >> 6] |= 1UL << (i & 63);
        }
        return v;
    }

    /// <summary>Makes a vector from packed words (copied).</summary>
    /// <param name="words">ceil(length / 64) words.</param>
    /// <param name="length">The number of bits.</param>
    /// <returns>A new vector.</returns>
    /// <exception cref="ArgumentException">The word count does not match, or a bit past <paramref name="length"/> is set.</exception>
    public static BitVector FromWords(ReadOnlySpan<ulong> words, int length)
    {
        var v = new BitVector(length);
        if (words.Length != v.WordCount)
            throw new ArgumentException($"{length} bits need {v.WordCount} words (got {words.Length}).", nameof(words));
        if (words.Length > 0 && (words[^1] & ~v.TailMask) != 0)
            throw new ArgumentException($"Bits past the length {length} are set in the last word.", nameof(words));
        words.CopyTo(v._words);
        return v;
    }

    /// <summary>The number of ones.</summary>
    /// <returns>countOnes(this).</returns>
    public long PopCount() => BitKernels.PopCount(_words);

    /// <summary>The share of ones, countOnes / Length (0 for an empty vector): the value a bitstream encodes.</summary>
    /// <returns>A value in [0, 1].</returns>
    public double Density() => Length == 0 ? 0 : (double)PopCount() / Length;

    /// <summary>Sets every bit to zero.</summary>
    public void Clear() => Array.Clear(_words);

    /// <summary>Sets every bit to one.</summary>
    public void SetAll()
    {
        Array.Fill(_words, ulong.MaxValue);
        ClearTail();
    }

    /// <summary>Zeroes the bits past <see cref="Length"/> in the last word.</summary>
    public void ClearTail()
    {
        if (_words.Length > 0) _words[^1] &= TailMask;
    }

    /// <summary>Copies the bits into another vector of the same length.</summary>
    /// <param name="destination">The destination.</param>
    public void CopyTo(BitVector destination)
    {
        CheckSameLength(this, destination);
        _words.AsSpan().CopyTo(destination._words);
    }

    /// <summary>A copy of this vector.</summary>
    /// <returns>A new vector with the same bits.</returns>
    public BitVector Clone()
    {
        var v = new BitVector(Length);
        CopyTo(v);
        return v;
    }

    /// <summary>True when both vectors have the same length and the same bits.</summary>
    /// <param name="other">The other vector.</param>
    /// <returns>Whether they are equal.</returns>
    public bool ContentEquals(BitVector? other) =>
        other is not null && other.Length == Length && _words.AsSpan().SequenceEqual(other._words);

    /// <summary>The indices of the ones, ascending.</summary>
    /// <returns>A new array of PopCount() indices.</returns>
    public int[] IndicesOfOnes()
    {
        var result = new int[PopCount()];
        int n = 0;
        for (int w = 0; w < _words.Length; w++)
        {
            ulong word = _words[w];
            while (word != 0)
            {
                result[n++] = (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }
        return result;
    }

    /// <summary>countOnes(a &amp; b).</summary>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector, same length.</param>
    /// <returns>The number of positions where both hold a one.</returns>
    public static long AndPopCount(BitVector a, BitVector b)
    {
        CheckSameLength(a, b);
        return BitKernels.AndPopCount(a._words, b._words);
    }

    /// <summary>The Hamming distance countOnes(a ^ b).</summary>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector, same length.</param>
    /// <returns>The number of positions where they differ.</returns>
    public static long HammingDistance(BitVector a, BitVector b)
    {
        CheckSameLength(a, b);
        return BitKernels.XorPopCount(a._words, b._words);
    }

    /// <summary>destination = a &amp; b.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand.</param>
    /// <param name="destination">The result (may be an operand).</param>
    public static void And(BitVector a, BitVector b, BitVector destination)
    {
        CheckSameLength(a, b, destination);
        BitKernels.And(a._words, b._words, destination._words);
    }

    /// <summary>destination = a | b.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand.</param>
    /// <param name="destination">The result (may be an operand).</param>
    public static void Or(BitVector a, BitVector b, BitVector destination)
    {
        CheckSameLength(a, b, destination);
        BitKernels.Or(a._words, b._words, destination._words);
    }

    /// <summary>destination = a ^ b.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand.</param>
    /// <param name="destination">The result (may be an operand).</param>
    public static void Xor(BitVector a, BitVector b, BitVector destination)
    {
        CheckSameLength(a, b, destination);
        BitKernels.Xor(a._words, b._words, destination._words);
    }

    /// <summary>destination = ~a over the <see cref="Length"/> bits (the tail stays zero).</summary>
    /// <param name="a">The operand.</param>
    /// <param name="destination">The result (may be the operand).</param>
    public static void Not(BitVector a, BitVector destination)
    {
        CheckSameLength(a, destination);
        BitKernels.Not(a._words, destination._words);
        destination.ClearTail();
    }

    /// <summary>The multiplexer destination = (a &amp; ~select) | (b &amp; select).</summary>
    /// <param name="a">Chosen where the select bit is 0.</param>
    /// <param name="b">Chosen where the select bit is 1.</param>
    /// <param name="select">The select bits.</param>
    /// <param name="destination">The result (may be an operand).</param>
    public static void Select(BitVector a, BitVector b, BitVector select, BitVector destination)
    {
        CheckSameLength(a, b, destination);
        CheckSameLength(a, select);
        BitKernels.Select(a._words, b._words, select._words, destination._words);
    }

    /// <inheritdoc />
    public override string ToString() => $"BitVector({Length} bits, {PopCount()} ones)";

    private static void CheckSameLength(BitVector a, BitVector b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length) throw new ArgumentException($"Bit vectors must have the same length (got {a.Length} and {b.Length}).");
    }

    private static void CheckSameLength(BitVector a, BitVector b, BitVector c)
    {
        CheckSameLength(a, b);
        CheckSameLength(a, c);
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Length) throw new ArgumentOutOfRangeException(nameof(index), $"Bit {index} is outside [0, {Length}).");
    }
}
