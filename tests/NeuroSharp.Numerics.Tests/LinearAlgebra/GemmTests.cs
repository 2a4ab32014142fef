using System.Runtime.Intrinsics;
using NeuroSharp.Numerics.LinearAlgebra;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Numerics.Tests.LinearAlgebra;

public class GemmTests
{
    // Awkward sizes around the tiles (MR 8/6, NR 32/16), the k block (256), a large odd size, and more
    // than one m block (300 > 256 rows), where B is packed instead of read in place.
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 0, 5, 3 }, { 5, 0, 3 }, { 4, 5, 0 }, { 1, 1, 1 }, { 7, 31, 15 }, { 9, 33, 17 }, { 5, 15, 7 }, { 7, 17, 9 },
        { 8, 32, 256 }, { 17, 65, 257 }, { 100, 10, 800 }, { 3, 130, 10 }, { 61, 47, 523 }, { 300, 40, 20 },
    };

    public static IEnumerable<object[]> PathsAndShapes()
    {
        var paths = new List<GemmPath>();
        if (Vector256.IsHardwareAccelerated) paths.Add(GemmPath.Vector256);
        if (Vector512.IsHardwareAccelerated) paths.Add(GemmPath.Vector512);
        foreach (var path in paths)
        {
            foreach (var shape in Shapes)
            {
                foreach (var ta in new[] { Transpose.None, Transpose.Transposed })
                {
                    foreach (var tb in new[] { Transpose.None, Transpose.Transposed })
                        yield return [path.ToString(), shape[0], shape[1], shape[2], ta, tb];
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    public void VectorPath_AwkwardShapes_MatchesScalarTwin(string pathName, int m, int n, int k, Transpose ta, Transpose tb)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        var rng = new RandomStream((ulong)(m * 1_000_003 + n * 1009 + k));
        // Leading dimensions larger than the column counts, and matrices that start mid-array.
        int lda = (ta == Transpose.None ? k : m) + 3, ldb = (tb == Transpose.None ? n : k) + 1, ldc = n + 2;
        int aRows = ta == Transpose.None ? m : k, bRows = tb == Transpose.None ? k : n;
        var a = Random(rng, 5 + aRows * lda);
        var b = Random(rng, 2 + bRows * ldb);
        var c = Random(rng, 1 + m * ldc);
        var expected = (float[])c.Clone();
        float alpha = 0.75f, beta = -0.5f;
        ScalarGemm.Multiply(ta, tb, m, n, k, alpha, a.AsSpan(5), lda, b.AsSpan(2), ldb, beta, expected.AsSpan(1), ldc);
        Gemm.Multiply(path, ta, tb, m, n, k, alpha, a.AsSpan(5), lda, b.AsSpan(2), ldb, beta, c.AsSpan(1), ldc, maxThreads: 2);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                // Both sums round at most k times: |difference| <= 2 k u sum|alpha a b| (+ the beta term), u = 2^-24.
                double scale = Math.Abs(beta * c[1 + i * ldc + j]);
                for (int p = 0; p < k; p++)
                {
                    float av = ta == Transpose.None ? a[5 + i * lda + p] : a[5 + p * lda + i];
                    float bv = tb == Transpose.None ? b[2 + p * ldb + j] : b[2 + j * ldb + p];
                    scale += Math.Abs(alpha * av * bv);
                }
                double tolerance = 2 * (k + 2) * Math.Pow(2, -24) * scale + 1e-30;
                Assert.True(Math.Abs(c[1 + i * ldc + j] - expected[1 + i * ldc + j]) <= tolerance,
                    $"C[{i},{j}] = {c[1 + i * ldc + j]}, twin {expected[1 + i * ldc + j]}, tolerance {tolerance}");
            }
        }
        // Padding between rows and before the matrix is never written.
        Assert.Equal(expected[0], c[0]);
        for (int i = 0; i < m; i++)
        {
            for (int j = n; j < ldc && 1 + i * ldc + j < c.Length; j++) Assert.Equal(expected[1 + i * ldc + j], c[1 + i * ldc + j]);
        }
    }

    [Fact]
    public void Multiply_BetaZero_IgnoresNaNInC()
    {
        var a = new float[] { 1, 2, 3, 4 };
        var b = new float[] { 5, 6, 7, 8 };
        foreach (var path in AllPaths())
        {
            var c = new[] { float.NaN, float.NaN, float.NaN, float.NaN };
            Gemm.Multiply(path, Transpose.None, Transpose.None, 2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2, 1);
            Assert.Equal(new float[] { 19, 22, 43, 50 }, c);
        }
    }

    [Fact]
    public void Multiply_KnownProduct_AllTransposes()
    {
        // A = [1 2 3; 4 5 6], B = [1 0; 0 1; 1 1]: A B = [4 5; 10 11].
        float[] a = [1, 2, 3, 4, 5, 6], aT = [1, 4, 2, 5, 3, 6];
        float[] b = [1, 0, 0, 1, 1, 1], bT = [1, 0, 1, 0, 1, 1];
        var c = new float[4];
        Gemm.Multiply(Transpose.None, Transpose.None, 2, 2, 3, a, b, c);
        Assert.Equal(new float[] { 4, 5, 10, 11 }, c);
        Gemm.Multiply(Transpose.Transposed, Transpose.Transposed, 2, 2, 3, aT, bT, c);
        Assert.Equal(new float[] { 4, 5, 10, 11 }, c);
        Gemm.Multiply(Transpose.Transposed, Transpose.None, 2, 2, 3, aT, b, c);
        Assert.Equal(new float[] { 4, 5, 10, 11 }, c);
        Gemm.Multiply(Transpose.None, Transpose.Transposed, 2, 2, 3, a, bT, c);
        Assert.Equal(new float[] { 4, 5, 10, 11 }, c);
    }

    [Fact]
    public void Multiply_AnyThreadCount_BitIdentical()
    {
        // Big enough to run in parallel (more than 2^20 multiply-adds, several column panels and k blocks).
        const int m = 100, n = 300, k = 600;
        var rng = new RandomStream(11);
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        var one = Random(rng, m * n);
        var two = (float[])one.Clone();
        var four = (float[])one.Clone();
        Gemm.Multiply(Transpose.None, Transpose.Transposed, m, n, k, 0.3f, a, k, b, k, 0.9f, one, n, maxThreads: 1);
        Gemm.Multiply(Transpose.None, Transpose.Transposed, m, n, k, 0.3f, a, k, b, k, 0.9f, two, n, maxThreads: 2);
        Gemm.Multiply(Transpose.None, Transpose.Transposed, m, n, k, 0.3f, a, k, b, k, 0.9f, four, n, maxThreads: 4);
        Assert.Equal(one, two);
        Assert.Equal(one, four);
    }

    [Fact]
    public void Multiply_BufferTooShort_ThrowsNamingOperand()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.None, Transpose.None, 3, 3, 3, new float[8], new float[9], new float[9]));
        Assert.Contains("A holds 8 elements", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.None, Transpose.None, 2, 2, 2, 1f, new float[4], 1, new float[4], 2, 0f, new float[4], 2));
        Assert.Contains("leading dimension of A", e2.Message);
    }

    private static IEnumerable<GemmPath> AllPaths()
    {
        yield return GemmPath.Scalar;
        if (Vector256.IsHardwareAccelerated) yield return GemmPath.Vector256;
        if (Vector512.IsHardwareAccelerated) yield return GemmPath.Vector512;
    }

    private static float[] Random(RandomStream rng, int length)
    {
        var values = new float[length];
        rng.FillUniform(values, -1f, 1f);
        return values;
    }
}
