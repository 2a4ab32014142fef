using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Evolution.Worlds;

/// <summary>
/// A network bound to a world for one episode: sensors in, motor spike counts out, one window of engine
/// steps per world step (docs/world-worm.md, "Binding"). Two conventions, as <see cref="IEvolutionTask"/> states:
/// a spiking network has populations "input" and "output" (sensor value x <see cref="InputGain"/> is the
/// external current of each input neuron, held for the window; output spikes are counted per neuron); a
/// network of transmitter neurons (article 002) has transmitter neurons with ids "input.0" .. "input.{n-1}"
/// and "output.0" .. "output.{m-1}" (each engine step, sensor value x <see cref="Stimulus"/> is put on each
/// input neuron's dendrite; releases of the output neurons are counted).
/// </summary>
/// <remarks>
/// The engine is built once per episode with no recording (one spike monitor on an empty selection), so
/// the window loop allocates nothing.
/// </remarks>
public sealed class NetworkBinding
{
    /// <summary>The id of transmitter input neuron i: "input.i".</summary>
    /// <param name="i">The sensor index.</param>
    /// <returns>Its neuron id.</returns>
    public static string TransmitterInputId(int i) => $"{IEvolutionTask.InputPopulation}.{i}";

    /// <summary>The id of transmitter output neuron j: "output.j".</summary>
    /// <param name="j">The motor index.</param>
    /// <returns>Its neuron id.</returns>
    public static string TransmitterOutputId(int j) => $"{IEvolutionTask.OutputPopulation}.{j}";

    private readonly SpikingEngine _engine;
    private readonly TransmitterNetwork? _transmitters;
    private readonly int[] _inputIndex = [], _outputIndex = [];
    private readonly float[] _currents;
    private readonly (string Population, float[] Currents)[][] _namedInputs = [];
    private readonly string[][] _namedOutputs = [];
    private readonly NetworkSpec _network;
    private readonly NamedCellMap? _cells;
    private NetworkSpikeTally? _tally, _tallying;
    private INetworkSpikeObserver? _told;

