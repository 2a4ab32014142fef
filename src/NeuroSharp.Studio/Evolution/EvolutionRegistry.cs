namespace NeuroSharp.Studio.Evolution;

/// <summary>
/// The evolution runs of a studio server (<see cref="WatchedJobRegistry{TJob}"/>: at most two running, each on one
/// core, and eight kept, stopped runs staying so that they can resume, each counted against the studio's memory until
/// it is forgotten). <see cref="WatchedJobRegistry{TJob}.SweepAsync"/> stops and forgets runs that no page watches and
/// no request used for <see cref="StudioOptions.IdleTimeout"/>.
/// </summary>
internal sealed class EvolutionRegistry : WatchedJobRegistry<EvolutionJob>
{
    /// <summary>Creates the registry.</summary>
    /// <param name="memory">The studio's memory count.</param>
    /// <param name="idleTimeout">How long a run lives that no page watches and no request uses.</param>
    public EvolutionRegistry(RunMemory memory, TimeSpan idleTimeout)
        : base(memory, idleTimeout, "evolution", "evolution")
    {
    }

    /// <summary>Starts a run.</summary>
    /// <param name="request">What to evolve.</param>
    /// <returns>The run.</returns>
    /// <exception cref="InvalidInputException">The request is invalid, or needs more memory than the limit.</exception>
    /// <exception cref="StudioLimitException">Too many runs are running, or the live runs hold the memory it needs.</exception>
    public EvolutionJob Start(EvolutionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (task, _, settings) = request.Validate(Memory.Budget);
        long estimate = request.EstimateBytes(task);
        string what = $"The evolution run of '{task.Name}' with {settings.Algorithm}";
        // Too large for the limit is bad input whatever runs now (400), before any count of running runs (429).
        Memory.Budget.Require(what, estimate);
        return Start(what, estimate, (id, memory) => new EvolutionJob(id, request, memory, Memory.Budget));
    }

    /// <summary>Resumes a stopped run, within the running limit.</summary>
    /// <param name="job">The run.</param>
    /// <exception cref="StudioLimitException">Two runs are running already.</exception>
    /// <exception cref="InvalidInputException">The run is not stopped.</exception>
    public void Resume(EvolutionJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (Gate)
        {
            if (!job.IsRunning) CheckRunning();
            job.Resume();
        }
    }

    /// <inheritdoc />
    protected override bool IsRunning(EvolutionJob job) => job.IsRunning;
}
