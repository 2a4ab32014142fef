using System.Collections.Concurrent;
using System.Security.Cryptography;
using NeuroSharp.Data;

namespace NeuroSharp.Studio.Clustering;

/// <summary>The meta-clustering runs of a studio server: at most <see cref="MaxRunning"/> running and <see cref="MaxKept"/> kept.</summary>
internal sealed class ClusteringRegistry(MnistRepository? mnist) : IAsyncDisposable
{
    /// <summary>Runs that may fit at once (each uses one core).</summary>
    public const int MaxRunning = 2;

    /// <summary>Runs kept for their pages; the oldest finished one makes room.</summary>
    public const int MaxKept = 8;

    private readonly ConcurrentDictionary<string, ClusteringJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly object _gate = new();

    /// <summary>Starts a run.</summary>
    /// <param name="request">What to fit.</param>
    /// <returns>The run.</returns>
    /// <exception cref="InvalidInputException">The request is invalid.</exception>
    /// <exception cref="StudioLimitException">Too many runs are running.</exception>
    public ClusteringJob Start(ClusteringRequest request)
    {
        ClusteringJob job;
        var evicted = new List<ClusteringJob>();
        lock (_gate)
        {
            if (_jobs.Values.Count(j => !j.IsFinished) >= MaxRunning)
                throw new StudioLimitException($"{MaxRunning} meta-clustering runs are running already; stop one first (POST /api/clustering/ID/stop).");
            while (_jobs.Count >= MaxKept && _order.TryDequeue(out string? old))
            {
                if (_jobs.TryRemove(old, out var j)) evicted.Add(j);
            }
            job = new ClusteringJob(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), request, mnist);
            _jobs[job.Id] = job;
            _order.Enqueue(job.Id);
        }
        foreach (var j in evicted) _ = j.DisposeAsync().AsTask();
        return job;
    }

    /// <summary>A run by id, or null.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The run or null.</returns>
    public ClusteringJob? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var j in _jobs.Values) await j.DisposeAsync().ConfigureAwait(false);
        _jobs.Clear();
    }
}
