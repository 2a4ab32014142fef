using System.Numerics;

namespace NeuroSharp.Numerics.Bits;

/// <summary>
/// The scalar twins of <see cref="BitKernels"/>: one 64-bit word at a time with
/// <see cref="BitOperations.PopCount(ulong)"/> (the POPCNT instruction where the CPU has it). They define
/// what each kernel computes; tests compare every vector path against them on awkward lengths.
/// </summary>
public static class ScalarBitKernels
{
    /// <summary>The number of ones in <paramref name="words"/>.</summary>
    /// <param name="words">Packed bits.</param>
    /// <returns>The population count.</returns>
    public static long PopCount(ReadOnlySpan<ulong> words)
    {
        long count = 0;
        for (int i = 0; i < words.Length; i++) count += BitOperations.PopCount(words[i]);
        return count;
    }

    /// <summary>countOnes(a &amp; b): the number of positions where both vectors hold a one.</summary>
    /// <param name="a">First packed vector.</param>
    /// <param name="b">Second packed vector, same length.</param>
    /// <returns>The population count of the AND.</returns>
    public static long AndPopCount(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        BitKernels.CheckSameLength(a.Length, b.Length);
        long count = 0;
        for (int i = 0; i < a.Length; i++) count += BitOperations.PopCount(a[i] & b[i]);
        return count;
    }

    /// <summary>countOnes(a ^ b): the Hamming distance.</summary>
    /// <param name="a">First packed vector.</param>
    /// <param name="b">Second packed vector, same length.</param>
    /// <returns>The number of positions where the vectors differ.</returns>
    public static long XorPopCount(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        BitKernels.CheckSameLength(a.Length, b.Length);
        long count = 0;
        for (int i = 0; i < a.Length; i++) count += BitOperations.PopCount(a[i] ^ b[i]);
        return count;
    }

    /// <summary>destination = a &amp; b, word by word.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand, same length.</param>
    /// <param name="destination">The result, same length (may alias an operand).</param>
    public static void And(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        BitKernels.CheckSameLength(a.Length, b.Length, destination.Length);
        for (int i = 0; i < a.Length; i++) destination[i] = a[i] & b[i];
    }

    /// <summary>destination = a | b, word by word.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand, same length.</param>
    /// <param name="destination">The result, same length (may alias an operand).</param>
    public static void Or(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        BitKernels.CheckSameLength(a.Length, b.Length, destination.Length);
        for (int i = 0; i < a.Length; i++) destination[i] = a[i] | b[i];
    }

    /// <summary>destination = a ^ b, word by word.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand, same length.</param>
    /// <param name="destination">The result, same length (may alias an operand).</param>
    public static void Xor(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        BitKernels.CheckSameLength(a.Length, b.Length, destination.Length);
        for (int i = 0; i < a.Length; i++) destination[i] = a[i] ^ b[i];
    }

    /// <summary>destination = ~a, word by word (every bit of every word, tail included).</summary>
    /// <param name="a">The operand.</param>
    /// <param name="destination">The result, same length (may alias the operand).</param>
    public static void Not(ReadOnlySpan<ulong> a, Span<ulong> destination)
    {
        BitKernels.CheckSameLength(a.Length, destination.Length);
        for (int i = 0; i < a.Length; i++) destination[i] = ~a[i];
    }

    /// <summary>The multiplexer destination = (a &amp; ~select) | (b &amp; select): bit i of b where select is one, else of a.</summary>
    /// <param name="a">Chosen where the select bit is 0.</param>
    /// <param name="b">Chosen where the select bit is 1.</param>
    /// <param name="select">The select bits.</param>
    /// <param name="destination">The result, same length (may alias an operand).</param>
    public static void Select(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> select, Span<ulong> destination)
    {
        BitKernels.CheckSameLength(a.Length, b.Length, destination.Length);
        BitKernels.CheckSameLength(a.Length, select.Length);
        for (int i = 0; i < a.Length; i++) destination[i] = (a[i] & ~select[i]) | (b[i] & select[i]);
    }
}
