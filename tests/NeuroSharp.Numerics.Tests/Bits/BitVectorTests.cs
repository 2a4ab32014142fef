using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Numerics.Tests.Bits;

public class BitVectorTests
{
    public static TheoryData<int> BitLengths => new() { 0, 1, 63, 64, 65, 127, 128, 129, 1001, 4097 };

    [Theory]
    [MemberData(nameof(BitLengths))]
    public void Not_KeepsTailZero_CountIsComplement(int length)
    {
        var a = RandomBits(length, 1);
        var notA = new BitVector(length);
        BitVector.Not(a, notA);
        Assert.Equal(length - a.PopCount(), notA.PopCount());
        if (length > 0) Assert.Equal(0UL, notA.Words[^1] & ~notA.TailMask);
        for (int i = 0; i < length; i++) Assert.NotEqual(a[i], notA[i]);
    }

    [Theory]
    [MemberData(nameof(BitLengths))]
    public void Operations_MatchBitByBitDefinition(int length)
    {
        var a = RandomBits(length, 2);
        var b = RandomBits(length, 3);
        var s = RandomBits(length, 4);
        var and = new BitVector(length);
        var or = new BitVector(length);
        var xor = new BitVector(length);
        var mux = new BitVector(length);
        BitVector.And(a, b, and);
        BitVector.Or(a, b, or);
        BitVector.Xor(a, b, xor);
        BitVector.Select(a, b, s, mux);
        long both = 0, differ = 0;
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(a[i] && b[i], and[i]);
            Assert.Equal(a[i] || b[i], or[i]);
            Assert.Equal(a[i] != b[i], xor[i]);
            Assert.Equal(s[i] ? b[i] : a[i], mux[i]);
            if (a[i] && b[i]) both++;
            if (a[i] != b[i]) differ++;
        }
        Assert.Equal(both, BitVector.AndPopCount(a, b));
        Assert.Equal(both, and.PopCount());
        Assert.Equal(differ, BitVector.HammingDistance(a, b));
    }

    [Theory]
    [MemberData(nameof(BitLengths))]
    public void SetAll_FillsExactlyLength_DensityIsOne(int length)
    {
        var v = new BitVector(length);
        v.SetAll();
        Assert.Equal(length, v.PopCount());
        Assert.Equal(length == 0 ? 0 : 1.0, v.Density());
        v.Clear();
        Assert.Equal(0, v.PopCount());
    }

    [Fact]
    public void Indexer_SetsAndClearsOneBit()
    {
        var v = new BitVector(130);
        v[0] = true;
        v[64] = true;
        v[129] = true;
        Assert.Equal([0, 64, 129], v.IndicesOfOnes());
        v[64] = false;
        Assert.Equal([0, 129], v.IndicesOfOnes());
        Assert.Equal(1UL, v.Words[0]);
        Assert.Equal(2UL, v.Words[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => v[130]);
        Assert.Throws<ArgumentOutOfRangeException>(() => v[-1] = true);
    }

    [Fact]
    public void FromWords_RejectsSetTailBitsAndWrongCount()
    {
        Assert.Contains("past the length", Assert.Throws<ArgumentException>(() => BitVector.FromWords([1UL << 10], 10)).Message);
        Assert.Contains("need 2 words", Assert.Throws<ArgumentException>(() => BitVector.FromWords([1UL], 65)).Message);
        var v = BitVector.FromWords([ulong.MaxValue, 1UL], 65);
        Assert.Equal(65, v.PopCount());
    }

    [Fact]
    public void FromBools_CloneAndContentEquals_RoundTrip()
    {
        bool[] bits = [true, false, true, true, false];
        var v = BitVector.FromBools(bits);
        Assert.Equal([0, 2, 3], v.IndicesOfOnes());
        var c = v.Clone();
        Assert.True(c.ContentEquals(v));
        c[1] = true;
        Assert.False(c.ContentEquals(v));
        Assert.False(v.ContentEquals(new BitVector(6)));
    }

    [Fact]
    public void DifferentLengths_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => BitVector.AndPopCount(new BitVector(64), new BitVector(65)));
        Assert.Contains("same length", e.Message);
    }

    [Fact]
    public void BitMatrix_RowsAreIndependentVectors()
    {
        var m = new BitMatrix(3, 70);
        var v = RandomBits(70, 5);
        m.SetRow(1, v);
        Assert.Equal(0, m.PopCount(0));
        Assert.Equal(v.PopCount(), m.PopCount(1));
        Assert.Equal(0, m.PopCount(2));
        Assert.True(m.RowVector(1).ContentEquals(v));
        for (int i = 0; i < 70; i++) Assert.Equal(v[i], m[1, i]);
        Assert.Equal(2, m.WordsPerRow);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Row(3));
    }

    private static BitVector RandomBits(int length, ulong seed)
    {
        var rng = new RandomStream(seed);
        var v = new BitVector(length);
        for (int i = 0; i < length; i++) v[i] = (rng.NextUInt64() & 1) != 0;
        return v;
    }
}
