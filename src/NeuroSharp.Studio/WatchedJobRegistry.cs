using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace NeuroSharp.Studio;

/// <summary>
/// The runs of one kind that a studio server keeps for its pages (<see cref="WatchedJob"/>): at most
/// <see cref="MaxRunning"/> running (each on one core) and <see cref="MaxKept"/> kept, the oldest one not running
/// making room, each counted against the studio's memory (<see cref="RunMemory"/>) from before it starts until it
/// is forgotten. <see cref="SweepAsync"/> forgets the runs that no page watches and that <see cref="Expired"/> says
/// nobody needs any more.
/// </summary>
/// <typeparam name="TJob">The kind of run.</typeparam>
internal abstract class WatchedJobRegistry<TJob> : IAsyncDisposable
    where TJob : WatchedJob
{
    /// <summary>Runs that may run at once (each uses one core).</summary>
    public const int MaxRunning = 2;

    /// <summary>Runs kept for their pages; the oldest one not running makes room.</summary>
    public const int MaxKept = 8;

    private readonly ConcurrentDictionary<string, (TJob Job, long Order)> _jobs = new(StringComparer.Ordinal);
    private readonly string _runs;
    private readonly string _route;
    private long _order;

    /// <summary>Creates the registry.</summary>
    /// <param name="memory">The studio's memory count.</param>
    /// <param name="idleTimeout">How long a run lives that no page watches and no request uses.</param>
    /// <param name="runs">What its messages call a run ("evolution").</param>
    /// <param name="route">The runs' address under /api ("evolution").</param>
    protected WatchedJobRegistry(RunMemory memory, TimeSpan idleTimeout, string runs, string route)
    {
        Memory = memory;
        IdleTimeout = idleTimeout;
        _runs = runs;
        _route = route;
    }

    /// <summary>Runs kept now (running or not).</summary>
    public int Count => _jobs.Count;

    /// <summary>The studio's memory count.</summary>
    protected RunMemory Memory { get; }

    /// <summary>How long a run lives that no page watches and no request uses.</summary>
    protected TimeSpan IdleTimeout { get; }

    /// <summary>The lock under which runs start, resume and are forgotten.</summary>
    protected object Gate { get; } = new();

    /// <summary>A run by id, or null.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The run or null.</returns>
    public TJob? Find(string id) => _jobs.TryGetValue(id, out var entry) ? entry.Job : null;

    /// <summary>Forgets the runs nobody needs any more (see the class); their memory goes back to the count.</summary>
    /// <returns>The runs forgotten.</returns>
    public async Task<int> SweepAsync()
    {
        var forgotten = new List<TJob>();
        lock (Gate)
        {
            foreach (var (id, entry) in _jobs.ToList())
            {
                var job = entry.Job;
                if (job.ClientCount > 0 || !Expired(job) || !_jobs.TryRemove(id, out _)) continue;
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

    /// <summary>True while the run uses its core.</summary>
    /// <param name="job">The run.</param>
    /// <returns>Whether it runs.</returns>
    protected abstract bool IsRunning(TJob job);

    /// <summary>True when a run that no page watches may be forgotten; by default when no request used it for the idle timeout.</summary>
    /// <param name="job">The run.</param>
    /// <returns>Whether to forget it.</returns>
    protected virtual bool Expired(TJob job) => job.IdleFor >= IdleTimeout;

    /// <summary>Starts a run: within the running and kept limits (forgetting the oldest runs not running to make room), and with its memory reserved.</summary>
    /// <param name="what">The run in the memory count's messages.</param>
    /// <param name="estimate">Its memory estimate in bytes.</param>
    /// <param name="create">Makes the run from a new id and its memory reservation (it throws for a bad request).</param>
    /// <returns>The run.</returns>
    /// <exception cref="InvalidInputException">The request is invalid, or needs more memory than the limit.</exception>
    /// <exception cref="StudioLimitException">Too many runs are running, or the running ones hold the memory it needs.</exception>
    protected TJob Start(string what, long estimate, Func<string, RunMemory.Lease, TJob> create)
    {
        var evicted = new List<TJob>();
        try
        {
            lock (Gate)
            {
                CheckRunning();
                foreach (var (id, entry) in _jobs.Where(j => !IsRunning(j.Value.Job)).OrderBy(j => j.Value.Order).ToList())
                {
                    if (_jobs.Count < MaxKept) break;
                    if (!_jobs.TryRemove(id, out _)) continue;
                    entry.Job.Forget();
                    evicted.Add(entry.Job);
                }
                if (_jobs.Count >= MaxKept)
                    throw new StudioLimitException($"{MaxKept} {_runs} runs are kept already; stop one and let its page close first.");
                var memory = Memory.Reserve(what, estimate);
                TJob job;
                try
                {
                    job = create(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), memory);
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

    /// <summary>Refuses a start (or a resume) when <see cref="MaxRunning"/> runs are running (under <see cref="Gate"/>).</summary>
    /// <exception cref="StudioLimitException">They are.</exception>
    protected void CheckRunning()
    {
        if (_jobs.Values.Count(j => IsRunning(j.Job)) >= MaxRunning)
            throw new StudioLimitException($"{MaxRunning} {_runs} runs are running already; stop one first (POST /api/{_route}/ID/stop).");
    }
}
