using NeuroSharp.Evolution.Worlds;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Evolution;

/// <summary>
/// Every neuron's spikes in one window of a network bound to a world (<see cref="SpikingController"/>,
/// <see cref="NetworkBinding"/>), one row per neuron in three labelled groups: the sensors, the hidden neurons, then the
/// motor neurons. What an <see cref="INetworkSpikeObserver"/> reads to draw a raster of the whole network, not only
/// the motor spikes that <see cref="IWorldObserver.OnWorldStep"/> carries.
/// </summary>
/// <remarks>
/// Built once per episode: the row of each population's first neuron is fixed then, so a step adds its spikes with
/// no allocation. A spiking population (or single neuron) is a sensor when it is <c>input</c> (or <c>input.i</c>, or
/// a sensor population of a <see cref="NamedCellMap"/>), a motor when it is <c>output</c> (<c>output.j</c>, a motor
/// population of the map), hidden otherwise; transmitter neurons likewise by their ids.
/// </remarks>
public sealed class NetworkSpikeTally
{
    /// <summary>The groups' labels, in row order.</summary>
    public const string Sensors = "sensors", Hidden = "hidden", Motors = "motor";

    private readonly SpikingEngine _engine;
    private readonly string[] _populations;
    private readonly int[] _populationRow;
    private readonly int[] _transmitterRow;
    private readonly int[] _counts;

    /// <summary>Lays out the rows of a built engine's neurons.</summary>
    /// <param name="network">The network the engine was built from (its transmitter neurons' ids, in engine order).</param>
    /// <param name="engine">The engine that runs it.</param>
    /// <param name="cells">The named-cell convention's map (a connectome), or null.</param>
    public NetworkSpikeTally(NetworkSpec network, SpikingEngine engine, NamedCellMap? cells = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        var sensorCells = cells?.Sensors.SelectMany(g => g).ToHashSet(StringComparer.Ordinal) ?? [];
        var motorCells = cells?.Motors.SelectMany(g => g).ToHashSet(StringComparer.Ordinal) ?? [];
        int RoleOf(string name) =>
            motorCells.Contains(name) || IsNamed(name, IEvolutionTask.OutputPopulation) ? 2
            : sensorCells.Contains(name) || IsNamed(name, IEvolutionTask.InputPopulation) ? 0
            : 1;

        var populations = engine.Populations;
        var transmitterIds = network.Neurons.Where(n => n.Model is TransmitterNeuronSpec).Select(n => n.Id).ToArray();
        if (engine.Transmitters is { } t && t.Count != transmitterIds.Length)
            throw new ArgumentException($"The engine has {t.Count} transmitter neurons; the network lists {transmitterIds.Length}.", nameof(network));
        var sizes = new int[3];
        foreach (var p in populations) sizes[RoleOf(p.Name)] += p.Count;
        foreach (string id in transmitterIds) sizes[RoleOf(id)]++;
        var next = new[] { 0, sizes[0], sizes[0] + sizes[1] };
        Groups =
        [
            new NeuronRowGroup(Sensors, 0, sizes[0]),
            new NeuronRowGroup(Hidden, sizes[0], sizes[1]),
            new NeuronRowGroup(Motors, sizes[0] + sizes[1], sizes[2]),
        ];
        _populations = [.. populations.Select(p => p.Name)];
        _populationRow = new int[populations.Count];
        for (int k = 0; k < populations.Count; k++)
        {
            int role = RoleOf(populations[k].Name);
            _populationRow[k] = next[role];
            next[role] += populations[k].Count;
        }
        _transmitterRow = new int[transmitterIds.Length];
        for (int i = 0; i < transmitterIds.Length; i++) _transmitterRow[i] = next[RoleOf(transmitterIds[i])]++;
        _counts = new int[sizes[0] + sizes[1] + sizes[2]];
    }

    /// <summary>Sensors, hidden, motor: each group's first row and row count (a group may be empty).</summary>
    public IReadOnlyList<NeuronRowGroup> Groups { get; }

    /// <summary>Rows: every neuron of the network, transmitter neurons included.</summary>
    public int NeuronCount => _counts.Length;

    /// <summary>Each row's spikes (releases, for a transmitter neuron) in the last window; valid until the next window.</summary>
    public ReadOnlySpan<int> Counts => _counts;

    /// <summary>Starts a window: every count back to 0.</summary>
    internal void Clear() => Array.Clear(_counts);

    /// <summary>Adds the engine's last step's spikes.</summary>
    internal void AddStep()
    {
        for (int k = 0; k < _populations.Length; k++)
        {
            int row = _populationRow[k];
            foreach (int n in _engine.LastStepSpikes(_populations[k])) _counts[row + n]++;
        }
        if (_engine.Transmitters is { } net)
        {
            for (int i = 0; i < _transmitterRow.Length; i++)
            {
                if (net.Released(i)) _counts[_transmitterRow[i]]++;
            }
        }
    }

    private static bool IsNamed(string name, string population) =>
        name == population || (name.Length > population.Length && name[population.Length] == '.' && name.StartsWith(population, StringComparison.Ordinal));
}

/// <summary>One labelled group of a <see cref="NetworkSpikeTally"/>'s rows.</summary>
/// <param name="Name">sensors, hidden or motor.</param>
/// <param name="Start">Its first row.</param>
/// <param name="Count">Its rows.</param>
public readonly record struct NeuronRowGroup(string Name, int Start, int Count);

/// <summary>
/// An <see cref="IWorldObserver"/> that also sees every neuron's spikes: when a task binds a network for an episode it
/// hands the observer that episode's <see cref="NetworkSpikeTally"/>, which then holds, at each
/// <see cref="IWorldObserver.OnWorldStep"/>, every neuron's spikes in the window that chose that step's action (the
/// studio's raster). Tasks count them only for such an observer, so evaluations pay nothing.
/// </summary>
public interface INetworkSpikeObserver : IWorldObserver
{
    /// <summary>Called when a network is bound for an episode (a task with several trials binds one per trial), before its first step.</summary>
    /// <param name="spikes">The tally the episode's windows fill.</param>
    void OnNetworkBound(NetworkSpikeTally spikes);
}
