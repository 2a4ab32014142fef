namespace NeuroSharp.Runs;

/// <summary>
/// Runs an <see cref="ICheckpointedWork"/> in chunks, saving a checkpoint after each chunk (also one cut
/// short by cancellation), and reports progress as the share of what this run has left
/// (docs/design.md, "Long runs"). The chunking never changes the results: works present their samples
/// by the global count, so a run cut into chunks, or stopped and resumed, matches an uninterrupted one.
/// </summary>
public static class CheckpointRunner
{
    /// <summary>Runs <paramref name="work"/> to its end, to cancellation, or until it stops itself.</summary>
    /// <param name="work">The work.</param>
    /// <param name="chunkUnits">Units between checkpoints (at least 1).</param>
    /// <param name="progress">Receives progress on the working thread, or null.</param>
    /// <param name="cancellationToken">Ends the current chunk early; its state is saved, then the run returns.</param>
    /// <returns>How the run ended.</returns>
    public static RunOutcome Run(ICheckpointedWork work, long chunkUnits, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkUnits, 1);
        long total = work.TotalUnits;
        long start = work.DoneUnits;
        var chunkProgress = new ProgressCallback<WorkProgress>(p =>
            progress?.Report(new RunProgress((p.Done - start) / Math.Max(1, total - start), p.Done, total, p.MakeStatus)));
        bool stopped = false;
        while (work.DoneUnits < total && !cancellationToken.IsCancellationRequested)
        {
            long chunk = Math.Min(chunkUnits, total - work.DoneUnits);
            if (!work.RunChunk(chunk, chunkProgress, cancellationToken))
            {
                stopped = true;
                break;
            }
            work.SaveCheckpoint();
        }
        bool interrupted = !stopped && cancellationToken.IsCancellationRequested && work.DoneUnits < total;
        return new RunOutcome(work.DoneUnits - start, interrupted, stopped);
    }
}

/// <summary>Progress of a checkpointed run.</summary>
/// <param name="Fraction">The share done of what this run had left when it started, in [0, 1].</param>
/// <param name="Done">Units done overall.</param>
/// <param name="Total">Units of the whole run.</param>
/// <param name="MakeStatus">Makes the work's status text (or empty) when it is shown (<see cref="WorkProgress.MakeStatus"/>).</param>
public readonly record struct RunProgress(double Fraction, double Done, long Total, Func<string> MakeStatus)
{
    /// <summary>The work's status text, made now.</summary>
    public string Status => MakeStatus?.Invoke() ?? "";
}

/// <summary>How a checkpointed run ended.</summary>
/// <param name="UnitsRun">Units done by this run.</param>
/// <param name="Interrupted">Cancelled before the end; the last checkpoint holds the state reached.</param>
/// <param name="Stopped">The work stopped itself (e.g. diverged); nothing was saved after the chunk that stopped.</param>
public sealed record RunOutcome(long UnitsRun, bool Interrupted, bool Stopped);