    /// <summary>Binds <paramref name="network"/> for one episode.</summary>
    /// <param name="network">The network; it needs the populations or neurons of one convention (class summary).</param>
    /// <param name="task">The task's name, for messages.</param>
    /// <param name="inputCount">Sensors.</param>
    /// <param name="outputCount">Motor neurons.</param>
    /// <param name="seed">The engine's seed (Poisson sources, random initial values).</param>
    /// <param name="inputGain">Current per unit of sensor value (the model's current unit; LIF: mV).</param>
    /// <param name="stimulus">Transmitter per unit of sensor value and engine step (transmitter networks).</param>
    /// <param name="cells">
    /// A third convention, used when the network has neither an <c>input</c> nor an <c>output</c> population: sensor i
    /// drives every population named in <see cref="NamedCellMap.Sensors"/>[i] (current s x <paramref name="inputGain"/>
    /// on each of its neurons), and motor count j is the mean spike count of the populations in
    /// <see cref="NamedCellMap.Motors"/>[j], rounded (a C. elegans connectome; <see cref="Worm.WormConnectome"/>). Null: none.
    /// </param>
    /// <param name="memory">The most the engine may allocate (the user's <c>--memory-limit</c>); null: <see cref="MemoryBudget.Default"/>.</param>
    /// <exception cref="InvalidInputException">The network does not fit the task (the message names what is missing), or its engine
    /// would need more memory than <paramref name="memory"/> allows.</exception>
    public NetworkBinding(NetworkSpec network, string task, int inputCount, int outputCount, ulong seed, double inputGain, TransmitterAmount stimulus,
        NamedCellMap? cells = null, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        InputCount = inputCount;
        OutputCount = outputCount;
        InputGain = inputGain;
        Stimulus = stimulus;
        var input = network.Populations.FirstOrDefault(p => p.Name == IEvolutionTask.InputPopulation);
        var output = network.Populations.FirstOrDefault(p => p.Name == IEvolutionTask.OutputPopulation);
        string monitorTarget;
        if (input is not null || output is not null)
        {
            CheckPopulation(task, input, IEvolutionTask.InputPopulation, inputCount);
            CheckPopulation(task, output, IEvolutionTask.OutputPopulation, outputCount);
            monitorTarget = IEvolutionTask.OutputPopulation;
        }
        else if (cells is not null)
        {
            if (cells.Sensors.Count != inputCount || cells.Motors.Count != outputCount)
                throw new ArgumentException($"The cell map has {cells.Sensors.Count} sensors and {cells.Motors.Count} motors; task {task} has {inputCount} and {outputCount}.", nameof(cells));
            var sizes = network.Populations.ToDictionary(p => p.Name, p => p.Count, StringComparer.Ordinal);
            _namedInputs = [.. cells.Sensors.Select(group => group.Select(name => (name, new float[sizes[name]])).ToArray())];
            _namedOutputs = [.. cells.Motors.Select(group => group.ToArray())];
            IsNamedCells = true;
            monitorTarget = cells.Motors.First(g => g.Count > 0)[0];
        }
        else
        {
            var transmitterIds = network.Neurons.Where(n => n.Model is TransmitterNeuronSpec).Select(n => n.Id).ToList();
            if (!transmitterIds.Contains(TransmitterInputId(0)) && !transmitterIds.Contains(TransmitterOutputId(0)))
                throw new InvalidInputException(
                    $"The network '{network.Name}' has neither populations 'input' ({inputCount}) and 'output' ({outputCount}) nor transmitter neurons 'input.0' .. 'output.{outputCount - 1}', which task {task} binds to.");
            _inputIndex = new int[inputCount];
            _outputIndex = new int[outputCount];
            for (int i = 0; i < inputCount; i++) _inputIndex[i] = IndexOf(task, transmitterIds, TransmitterInputId(i));
            for (int j = 0; j < outputCount; j++) _outputIndex[j] = IndexOf(task, transmitterIds, TransmitterOutputId(j));
            IsTransmitter = true;
            monitorTarget = TransmitterOutputId(0);
        }
        // No recording: an empty spike monitor replaces the default one-per-population monitors.
        var quiet = network with { Monitors = [new SpikeMonitorSpec { Target = monitorTarget, Indices = [] }] };
        _engine = new SpikingEngine(quiet, new SimulationOptions { Seed = seed, Threads = 1, RecordTransmitterState = false }, memory);
        _network = quiet;
        _cells = IsNamedCells ? cells : null;
        _transmitters = IsTransmitter ? _engine.Transmitters : null;
        _currents = new float[IsTransmitter || IsNamedCells ? 0 : inputCount];
    }

    /// <summary>True for the named-cell convention (a connectome; see the constructor's <c>cells</c>).</summary>
    public bool IsNamedCells { get; }

    /// <summary>Sensors bound.</summary>
    public int InputCount { get; }

    /// <summary>Motor neurons bound.</summary>
    public int OutputCount { get; }

    /// <summary>Current per unit of sensor value (spiking networks).</summary>
    public double InputGain { get; }

    /// <summary>Transmitter per unit of sensor value and engine step (transmitter networks).</summary>
    public TransmitterAmount Stimulus { get; }

    /// <summary>True for the transmitter-neuron convention.</summary>
    public bool IsTransmitter { get; }

    /// <summary>The engine's step in ms.</summary>
    public double DtMs => _engine.DtMs;

    /// <summary>The engine (read its state between windows; do not step it elsewhere).</summary>
    public SpikingEngine Engine => _engine;

    /// <summary>
    /// Counts every neuron's spikes in each later window for <paramref name="observer"/> when it is an
    /// <see cref="INetworkSpikeObserver"/> (told the tally once, by <see cref="INetworkSpikeObserver.OnNetworkBound"/>);
    /// any other observer, or null, stops the counting (an unobserved episode pays nothing).
    /// </summary>
    /// <param name="observer">The episode's observer, or null.</param>
    public void Observe(IWorldObserver? observer)
    {
        if (observer is not INetworkSpikeObserver o)
        {
            _tallying = null;
            return;
        }
        _tally ??= new NetworkSpikeTally(_network, _engine, _cells);
        if (!ReferenceEquals(_told, o))
        {
            _told = o;
            o.OnNetworkBound(_tally);
        }
        _tallying = _tally;
    }

