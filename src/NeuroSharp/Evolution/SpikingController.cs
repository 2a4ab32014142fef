using System.Runtime.CompilerServices;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Evolution;

/// <summary>
/// A network in a closed loop: built once per evaluation, it takes sensor values, runs the engine for a
/// window and counts each motor neuron's spikes, with no allocation per step. Sensor value s (clamped to
/// [0, 1]) drives its sensor neuron with current <see cref="ControllerModel.SensorRheobase"/> +
/// <see cref="ControllerModel.SensorGain"/> s, so 0 leaves it silent and 1 makes it fire near 470 Hz
/// (<see cref="SensorCode.Log"/>); under <see cref="SensorCode.Linear"/> it fires at <see cref="LinearMaxRateHz"/> s.
/// </summary>
public sealed class SpikingController
{
    private readonly SpikingEngine _engine;
    private readonly NetworkSpec _network;
    private readonly float[] _currents;
    private readonly int[] _counts;
    private NetworkSpikeTally? _tally, _tallying;
    private INetworkSpikeObserver? _told;
    private readonly SensorCode _code;
    private readonly double[] _phase, _increment;
    private readonly int[] _sensorCounts;
    private readonly NeuronGroup _sensors, _motors; // looked up once: the loop drives and reads them every engine step
    private readonly string[] _projectionNames = [];
    private readonly float[][] _loaded = []; // TryLoad's weights per projection, written to the engine only once all are finite

    /// <summary>The rate of a sensor at value 1 under <see cref="SensorCode.Linear"/>, Hz: 40 spikes in a 20 ms window.</summary>
    public const double LinearMaxRateHz = 2000;

    /// <summary>The current, mV, that fires a <see cref="ControllerModel.LinearSensorNeuron"/> at rest within one engine step of at most 0.5 ms.</summary>
    public const float LinearForcingCurrent = 1000;

    /// <summary>Builds the engine of a network that a task with the given sensor and motor counts evaluates.</summary>
    /// <param name="network">The network; its monitors and inputs are dropped (the loop reads spikes itself).</param>
    /// <param name="inputs">The sensors the task drives.</param>
    /// <param name="outputs">The motor neurons the task reads.</param>
    /// <param name="code">How sensor values become sensor spikes; the network's sensors must be that code's neuron
    /// (<see cref="ControllerModel.SensorNeuronFor"/>) when it is <see cref="SensorCode.Linear"/>.</param>
    /// <param name="memory">The most the engine may allocate (the user's <c>--memory-limit</c>); null: <see cref="MemoryBudget.Default"/>.</param>
    /// <exception cref="InvalidInputException">The network lacks the <c>input</c> or <c>output</c> population, or its size differs,
    /// or its sensors or step do not fit the code, or its engine would need more memory than <paramref name="memory"/> allows.</exception>
    public SpikingController(NetworkSpec network, int inputs, int outputs, SensorCode code = SensorCode.Log, MemoryBudget? memory = null)
    {
        CheckPopulation(network, IEvolutionTask.InputPopulation, inputs);
        _code = code;
        if (code == SensorCode.Linear) CheckLinearSensors(network);
        else if (Equals(network.Populations.First(p => p.Name == IEvolutionTask.InputPopulation).Model, ControllerModel.LinearSensorNeuron))
            throw new InvalidInputException($"The sensors of network '{network.Name ?? "unnamed"}' are the linear sensor code's; play or evaluate it with --sensor-code linear.");
        _phase = code == SensorCode.Linear ? new double[inputs] : [];
        _increment = code == SensorCode.Linear ? new double[inputs] : [];
        _sensorCounts = code == SensorCode.Linear ? new int[inputs] : [];
        CheckPopulation(network, IEvolutionTask.OutputPopulation, outputs);
        // One rate monitor with a bin far longer than any episode: the engine then records nothing per step.
        var spec = network with
        {
            Inputs = [],
            Monitors = [new RateMonitorSpec { Target = IEvolutionTask.OutputPopulation, BinMs = 1e7 * network.DtMs }],
        };
        _engine = new SpikingEngine(spec, new SimulationOptions { Threads = 1, RecordTransmitterState = false }, memory);
        _network = spec;
        _sensors = _engine.GroupNamed(IEvolutionTask.InputPopulation);
        _motors = _engine.GroupNamed(IEvolutionTask.OutputPopulation);
        _currents = new float[inputs];
        _counts = new int[outputs];
        DtMs = network.DtMs;
        if (NetworkShape.HasWritableWeights(spec))
        {
            _projectionNames = [.. spec.Projections.Select(p => p.DisplayName)];
            _loaded = [.. spec.Projections.Select(p => new float[((ExplicitConnectivity)p.Connectivity).Sources.Count])];
            CanLoad = true;
        }
    }

    /// <summary>Whether <see cref="TryLoad"/> can take networks at all: the built network's projections are explicit
    /// synapse lists with their own weights and no plasticity (as every decoded genome and seed circuit is).</summary>
    public bool CanLoad { get; }

