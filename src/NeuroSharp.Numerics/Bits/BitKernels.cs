using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NeuroSharp.Numerics.Kernels;

namespace NeuroSharp.Numerics.Bits;

/// <summary>
/// Kernels over packed bit vectors (64 bits per <see cref="ulong"/> word): population counts, the fused
/// AND + count that multiplies two stochastic bitstreams, and the word-wise logic operations. Each
/// public method picks the widest path the CPU accelerates (<see cref="ActivePath"/>) and agrees exactly
/// with its twin in <see cref="ScalarBitKernels"/>.
/// </summary>
/// <remarks>
/// <para>The vector paths count ones with a 16-entry nibble table: every byte splits into its low and high
/// nibble, VPSHUFB looks both up, the per-byte counts add up in a byte accumulator for at most 31
/// vectors (8 x 31 = 248 fits in a byte), then VPSADBW folds the bytes into 64-bit lanes (Mula, Kurz and
/// Lemire, "Faster population counts using AVX2 instructions", Computer Journal 2018). The AND (or XOR)
/// of the two inputs is fused into the same pass, so nothing is written to memory. A word count that is
/// not a multiple of the vector ends with one overlapping reload of the last full vector, its already
/// counted lanes masked off, instead of a scalar tail.</para>
/// <para>.NET 10 exposes no VPOPCNTDQ intrinsic (System.Runtime.Intrinsics.X86 has no Avx512Vpopcntdq
/// class), so the 512-bit path uses the AVX-512BW table lookup even on CPUs that have VPOPCNTQ; the
/// dispatch in <see cref="Count{TOp}"/> is the one place to add it when the runtime does.</para>
/// <para>The element-wise operations (AND, OR, XOR, NOT) go through <see cref="TensorPrimitives"/>; the
/// multiplexer has its own vector loop, one body for both widths.</para>
/// </remarks>
public static partial class BitKernels
{
    // Bytes per vector divided by 8 = words per vector.
    private const int Words512 = 8;
    private const int Words256 = 4;

    // A byte accumulator takes at most 8 per vector: 31 vectors keep it below 256.
    private const int VectorsPerByteBlock = 31;

