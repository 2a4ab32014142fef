using System.Runtime.ExceptionServices;

namespace NeuroSharp;

/// <summary>
/// Independent runs side by side (the seeds of a multi-seed benchmark): each run gets its share of the threads, the
/// runs are taken in index order by whichever worker is free (the costs of runs differ widely), and the results come
/// back in index order. A run's result must depend only on its index (its seed), never on the threads it gets, as an
/// evolution run's does (docs/concepts.md): then the results are the same at any thread count.
/// </summary>
public static class ParallelRuns
{
    /// <summary>
    /// Runs <paramref name="count"/> runs, up to <c>min(threads, count)</c> at a time, each with
    /// <c>threads / (runs at a time)</c> threads (at least 1): many runs get one thread each, a single run gets them all.
    /// </summary>
    /// <typeparam name="T">A run's result.</typeparam>
    /// <param name="count">How many runs.</param>
    /// <param name="maxThreads">The most threads in all; 0 or less for all cores.</param>
    /// <param name="run">Runs one: (index, threads for it) to its result.</param>
    /// <param name="done">Told each finished run (index, result, runs finished so far), one call at a time, in the order they finish (progress).</param>
    /// <param name="cancellationToken">Stops starting new runs; a run that is going must watch it itself.</param>
    /// <returns>The results in index order.</returns>
    /// <exception cref="OperationCanceledException">Cancelled before every run finished.</exception>
    public static T[] Map<T>(int count, int maxThreads, Func<int, int, T> run, Action<int, T, int>? done = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var results = new T[count];
        if (count == 0) return results;
        int threads = ParallelBlocks.ThreadCount(maxThreads);
        int side = Math.Min(threads, count), each = Math.Max(1, threads / side);
        if (side == 1)
        {
            for (int i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results[i] = run(i, each);
                done?.Invoke(i, results[i], i + 1);
            }
            return results;
        }
        int next = -1, finished = 0;
        var gate = new Lock();
        ExceptionDispatchInfo? failure = null;
        var workers = new Thread[side];
        for (int w = 0; w < side; w++)
        {
            workers[w] = new Thread(() =>
            {
                try
                {
                    while (Volatile.Read(ref failure) is null && !cancellationToken.IsCancellationRequested)
                    {
                        int i = Interlocked.Increment(ref next);
                        if (i >= count) return;
                        var result = run(i, each);
                        results[i] = result;
                        lock (gate) done?.Invoke(i, result, ++finished);
                    }
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                }
            }) { IsBackground = true, Name = $"run worker {w}" };
            workers[w].Start();
        }
        foreach (var t in workers) t.Join();
        failure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
        return results;
    }
}
