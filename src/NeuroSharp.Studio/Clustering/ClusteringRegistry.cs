using System.Collections.Concurrent;
using System.Security.Cryptography;
using NeuroSharp.Data;

namespace NeuroSharp.Studio.Clustering;

/// <summary>
/// The meta-clustering runs of a studio server: at most <see cref="MaxRunning"/> running and
/// <see cref="MaxKept"/> kept, each counted against the studio's memory (<see cref="RunMemory"/>) from
/// before it starts until it is forgotten. <see cref="SweepAsync"/> forgets ended runs once their result was
/// read and no page watches them (or after <see cref="StudioOptions.IdleTimeout"/> unread), and stops and
/// forgets running ones that no page or request used for that long.
/// </summary>
internal sealed class ClusteringRegistry : IAsyncDisposable
{
    /// <summary>Runs that may fit at once (each uses one core).</summary>
    public const int MaxRunning = 2;

    /// <summary>Runs kept for their pages; the oldest ended one makes room.</summary>
    public const int MaxKept = 8;

    private readonly ConcurrentDictionary<string, (ClusteringJob Job, long Order)> _jobs = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly MnistRepository? _mnist;
    private readonly RunMemory _memory;
    private readonly TimeSpan _idleTimeout;
    private long _order;

    /// <summary>Creates the registry.</summary>
    /// <param name="mnist">Where MNIST comes from (null: the default cache).</param>
    /// <param name="memory">The studio's memory count.</param>
    /// <param name="idleTimeout">How long an unwatched run lives unused, and an ended one unread.</param>
    public ClusteringRegistry(MnistRepository? mnist, RunMemory memory, TimeSpan idleTimeout)
    {
        _mnist = mnist;
        _memory = memory;
        _idleTimeout = idleTimeout;
    }

    /// <summary>Runs kept now (running or ended).</summary>
    public int Count => _jobs.Count;

    /// <summary>Starts a run.</summary>
    /// <param name="request">What to fit.</param>
    /// <returns>The run.</returns>
    /// <exception cref="InvalidInputException">The request is invalid, or needs more memory than the limit.</exception>
    /// <exception cref="StudioLimitException">Too many runs are running, or the running ones hold the memory it needs.</exception>
    public ClusteringJob Start(ClusteringRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        long estimate = request.EstimateBytes();
        var evicted = new List<ClusteringJob>();
        try
        {
            lock (_gate)
            {
                if (_jobs.Values.Count(j => !j.Job.IsFinished) >= MaxRunning)
                    throw new StudioLimitException($"{MaxRunning} meta-clustering runs are running already; stop one first (POST /api/clustering/ID/stop).");
                foreach (var (id, entry) in _jobs.Where(j => j.Value.Job.IsFinished).OrderBy(j => j.Value.Order).ToList())
                {
                    if (_jobs.Count < MaxKept) break;
                    if (!_jobs.TryRemove(id, out _)) continue;
                    entry.Job.Forget();
                    evicted.Add(entry.Job);
                }
                var memory = _memory.Reserve($"The clustering run on '{request.Data}' (meta {request.Meta} x clusters {request.Clusters})", estimate);
                ClusteringJob job;
                try
                {
                    job = new ClusteringJob(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), request, _mnist, memory);
                }
                catch
                {
                    memory.Dispose();
                    throw;
                }
                _jobs[job.Id] = (job, ++_order);
                return job;
            }
        }
        finally
        {
            foreach (var j in evicted) _ = j.DisposeAsync().AsTask();
        }
    }

    /// <summary>A run by id, or null.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The run or null.</returns>
    public ClusteringJob? Find(string id) => _jobs.TryGetValue(id, out var entry) ? entry.Job : null;

    /// <summary>Forgets the runs nobody needs any more (see the class); their memory goes back to the count.</summary>
    /// <returns>The runs forgotten.</returns>
    public async Task<int> SweepAsync()
    {
        var forgotten = new List<ClusteringJob>();
        lock (_gate)
        {
            foreach (var (id, entry) in _jobs.ToList())
            {
                var job = entry.Job;
                if (job.ClientCount > 0) continue;
                bool expired = job.IsFinished
                    ? job.ResultRead || job.FinishedFor >= _idleTimeout
                    : job.IdleFor >= _idleTimeout;
                if (!expired || !_jobs.TryRemove(id, out _)) continue;
                job.Forget();
                forgotten.Add(job);
            }
        }
        foreach (var job in forgotten) await job.DisposeAsync().ConfigureAwait(false);
        return forgotten.Count;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var id in _jobs.Keys.ToList())
        {
            if (_jobs.TryRemove(id, out var entry)) await entry.Job.DisposeAsync().ConfigureAwait(false);
        }
    }
}
