using System.Runtime.Intrinsics;
using NeuroSharp.Numerics.Kernels;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Numerics.Tests.Kernels;

/// <summary>
/// Every vector path of <see cref="NeuroSharp.Numerics.Kernels.Kernels"/> against its scalar twin, on
/// the awkward lengths of docs/design.md#scalar-twins and on slices that start mid-array. Sums may differ by float
/// reassociation only: relative 1e-5 of the sum of magnitudes.
/// </summary>
public class KernelTwinTests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        foreach (int n in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 127, 784, 1001 }) data.Add(n);
        return data;
    }

    private static (float[] A, float[] B) Vectors(int n, int offset, ulong seed)
    {
        var rng = new RandomStream(seed);
        var a = new float[n + offset];
        var b = new float[n + offset];
        rng.FillUniform(a, -2f, 2f);
        rng.FillUniform(b, -2f, 2f);
        return (a, b);
    }

    private static void AssertClose(float expected, float actual, float scale)
    {
        float tol = 1e-5f * MathF.Max(1f, scale);
        Assert.True(MathF.Abs(expected - actual) <= tol, $"expected {expected}, got {actual} (tolerance {tol})");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SumAbsDiff_EveryPath_MatchesScalarTwin(int n)
    {
        for (int offset = 0; offset <= 3; offset += 3)
        {
            var (a, b) = Vectors(n, offset, (ulong)n + 1);
            var sa = a.AsSpan(offset, n);
            var sb = b.AsSpan(offset, n);
            float expected = ScalarKernels.SumAbsDiff(sa, sb);
            float scale = expected;
            AssertClose(expected, NeuroSharp.Numerics.Kernels.Kernels.SumAbsDiff(sa, sb), scale);
            if (n >= 16 && Vector512.IsHardwareAccelerated) AssertClose(expected, NeuroSharp.Numerics.Kernels.Kernels.SumAbsDiff512(sa, sb), scale);
            if (n >= 8 && Vector256.IsHardwareAccelerated) AssertClose(expected, NeuroSharp.Numerics.Kernels.Kernels.SumAbsDiff256(sa, sb), scale);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SumSquaredDiff_EveryPath_MatchesScalarTwin(int n)
    {
        for (int offset = 0; offset <= 3; offset += 3)
        {
            var (a, b) = Vectors(n, offset, (ulong)n + 7);
            var sa = a.AsSpan(offset, n);
            var sb = b.AsSpan(offset, n);
            float expected = ScalarKernels.SumSquaredDiff(sa, sb);
            AssertClose(expected, NeuroSharp.Numerics.Kernels.Kernels.SumSquaredDiff(sa, sb), expected);
            if (n >= 16 && Vector512.IsHardwareAccelerated) AssertClose(expected, NeuroSharp.Numerics.Kernels.Kernels.SumSquaredDiff512(sa, sb), expected);
            if (n >= 8 && Vector256.IsHardwareAccelerated) AssertClose(expected, NeuroSharp.Numerics.Kernels.Kernels.SumSquaredDiff256(sa, sb), expected);
        }
    }

    private delegate void MoveKernel(Span<float> c, ReadOnlySpan<float> x, float rate);

    private delegate void MoveErrorKernel(Span<float> c, ReadOnlySpan<float> x, float rate, Span<float> e);

    private delegate void DecayKernel(Span<float> w, ReadOnlySpan<float> e, float rate, float floor);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MoveTowards_EveryPath_MatchesScalarTwin(int n)
    {
        var paths = new List<(MoveKernel Kernel, int Min)> { (NeuroSharp.Numerics.Kernels.Kernels.MoveTowards, 0) };
        if (Vector512.IsHardwareAccelerated) paths.Add((NeuroSharp.Numerics.Kernels.Kernels.MoveTowards512, 16));
        if (Vector256.IsHardwareAccelerated) paths.Add((NeuroSharp.Numerics.Kernels.Kernels.MoveTowards256, 8));
        foreach (var (kernel, min) in paths)
        {
            if (n < min) continue;
            var (c1, x) = Vectors(n, 2, (ulong)n + 3);
            var c2 = (float[])c1.Clone();
            ScalarKernels.MoveTowards(c1.AsSpan(2, n), x.AsSpan(2, n), 0.3f);
            kernel(c2.AsSpan(2, n), x.AsSpan(2, n), 0.3f);
            for (int j = 0; j < c1.Length; j++) Assert.Equal(c1[j], c2[j], 5e-6f);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MoveTowardsWithError_EveryPath_MatchesScalarTwin(int n)
    {
        var paths = new List<(MoveErrorKernel Kernel, int Min)> { (NeuroSharp.Numerics.Kernels.Kernels.MoveTowardsWithError, 0) };
        if (Vector512.IsHardwareAccelerated) paths.Add((NeuroSharp.Numerics.Kernels.Kernels.MoveTowardsWithError512, 16));
        if (Vector256.IsHardwareAccelerated) paths.Add((NeuroSharp.Numerics.Kernels.Kernels.MoveTowardsWithError256, 8));
        foreach (var (kernel, min) in paths)
        {
            if (n < min) continue;
            var (c1, x) = Vectors(n, 1, (ulong)n + 5);
            var c2 = (float[])c1.Clone();
            var e1 = new float[n + 1];
            var e2 = new float[n + 1];
            ScalarKernels.MoveTowardsWithError(c1.AsSpan(1, n), x.AsSpan(1, n), 0.02f, e1.AsSpan(1, n));
            kernel(c2.AsSpan(1, n), x.AsSpan(1, n), 0.02f, e2.AsSpan(1, n));
            for (int j = 0; j < c1.Length; j++)
            {
                Assert.Equal(c1[j], c2[j], 5e-6f);
                Assert.Equal(e1[j], e2[j], 5e-6f);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void DecayAndFloor_EveryPath_MatchesScalarTwin(int n)
    {
        var paths = new List<(DecayKernel Kernel, int Min)> { (NeuroSharp.Numerics.Kernels.Kernels.DecayAndFloor, 0) };
        if (Vector512.IsHardwareAccelerated) paths.Add((NeuroSharp.Numerics.Kernels.Kernels.DecayAndFloor512, 16));
        if (Vector256.IsHardwareAccelerated) paths.Add((NeuroSharp.Numerics.Kernels.Kernels.DecayAndFloor256, 8));
        foreach (var (kernel, min) in paths)
        {
            if (n < min) continue;
            var rng = new RandomStream((ulong)n);
            var w1 = new float[n + 3];
            var e = new float[n + 3];
            rng.FillUniform(w1, 0f, 1f);
            rng.FillUniform(e, 0f, 2f);
            var w2 = (float[])w1.Clone();
            ScalarKernels.DecayAndFloor(w1.AsSpan(3, n), e.AsSpan(3, n), 0.5f, 0.001f);
            kernel(w2.AsSpan(3, n), e.AsSpan(3, n), 0.5f, 0.001f);
            for (int j = 0; j < w1.Length; j++) Assert.Equal(w1[j], w2[j], 5e-6f);
            Assert.All(w2.AsSpan(3, n).ToArray(), v => Assert.True(v >= 0.001f));
        }
    }

    [Fact]
    public void ArgMin_TiesGoToLowestIndex()
    {
        Assert.Equal(1, NeuroSharp.Numerics.Kernels.Kernels.ArgMin([3f, 1f, 2f, 1f]));
        Assert.Equal(0, NeuroSharp.Numerics.Kernels.Kernels.ArgMin([0f, 0f, 0f]));
        Assert.Equal(0, NeuroSharp.Numerics.Kernels.Kernels.ArgMin([5f]));
        Assert.Throws<ArgumentException>(() => NeuroSharp.Numerics.Kernels.Kernels.ArgMin(ReadOnlySpan<float>.Empty));
    }

    [Fact]
    public void Kernels_RejectSpansOfDifferentLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => NeuroSharp.Numerics.Kernels.Kernels.SumAbsDiff(new float[3], new float[4]));
        Assert.Contains("3 and 4", e.Message);
    }

    [Fact]
    public void SumAbsDiff_KnownAnswer()
    {
        // |1-4| + |2-2| + |3-(-1)| = 7, on a length that exercises a full 16-lane vector plus a tail.
        var a = new float[19];
        var b = new float[19];
        a[0] = 1; a[1] = 2; a[18] = 3;
        b[0] = 4; b[1] = 2; b[18] = -1;
        Assert.Equal(7f, NeuroSharp.Numerics.Kernels.Kernels.SumAbsDiff(a, b));
        Assert.Equal(9f + 16f, NeuroSharp.Numerics.Kernels.Kernels.SumSquaredDiff(a, b));
    }
}

public class RowKernelTwinTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int rows in new[] { 0, 1, 3, 4, 5, 9 })
        {
            foreach (int width in new[] { 1, 15, 16, 17, 33, 784, 1001 }) data.Add(rows, width);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RowKernels_MatchScalarTwins(int rows, int width)
    {
        var rng = new RandomStream((ulong)(rows * 1000 + width));
        var m = new float[rows * width + 5];
        var x = new float[width + 2];
        rng.FillUniform(m, -3f, 3f);
        rng.FillUniform(x, -3f, 3f);
        var mm = m.AsSpan(5, rows * width);  // a matrix that starts mid-array
        var xx = x.AsSpan(2, width);
        var expected = new float[rows];
        var actual = new float[rows];
        ScalarKernels.SumAbsDiffRows(mm, xx, expected);
        NeuroSharp.Numerics.Kernels.Kernels.SumAbsDiffRows(mm, xx, actual);
        for (int k = 0; k < rows; k++) Assert.Equal(expected[k], actual[k], 1e-5f * MathF.Max(1, expected[k]));
        ScalarKernels.SumSquaredDiffRows(mm, xx, expected);
        NeuroSharp.Numerics.Kernels.Kernels.SumSquaredDiffRows(mm, xx, actual);
        for (int k = 0; k < rows; k++) Assert.Equal(expected[k], actual[k], 1e-5f * MathF.Max(1, expected[k]));
    }

    [Theory]
    [InlineData(1, 784, 1)]
    [InlineData(7, 37, 5)]
    [InlineData(100, 784, 8)]
    [InlineData(9, 16, 4)]
    [InlineData(3, 5, 6)]
    public void RowsBlockKernels_EqualOneCallPerExample_BitForBit(int rows, int width, int samples)
    {
        // The block path of CompetitiveLayer.Fit relies on this: equal bits, not equal up to a tolerance.
        var rng = new RandomStream((ulong)(rows * 1000 + width * 10 + samples));
        var m = new float[rows * width];
        var xs = new float[samples * width];
        rng.FillUniform(m, 0f, 1f);
        rng.FillUniform(xs, 0f, 1f);
        var block = new float[samples * rows];
        var one = new float[rows];
        NeuroSharp.Numerics.Kernels.Kernels.SumSquaredDiffRowsBlock(m, xs, width, block);
        for (int b = 0; b < samples; b++)
        {
            var x = xs.AsSpan(b * width, width);
            NeuroSharp.Numerics.Kernels.Kernels.SumSquaredDiffRows(m, x, one);
            for (int k = 0; k < rows; k++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(one[k]), BitConverter.SingleToInt32Bits(block[b * rows + k]));
                Assert.Equal(BitConverter.SingleToInt32Bits(one[k]), BitConverter.SingleToInt32Bits(NeuroSharp.Numerics.Kernels.Kernels.SumSquaredDiffRowAt(m, x, k)));
            }
        }
        NeuroSharp.Numerics.Kernels.Kernels.SumAbsDiffRowsBlock(m, xs, width, block);
        for (int b = 0; b < samples; b++)
        {
            var x = xs.AsSpan(b * width, width);
            NeuroSharp.Numerics.Kernels.Kernels.SumAbsDiffRows(m, x, one);
            for (int k = 0; k < rows; k++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(one[k]), BitConverter.SingleToInt32Bits(block[b * rows + k]));
                Assert.Equal(BitConverter.SingleToInt32Bits(one[k]), BitConverter.SingleToInt32Bits(NeuroSharp.Numerics.Kernels.Kernels.SumAbsDiffRowAt(m, x, k)));
            }
        }
    }

    [Fact]
    public void RowsBlockKernels_RejectExamplesOfTheWrongWidth()
    {
        var e = Assert.Throws<ArgumentException>(() => NeuroSharp.Numerics.Kernels.Kernels.SumSquaredDiffRowsBlock(new float[12], new float[7], 3, new float[6]));
        Assert.Contains("7 example values are not rows of 3", e.Message);
    }

    [Fact]
    public void RowKernels_RejectAMatrixOfTheWrongSize()
    {
        var e = Assert.Throws<ArgumentException>(() => NeuroSharp.Numerics.Kernels.Kernels.SumAbsDiffRows(new float[10], new float[3], new float[3]));
        Assert.Contains("10 matrix values are not 3 rows of 3", e.Message);
    }
}
