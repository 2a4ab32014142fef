using System.Diagnostics;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Runs a <see cref="NetworkSpec"/>: populations as struct-of-arrays state, projections in CSR with
/// delays, inputs, plasticity and monitors, advanced in the fixed order of <see cref="StepOrder"/>;
/// the transmitter neurons are one more population (<see cref="IPopulation"/>), stepped with the article's rules (docs/spiking-transmitter.md) in the same loop.
/// </summary>
/// <remarks>
/// The step loop (see <see cref="StepPhase"/> and docs/concepts.md): Inputs (currents, Poisson drive,
/// stimuli) -> Integrate + Threshold (each population over fixed blocks; transmitter neurons step) ->
/// Deliver (each projection in file order: due spikes add weights to target channels; STDP traces and
/// LTD; STP) -> Plasticity (LTP, normalisation) -> Reset -> Monitors. Nothing is allocated per step
/// (monitor buffers grow by doubling and are reserved ahead of a run). Same seed, same spikes at any
/// <see cref="SimulationOptions.Threads"/>: parallel work is cut into fixed blocks with their own random
/// streams, and every sum is taken in a fixed order. The methods of the step carry
/// <c>MethodImplOptions.AggressiveOptimization</c>: one run calls them thousands of times from a single
/// long call, and under tiered compilation a fresh process would otherwise run them unoptimised for a
/// noticeable part of a run (measured with bench/spiking).
/// </remarks>
public sealed partial class SpikingEngine
{
    private const int MaxSteps = NetworkSpec.MaxSteps;

    // The build tree and the run tree hang under distinct forks of their seeds ("build" and "run" in ASCII), not under
    // the seeds themselves: with BuildSeed equal to Seed (the default) two trees rooted at one key would give projection
    // k's streams the keys of population k's run streams. A fork is a bijection of its parent's key for a fixed id, so
    // the same path under the two roots never meets, and neither tree is a seed's own tree, which callers (the STDP-MNIST
    // trainer) fork from the same seed for their own streams.
    internal const ulong BuildTree = 0x6275_696C_64, RunTree = 0x72_756E;

    /// <summary>The root of the build tree (connectivity, weights, delays, initial values) of a build seed.</summary>
    internal static RandomStream BuildRoot(ulong buildSeed) => new RandomStream(buildSeed).Fork(BuildTree);

    /// <summary>The root of the run tree (Poisson sources and drive) of a run seed.</summary>
    internal static RandomStream RunRoot(ulong runSeed) => new RandomStream(runSeed).Fork(RunTree);

    private readonly List<NeuronGroup> _groups = [];
    private readonly List<IPopulation> _populations = []; // stepped in this order: the groups, then the transmitter neurons
    private readonly Dictionary<string, NeuronGroup> _groupByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _transmitterByName = new(StringComparer.Ordinal);
    private readonly List<Projection> _projections = [];
    private readonly List<DelayRing> _rings = [];
    private readonly List<(DelayRing Ring, float[] Channel)> _ringChannels = [];
    private readonly CurrentSchedule _currents = new();
    private readonly GapJunctionSet _gaps = new();
    private readonly List<PoissonDrive> _drives = [];

    /// <summary>The hh populations whose temperature changes in time (empty for most networks: no cost per step).</summary>
    private readonly List<HodgkinHuxleyGroup> _temperatureGroups = [];
    private readonly List<TransmitterStimulus> _stimuli = [];
    private readonly List<(SpikeMonitor Monitor, PopulationSlice Slice)> _spikeMonitors = [];
    private readonly List<(StateMonitor Monitor, IPopulation Population, int[] Variables, int[] Neurons)> _stateMonitors = [];
    private readonly List<(RateMonitor Monitor, PopulationSlice Slice)> _rateMonitors = [];
    private SpikeMonitor[]? _spikeMonitorList; // the monitors never change after the build: list them once
    private StateMonitor[]? _stateMonitorList;
    private RateMonitor[]? _rateMonitorList;
    private readonly long[] _spikeTotals;
    private TransmitterPopulation? _transmitterPopulation;
    private readonly RandomStream _build;
    private readonly RandomStream _run;
    private readonly MemoryBudget _memory;
    private int _step;

