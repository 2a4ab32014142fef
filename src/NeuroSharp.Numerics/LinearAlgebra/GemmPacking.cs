namespace NeuroSharp.Numerics.LinearAlgebra;

/// <summary>
/// Copies GEMM operands into the layout the register tile reads: for each k, the MR values of an A
/// panel (or the NR values of a B panel) side by side, padded with zeros past the matrix edge.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Packs rows [i0, i0 + rows) of op(A), all k columns: dst[p * mr + r] = op(A)[i0 + r, p].</summary>
    public static void PackA(bool transposed, float* a, int lda, int i0, int rows, int k, int mr, float* dst)
    {
        if (transposed)
        {
            // op(A)[i, p] = A[p, i]: the panel's values for one p are contiguous.
            for (int p = 0; p < k; p++)
            {
                float* src = a + (long)p * lda + i0;
                float* d = dst + (long)p * mr;
                int r = 0;
                for (; r < rows; r++) d[r] = src[r];
                for (; r < mr; r++) d[r] = 0f;
            }
            return;
        }
        for (int r = 0; r < mr; r++)
        {
            float* d = dst + r;
            if (r >= rows)
            {
                for (int p = 0; p < k; p++) d[(long)p * mr] = 0f;
                continue;
            }
            float* src = a + (long)(i0 + r) * lda;
            for (int p = 0; p < k; p++) d[(long)p * mr] = src[p];
        }
    }

    /// <summary>Packs columns [j0, j0 + cols) of op(B), all k rows: dst[p * nr + j] = op(B)[p, j0 + j].</summary>
    public static void PackB(bool transposed, float* b, int ldb, int j0, int cols, int k, int nr, float* dst)
    {
        if (!transposed)
        {
            // op(B)[p, j] = B[p, j]: one contiguous copy per p.
            for (int p = 0; p < k; p++)
            {
                var d = new Span<float>(dst + (long)p * nr, nr);
                new ReadOnlySpan<float>(b + (long)p * ldb + j0, cols).CopyTo(d);
                if (cols < nr) d[cols..].Clear();
            }
            return;
        }
        // op(B)[p, j] = B[j, p]: read each stored row once, write it down a column of the panel.
        const int Block = 64; // rows of the panel written per pass, so the written lines stay in L1
        for (int p0 = 0; p0 < k; p0 += Block)
        {
            int pEnd = Math.Min(k, p0 + Block);
            for (int j = 0; j < nr; j++)
            {
                float* d = dst + j;
                if (j >= cols)
                {
                    for (int p = p0; p < pEnd; p++) d[(long)p * nr] = 0f;
                    continue;
                }
                float* src = b + (long)(j0 + j) * ldb;
                for (int p = p0; p < pEnd; p++) d[(long)p * nr] = src[p];
            }
        }
    }
}
