using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Numerics.Tests.Bits;

/// <summary>Every vector path of <see cref="BitKernels"/> against its scalar twin, on awkward word counts and mid-array slices.</summary>
public class BitKernelsTwinTests
{
    // Word counts: empty, shorter than a 256-bit vector, around 4 and 8 words (one vector), around the 31-vector byte block
    // of both paths (124 and 248 words), 63/64/65, and large odd counts that leave tails in every loop.
    public static TheoryData<int> WordCounts => new() { 0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 65, 123, 124, 125, 247, 248, 249, 250, 1001, 4099 };

    private delegate long Counter(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b);

    [Theory]
    [MemberData(nameof(WordCounts))]
    public void PopCount_EveryPath_MatchesScalarTwin(int words)
    {
        foreach (var (a, _) in Operands(words))
        {
            long expected = ScalarBitKernels.PopCount(a);
            Assert.Equal(NaiveCount(a, a, (x, _) => x), expected);
            Assert.Equal(expected, BitKernels.PopCount(a));
            if (words >= 8 && Avx512BW.IsSupported) Assert.Equal(expected, BitKernels.PopCount512(a));
            if (words >= 4 && Avx2.IsSupported) Assert.Equal(expected, BitKernels.PopCount256(a));
        }
    }

    [Theory]
    [MemberData(nameof(WordCounts))]
    public void AndPopCount_EveryPath_MatchesScalarTwin(int words)
    {
        foreach (var (a, b) in Operands(words))
        {
            long expected = ScalarBitKernels.AndPopCount(a, b);
            Assert.Equal(NaiveCount(a, b, (x, y) => x & y), expected);
            Assert.Equal(expected, BitKernels.AndPopCount(a, b));
            if (words >= 8 && Avx512BW.IsSupported) Assert.Equal(expected, BitKernels.AndPopCount512(a, b));
            if (words >= 4 && Avx2.IsSupported) Assert.Equal(expected, BitKernels.AndPopCount256(a, b));
        }
    }

    [Theory]
    [MemberData(nameof(WordCounts))]
    public void XorPopCount_EveryPath_MatchesScalarTwin(int words)
    {
        foreach (var (a, b) in Operands(words))
        {
            long expected = ScalarBitKernels.XorPopCount(a, b);
            Assert.Equal(NaiveCount(a, b, (x, y) => x ^ y), expected);
            Assert.Equal(expected, BitKernels.XorPopCount(a, b));
            if (words >= 8 && Avx512BW.IsSupported) Assert.Equal(expected, BitKernels.XorPopCount512(a, b));
            if (words >= 4 && Avx2.IsSupported) Assert.Equal(expected, BitKernels.XorPopCount256(a, b));
        }
    }

    [Theory]
    [MemberData(nameof(WordCounts))]
    public void ElementwiseOps_MatchScalarTwins(int words)
    {
        foreach (var (a, b) in Operands(words))
        {
            var s = Random(words, 99);
            var expected = new ulong[words];
            var actual = new ulong[words];

            ScalarBitKernels.And(a, b, expected);
            BitKernels.And(a, b, actual);
            Assert.Equal(expected, actual);

            ScalarBitKernels.Or(a, b, expected);
            BitKernels.Or(a, b, actual);
            Assert.Equal(expected, actual);

            ScalarBitKernels.Xor(a, b, expected);
            BitKernels.Xor(a, b, actual);
            Assert.Equal(expected, actual);

            ScalarBitKernels.Not(a, expected);
            BitKernels.Not(a, actual);
            Assert.Equal(expected, actual);

            ScalarBitKernels.Select(a, b, s, expected);
            BitKernels.Select(a, b, s, actual);
            Assert.Equal(expected, actual);
            if (words >= 8 && Vector512.IsHardwareAccelerated)
            {
                Array.Clear(actual);
                BitKernels.Select512(a, b, s, actual);
                Assert.Equal(expected, actual);
            }
            if (words >= 4 && Vector256.IsHardwareAccelerated)
            {
                Array.Clear(actual);
                BitKernels.Select256(a, b, s, actual);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void AndPopCount_DestinationAliasesOperand_StillCorrect()
    {
        var a = Random(37, 1);
        var b = Random(37, 2);
        var expected = new ulong[37];
        ScalarBitKernels.And(a, b, expected);
        BitKernels.And(a, b, a);
        Assert.Equal(expected, a);
    }

    [Fact]
    public void AllOnes_CountsEveryBit_NoByteOverflow()
    {
        // 4099 words of all ones: every byte of the accumulators reaches its maximum (8 per vector, 31 vectors per block).
        var ones = Enumerable.Repeat(ulong.MaxValue, 4099).ToArray();
        Assert.Equal(4099L * 64, BitKernels.PopCount(ones));
        Assert.Equal(4099L * 64, BitKernels.AndPopCount(ones, ones));
        Assert.Equal(0, BitKernels.XorPopCount(ones, ones));
        if (Avx512BW.IsSupported) Assert.Equal(4099L * 64, BitKernels.AndPopCount512(ones, ones));
        if (Avx2.IsSupported) Assert.Equal(4099L * 64, BitKernels.AndPopCount256(ones, ones));
    }

    [Fact]
    public void DifferentLengths_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => BitKernels.AndPopCount(new ulong[3], new ulong[4]));
        Assert.Contains("same word count", e.Message);
        Assert.Throws<ArgumentException>(() => BitKernels.Select(new ulong[3], new ulong[3], new ulong[2], new ulong[3]));
    }

    [Fact]
    public void ActivePath_IsTheWidestSupported()
    {
        var expected = Avx512BW.IsSupported && Vector512.IsHardwareAccelerated ? BitKernelPath.Avx512BW
            : Avx2.IsSupported ? BitKernelPath.Avx2 : BitKernelPath.Scalar;
        Assert.Equal(expected, BitKernels.ActivePath);
    }

    /// <summary>Whole arrays, and the same count of words starting 3 words into a longer array (unaligned, mid-array).</summary>
    private static IEnumerable<(ulong[] A, ulong[] B)> Operands(int words)
    {
        yield return (Random(words, 11), Random(words, 12));
        var longA = Random(words + 7, 13);
        var longB = Random(words + 7, 14);
        yield return (longA.AsSpan(3, words).ToArray(), longB.AsSpan(3, words).ToArray());
        // Sparse and dense words (densities far from 1/2 stress different byte counts).
        yield return (Biased(words, 15, 0.05), Biased(words, 16, 0.95));
    }

    private static ulong[] Random(int words, ulong seed)
    {
        var rng = new RandomStream(seed);
        var w = new ulong[words];
        for (int i = 0; i < words; i++) w[i] = rng.NextUInt64();
        return w;
    }

    private static ulong[] Biased(int words, ulong seed, double p)
    {
        var rng = new RandomStream(seed);
        var w = new ulong[words];
        for (int i = 0; i < words; i++)
        {
            for (int bit = 0; bit < 64; bit++)
            {
                if (rng.NextDouble() < p) w[i] |= 1UL << bit;
            }
        }
        return w;
    }

    /// <summary>The definition, one bit at a time.</summary>
    private static long NaiveCount(ulong[] a, ulong[] b, Func<ulong, ulong, ulong> op)
    {
        long n = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ulong w = op(a[i], b[i]);
            for (int bit = 0; bit < 64; bit++) n += (long)((w >> bit) & 1);
        }
        return n;
    }
}