    /// <summary>
    /// Refuses, before anything is built, a network whose engines would need more than <paramref name="memory"/>: the same
    /// estimate the constructor checks (neurons, synapses, delay queues and rings, inputs), for <paramref name="copies"/>
    /// engines of it alive at once (e.g. one per thread of an evolution run or a game, each building its own).
    /// </summary>
    /// <param name="spec">The network (validated first).</param>
    /// <param name="memory">The limit.</param>
    /// <param name="copies">Engines of the network alive at once, at least 1.</param>
    /// <exception cref="InvalidInputException">The network is invalid, or a part of it, one engine or all copies would pass the limit (the message names the field, the estimate and the limit).</exception>
    public static void CheckMemory(NetworkSpec spec, MemoryBudget memory, int copies = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        spec.Validate();
        NetworkMemory.Check(spec, memory, copies: copies);
    }

    /// <summary>
    /// Builds the engine: validates the spec, estimates its memory and refuses it over
    /// <paramref name="memory"/>, then draws connectivity, weights, delays and initial state from the build seed.
    /// </summary>
    /// <param name="spec">The network.</param>
    /// <param name="options">Seeds and threads (null: defaults).</param>
    /// <param name="memory">
    /// The most the network (and later each run's state monitors) may allocate; null: <see cref="MemoryBudget.Default"/>.
    /// The estimate counts neurons x state variables, synapses, delay queues and rings, and Poisson tables
    /// (docs/spiking-engine.md, "Memory").
    /// </param>
    /// <exception cref="InvalidInputException">
    /// The network is invalid (the message names the element and its JSON path), or it would need more
    /// memory than <paramref name="memory"/> allows (the message names the field, the estimate and the limit).
    /// </exception>
    public SpikingEngine(NetworkSpec spec, SimulationOptions? options = null, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new SimulationOptions();
        options.Validate();
        spec.Validate();
        _memory = memory ?? MemoryBudget.Default;
        Spec = spec;
        Options = options;
        DtMs = spec.DtMs;
        _build = BuildRoot(options.BuildSeed ?? options.Seed);
        _run = RunRoot(options.Seed);
        if (options.Communicator is { } communicator)
        {
            _part = new PartitionState(spec, options, communicator);
            StartPartition();
        }
        // A partitioned run checks this rank's share (its neurons, their incoming synapses, the sources whole) against the limit of each process.
        NetworkMemory.Check(spec, _memory, _part?.Share(spec));
        BuildTransmitters();
        BuildGroups();
        BuildProjections();
        if (_part is not null) FinishPartition();
        BuildGapJunctions();
        BuildInputs();
        BuildMonitors();
        BuildChanges();
        _spikeTotals = new long[_populations.Count];
        Reset();
        _backend = options.Backend?.AttachCounted(this);
        ChooseCompactStep();
    }

    /// <summary>The key of the build tree's root (what connectivity, weights, delays and initial values fork from).</summary>
    internal ulong BuildTreeKey => _build.Key;

    /// <summary>The key of the run tree's root of <see cref="SimulationOptions.Seed"/> (what Poisson sources and drive fork from).</summary>
    internal ulong RunTreeKey => _run.Key;

    /// <summary>The order of the phases of every step.</summary>
    public static IReadOnlyList<StepPhase> StepOrder { get; } =
        [StepPhase.Inputs, StepPhase.Integrate, StepPhase.Threshold, StepPhase.Deliver, StepPhase.Plasticity, StepPhase.Reset, StepPhase.Monitors];

    /// <summary>The network it runs.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>Its seeds and threads.</summary>
    public SimulationOptions Options { get; }

    /// <summary>The step length in ms.</summary>
    public double DtMs { get; }

    /// <summary>Steps taken since the build or the last <see cref="Reset"/>.</summary>
    public int StepCount => _step;

    /// <summary>Simulated time in ms.</summary>
    public double TimeMs => _step * DtMs;

    /// <summary>
    /// Spikes of every population and single neuron (and the transmitter neurons' releases) since the build or the last
    /// <see cref="Reset"/>, as counted so far: during a run on a device, up to the last block of steps read back; in a
    /// partitioned run, this rank's own neurons' until the recordings are gathered.
    /// </summary>
    public long SpikeTotal => TotalSpikes();

    /// <summary>The transmitter neurons of $.neurons (in stepping order), or null if there are none.</summary>
    public TransmitterNetwork? Transmitters { get; private set; }

