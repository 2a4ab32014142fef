using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Studio.Live;

/// <summary>
/// A network built for a live run, and what the run accumulates between two frames: which single
/// neurons fired (transmitter releases, spikes), spike-raster entries, and sampled state traces.
/// Reads the engine only through its public state and monitors (docs/design.md#monitors-are-declared); not thread-safe (its
/// <see cref="LiveSimulation"/> holds a lock around every call).
/// </summary>
/// <remarks>
/// The engine is built from the network with the studio's own monitors instead of the file's: a
/// spike monitor on the first <see cref="RasterRowsPerPopulation"/> neurons of each population (the
/// raster) and one on each single spiking neuron, and nothing else. They keep what they record since
/// the run's start for the NWB export, up to the studio's spike limit; a live run has no end, so a full
/// record starts again (<see cref="RestartRecord"/>) and the export then covers the steps since.
/// The page's frames need no monitor: a transmitter neuron's release is its phase, and a spiking
/// neuron's spike shows as a change of its spike count.
/// </remarks>
internal sealed partial class LiveNetwork
{
    /// <summary>Raster rows shown per population.</summary>
    public const int RasterRowsPerPopulation = 64;

    /// <summary>Single neurons whose state is traced for the plots.</summary>
    public const int MaxTracedNeurons = 64;

    /// <summary>Spikes one frame keeps; more are counted as dropped.</summary>
    public const int MaxSpikesPerFrame = 20_000;

    /// <summary>Trace samples one frame keeps; more are counted as dropped.</summary>
    public const int MaxTraceSamplesPerFrame = 4_096;

    private readonly int[] _transmitterIndex;
    private readonly long[] _lastSpikeCount;
    private readonly bool[] _firedSinceFrame;
    private readonly int[] _linkSource;
    private readonly SpikeMonitor?[] _populationMonitors;
    private readonly long[] _populationSpikesAtFrame;
    private readonly int[] _populationMonitorRead;
    private readonly List<int> _spikeRows = [];
    private readonly List<int> _spikeSteps = [];
    private readonly List<int> _traceSteps = [];
    private readonly List<double> _traceValues = [];
    private readonly double[] _row = new double[TransmitterStateMonitor.Width];
    private int _droppedSpikes;
    private int _droppedTrace;
    private int _stepAtFrame;

    /// <summary>Builds the engine for a network (validated by the engine's constructor).</summary>
    /// <param name="spec">The network.</param>
    /// <param name="memory">The studio's budget: the engine refuses a network whose own estimate passes it (the studio's page buffers are counted apart, in <see cref="LiveLimits.EstimateBytes"/>).</param>
    /// <exception cref="InvalidInputException">The network is invalid or too large to run live (<see cref="LiveLimits"/>).</exception>
    public LiveNetwork(NetworkSpec spec, MemoryBudget memory)
    {
        LiveLimits.Check(spec);
        Spec = spec;
        Engine = new SpikingEngine(spec with { Monitors = LiveMonitors(spec) }, new SimulationOptions { Seed = 1, Threads = 1, RecordTransmitterState = false }, memory);
        var neurons = spec.Neurons;
        NeuronIds = neurons.Select(n => n.Id).ToArray();
        Variables = neurons.Select(n => NeuronModels.StateVariables(n.Model)).ToArray();
        _transmitterIndex = new int[neurons.Count];
        int t = 0;
        for (int i = 0; i < neurons.Count; i++) _transmitterIndex[i] = neurons[i].Model is TransmitterNeuronSpec ? t++ : -1;
        _lastSpikeCount = new long[neurons.Count];
        _firedSinceFrame = new bool[neurons.Count];
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < NeuronIds.Length; i++) indexOf[NeuronIds[i]] = i;
        _linkSource = spec.Links.Select(l => indexOf[l.From]).ToArray();

