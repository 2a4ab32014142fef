using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuroSharp.Numerics.LinearAlgebra;

/// <summary>
/// The register tiles of <see cref="Gemm"/>, unrolled by hand (every line follows one pattern: change
/// them all or none). Each keeps an MR x NR block of C in vector registers, and per k broadcasts MR values of the
/// packed A panel against NR/width vectors of the packed B panel with fused multiply-adds, then writes
/// C = alpha * sum + beta * C (beta 0 never reads C). Tiles are always full: the driver computes edge tiles
/// into a buffer and merges them (<see cref="MergeEdge"/>), because a stackalloc in the kernel made the JIT
/// keep the accumulators on the stack when it compiles without tiering (3x slower).
/// </summary>
internal static unsafe class GemmKernels
{
    /// <summary>Rows of the AVX-512 tile.</summary>
    public const int Mr512 = 8;

    /// <summary>Columns of the AVX-512 tile (two vectors of 16).</summary>
    public const int Nr512 = 32;

    /// <summary>Rows of the AVX2 tile.</summary>
    public const int Mr256 = 6;

    /// <summary>Columns of the AVX2 tile (two vectors of 8).</summary>
    public const int Nr256 = 16;

    /// <summary>C[8 x 32] = alpha * A_panel * B_panel + beta * C (B rows bStride apart), for one 8 x 32 register tile (Vector512).</summary>
    public static void Tile512(int depth, float* a, float* b, nint bStride, float* c, int ldc, float alpha, float beta)
    {
        Vector512<float> c00 = default; Vector512<float> c01 = default;
        Vector512<float> c10 = default; Vector512<float> c11 = default;
        Vector512<float> c20 = default; Vector512<float> c21 = default;
        Vector512<float> c30 = default; Vector512<float> c31 = default;
        Vector512<float> c40 = default; Vector512<float> c41 = default;
        Vector512<float> c50 = default; Vector512<float> c51 = default;
        Vector512<float> c60 = default; Vector512<float> c61 = default;
        Vector512<float> c70 = default; Vector512<float> c71 = default;
        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector512.Load(b + 0);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            a += 8;
            b += bStride;
        }
        {
            Store(c + 0 * ldc + 0, c00, alpha, beta);
            Store(c + 0 * ldc + 16, c01, alpha, beta);
            Store(c + 1 * ldc + 0, c10, alpha, beta);
            Store(c + 1 * ldc + 16, c11, alpha, beta);
            Store(c + 2 * ldc + 0, c20, alpha, beta);
            Store(c + 2 * ldc + 16, c21, alpha, beta);
            Store(c + 3 * ldc + 0, c30, alpha, beta);
            Store(c + 3 * ldc + 16, c31, alpha, beta);
            Store(c + 4 * ldc + 0, c40, alpha, beta);
            Store(c + 4 * ldc + 16, c41, alpha, beta);
            Store(c + 5 * ldc + 0, c50, alpha, beta);
            Store(c + 5 * ldc + 16, c51, alpha, beta);
            Store(c + 6 * ldc + 0, c60, alpha, beta);
            Store(c + 6 * ldc + 16, c61, alpha, beta);
            Store(c + 7 * ldc + 0, c70, alpha, beta);
            Store(c + 7 * ldc + 16, c71, alpha, beta);
        }
    }

    // Kept as a second copy, not a generic of Tile512: the tile shape is set by the register file (AVX2 has 16 vector registers for 12 accumulators, AVX-512 32 for 16), so the bodies differ.
    /// <summary>C[6 x 16] = alpha * A_panel * B_panel + beta * C (B rows bStride apart), for one 6 x 16 register tile (Vector256).</summary>
    public static void Tile256(int depth, float* a, float* b, nint bStride, float* c, int ldc, float alpha, float beta)
    {
        Vector256<float> c00 = default; Vector256<float> c01 = default;
        Vector256<float> c10 = default; Vector256<float> c11 = default;
        Vector256<float> c20 = default; Vector256<float> c21 = default;
        Vector256<float> c30 = default; Vector256<float> c31 = default;
        Vector256<float> c40 = default; Vector256<float> c41 = default;
        Vector256<float> c50 = default; Vector256<float> c51 = default;
        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector256.Load(b + 0);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += bStride;
        }
        {
            Store(c + 0 * ldc + 0, c00, alpha, beta);
            Store(c + 0 * ldc + 8, c01, alpha, beta);
            Store(c + 1 * ldc + 0, c10, alpha, beta);
            Store(c + 1 * ldc + 8, c11, alpha, beta);
            Store(c + 2 * ldc + 0, c20, alpha, beta);
            Store(c + 2 * ldc + 8, c21, alpha, beta);
            Store(c + 3 * ldc + 0, c30, alpha, beta);
            Store(c + 3 * ldc + 8, c31, alpha, beta);
            Store(c + 4 * ldc + 0, c40, alpha, beta);
            Store(c + 4 * ldc + 8, c41, alpha, beta);
            Store(c + 5 * ldc + 0, c50, alpha, beta);
            Store(c + 5 * ldc + 8, c51, alpha, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* dst, Vector512<float> sum, float alpha, float beta)
    {
        var scaled = sum * alpha;
        if (beta != 0f) scaled = Vector512.FusedMultiplyAdd(Vector512.Load(dst), Vector512.Create(beta), scaled);
        scaled.Store(dst);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* dst, Vector256<float> sum, float alpha, float beta)
    {
        var scaled = sum * alpha;
        if (beta != 0f) scaled = Vector256.FusedMultiplyAdd(Vector256.Load(dst), Vector256.Create(beta), scaled);
        scaled.Store(dst);
    }

    /// <summary>C[rows x cols] = alpha * tile + beta * C: an edge tile computed into a full-size buffer.</summary>
    public static void MergeEdge(float* tile, int tileStride, float* c, int ldc, int rows, int cols, float alpha, float beta)
    {
        for (int r = 0; r < rows; r++)
        {
            float* src = tile + r * tileStride;
            float* dst = c + (long)r * ldc;
            for (int j = 0; j < cols; j++) dst[j] = beta == 0f ? alpha * src[j] : alpha * src[j] + beta * dst[j];
        }
    }
}