    /// <summary>
    /// Makes this controller the one a fresh <c>new SpikingController(network, ...)</c> would be, without building an
    /// engine, when <paramref name="network"/> differs from the network it was built from only in its weights (the same
    /// populations, projections, synapse lists and delays; the fixed-topology algorithms' genomes mostly do): the engine
    /// goes back to its build (<see cref="SpikingEngine.Reset"/>) and takes the new weights as the build would convert them,
    /// so every episode that follows gives the same result, bit for bit. Otherwise nothing changes and it returns false:
    /// build a new controller then (also when a weight is not finite, so that the build refuses it as before).
    /// </summary>
    /// <param name="network">The next network, whose inputs and monitors are dropped as the constructor drops them.</param>
    /// <returns>True when it was loaded.</returns>
    public bool TryLoad(NetworkSpec network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!CanLoad || !NetworkShape.SameExceptWeights(_network, network)) return false;
        for (int k = 0; k < _loaded.Length; k++)
        {
            var weights = ((ExplicitConnectivity)network.Projections[k].Connectivity).Weights!;
            var into = _loaded[k];
            for (int e = 0; e < into.Length; e++)
            {
                double w = weights[e];
                if (!(w >= 0) || !double.IsFinite(w)) return false; // the build refuses it (NetworkSpec.Validate): let it
                into[e] = (float)Math.Max(0, w); // the build's conversion (SpikingEngine.Build), so the floats are the same
                if (!float.IsFinite(into[e])) return false;
            }
        }
        _engine.Reset();
        for (int k = 0; k < _loaded.Length; k++) _engine.SetWeights(_projectionNames[k], _loaded[k]);
        Array.Clear(_phase);
        return true;
    }

    /// <summary>The engine step in ms.</summary>
    public double DtMs { get; }

    /// <summary>Engine steps in a window of <paramref name="windowMs"/> (at least 1).</summary>
    /// <param name="windowMs">The window in ms.</param>
    /// <returns>The step count.</returns>
    public int StepsIn(double windowMs) => Math.Max(1, (int)Math.Round(windowMs / DtMs));

    /// <summary>Back to rest (membranes, synapses and spikes in flight), for a new episode.</summary>
    /// <param name="seed">The run seed of the engine's streams (the controller's networks draw none, but it is passed on).</param>
    public void Reset(ulong seed = 1)
    {
        _engine.ResetDynamics(seed);
        Array.Clear(_phase);
    }

    /// <summary>Sets the sensors' drive from values in [0, 1] (clamped), held until set again.</summary>
    /// <param name="values">One value per sensor.</param>
    public void SetSensors(ReadOnlySpan<double> values)
    {
        if (_code == SensorCode.Linear)
        {
            for (int i = 0; i < _increment.Length; i++) _increment[i] = LinearMaxRateHz * Math.Clamp(values[i], 0, 1) * DtMs / 1000;
            return;
        }
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
        Array.Clear(_sensorCounts);
        if (_code == SensorCode.Linear && tally is null)
        {
            // The closed loop's own path (every evaluation and long test): the same steps with nothing else to do.
            var sensorCounts = _sensorCounts.AsSpan();
            var counts = _counts.AsSpan();
            for (int k = 0; k < steps; k++)
            {
                ForceLinearSpikes();
                _engine.Step();
                foreach (int n in _sensors.StepSpikes) sensorCounts[n]++;
                foreach (int n in _motors.StepSpikes) counts[n]++;
            }
            return _counts;
        }
        for (int k = 0; k < steps; k++)
        {
            if (_code == SensorCode.Linear) ForceLinearSpikes();
            _engine.Step();
            if (_code == SensorCode.Linear)
                foreach (int n in _sensors.StepSpikes) _sensorCounts[n]++;
            foreach (int n in _motors.StepSpikes) _counts[n]++;
            tally?.AddStep();
        }
        return _counts;
    }

    /// <summary>Under <see cref="SensorCode.Linear"/>, each sensor's spikes in the last <see cref="Run"/> as the engine fired them (empty under the log code).</summary>
    public ReadOnlySpan<int> SensorCounts => _sensorCounts;

    /// <summary>The linear code's accumulators advance one step; a sensor whose phase reaches 1 is driven to fire this step, the rest get no current
    /// (written into the sensors' currents directly, as <see cref="SpikingEngine.SetCurrents"/> would: the values are finite by construction).</summary>
    /// <remarks>Without a branch (whether a sensor fires follows its input, which a branch predictor cannot learn): the
    /// phase loses <c>fire</c> (0 or 1; phi - 0 is phi, bit for bit) and the current is <c>fire</c> times the forcing current.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ForceLinearSpikes()
    {
        var forced = _sensors.Current;
        var phase = _phase.AsSpan();
        var increment = _increment.AsSpan(0, phase.Length);
        var current = forced.AsSpan(0, phase.Length);
        for (int i = 0; i < phase.Length; i++)
        {
            double phi = phase[i] + increment[i];
            bool fires = phi >= 1;
            int fire = Unsafe.As<bool, byte>(ref fires); // 0 or 1 (a comparison's bool), without the branch a ?: compiles to
            phase[i] = phi - fire;
            current[i] = fire * LinearForcingCurrent;
        }
    }

    private static void CheckLinearSensors(NetworkSpec network)
    {
        var sensors = network.Populations.First(p => p.Name == IEvolutionTask.InputPopulation);
        if (sensors.Model is not LifNeuronSpec lif || lif.RefractoryMs > 0)
            throw new InvalidInputException($"The sensors of network '{network.Name ?? "unnamed"}' are not the linear code's LIF sensors with no refractory period; evolve it with --sensor-code linear, or play it with --sensor-code log.");
        if (LinearMaxRateHz * network.DtMs / 1000 > 1)
            throw new InvalidInputException($"Network '{network.Name ?? "unnamed"}' steps {network.DtMs} ms; the linear sensor code fires up to {LinearMaxRateHz} Hz and needs a step of at most {1000 / LinearMaxRateHz} ms.");
    }

    private static void CheckPopulation(NetworkSpec network, string name, int count)
    {
        var p = network.Populations.FirstOrDefault(p => p.Name == name)
            ?? throw new InvalidInputException($"The network '{network.Name ?? "unnamed"}' has no population '{name}' that the task needs.");
        if (p.Count != count)
            throw new InvalidInputException($"Population '{name}' of network '{network.Name ?? "unnamed"}' has {p.Count} neurons; the task needs {count}.");
    }
}
