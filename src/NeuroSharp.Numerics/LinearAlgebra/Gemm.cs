using System.Runtime.Intrinsics;

namespace NeuroSharp.Numerics.LinearAlgebra;

/// <summary>
/// Single-precision general matrix multiply, C = alpha * op(A) * op(B) + beta * C, on row-major
/// matrices (BLAS sgemm with row-major storage). The product is cache-blocked, runs its inner
/// 8 x 32 (AVX-512) or 6 x 16 (AVX2) register tile with fused multiply-adds, and is parallel over
/// column panels of C. Each element of C is summed by one thread in a fixed order, so the result is
/// bit-identical for any thread count; it agrees with <see cref="ScalarGemm"/> up to float rounding.
/// </summary>
/// <remarks>
/// Shapes: op(A) is m x k, op(B) is k x n, C is m x n. The stored A is m x k (or k x m when
/// transposed) with row stride <c>lda</c>; likewise B and C. The loop, after Goto and van de Geijn
/// (2008) and BLIS: A is packed once into panels of MR rows; each parallel task owns NR columns of C,
/// packs its strip of B (k x NR; read in place instead when B is not transposed and m fits one block)
/// and, per block of k (at most 256 deep) and of m (at most 256 rows), runs the register tile over the
/// A panels, so the B strip stays in L1 and the A block in L2.
/// </remarks>
public static class Gemm
{
    /// <summary>C = alpha * op(A) * op(B) + beta * C (see the class remarks for the shapes).</summary>
    /// <param name="transposeA">Whether op(A) is A or A^T.</param>
    /// <param name="transposeB">Whether op(B) is B or B^T.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>.</param>
    /// <param name="lda">Elements between consecutive rows of the stored A.</param>
    /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
    /// <param name="ldb">Elements between consecutive rows of the stored B.</param>
    /// <param name="beta">Scale of the old C; 0 ignores C's contents (NaN included).</param>
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>, updated in place; must not overlap A or B.</param>
    /// <param name="ldc">Elements between consecutive rows of C.</param>
    /// <param name="maxThreads">The most threads (0 or less: all cores). The result does not depend on it.</param>
    public static void Multiply(Transpose transposeA, Transpose transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int maxThreads = 1) =>
        Multiply(BestPath, transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, maxThreads);

    /// <summary>C = op(A) * op(B) for dense matrices whose leading dimensions equal their column counts.</summary>
    /// <param name="transposeA">Whether op(A) is A or A^T.</param>
    /// <param name="transposeB">Whether op(B) is B or B^T.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="a">A, stored m x k (k x m when transposed).</param>
    /// <param name="b">B, stored k x n (n x k when transposed).</param>
    /// <param name="c">C, m x n, overwritten.</param>
    /// <param name="maxThreads">The most threads (0 or less: all cores).</param>
    public static void Multiply(Transpose transposeA, Transpose transposeB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int maxThreads = 1) =>
        Multiply(transposeA, transposeB, m, n, k, 1f, a, transposeA == Transpose.None ? k : m, b, transposeB == Transpose.None ? n : k, 0f, c, n, maxThreads);

    /// <summary>The name of the vector path this CPU runs ("AVX-512", "AVX2" or "scalar").</summary>
    public static string InstructionSet => BestPath switch
    {
        GemmPath.Vector512 => "AVX-512",
        GemmPath.Vector256 => "AVX2",
        _ => "scalar",
    };

    internal static GemmPath BestPath =>
        Vector512.IsHardwareAccelerated ? GemmPath.Vector512
        : Vector256.IsHardwareAccelerated ? GemmPath.Vector256
        : GemmPath.Scalar;

    internal static unsafe void Multiply(GemmPath path, Transpose transposeA, Transpose transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int maxThreads)
    {
        if (path == GemmPath.Scalar)
        {
            ScalarGemm.Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        Check(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            GemmDriver.Run(path, transposeA == Transpose.Transposed, transposeB == Transpose.Transposed, m, n, k, alpha,
                pa, lda, pb, ldb, beta, pc, ldc, maxThreads);
        }
    }

    internal static void Check(Transpose transposeA, Transpose transposeB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (!Enum.IsDefined(transposeA)) throw new ArgumentOutOfRangeException(nameof(transposeA), transposeA, "Not a Transpose value.");
        if (!Enum.IsDefined(transposeB)) throw new ArgumentOutOfRangeException(nameof(transposeB), transposeB, "Not a Transpose value.");
        bool ta = transposeA == Transpose.Transposed, tb = transposeB == Transpose.Transposed;
        CheckOperand("A", ta ? k : m, ta ? m : k, aLength, lda);
        CheckOperand("B", tb ? n : k, tb ? k : n, bLength, ldb);
        CheckOperand("C", m, n, cLength, ldc);
    }

    private static void CheckOperand(string name, int rows, int columns, int length, int leading)
    {
        if (rows == 0 || columns == 0) return;
        if (leading < columns)
            throw new ArgumentException($"The leading dimension of {name} must be at least its {columns} stored columns (got {leading}).");
        long needed = (long)(rows - 1) * leading + columns;
        if (length < needed)
            throw new ArgumentException($"{name} holds {length} elements but a {rows} x {columns} matrix with leading dimension {leading} needs {needed}.");
    }
}