    private static readonly Vector512<byte> NibbleCounts512 = Vector512.Create(
        Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4),
        Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4));

    private static readonly Vector256<byte> NibbleCounts256 =
        Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);

    // Eight zero words then eight all-ones words: 8 words loaded at offset r, or 4 words at offset 4 + r, keep only the last r lanes.
    private static readonly ulong[] TailLanes = [0, 0, 0, 0, 0, 0, 0, 0, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue];

    /// <summary>The path the public methods take on this machine.</summary>
    public static BitKernelPath ActivePath { get; } =
        Avx512BW.IsSupported && Vector512.IsHardwareAccelerated ? BitKernelPath.Avx512BW
        : Avx2.IsSupported ? BitKernelPath.Avx2
        : BitKernelPath.Scalar;

    /// <summary>The number of ones in <paramref name="words"/>.</summary>
    /// <param name="words">Packed bits.</param>
    /// <returns>The population count.</returns>
    public static long PopCount(ReadOnlySpan<ulong> words) => Count<FirstWord>(words, words);

    /// <summary>countOnes(a &amp; b) without writing a &amp; b: the stochastic product's count, the overlap of two codes.</summary>
    /// <param name="a">First packed vector.</param>
    /// <param name="b">Second packed vector, same length.</param>
    /// <returns>The population count of the AND.</returns>
    public static long AndPopCount(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        CheckSameLength(a.Length, b.Length);
        return Count<AndWords>(a, b);
    }

    /// <summary>countOnes(a ^ b) without writing a ^ b: the Hamming distance.</summary>
    /// <param name="a">First packed vector.</param>
    /// <param name="b">Second packed vector, same length.</param>
    /// <returns>The number of positions where the vectors differ.</returns>
    public static long XorPopCount(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        CheckSameLength(a.Length, b.Length);
        return Count<XorWords>(a, b);
    }

    /// <summary>destination = a &amp; b, word by word.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand, same length.</param>
    /// <param name="destination">The result, same length (may be one of the operands).</param>
    public static void And(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        CheckSameLength(a.Length, b.Length, destination.Length);
        TensorPrimitives.BitwiseAnd(a, b, destination);
    }

    /// <summary>destination = a | b, word by word.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand, same length.</param>
    /// <param name="destination">The result, same length (may be one of the operands).</param>
    public static void Or(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        CheckSameLength(a.Length, b.Length, destination.Length);
        TensorPrimitives.BitwiseOr(a, b, destination);
    }

    /// <summary>destination = a ^ b, word by word.</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand, same length.</param>
    /// <param name="destination">The result, same length (may be one of the operands).</param>
    public static void Xor(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        CheckSameLength(a.Length, b.Length, destination.Length);
        TensorPrimitives.Xor(a, b, destination);
    }

    /// <summary>destination = ~a, word by word (every bit of every word: a caller with a partial last word clears its tail).</summary>
    /// <param name="a">The operand.</param>
    /// <param name="destination">The result, same length (may be the operand).</param>
    public static void Not(ReadOnlySpan<ulong> a, Span<ulong> destination)
    {
        CheckSameLength(a.Length, destination.Length);
        TensorPrimitives.OnesComplement(a, destination);
    }

    /// <summary>The multiplexer destination = (a &amp; ~select) | (b &amp; select): b's bit where select is one, else a's.</summary>
    /// <param name="a">Chosen where the select bit is 0.</param>
    /// <param name="b">Chosen where the select bit is 1.</param>
    /// <param name="select">The select bits.</param>
    /// <param name="destination">The result, same length (may be one of the operands).</param>
    public static void Select(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> select, Span<ulong> destination)
    {
        CheckSameLength(a.Length, b.Length, destination.Length);
        CheckSameLength(a.Length, select.Length);
        if (Vector512.IsHardwareAccelerated && a.Length >= Words512) Select512(a, b, select, destination);
        else if (Vector256.IsHardwareAccelerated && a.Length >= Words256) Select256(a, b, select, destination);
        else ScalarBitKernels.Select(a, b, select, destination);
    }

    internal static void CheckSameLength(int a, int b)
    {
        if (a != b) throw new ArgumentException($"Bit vectors must have the same word count (got {a} and {b}).");
    }

    internal static void CheckSameLength(int a, int b, int c)
    {
        if (a != b || a != c) throw new ArgumentException($"Bit vectors must have the same word count (got {a}, {b} and {c}).");
    }

    private static long Count<TOp>(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b) where TOp : IWordCombine
    {
        if (Avx512BW.IsSupported && Vector512.IsHardwareAccelerated && a.Length >= Words512) return Count512<TOp>(a, b);
        if (Avx2.IsSupported && a.Length >= Words256) return Count256<TOp>(a, b);
        return CountScalar<TOp>(a, b);
    }

    // ---- the paths, internal so that twin tests can call each one -----------------------------------

    internal static long PopCount512(ReadOnlySpan<ulong> words) => Count512<FirstWord>(words, words);

    internal static long AndPopCount512(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b) => Count512<AndWords>(a, b);

    internal static long XorPopCount512(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b) => Count512<XorWords>(a, b);

    internal static long PopCount256(ReadOnlySpan<ulong> words) => Count256<FirstWord>(words, words);

    internal static long AndPopCount256(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b) => Count256<AndWords>(a, b);

    internal static long XorPopCount256(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b) => Count256<XorWords>(a, b);

    // Kept as two copies: VPSHUFB and VPSADBW have no width-generic API in .NET 10 (Avx512BW.Shuffle and Avx2.Shuffle, not Vector512/256).
    private static long Count512<TOp>(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b) where TOp : IWordCombine
    {
        ref ulong ra = ref MemoryMarshal.GetReference(a);
        ref ulong rb = ref MemoryMarshal.GetReference(b);
        int n = a.Length, i = 0;
        var lowNibble = Vector512.Create((byte)0x0F);
        var lut = NibbleCounts512;
        Vector512<ulong> total = Vector512<ulong>.Zero;
        while (i <= n - Words512)
        {
            // At most 31 vectors per block over two byte accumulators: acc0 + acc1 <= 31 x 8 = 248 per byte.
            Vector512<byte> acc0 = Vector512<byte>.Zero, acc1 = Vector512<byte>.Zero;
            int blockEnd = Math.Min(n - Words512, i + (VectorsPerByteBlock - 1) * Words512);
            for (; i <= blockEnd - Words512; i += 2 * Words512)
            {
                var v0 = TOp.Combine(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rb, (nuint)i)).AsByte();
                var v1 = TOp.Combine(Vector512.LoadUnsafe(ref ra, (nuint)(i + Words512)), Vector512.LoadUnsafe(ref rb, (nuint)(i + Words512))).AsByte();
                acc0 += Avx512BW.Shuffle(lut, v0 & lowNibble) + Avx512BW.Shuffle(lut, Vector512.ShiftRightLogical(v0.AsUInt16(), 4).AsByte() & lowNibble);
                acc1 += Avx512BW.Shuffle(lut, v1 & lowNibble) + Avx512BW.Shuffle(lut, Vector512.ShiftRightLogical(v1.AsUInt16(), 4).AsByte() & lowNibble);
            }
            if (i <= blockEnd)
            {
                var v = TOp.Combine(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rb, (nuint)i)).AsByte();
                acc0 += Avx512BW.Shuffle(lut, v & lowNibble) + Avx512BW.Shuffle(lut, Vector512.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & lowNibble);
                i += Words512;
            }
            total += Avx512BW.SumAbsoluteDifferences(acc0 + acc1, Vector512<byte>.Zero).AsUInt64();
        }
        if (i < n)
        {
            // The last n - i words: reload the final full vector (it overlaps words already counted) and zero those lanes.
            int rest = n - i;
            var keep = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(TailLanes), (nuint)rest);
            var v = (TOp.Combine(Vector512.LoadUnsafe(ref ra, (nuint)(n - Words512)), Vector512.LoadUnsafe(ref rb, (nuint)(n - Words512))) & keep).AsByte();
            var bytes = Avx512BW.Shuffle(lut, v & lowNibble) + Avx512BW.Shuffle(lut, Vector512.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & lowNibble);
            total += Avx512BW.SumAbsoluteDifferences(bytes, Vector512<byte>.Zero).AsUInt64();
        }
        return (long)Vector512.Sum(total);
    }

    private static long Count256<TOp>(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b) where TOp : IWordCombine
    {
        ref ulong ra = ref MemoryMarshal.GetReference(a);
        ref ulong rb = ref MemoryMarshal.GetReference(b);
        int n = a.Length, i = 0;
        var lowNibble = Vector256.Create((byte)0x0F);
        var lut = NibbleCounts256;
        Vector256<ulong> total = Vector256<ulong>.Zero;
        while (i <= n - Words256)
        {
            Vector256<byte> acc0 = Vector256<byte>.Zero, acc1 = Vector256<byte>.Zero;
            int blockEnd = Math.Min(n - Words256, i + (VectorsPerByteBlock - 1) * Words256);
            for (; i <= blockEnd - Words256; i += 2 * Words256)
            {
                var v0 = TOp.Combine(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i)).AsByte();
                var v1 = TOp.Combine(Vector256.LoadUnsafe(ref ra, (nuint)(i + Words256)), Vector256.LoadUnsafe(ref rb, (nuint)(i + Words256))).AsByte();
                acc0 += Avx2.Shuffle(lut, v0 & lowNibble) + Avx2.Shuffle(lut, Vector256.ShiftRightLogical(v0.AsUInt16(), 4).AsByte() & lowNibble);
                acc1 += Avx2.Shuffle(lut, v1 & lowNibble) + Avx2.Shuffle(lut, Vector256.ShiftRightLogical(v1.AsUInt16(), 4).AsByte() & lowNibble);
            }
            if (i <= blockEnd)
            {
                var v = TOp.Combine(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i)).AsByte();
                acc0 += Avx2.Shuffle(lut, v & lowNibble) + Avx2.Shuffle(lut, Vector256.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & lowNibble);
                i += Words256;
            }
            total += Avx2.SumAbsoluteDifferences(acc0 + acc1, Vector256<byte>.Zero).AsUInt64();
        }
        if (i < n)
        {
            int rest = n - i;
            var keep = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(TailLanes), (nuint)(Words256 + rest));
            var v = (TOp.Combine(Vector256.LoadUnsafe(ref ra, (nuint)(n - Words256)), Vector256.LoadUnsafe(ref rb, (nuint)(n - Words256))) & keep).AsByte();
            var bytes = Avx2.Shuffle(lut, v & lowNibble) + Avx2.Shuffle(lut, Vector256.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & lowNibble);
            total += Avx2.SumAbsoluteDifferences(bytes, Vector256<byte>.Zero).AsUInt64();
        }
        return (long)Vector256.Sum(total);
    }

    private static long CountScalar<TOp>(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b) where TOp : IWordCombine
    {
        long count = 0;
        for (int i = 0; i < a.Length; i++) count += BitOperations.PopCount(TOp.Combine(a[i], b[i]));
        return count;
    }

    internal static void Select512(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> select, Span<ulong> destination) =>
        Select<Vector512<ulong>, Simd512<ulong>>(a, b, select, destination);

    internal static void Select256(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> select, Span<ulong> destination) =>
        Select<Vector256<ulong>, Simd256<ulong>>(a, b, select, destination);

    private static void Select<TV, TS>(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> select, Span<ulong> destination)
        where TV : struct
        where TS : struct, ISimdWidth<TV, ulong>
    {
        ref ulong ra = ref MemoryMarshal.GetReference(a);
        ref ulong rb = ref MemoryMarshal.GetReference(b);
        ref ulong rs = ref MemoryMarshal.GetReference(select);
        ref ulong rd = ref MemoryMarshal.GetReference(destination);
        int n = a.Length, w = TS.Count, i = 0;
        for (; i <= n - w; i += w)
        {
            var s = TS.Load(ref rs, (nuint)i);
            TS.Store(TS.ConditionalSelect(s, TS.Load(ref rb, (nuint)i), TS.Load(ref ra, (nuint)i)), ref rd, (nuint)i);
        }
        for (; i < n; i++)
        {
            ulong s = Unsafe.Add(ref rs, i);
            Unsafe.Add(ref rd, i) = (Unsafe.Add(ref ra, i) & ~s) | (Unsafe.Add(ref rb, i) & s);
        }
    }
}
