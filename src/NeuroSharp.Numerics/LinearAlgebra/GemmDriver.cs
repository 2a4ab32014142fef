using System.Runtime.CompilerServices;

namespace NeuroSharp.Numerics.LinearAlgebra;

/// <summary>
/// The blocked loop of <see cref="Gemm"/>: packs A once into MR-row panels, then runs one task per
/// NR-column panel of C. A task packs its k x NR strip of B and, per block of k and of m, runs the
/// register tile over the A panels. Block sizes depend only on the shapes, never on the thread count.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>Deepest block of k: a 256 x 32 strip of B is 32 KiB, inside a 48 KiB L1.</summary>
    private const int KcMax = 256;

    /// <summary>Rows of A per block: 256 x 256 floats is 256 KiB, inside L2.</summary>
    private const int McMax = 256;

    /// <summary>Below this many multiply-adds one thread is faster than starting several.</summary>
    private const long ParallelThreshold = 1L << 20;

    [ThreadStatic] private static float[]? _packedA;
    [ThreadStatic] private static float[]? _packedB;

    public static void Run(GemmPath path, bool ta, bool tb, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, int maxThreads)
    {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }
        int mr = path == GemmPath.Vector512 ? GemmKernels.Mr512 : GemmKernels.Mr256;
        int nr = path == GemmPath.Vector512 ? GemmKernels.Nr512 : GemmKernels.Nr256;
        int aPanels = (m + mr - 1) / mr;
        float[] packedA = Buffer(ref _packedA, (long)aPanels * mr * k);
        fixed (float* pa = packedA)
        {
            for (int ip = 0; ip < aPanels; ip++)
                GemmPacking.PackA(ta, a, lda, ip * mr, Math.Min(mr, m - ip * mr), k, mr, pa + (long)ip * mr * k);
            int bPanels = (n + nr - 1) / nr;
            var job = new Job(path, tb, m, n, k, alpha, (nint)pa, (nint)b, ldb, beta, (nint)c, ldc, mr, nr, aPanels);
            int threads = maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
            if (threads == 1 || bPanels == 1 || (long)m * n * k < ParallelThreshold)
            {
                // One thread: no delegate, no allocation.
                for (int jp = 0; jp < bPanels; jp++) job.RunPanel(jp);
            }
            else
            {
                var boxed = new ParallelJob(job);
                Parallel.For(0, bPanels, new ParallelOptions { MaxDegreeOfParallelism = threads }, boxed.RunPanel);
            }
        }
    }

    private static void ScaleC(int m, int n, float beta, float* c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (long)i * ldc, n);
            if (beta == 0f) row.Clear();
            else if (beta != 1f) System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    private static float[] Buffer(ref float[]? slot, long length)
    {
        if (length > Array.MaxLength) throw new ArgumentException($"The packed GEMM operand needs {length} floats, more than an array holds.");
        if (slot is null || slot.Length < length) slot = new float[Math.Max(length, 1024)];
        return slot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(GemmPath path, int depth, float* a, float* b, nint bStride, float* c, int ldc, float alpha, float beta)
    {
        if (path == GemmPath.Vector512) GemmKernels.Tile512(depth, a, b, bStride, c, ldc, alpha, beta);
        else GemmKernels.Tile256(depth, a, b, bStride, c, ldc, alpha, beta);
    }

    /// <summary>A job on the heap, for the parallel loop's delegate.</summary>
    private sealed class ParallelJob(Job job)
    {
        public void RunPanel(int jp) => job.RunPanel(jp);
    }

    /// <summary>The arguments of one multiply, shared by the panel tasks (pointers stay pinned by the caller).</summary>
    private readonly struct Job(GemmPath path, bool tb, int m, int n, int k, float alpha, nint packedA, nint b, int ldb,
        float beta, nint c, int ldc, int mr, int nr, int aPanels)
    {
        public void RunPanel(int jp)
        {
            int j0 = jp * nr;
            int cols = Math.Min(nr, n - j0);
            float[] packedB = Buffer(ref _packedB, (long)k * nr);
            float* edge = stackalloc float[GemmKernels.Mr512 * GemmKernels.Nr512];
            fixed (float* packed = packedB)
            {
                // A full strip of an untransposed B is read in place when A is a single m block (the strip is
                // then swept only a few times, and copying it would cost as much as reading it); otherwise packed.
                bool direct = !tb && cols == nr && aPanels * mr <= McMax;
                float* pb = direct ? (float*)b + j0 : packed;
                nint bStride = direct ? ldb : nr;
                if (!direct) GemmPacking.PackB(tb, (float*)b, ldb, j0, cols, k, nr, packed);
                int kBlocks = (k + KcMax - 1) / KcMax;
                int kc = (k + kBlocks - 1) / kBlocks;
                int mBlocks = (aPanels * mr + McMax - 1) / McMax;
                int panelsPerBlock = (aPanels + mBlocks - 1) / mBlocks;
                float* pa = (float*)packedA;
                for (int ib = 0; ib < aPanels; ib += panelsPerBlock)
                {
                    int ibEnd = Math.Min(aPanels, ib + panelsPerBlock);
                    for (int p0 = 0; p0 < k; p0 += kc)
                    {
                        int depth = Math.Min(kc, k - p0);
                        float betaHere = p0 == 0 ? beta : 1f;
                        float* bBlock = pb + p0 * bStride;
                        for (int ip = ib; ip < ibEnd; ip++)
                        {
                            int i0 = ip * mr;
                            float* aBlock = pa + (long)ip * mr * k + (long)p0 * mr;
                            float* cTile = (float*)c + (long)i0 * ldc + j0;
                            int rows = Math.Min(mr, m - i0);
                            if (rows == mr && cols == nr) Tile(path, depth, aBlock, bBlock, bStride, cTile, ldc, alpha, betaHere);
                            else
                            {
                                Tile(path, depth, aBlock, bBlock, bStride, edge, nr, 1f, 0f);
                                GemmKernels.MergeEdge(edge, nr, cTile, ldc, rows, cols, alpha, betaHere);
                            }
                        }
                    }
                }
            }
        }
    }
}
