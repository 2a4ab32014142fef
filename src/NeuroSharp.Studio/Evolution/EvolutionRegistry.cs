using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace NeuroSharp.Studio.Evolution;

/// <summary>
/// The evolution runs of a studio server: at most <see cref="MaxRunning"/> running (each on one core) and
/// <see cref="MaxKept"/> kept (stopped runs stay so that they can resume), each counted against the studio's
/// memory (<see cref="RunMemory"/>) until it is forgotten. <see cref="SweepAsync"/> stops and forgets runs that no
/// page watches and no request used for <see cref="StudioOptions.IdleTimeout"/>.
/// </summary>
internal sealed class EvolutionRegistry : IAsyncDisposable
{
    /// <summary>Runs that may evolve at once (each uses one core).</summary>
    public const int MaxRunning = 2;

    /// <summary>Runs kept for their pages; the oldest one not running makes room.</summary>
    public const int MaxKept = 8;

    private readonly ConcurrentDictionary<string, (EvolutionJob Job, long Order)> _jobs = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly RunMemory _memory;
    private readonly TimeSpan _idleTimeout;
    private long _order;

    /// <summary>Creates the registry.</summary>
    /// <param name="memory">The studio's memory count.</param>
    /// <param name="idleTimeout">How long a run lives that no page watches and no request uses.</param>
    public EvolutionRegistry(RunMemory memory, TimeSpan idleTimeout)
    {
        _memory = memory;
        _idleTimeout = idleTimeout;
    }

    /// <summary>Runs kept now (running or not).</summary>
    public int Count => _jobs.Count;

    /// <summary>Starts a run.</summary>
    /// <param name="request">What to evolve.</param>
    /// <returns>The run.</returns>
    /// <exception cref="InvalidInputException">The request is invalid, or needs more memory than the limit.</exception>
    /// <exception cref="StudioLimitException">Too many runs are running, or the live runs hold the memory it needs.</exception>
    public EvolutionJob Start(EvolutionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (task, _, settings) = request.Validate();
        long estimate = request.EstimateBytes(task);
        string what = $"The evolution run of '{task.Name}' with {settings.Algorithm}";
        // Too large for the limit is bad input whatever runs now (400), before any count of running runs (429).
        _memory.Budget.Require(what, estimate);
        var evicted = new List<EvolutionJob>();
        try
        {
            lock (_gate)
            {
                CheckRunning();
                foreach (var (id, entry) in _jobs.Where(j => !j.Value.Job.IsRunning).OrderBy(j => j.Value.Order).ToList())
                {
                    if (_jobs.Count < MaxKept) break;
                    if (!_jobs.TryRemove(id, out _)) continue;
                    entry.Job.Forget();
                    evicted.Add(entry.Job);
                }
                if (_jobs.Count >= MaxKept)
                    throw new StudioLimitException($"{MaxKept} evolution runs are kept already; stop one and let its page close first.");
                var memory = _memory.Reserve(what, estimate);
                EvolutionJob job;
                try
                {
                    job = new EvolutionJob(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), request, memory);
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

    /// <summary>Resumes a stopped run, within the running limit.</summary>
    /// <param name="job">The run.</param>
    /// <exception cref="StudioLimitException">Two runs are running already.</exception>
    /// <exception cref="InvalidInputException">The run is not stopped.</exception>
    public void Resume(EvolutionJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_gate)
        {
            if (!job.IsRunning) CheckRunning();
            job.Resume();
        }
    }

    /// <summary>A run by id, or null.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The run or null.</returns>
    public EvolutionJob? Find(string id) => _jobs.TryGetValue(id, out var entry) ? entry.Job : null;

    /// <summary>Stops and forgets the runs nobody used for the idle timeout; their memory goes back to the count.</summary>
    /// <returns>The runs forgotten.</returns>
    public async Task<int> SweepAsync()
    {
        var forgotten = new List<EvolutionJob>();
        lock (_gate)
        {
            foreach (var (id, entry) in _jobs.ToList())
            {
                var job = entry.Job;
                if (job.ClientCount > 0 || job.IdleFor < _idleTimeout || !_jobs.TryRemove(id, out _)) continue;
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

    private void CheckRunning()
    {
        if (_jobs.Values.Count(j => j.Job.IsRunning) >= MaxRunning)
            throw new StudioLimitException($"{MaxRunning} evolution runs are running already; stop one first (POST /api/evolution/ID/stop).");
    }
}