    /// <summary>
    /// Runs one window: applies the sensors, takes <paramref name="steps"/> engine steps and counts each
    /// motor neuron's spikes (releases, for transmitter neurons) into <paramref name="counts"/>.
    /// </summary>
    /// <param name="sensors">One value per sensor (tasks keep them in [0, 1]).</param>
    /// <param name="steps">Engine steps in the window, at least 1.</param>
    /// <param name="counts">One count per motor neuron, overwritten.</param>
    public void RunWindow(ReadOnlySpan<float> sensors, int steps, Span<int> counts)
    {
        if (sensors.Length != InputCount) throw new ArgumentException($"Expected {InputCount} sensor values, got {sensors.Length}.", nameof(sensors));
        if (counts.Length != OutputCount) throw new ArgumentException($"Expected {OutputCount} counts, got {counts.Length}.", nameof(counts));
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        counts.Clear();
        var tally = _tallying;
        tally?.Clear();
        if (_transmitters is { } net)
        {
            for (int s = 0; s < steps; s++)
            {
                for (int i = 0; i < _inputIndex.Length; i++)
                {
                    if (sensors[i] != 0) net.Stimulate(_inputIndex[i], new TransmitterAmount(sensors[i] * Stimulus.Activator, sensors[i] * Stimulus.Inhibitor));
                }
                _engine.Step();
                for (int j = 0; j < _outputIndex.Length; j++)
                {
                    if (net.Released(_outputIndex[j])) counts[j]++;
                }
                tally?.AddStep();
            }
            return;
        }
        if (IsNamedCells)
        {
            RunNamedWindow(sensors, steps, counts, tally);
            return;
        }
        for (int i = 0; i < sensors.Length; i++) _currents[i] = (float)(sensors[i] * InputGain);
        _engine.SetCurrents(IEvolutionTask.InputPopulation, _currents);
        for (int s = 0; s < steps; s++)
        {
            _engine.Step();
            foreach (int j in _engine.LastStepSpikes(IEvolutionTask.OutputPopulation)) counts[j]++;
            tally?.AddStep();
        }
    }

    private void RunNamedWindow(ReadOnlySpan<float> sensors, int steps, Span<int> counts, NetworkSpikeTally? tally)
    {
        for (int i = 0; i < _namedInputs.Length; i++)
        {
            foreach (var (population, currents) in _namedInputs[i])
            {
                Array.Fill(currents, (float)(sensors[i] * InputGain));
                _engine.SetCurrents(population, currents);
            }
        }
        for (int s = 0; s < steps; s++)
        {
            _engine.Step();
            for (int j = 0; j < _namedOutputs.Length; j++)
            {
                foreach (string population in _namedOutputs[j]) counts[j] += _engine.LastStepSpikes(population).Length;
            }
            tally?.AddStep();
        }
        // A command is the mean over its cells, so a side with eight muscle cells is not eight times as strong.
        for (int j = 0; j < _namedOutputs.Length; j++)
        {
            int n = _namedOutputs[j].Length;
            if (n > 1) counts[j] = (counts[j] + n / 2) / n;
        }
    }

    private static void CheckPopulation(string task, PopulationSpec? p, string name, int count)
    {
        if (p is null) throw new InvalidInputException($"The network has no population '{name}', which task {task} binds to ({count} neurons).");
        if (p.Count != count) throw new InvalidInputException($"The network's population '{name}' has {p.Count} neurons; task {task} needs {count}.");
        if (p.Model is PoissonSourceSpec or SpikeTimesSourceSpec)
            throw new InvalidInputException($"The network's population '{name}' is a spike source; task {task} needs neurons that take a current.");
    }

    private static int IndexOf(string task, List<string> transmitterIds, string id)
    {
        int index = transmitterIds.IndexOf(id);
        if (index < 0) throw new InvalidInputException($"The network has no transmitter neuron '{id}', which task {task} binds to.");
        return index;
    }
}

/// <summary>Sensors and motor commands bound by population name (a connectome's named cells; <see cref="NetworkBinding"/>).</summary>
/// <param name="Sensors">Per sensor, the populations it drives (possibly none).</param>
/// <param name="Motors">Per motor command, the populations whose spikes make it (possibly none; at least one command has some).</param>
public sealed record NamedCellMap(IReadOnlyList<IReadOnlyList<string>> Sensors, IReadOnlyList<IReadOnlyList<string>> Motors);
