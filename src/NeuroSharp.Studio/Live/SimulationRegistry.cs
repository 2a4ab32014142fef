using System.Collections.Concurrent;
using System.Security.Cryptography;
using NeuroSharp.Spiking;

namespace NeuroSharp.Studio.Live;

/// <summary>The live simulations of a studio server, by id, at most <see cref="StudioOptions.MaxSimulations"/>.</summary>
internal sealed class SimulationRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, LiveSimulation> _simulations = new(StringComparer.Ordinal);
    private readonly StudioOptions _options;
    private readonly object _createGate = new();

    /// <summary>Creates the registry.</summary>
    /// <param name="options">The studio's limits.</param>
    public SimulationRegistry(StudioOptions options) => _options = options;

    /// <summary>Simulations now.</summary>
    public int Count => _simulations.Count;

    /// <summary>Builds a new simulation; when the limit is reached, the longest idle simulation that no page watches makes room.</summary>
    /// <param name="spec">The network.</param>
    /// <returns>The simulation.</returns>
    /// <exception cref="InvalidInputException">The network cannot be built.</exception>
    /// <exception cref="StudioLimitException">Every simulation is watched by a page.</exception>
    public LiveSimulation Create(NetworkSpec spec)
    {
        LiveSimulation? evicted = null;
        LiveSimulation created;
        lock (_createGate)
        {
            if (_simulations.Count >= _options.MaxSimulations)
            {
                evicted = _simulations.Values.Where(s => s.ClientCount == 0).OrderByDescending(s => s.IdleFor).FirstOrDefault()
                    ?? throw new StudioLimitException($"The studio already runs {_options.MaxSimulations} simulations, each watched by a page; close a page or delete a simulation first.");
                _simulations.TryRemove(evicted.Id, out _);
            }
            string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            created = new LiveSimulation(id, spec, _options);
            _simulations[id] = created;
        }
        if (evicted is not null) _ = evicted.DisposeAsync().AsTask();
        return created;
    }

    /// <summary>The simulation with an id, or null.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The simulation or null.</returns>
    public LiveSimulation? Find(string id) => _simulations.GetValueOrDefault(id);

    /// <summary>Stops and forgets a simulation.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True if it existed.</returns>
    public async Task<bool> RemoveAsync(string id)
    {
        if (!_simulations.TryRemove(id, out var s)) return false;
        await s.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var id in _simulations.Keys.ToList()) await RemoveAsync(id).ConfigureAwait(false);
    }
}
