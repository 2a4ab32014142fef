namespace NeuroSharp;

/// <summary>
/// Coarse, deterministic parallelism: a range is cut into fixed blocks whose bounds do not depend on
/// the thread count, so any per-block result (and any reduction over blocks in block order) is the same
/// with 1 thread or 64.
/// </summary>
public static class ParallelBlocks
{
    /// <summary>The block size used when none is given.</summary>
    public const int DefaultBlockSize = 256;

    /// <summary>Runs <paramref name="body"/> on [start, end) blocks of [0, count).</summary>
    /// <param name="count">The range length.</param>
    /// <param name="maxThreads">The most threads; 0 or less for all cores.</param>
    /// <param name="body">Receives (start, end) of one block.</param>
    /// <param name="blockSize">Elements per block (fixed, independent of the thread count).</param>
    public static void For(int count, int maxThreads, Action<int, int> body, int blockSize = DefaultBlockSize)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        int blocks = (count + blockSize - 1) / blockSize;
        if (blocks == 0) return;
        int threads = ThreadCount(maxThreads);
        if (threads == 1 || blocks == 1)
        {
            for (int b = 0; b < blocks; b++) body(b * blockSize, Math.Min(count, (b + 1) * blockSize));
            return;
        }
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            b => body(b * blockSize, Math.Min(count, (b + 1) * blockSize)));
    }

    /// <summary>The thread count an option asks for: the value itself, or all cores for 0 or less.</summary>
    /// <param name="maxThreads">The option.</param>
    /// <returns>At least 1.</returns>
    public static int ThreadCount(int maxThreads) => maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
}