    /// <summary>Populations and single spiking neurons, in build order.</summary>
    public IReadOnlyList<PopulationInfo> Populations => _groups.Select(g => Info(g)).ToList();

    /// <summary>Spiking neurons in all populations (transmitter neurons not included); in a partitioned run, of the whole network.</summary>
    public int NeuronCount => _groups.Sum(g => g.GlobalCount);

    /// <summary>Synapses in all projections; in a partitioned run, of the whole network (<see cref="LocalSynapseCount"/>: this rank's).</summary>
    public long SynapseCount => _part?.GlobalSynapseCount ?? _projections.Sum(p => (long)p.SynapseCount);

    /// <summary>Synaptic events since the last reset.</summary>
    public long SynapticEvents => _projections.Sum(p => p.SynapticEvents);

    /// <summary>The spike monitors declared (or, with no monitor declared, one per population and transmitter neuron).</summary>
    public IReadOnlyList<SpikeMonitor> SpikeMonitors => _spikeMonitorList ??= [.. _spikeMonitors.Select(m => m.Monitor)];

    /// <summary>The state monitors declared.</summary>
    public IReadOnlyList<StateMonitor> StateMonitors => _stateMonitorList ??= [.. _stateMonitors.Select(m => m.Monitor)];

    /// <summary>The rate monitors declared.</summary>
    public IReadOnlyList<RateMonitor> RateMonitors => _rateMonitorList ??= [.. _rateMonitors.Select(m => m.Monitor)];

    /// <summary>Every transmitter neuron's state after every step, or null if there are none or recording is off.</summary>
    public TransmitterStateMonitor? TransmitterState { get; private set; }

    /// <summary>Spikes of a population (or single neuron, or releases of a transmitter neuron) since the last reset.</summary>
    /// <param name="name">The population's name or the neuron's id.</param>
    /// <returns>The spike count.</returns>
    public long SpikeCountOf(string name)
    {
        if (_groupByName.TryGetValue(name, out var g)) return _spikeTotals[g.Index];
        if (_transmitterByName.ContainsKey(name)) return CountReleases(name);
        throw new ArgumentException($"No population or neuron '{name}'.", nameof(name));
    }

    /// <summary>A copy of a projection's synapses and current weights.</summary>
    /// <param name="name">The projection's name (its <see cref="ProjectionSpec.DisplayName"/>).</param>
    /// <returns>The snapshot.</returns>
    public ProjectionSnapshot GetProjection(string name)
    {
        RefuseWhenPartitioned(nameof(GetProjection));
        var p = WithHostWeights(_projections.FirstOrDefault(x => x.Name == name)
            ?? throw new ArgumentException($"No projection '{name}' (known: {string.Join(", ", _projections.Select(x => x.Name))}).", nameof(name)));
        var delays = p.DelaySteps is { } d ? (int[])d.Clone() : Enumerable.Repeat(p.ConstantDelaySteps, p.SynapseCount).ToArray();
        return new ProjectionSnapshot(p.Name, p.Source.Name, p.Target.Name, (int[])p.RowStart.Clone(), (int[])p.Targets.Clone(), (float[])p.Weights.Clone(), delays, p.SynapticEvents);
    }

    /// <summary>The names of the projections, in delivery order.</summary>
    public IReadOnlyList<string> ProjectionNames => _projections.Select(p => p.Name).ToList();

    /// <summary>A copy of a recordable variable of a population now (e.g. "v").</summary>
    /// <param name="population">The population or single neuron.</param>
    /// <param name="variable">The variable.</param>
    /// <returns>Its values.</returns>
    public float[] GetVariable(string population, string variable)
    {
        RefuseWhenPartitioned(nameof(GetVariable));
        if (!_groupByName.TryGetValue(population, out var g)) throw new ArgumentException($"No population '{population}'.", nameof(population));
        var a = g.Variable(variable) ?? throw new ArgumentException($"Population '{population}' has no variable '{variable}'.", nameof(variable));
        WithHostState(g, dynamics: variable != "theta", learned: variable == "theta"); // theta (an adaptive threshold's) is the one learned variable
        return (float[])a.Clone();
    }

