using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The transmitter neurons of a network as one population: its step is the <see cref="TransmitterNetwork"/>'s
/// five-phase step with its own delivery (docs/spiking-transmitter.md), taken in the Integrate phase; its spikes are the
/// neurons that released in the step; its state variables are <see cref="NeuronModels.TransmitterVariables"/>.
/// Each transmitter neuron keeps its own id in the file: monitors and stimuli address it by its index here.
/// </summary>
internal sealed class TransmitterPopulation : IPopulation
{
    private int[] _spikes = [];
    private int _spikeCount;

    public TransmitterPopulation(TransmitterNetwork network)
    {
        Network = network;
    }

    /// <summary>The network stepped.</summary>
    public TransmitterNetwork Network { get; }

    /// <summary>A partitioned run's part of the network held on this rank (its spikes are the releases of those neurons), or null in one process.</summary>
    public HeldTransmitters? Held { get; init; }

    /// <inheritdoc/>
    public string Name => "transmitters";

    /// <inheritdoc/>
    public int Count => Network.Count;

    /// <inheritdoc/>
    public ReadOnlySpan<int> StepSpikes => _spikes.AsSpan(0, _spikeCount);

    /// <inheritdoc/>
    public void VisitState(StateVisitor visitor)
    {
        Network.VisitState(visitor);
        if (_spikes.Length != Network.Count) _spikes = new int[Network.Count];
        visitor.Value("spikeCount", ref _spikeCount);
        if ((uint)_spikeCount > (uint)_spikes.Length) throw new InvalidInputException($"The checkpoint's spikeCount of the transmitter neurons is {_spikeCount}, outside [0, {_spikes.Length}].");
        visitor.Values("spikes", _spikes.AsSpan(0, _spikeCount));
    }

    /// <summary>Sets this step's spikes (releases) from outside: a device backend, after its steps.</summary>
    internal void SetStepSpikes(ReadOnlySpan<int> spikes)
    {
        if (_spikes.Length != Network.Count) _spikes = new int[Network.Count];
        spikes.CopyTo(_spikes);
        _spikeCount = spikes.Length;
    }

    /// <inheritdoc/>
    public void IntegrateAndThreshold(int step, int maxThreads)
    {
        int n = Network.Count;
        if (_spikes.Length != n) _spikes = new int[n];
        int count = 0;
        if (Held is { } held)
        {
            // A partitioned run: this rank's neurons only (collective when a link spans two ranks).
            held.Step();
            foreach (int i in held.Held)
            {
                if (Network.Released(i)) _spikes[count++] = i;
            }
            _spikeCount = count;
            return;
        }
        Network.Step();
        for (int i = 0; i < n; i++)
        {
            if (Network.Released(i)) _spikes[count++] = i;
        }
        _spikeCount = count;
    }

    /// <inheritdoc/>
    public void ApplyReset(int step)
    {
        // A transmitter neuron recovers inside its own step.
    }

    /// <inheritdoc/>
    public void Initialize(RandomStream build, RandomStream run) => InitializeDynamics(build, run);

    /// <inheritdoc/>
    public void InitializeDynamics(RandomStream build, RandomStream run)
    {
        Network.Reset();
        _spikeCount = 0;
    }

    /// <inheritdoc/>
    public int VariableId(string name)
    {
        var names = NeuronModels.TransmitterVariables;
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name) return i;
        }
        return -1;
    }

    /// <inheritdoc/>
    public void CopyVariable(int variable, ReadOnlySpan<int> neurons, Span<float> destination) =>
        Network.CopyVariable(variable, neurons, destination);
}

/// <summary>A <see cref="TransmitterStimulusSpec"/>: puts its amount on one transmitter neuron's dendrite on the listed steps, then every EverySteps.</summary>
internal sealed class TransmitterStimulus
{
    private readonly TransmitterNetwork _network;
    private readonly int _neuron;
    private readonly TransmitterStimulusSpec _spec;
    private readonly int _lastListed;
    private readonly HashSet<int> _steps;

    public TransmitterStimulus(TransmitterNetwork network, int neuron, TransmitterStimulusSpec spec)
    {
        _network = network;
        _neuron = neuron;
        _spec = spec;
        _lastListed = spec.Steps.Count > 0 ? spec.Steps.Max() : -1;
        _steps = [.. spec.Steps];
    }

    /// <summary>The transmitter neuron it stimulates.</summary>
    internal int Neuron => _neuron;

    /// <summary>What it puts on the dendrite.</summary>
    internal TransmitterAmount Amount => _spec.Amount;

    /// <summary>False on a rank of a partitioned run that does not hold the neuron: the stimulus acts on its own rank only.</summary>
    internal bool Applies { get; init; } = true;

    public void Apply(int step)
    {
        if (Applies && IsDue(step)) _network.Stimulate(_neuron, _spec.Amount);
    }

    /// <summary>True on the steps it acts: the listed ones, then every EverySteps after the last listed one (from step 0 when none is listed).</summary>
    internal bool IsDue(int step)
    {
        int from = Math.Max(_lastListed, 0);
        int every = _spec.EverySteps;
        return _steps.Contains(step) || (every > 0 && step >= from && (step - from) % every == 0 && (_lastListed < 0 || step > _lastListed));
    }
}