        var populations = spec.Populations;
        PopulationRasterStart = new int[populations.Count];
        PopulationRasterRows = new int[populations.Count];
        _populationMonitors = new SpikeMonitor?[populations.Count];
        _populationSpikesAtFrame = new long[populations.Count];
        _populationMonitorRead = new int[populations.Count];
        int row = neurons.Count;
        var monitors = Engine.SpikeMonitors;
        for (int p = 0; p < populations.Count; p++)
        {
            PopulationRasterStart[p] = row;
            PopulationRasterRows[p] = Math.Min(populations[p].Count, RasterRowsPerPopulation);
            row += PopulationRasterRows[p];
            _populationMonitors[p] = monitors.FirstOrDefault(m => m.Target == populations[p].Name);
        }
        RasterRowCount = row;
        for (int i = 0; i < Math.Min(NeuronIds.Length, MaxTracedNeurons); i++) TraceWidth += Variables[i].Count;
        ResetAccumulators();
        WatchFirstCell();
    }

    /// <summary>The network as given, or as last edited live (<see cref="Retuned"/>).</summary>
    public NetworkSpec Spec { get; private set; }

    /// <summary>True once an edit was applied live: the engine then differs from what it was built from, so a reset rebuilds.</summary>
    public bool Retuned { get; private set; }

    /// <summary>Applies an edit between steps if it needs no rebuild (<see cref="LiveEdit"/>).</summary>
    /// <param name="edited">The edited network.</param>
    /// <returns>True if it was applied; false when the network must be rebuilt (the engine may then be part-changed, and is to be replaced).</returns>
    public bool TryApplyLive(NetworkSpec edited)
    {
        var plan = LiveEdit.Plan(Spec, edited, Engine);
        if (plan is null) return false;
        try
        {
            foreach (var action in plan) action(Engine);
        }
        catch (ArgumentException)
        {
            return false;
        }
        Spec = edited;
        Retuned |= plan.Count > 0;
        return true;
    }

    /// <summary>The engine.</summary>
    public SpikingEngine Engine { get; }

    /// <summary>The single neurons' ids, in file order (raster rows 0..n-1).</summary>
    public string[] NeuronIds { get; }

    /// <summary>The state variables of each single neuron, in the order of its values in frames.</summary>
    public IReadOnlyList<string>[] Variables { get; }

    /// <summary>The first raster row of each population.</summary>
    public int[] PopulationRasterStart { get; }

    /// <summary>The raster rows of each population.</summary>
    public int[] PopulationRasterRows { get; }

    /// <summary>Raster rows in all.</summary>
    public int RasterRowCount { get; }

    /// <summary>The first step the spike record (<see cref="Nwb"/>) holds: 0, or where it last started again.</summary>
    public int RecordFromStep { get; private set; }

    /// <summary>Sends what the raster has not shown yet to the next frame, then forgets the record: it holds the spikes from the next step on.</summary>
    public void RestartRecord()
    {
        CollectPopulationSpikes();
        foreach (var m in Engine.SpikeMonitors) m.Clear();
        Array.Clear(_populationMonitorRead);
        RecordFromStep = Engine.StepCount;
    }

    /// <summary>Spikes kept by the engine's monitors (they grow until a reset or <see cref="RestartRecord"/>).</summary>
    public long RecordedSpikes
    {
        get
        {
            long total = 0;
            foreach (var m in Engine.SpikeMonitors) total += m.Count;
            return total;
        }
    }

    /// <summary>
    /// The run so far as an NWB 2 file (<see cref="SimulationNwb"/>): the spikes of the raster's rows
    /// (the first <see cref="RasterRowsPerPopulation"/> neurons of each population) and of every single
    /// spiking neuron since the run's start (or since <see cref="RecordFromStep"/>).
    /// </summary>
    /// <param name="memory">The budget the writer's copies must fit.</param>
    /// <returns>The file's bytes.</returns>
    /// <exception cref="InvalidInputException">The network has no spiking neurons (transmitter neurons release, they do not spike).</exception>
    public byte[] Nwb(MemoryBudget memory)
    {
        if (Spec.Populations.Count == 0 && Spec.Neurons.All(n => n.Model is TransmitterNeuronSpec))
            throw new InvalidInputException("The NWB export holds spikes, and this network has only transmitter neurons; their state goes to NWB with `neurosharp simulate --format nwb`.");
        string name = string.IsNullOrWhiteSpace(Spec.Name) ? "untitled" : Spec.Name;
        string description = FormattableString.Invariant($"neurosharp studio: {name}, the spikes of steps {RecordFromStep} to {Engine.StepCount} (dt {Spec.DtMs} ms) of the first {RasterRowsPerPopulation} neurons of each population and of every single spiking neuron");
        return SimulationNwb.ToBytes(Engine, description, memory);
    }

    /// <summary>Sample the traces every this many steps (chosen from the speed so that plots get a few hundred samples a second).</summary>
    public int TraceEvery { get; set; } = 1;

    /// <summary>One engine step, then notes what fired and samples the traces when due.</summary>
    public void Step()
    {
        Engine.Step();
        int step = Engine.StepCount - 1;
        var transmitters = Engine.Transmitters;
        for (int i = 0; i < NeuronIds.Length; i++)
        {
            bool fired;
            int t = _transmitterIndex[i];
            if (t >= 0)
            {
                fired = transmitters!.Released(t);
            }
            else
            {
                long count = Engine.SpikeCountOf(NeuronIds[i]);
                fired = count != _lastSpikeCount[i];
                _lastSpikeCount[i] = count;
            }
            if (!fired) continue;
            _firedSinceFrame[i] = true;
            AddSpike(i, step);
        }
        if (step % TraceEvery == 0)
        {
            SampleTrace(step);
            SampleCell(step);
        }
    }

    /// <summary>Back to the start: the engine's <see cref="SpikingEngine.Reset"/> and empty accumulators.</summary>
    public void Reset()
    {
        Engine.Reset();
        ResetAccumulators();
    }

    private void ResetAccumulators()
    {
        Array.Clear(_lastSpikeCount);
        Array.Clear(_firedSinceFrame);
        Array.Clear(_populationSpikesAtFrame);
        Array.Clear(_populationMonitorRead);
        RecordFromStep = 0;
        _spikeRows.Clear();
        _spikeSteps.Clear();
        _traceSteps.Clear();
        _traceValues.Clear();
        _droppedSpikes = 0;
        _droppedTrace = 0;
        _stepAtFrame = Engine.StepCount;
        ClearCellSamples();
    }

    private void AddSpike(int row, int step)
    {
        if (_spikeRows.Count >= MaxSpikesPerFrame)
        {
            _droppedSpikes++;
            return;
        }
        _spikeRows.Add(row);
        _spikeSteps.Add(step);
    }

    private void SampleTrace(int step)
    {
        if (_traceSteps.Count >= MaxTraceSamplesPerFrame)
        {
            _droppedTrace++;
            return;
        }
        _traceSteps.Add(step);
        int traced = Math.Min(NeuronIds.Length, MaxTracedNeurons);
        for (int i = 0; i < traced; i++) AppendValues(i, _traceValues);
    }

    /// <summary>Appends a single neuron's current values in the order of <see cref="Variables"/>.</summary>
    private void AppendValues(int neuron, List<double> into)
    {
        int t = _transmitterIndex[neuron];
        if (t >= 0)
        {
            var s = Engine.Transmitters!.State(t);
            _row[0] = (double)s.Phase;
            _row[1] = s.StepsToActivation;
            _row[2] = s.StepsToRecovery;
            _row[3] = s.Dendrite.Activator;
            _row[4] = s.Dendrite.Inhibitor;
            _row[5] = s.Synapse.Activator;
            _row[6] = s.Synapse.Inhibitor;
            _row[7] = s.Accumulated.Activator;
            _row[8] = s.Accumulated.Inhibitor;
            _row[9] = s.Current.Activator;
            _row[10] = s.Current.Inhibitor;
            _row[11] = s.Last.Activator;
            _row[12] = s.Last.Inhibitor;
            into.AddRange(_row);
            return;
        }
        foreach (string v in Variables[neuron]) into.Add(Engine.GetVariable(NeuronIds[neuron], v)[0]);
    }

    private static List<MonitorSpec> LiveMonitors(NetworkSpec spec)
    {
        var monitors = new List<MonitorSpec>();
        foreach (var p in spec.Populations)
            monitors.Add(new SpikeMonitorSpec { Target = p.Name, Indices = Enumerable.Range(0, Math.Min(p.Count, RasterRowsPerPopulation)).ToArray() });
        foreach (var n in spec.Neurons)
        {
            if (n.Model is not TransmitterNeuronSpec) monitors.Add(new SpikeMonitorSpec { Target = n.Id });
        }
        // With no monitor declared the engine records every spike of every neuron, without end; one
        // monitor that records nothing turns that off (single neurons are followed without monitors).
        if (monitors.Count == 0 && spec.Neurons.Count > 0) monitors.Add(new SpikeMonitorSpec { Target = spec.Neurons[0].Id, Indices = [] });
        return monitors;
    }
}
