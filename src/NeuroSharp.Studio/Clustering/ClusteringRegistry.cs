using NeuroSharp.Data;

namespace NeuroSharp.Studio.Clustering;

/// <summary>
/// The meta-clustering runs of a studio server (<see cref="WatchedJobRegistry{TJob}"/>: at most two running and
/// eight kept, each counted against the studio's memory). <see cref="WatchedJobRegistry{TJob}.SweepAsync"/> forgets
/// ended runs once their result was read and no page watches them (or after <see cref="StudioOptions.IdleTimeout"/>
/// unread), and stops and forgets running ones that no page or request used for that long.
/// </summary>
internal sealed class ClusteringRegistry : WatchedJobRegistry<ClusteringJob>
{
    private readonly MnistRepository? _mnist;

    /// <summary>Creates the registry.</summary>
    /// <param name="mnist">Where MNIST comes from (null: the default cache).</param>
    /// <param name="memory">The studio's memory count.</param>
    /// <param name="idleTimeout">How long an unwatched run lives unused, and an ended one unread.</param>
    public ClusteringRegistry(MnistRepository? mnist, RunMemory memory, TimeSpan idleTimeout)
        : base(memory, idleTimeout, "meta-clustering", "clustering")
    {
        _mnist = mnist;
    }

    /// <summary>Starts a run.</summary>
    /// <param name="request">What to fit.</param>
    /// <returns>The run.</returns>
    /// <exception cref="InvalidInputException">The request is invalid, or needs more memory than the limit.</exception>
    /// <exception cref="StudioLimitException">Too many runs are running, or the running ones hold the memory it needs.</exception>
    public ClusteringJob Start(ClusteringRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Start($"The clustering run on '{request.Data}' (meta {request.Meta} x clusters {request.Clusters})", request.EstimateBytes(),
            (id, memory) => new ClusteringJob(id, request, _mnist, memory));
    }

    /// <inheritdoc />
    protected override bool IsRunning(ClusteringJob job) => !job.IsFinished;

    /// <summary>An ended run once its result was read or after the idle timeout unread; a running one unused for the idle timeout.</summary>
    /// <param name="job">The run.</param>
    /// <returns>Whether to forget it.</returns>
    protected override bool Expired(ClusteringJob job) => job.IsFinished
        ? job.ResultRead || job.FinishedFor >= IdleTimeout
        : job.IdleFor >= IdleTimeout;
}
