namespace NeuroSharp.Numerics.LinearAlgebra;

/// <summary>
/// The scalar twin of <see cref="Gemm"/>: the plain triple loop that defines what the optimised GEMM
/// computes. Tests compare every vector path against it; nothing hot should call it.
/// </summary>
public static class ScalarGemm
{
    /// <summary>C = alpha * op(A) * op(B) + beta * C, all matrices row-major (see <see cref="Gemm"/>).</summary>
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
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>, updated in place.</param>
    /// <param name="ldc">Elements between consecutive rows of C.</param>
    public static void Multiply(Transpose transposeA, Transpose transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Gemm.Check(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        bool ta = transposeA == Transpose.Transposed, tb = transposeB == Transpose.Transposed;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++)
                {
                    float av = ta ? a[p * lda + i] : a[i * lda + p];
                    float bv = tb ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }
                ref float cij = ref c[i * ldc + j];
                cij = beta == 0f ? alpha * sum : alpha * sum + beta * cij;
            }
        }
    }
}
