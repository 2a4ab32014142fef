namespace NeuroSharp.Runs;

/// <summary>
/// Long work that runs in chunks and can save its state between them, so that a later run continues
/// where it stopped (docs/design.md, "Long runs"). <see cref="CheckpointRunner"/> drives it: a chunk,
/// a checkpoint, the next chunk, until <see cref="DoneUnits"/> reaches <see cref="TotalUnits"/> or the
/// run is cancelled. A unit is whatever the work counts: samples presented, images, epochs.
/// </summary>
public interface ICheckpointedWork
{
    /// <summary>The units the whole run needs, including those done by earlier (resumed) runs.</summary>
    long TotalUnits { get; }

    /// <summary>The units done so far, including those done by earlier (resumed) runs.</summary>
    long DoneUnits { get; }

    /// <summary>Runs at most <paramref name="count"/> units, or fewer when <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="count">The most units to run (at least 1).</param>
    /// <param name="progress">Receives <see cref="WorkProgress"/> with the units done overall.</param>
    /// <param name="cancellationToken">Stops the chunk at the next point where the work can be saved and resumed.</param>
    /// <returns>
    /// True to go on (the runner then saves a checkpoint); false when the work ended itself and its state
    /// must not be saved (e.g. training diverged): the runner stops without a checkpoint.
    /// </returns>
    bool RunChunk(long count, IProgress<WorkProgress> progress, CancellationToken cancellationToken);

    /// <summary>Saves the state reached, from which a later run resumes (written atomically).</summary>
    void SaveCheckpoint();
}

/// <summary>What a chunk reports while it runs.</summary>
/// <param name="Done">Units done overall (fractional within a unit, e.g. an epoch part-way).</param>
/// <param name="MakeStatus">
/// Makes a short status for the progress display (or empty) when the display shows it, so that a rate in it can cover the
/// time since it was last shown (<see cref="IntervalRate"/>).
/// </param>
public readonly record struct WorkProgress(double Done, Func<string> MakeStatus)
{
    /// <summary>Progress with a status made at once.</summary>
    /// <param name="done">Units done overall.</param>
    /// <param name="status">A short status for the progress display, or empty.</param>
    public WorkProgress(double done, string status)
        : this(done, () => status)
    {
    }

    /// <summary>The status, made now.</summary>
    public string Status => MakeStatus?.Invoke() ?? "";
}
