using NeuroSharp.Runs;
using Xunit;

namespace NeuroSharp.Tests.Runs;

public sealed class CheckpointRunnerTests
{
    /// <summary>Counts units; optionally cancels or stops itself at a given unit.</summary>
    private sealed class CountingWork(long total, long done = 0) : ICheckpointedWork
    {
        public long TotalUnits => total;

        public long DoneUnits { get; private set; } = done;

        public List<long> Chunks { get; } = [];

        public List<long> Saves { get; } = [];

        public long? StopAt { get; init; }

        public CancellationTokenSource? CancelAt3 { get; init; }

        public bool RunChunk(long count, IProgress<WorkProgress> progress, CancellationToken cancellationToken)
        {
            Chunks.Add(count);
            for (long i = 0; i < count; i++)
            {
                if (cancellationToken.IsCancellationRequested) return true;
                if (DoneUnits == StopAt) return false;
                DoneUnits++;
                progress.Report(new WorkProgress(DoneUnits, $"unit {DoneUnits}"));
                if (DoneUnits == 3) CancelAt3?.Cancel();
            }
            return true;
        }

        public void SaveCheckpoint() => Saves.Add(DoneUnits);
    }

    [Fact]
    public void Run_WholeWork_RunsChunksAndSavesAfterEach()
    {
        var work = new CountingWork(10);
        var outcome = CheckpointRunner.Run(work, 4);
        Assert.Equal([4L, 4, 2], work.Chunks);
        Assert.Equal([4L, 8, 10], work.Saves);
        Assert.Equal(new RunOutcome(10, Interrupted: false, Stopped: false), outcome);
    }

    [Fact]
    public void Run_Resumed_RunsOnlyWhatIsLeftAndReportsItsShare()
    {
        var work = new CountingWork(10, done: 6);
        var reports = new List<RunProgress>();
        var outcome = CheckpointRunner.Run(work, 100, new ProgressCallback<RunProgress>(reports.Add));
        Assert.Equal([4L], work.Chunks);
        Assert.Equal(4, outcome.UnitsRun);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], reports.Select(r => r.Fraction));
        Assert.Equal("unit 10", reports[^1].Status);
        Assert.All(reports, r => Assert.Equal(10, r.Total));
    }

    [Fact]
    public void Run_CancelledMidChunk_SavesWhereItStoppedAndSaysInterrupted()
    {
        using var cts = new CancellationTokenSource();
        var work = new CountingWork(10) { CancelAt3 = cts };
        var outcome = CheckpointRunner.Run(work, 5, null, cts.Token);
        Assert.Equal([5L], work.Chunks);
        Assert.Equal([3L], work.Saves);
        Assert.True(outcome.Interrupted);
        Assert.False(outcome.Stopped);
    }

    [Fact]
    public void Run_CancelledOnTheLastUnit_IsNotInterrupted()
    {
        using var cts = new CancellationTokenSource();
        var work = new CountingWork(3) { CancelAt3 = cts };
        var outcome = CheckpointRunner.Run(work, 2, null, cts.Token);
        Assert.Equal([2L, 3], work.Saves);
        Assert.False(outcome.Interrupted);
    }

    [Fact]
    public void Run_WorkStopsItself_StopsWithoutSavingThatChunk()
    {
        var work = new CountingWork(10) { StopAt = 5 };
        var outcome = CheckpointRunner.Run(work, 2);
        Assert.Equal([2L, 4], work.Saves);
        Assert.True(outcome.Stopped);
        Assert.False(outcome.Interrupted);
        Assert.Equal(5, outcome.UnitsRun);
    }

    [Fact]
    public void Run_NothingLeft_RunsNoChunk()
    {
        var work = new CountingWork(5, done: 7);
        var outcome = CheckpointRunner.Run(work, 2);
        Assert.Empty(work.Chunks);
        Assert.Empty(work.Saves);
        Assert.Equal(0, outcome.UnitsRun);
    }

    [Fact]
    public void Run_ChunkBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CheckpointRunner.Run(new CountingWork(5), 0));
    }
}