    /// <summary>Runs <paramref name="steps"/> steps.</summary>
    /// <param name="steps">Steps to take, at least 0.</param>
    /// <param name="cancellationToken">Stops the run between steps (checked every 1024 steps; in a partitioned run the ranks
    /// agree there, and all stop when any rank's token is cancelled).</param>
    /// <param name="progress">Receives the fraction done, about every 1 % of the run.</param>
    /// <returns>What the run did.</returns>
    /// <exception cref="InvalidInputException">The run would pass the engine's step limit, or its state monitors would pass the memory budget.</exception>
    public RunResult Run(int steps, CancellationToken cancellationToken = default, Action<double>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if ((long)_step + steps > MaxSteps)
            throw new InvalidInputException($"A run of {steps} steps after {_step} would pass the engine's limit of {MaxSteps} steps; run shorter or use a larger dt.");
        ReserveMonitors(steps);
        long spikesBefore = TotalSpikes(), eventsBefore = SynapticEvents;
        var clock = Stopwatch.StartNew();
        int every = Math.Max(1, steps / 100);
        int done = 0;
        bool cancelled = false;
        if (_backend is not null)
        {
            done = _backend.Run(_step, steps, cancellationToken, progress);
            _step += done;
            cancelled = done < steps;
        }
        for (; done < steps && _backend is null; done++)
        {
            // A partitioned run's ranks step together, so they agree to stop (Ctrl+C reaches every rank of an mpiexec job,
            // at slightly different steps): each 1024 steps one all-reduce of their requests, and all stop if any asked.
            if ((done & 1023) == 0 && (_part is null ? cancellationToken.IsCancellationRequested : AgreeToStop(cancellationToken)))
            {
                cancelled = true;
                break;
            }
            Step();
            if (progress is not null && done % every == 0) progress(done / (double)steps);
        }
        clock.Stop();
        progress?.Invoke(1.0);
        long spikes = TotalSpikes() - spikesBefore, events = SynapticEvents - eventsBefore;
        if (_part is not null && !_recordingsGathered)
        {
            // Each rank counted its own neurons' spikes and its own synapses' events.
            Span<long> sums = [spikes, events];
            _part.Communicator.AllReduce(sums, Distributed.ReductionOperation.Sum);
            (spikes, events) = (sums[0], sums[1]);
        }
        return new RunResult(done, done * DtMs, clock.Elapsed.TotalSeconds, spikes, events, cancelled);
    }

    /// <summary>Back to the state right after the build: initial potentials, thresholds and weights, empty queues and monitors, random streams from the start.</summary>
    public void Reset()
    {
        ResetDynamics();
        var buildInit = _build.Fork(2);
        var runGroups = _run.Fork(1);
        for (int i = 0; i < _populations.Count; i++) _populations[i].Initialize(buildInit.Fork((ulong)i), runGroups.Fork((ulong)i));
        foreach (var g in _groups) g.StateWritten(dynamics: true, learned: true);
        foreach (var p in _projections) p.Reset();
    }

    private long TotalSpikes()
    {
        long total = 0;
        foreach (long s in _spikeTotals) total += s;
        return total;
    }

    private long CountReleases(string name)
    {
        // A rank of a partitioned run records its own transmitter neurons' rows only, until rank 0 merges them.
        if (_part is not null && !(_recordingsGathered && _part.Communicator.Rank == 0)) RefuseWhenPartitioned(nameof(SpikeCountOf));
        // Releases of one transmitter neuron, from the recorded phases when available.
        int index = _transmitterByName[name];
        if (TransmitterState is not { } state) throw new InvalidOperationException("Transmitter state is not recorded; enable SimulationOptions.RecordTransmitterState.");
        long count = 0;
        for (int s = 0; s < state.SampleCount; s++)
        {
            if (state.Row(s, index)[0] == (double)TransmitterPhase.Releasing) count++;
        }
        return count;
    }

    private static PopulationInfo Info(NeuronGroup g) =>
        new(g.Name, NeuronModels.NameOf(g.Model), g.GlobalCount, g.Kind, g.IsSingleNeuron);

    private void ReserveMonitors(int steps)
    {
        NetworkMemory.CheckRun(this, steps, _memory);
        foreach (var m in _stateMonitors) m.Monitor.Reserve(steps);
        TransmitterState?.Reserve(steps);
    }
}
