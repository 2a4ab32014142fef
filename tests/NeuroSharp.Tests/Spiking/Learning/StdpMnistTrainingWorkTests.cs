using NeuroSharp.Runs;
using NeuroSharp.Spiking.Learning;

namespace NeuroSharp.Tests.Spiking.Learning;

/// <summary>
/// The status of stdp-mnist's training (<c>experiment run stdp-mnist</c>'s progress line): its images/s is the rate since the
/// status was last made (on a progress line: since the line before), as simulate's steps/s is, not the chunk's average.
/// </summary>
public class StdpMnistTrainingWorkTests
{
    [Fact]
    public void Status_ImagesPerSecond_IsTheRateOverTheLastInterval_AlsoAfterAResume()
    {
        var data = PlantedPatterns.Data();
        var trainer = new StdpMnistTrainer(PlantedPatterns.Options, 1);
        // The statuses are made at images 5 and 10 only; the clock reads 1 s, then 11 s there.
        var times = new Queue<TimeSpan>([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(11)]);
        var work = new StdpMnistTrainingWork(trainer, data, 20, () => { }) { Clock = () => times.Dequeue() };
        var statuses = new List<string>();
        var shown = new HashSet<double>(); // the trainer reports its last image twice (every image, then the end)
        var progress = new ProgressCallback<WorkProgress>(p =>
        {
            if (p.Done is 5 or 10 && shown.Add(p.Done)) statuses.Add(p.Status);
        });
        work.RunChunk(10, progress, CancellationToken.None);
        // 5 images in the first second; then 5 in the next 10 s: 0.5 images/s (the average, 10 / 11 s, would read 0.9).
        Assert.Equal(2, statuses.Count);
        Assert.StartsWith("image 5/20, 5.0 images/s, ", statuses[0], StringComparison.Ordinal);
        Assert.StartsWith("image 10/20, 0.5 images/s, ", statuses[1], StringComparison.Ordinal);

        // A resumed run (10 images done before it) counts from where it started: 5 images in 2 s.
        times = new Queue<TimeSpan>([TimeSpan.FromSeconds(2)]);
        var resumed = new StdpMnistTrainingWork(trainer, data, 20, () => { }) { Clock = () => times.Dequeue() };
        statuses.Clear();
        resumed.RunChunk(10, new ProgressCallback<WorkProgress>(p =>
        {
            if (p.Done is 15 && shown.Add(p.Done)) statuses.Add(p.Status);
        }), CancellationToken.None);
        Assert.StartsWith("image 15/20, 2.5 images/s, ", Assert.Single(statuses), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckpointRunner_PassesTheStatusMakerOn_WithoutMakingIt()
    {
        int made = 0;
        var work = new CountingWork(() => { made++; return "x"; });
        var seen = new List<RunProgress>();
        CheckpointRunner.Run(work, 2, new ProgressCallback<RunProgress>(seen.Add));
        Assert.Equal(4, seen.Count);
        Assert.Equal(0, made); // made only when a display shows it
        Assert.Equal("x", seen[^1].Status);
        Assert.Equal(1, made);
    }

    private sealed class CountingWork(Func<string> status) : ICheckpointedWork
    {
        public long TotalUnits => 4;

        public long DoneUnits { get; private set; }

        public bool RunChunk(long count, IProgress<WorkProgress> progress, CancellationToken cancellationToken)
        {
            for (long i = 0; i < count; i++) progress.Report(new WorkProgress(++DoneUnits, status));
            return true;
        }

        public void SaveCheckpoint()
        {
        }
    }
}
