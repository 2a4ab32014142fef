using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Evolution;

/// <summary>
/// A network in a closed loop: built once per evaluation, it takes sensor values, runs the engine for a
/// window and counts each motor neuron's spikes, with no allocation per step. Sensor value s (clamped to
/// [0, 1]) drives its sensor neuron with current <see cref="ControllerModel.SensorRheobase"/> +
/// <see cref="ControllerModel.SensorGain"/> s, so 0 leaves it silent and 1 makes it fire near 470 Hz.
/// </summary>
public sealed class SpikingController
{
    private readonly SpikingEngine _engine;
    private readonly NetworkSpec _network;
    private readonly float[] _currents;
    private readonly int[] _counts;
    private NetworkSpikeTally? _tally, _tallying;
    private INetworkSpikeObserver? _told;

    /// <summary>Builds the engine of a network that a task with the given sensor and motor counts evaluates.</summary>
    /// <param name="network">The network; its monitors and inputs are dropped (the loop reads spikes itself).</param>
    /// <param name="inputs">The sensors the task drives.</param>
    /// <param name="outputs">The motor neurons the task reads.</param>
    /// <exception cref="InvalidInputException">The network lacks the <c>input</c> or <c>output</c> population, or its size differs.</exception>
    public SpikingController(NetworkSpec network, int inputs, int outputs)
    {
        CheckPopulation(network, IEvolutionTask.InputPopulation, inputs);
        CheckPopulation(network, IEvolutionTask.OutputPopulation, outputs);
        // One rate monitor with a bin far longer than any episode: the engine then records nothing per step.
        var spec = network with
        {
            Inputs = [],
            Monitors = [new RateMonitorSpec { Target = IEvolutionTask.OutputPopulation, BinMs = 1e7 * network.DtMs }],
        };
        _engine = new SpikingEngine(spec, new SimulationOptions { Threads = 1, RecordTransmitterState = false });
        _network = spec;
        _currents = new float[inputs];
        _counts = new int[outputs];
        DtMs = network.DtMs;
    }

    /// <summary>The engine step in ms.</summary>
    public double DtMs { get; }

    /// <summary>Engine steps in a window of <paramref name="windowMs"/> (at least 1).</summary>
    /// <param name="windowMs">The window in ms.</param>
    /// <returns>The step count.</returns>
    public int StepsIn(double windowMs) => Math.Max(1, (int)Math.Round(windowMs / DtMs));

    /// <summary>Back to rest (membranes, synapses and spikes in flight), for a new episode.</summary>
    /// <param name="seed">The run seed of the engine's streams (the controller's networks draw none, but it is passed on).</param>
    public void Reset(ulong seed = 1) => _engine.ResetDynamics(seed);

    /// <summary>Sets the sensors' drive from values in [0, 1] (clamped), held until set again.</summary>
    /// <param name="values">One value per sensor.</param>
    public void SetSensors(ReadOnlySpan<double> values)
    {
        for (int i = 0; i < _currents.Length; i++)
            _currents[i] = (float)(ControllerModel.SensorRheobase + ControllerModel.SensorGain * Math.Clamp(values[i], 0, 1));
        _engine.SetCurrents(IEvolutionTask.InputPopulation, _currents);
    }

    /// <summary>
    /// Counts every neuron's spikes in each later <see cref="Run"/> for <paramref name="observer"/> when it is an
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
        _tally ??= new NetworkSpikeTally(_network, _engine);
        if (!ReferenceEquals(_told, o))
        {
            _told = o;
            o.OnNetworkBound(_tally);
        }
        _tallying = _tally;
    }

    /// <summary>Runs <paramref name="steps"/> engine steps and counts each motor neuron's spikes in them (and every neuron's, while <see cref="Observe"/> asks).</summary>
    /// <param name="steps">Engine steps.</param>
    /// <returns>Spike counts per motor neuron, valid until the next call.</returns>
    public ReadOnlySpan<int> Run(int steps)
    {
        Array.Clear(_counts);
        var tally = _tallying;
        tally?.Clear();
        for (int k = 0; k < steps; k++)
        {
            _engine.Step();
            foreach (int n in _engine.LastStepSpikes(IEvolutionTask.OutputPopulation)) _counts[n]++;
            tally?.AddStep();
        }
        return _counts;
    }

    private static void CheckPopulation(NetworkSpec network, string name, int count)
    {
        var p = network.Populations.FirstOrDefault(p => p.Name == name)
            ?? throw new InvalidInputException($"The network '{network.Name ?? "unnamed"}' has no population '{name}' that the task needs.");
        if (p.Count != count)
            throw new InvalidInputException($"Population '{name}' of network '{network.Name ?? "unnamed"}' has {p.Count} neurons; the task needs {count}.");
    }
}
