namespace NeuroSharp.Tests;

/// <summary>Runs side by side: results in index order, the threads shared out, progress once per run, failures passed on.</summary>
public class ParallelRunsTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 2, 1)]
    [InlineData(3, 3, 1)]
    [InlineData(8, 5, 1)] // more threads than runs: 5 at a time, one thread each (8 / 5)
    public void Map_ManyRuns_GivesResultsInIndexOrderWithTheirShareOfThreads(int threads, int side, int each)
    {
        const int count = 5;
        int running = 0, most = 0;
        var told = new List<(int Index, int Finished)>();
        var results = ParallelRuns.Map(count, threads, (i, t) =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(20 * (count - i)); // the first runs take longest: they finish out of order when side by side
            Interlocked.Decrement(ref running);
            return (Index: i, Threads: t);
        }, (i, r, finished) => told.Add((i, finished)));
        Assert.Equal(Enumerable.Range(0, count), results.Select(r => r.Index));
        Assert.All(results, r => Assert.Equal(each, r.Threads));
        Assert.InRange(most, 1, side);
        Assert.Equal(Enumerable.Range(1, count), told.Select(t => t.Finished));
        Assert.Equal(Enumerable.Range(0, count), told.Select(t => t.Index).Order());
    }

    [Fact]
    public void Map_OneRun_GetsEveryThread()
    {
        var results = ParallelRuns.Map(1, 4, (i, t) => t);
        Assert.Equal([4], results);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Map_ARunThrows_ThrowsItsException(int threads)
    {
        var e = Assert.Throws<InvalidInputException>(() => ParallelRuns.Map(6, threads, (i, _) => i == 3 ? throw new InvalidInputException("run 3 failed") : i));
        Assert.Equal("run 3 failed", e.Message);
    }

    [Fact]
    public void Map_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => ParallelRuns.Map(4, 2, (i, _) => i, cancellationToken: cts.Token));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
