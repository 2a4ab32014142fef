using System.Collections.Concurrent;
using System.Security.Cryptography;
using NeuroSharp.Spiking;

namespace NeuroSharp.Studio.Live;

/// <summary>
/// The live simulations of a studio server, by id, at most <see cref="StudioOptions.MaxSimulations"/>,
/// each counted against the studio's memory (<see cref="RunMemory"/>, <see cref="LiveLimits.EstimateBytes"/>)
/// until it is forgotten. A simulation whose last page closed is stopped and forgotten after
/// <see cref="StudioOptions.ClosedPageGrace"/> (<see cref="ReleaseIfClosedAsync"/>); <see cref="SweepAsync"/> stops
/// and forgets the simulations that no page watches and no request used for <see cref="StudioOptions.IdleTimeout"/>.
/// </summary>
internal sealed class SimulationRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, LiveSimulation> _simulations = new(StringComparer.Ordinal);
    private readonly StudioOptions _options;
    private readonly RunMemory _memory;
    private readonly object _createGate = new();

    /// <summary>Creates the registry.</summary>
    /// <param name="options">The studio's limits.</param>
    /// <param name="memory">The studio's memory count.</param>
    public SimulationRegistry(StudioOptions options, RunMemory memory)
    {
        _options = options;
        _memory = memory;
    }

    /// <summary>Simulations now.</summary>
    public int Count => _simulations.Count;

    /// <summary>The simulations now (a copy).</summary>
    public IReadOnlyList<LiveSimulation> All => _simulations.Values.ToList();

    /// <summary>
    /// Builds a new simulation; when the limit is reached, the longest idle simulation that no page watches makes room,
    /// but not one created less than <see cref="StudioOptions.ConnectGrace"/> ago whose page is still connecting.
    /// </summary>
    /// <param name="spec">The network.</param>
    /// <returns>The simulation.</returns>
    /// <exception cref="InvalidInputException">The network cannot be built, or needs more memory than the limit.</exception>
    /// <exception cref="StudioLimitException">Every simulation is watched by a page, or the running ones hold the memory it needs.</exception>
    public LiveSimulation Create(NetworkSpec spec)
    {
        long estimate = LiveLimits.EstimateBytes(spec, _options);
        LiveSimulation? evicted = null;
        try
        {
            lock (_createGate)
            {
                if (_simulations.Count >= _options.MaxSimulations)
                {
                    evicted = _simulations.Values.Where(s => s.ClientCount == 0 && (s.EverWatched || s.IdleFor >= _options.ConnectGrace)).OrderByDescending(s => s.IdleFor).FirstOrDefault()
                        ?? throw new StudioLimitException(
                            $"The studio already runs {_options.MaxSimulations} simulations, each watched by a page (or just created for one); close a page or delete a simulation first " +
                            $"(or start the studio with `{StudioOptions.CommandName} --max-simulations N`).");
                    _simulations.TryRemove(evicted.Id, out _);
                    evicted.Forget();
                }
                var memory = Reserve(spec, estimate);
                string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                LiveSimulation created;
                try
                {
                    created = new LiveSimulation(id, spec, _options, memory);
                }
                catch
                {
                    memory.Dispose();
                    throw;
                }
                _simulations[id] = created;
                return created;
            }
        }
        finally
        {
            if (evicted is not null) _ = evicted.DisposeAsync().AsTask();
        }
    }

    /// <summary>The simulation with an id, or null.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The simulation or null.</returns>
    public LiveSimulation? Find(string id) => _simulations.GetValueOrDefault(id);

    /// <summary>Replaces a simulation's network, counting the new network's memory (and the old one's until it is gone).</summary>
    /// <param name="simulation">The simulation.</param>
    /// <param name="spec">The new network.</param>
    /// <exception cref="InvalidInputException">The network cannot be built or needs more memory than the limit; nothing changed.</exception>
    /// <returns>True if the edit was applied to the running engine, false if the run restarted from step 0 (<see cref="LiveSimulation.Replace"/>).</returns>
    /// <exception cref="StudioLimitException">The running runs hold the memory it needs; nothing changed.</exception>
    public bool Replace(LiveSimulation simulation, NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var memory = Reserve(spec, LiveLimits.EstimateBytes(spec, _options));
        try
        {
            return simulation.Replace(spec, memory);
        }
        catch
        {
            memory.Dispose();
            throw;
        }
    }

    /// <summary>Stops and forgets a simulation.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True if it existed.</returns>
    public async Task<bool> RemoveAsync(string id)
    {
        if (!_simulations.TryRemove(id, out var s)) return false;
        s.Forget();
        await s.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Called when a page's stream ends: if no page watches the simulation after <see cref="StudioOptions.ClosedPageGrace"/>
    /// stops and forgets it, so closed pages do not hold the studio's room and memory.
    /// </summary>
    /// <param name="simulation">The simulation whose page left.</param>
    /// <param name="stopping">Cancelled when the studio stops (its simulations are disposed then anyway).</param>
    /// <returns>True if it was forgotten.</returns>
    public async Task<bool> ReleaseIfClosedAsync(LiveSimulation simulation, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (simulation.ClientCount != 0) return false;
        try
        {
            await Task.Delay(_options.ClosedPageGrace, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return simulation.ClientCount == 0
            && _simulations.TryGetValue(simulation.Id, out var current) && ReferenceEquals(current, simulation)
            && await RemoveAsync(simulation.Id).ConfigureAwait(false);
    }

    /// <summary>Stops and forgets the simulations that no page watches and nothing used for the idle timeout.</summary>
    /// <returns>The simulations forgotten.</returns>
    public async Task<int> SweepAsync()
    {
        int forgotten = 0;
        foreach (var s in _simulations.Values.ToList())
        {
            if (s.ClientCount == 0 && s.IdleFor >= _options.IdleTimeout && await RemoveAsync(s.Id).ConfigureAwait(false)) forgotten++;
        }
        return forgotten;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var id in _simulations.Keys.ToList()) await RemoveAsync(id).ConfigureAwait(false);
    }

    private RunMemory.Lease Reserve(NetworkSpec spec, long estimate) =>
        _memory.Reserve(spec.Name is { } name ? $"The live simulation of '{name}'" : "The live simulation", estimate);
}
