using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The network of transmitter neurons of article 002 (docs/articles.md#article-002-transmitter-neuron; docs/spiking-transmitter.md): neurons stepped in the order they were
/// added, directed links toggled by <see cref="Link"/>, and the release of each neuron shared among its
/// targets by the chosen <see cref="TransmitterSynapseRule"/> and <see cref="TransmitterDelivery"/>.
/// </summary>
/// <remarks>
/// State is struct-of-arrays (one array per variable), in double precision as in the Python reference,
/// so that hand-computed traces match to the last digit. One <see cref="Step"/>:
/// <code>
/// synchronous: for each neuron: step it            (its own state only; parallel over blocks)
///              for each neuron in order: deliver    (target.dendrite += share)
/// sequential:  for each neuron in order: step it, then deliver at once (the reference)
/// then, for each neuron: last = current
/// </code>
/// The reference's <c>last_state = current_state</c> makes the two lists one object; no branch reads
/// <c>last</c> after writing <c>current</c> in the same step, so copying the values is indistinguishable.
/// </remarks>
public sealed class TransmitterNetwork
{
    private int _count;
    private int[] _sta = [], _str = [];
    private byte[] _phase = [];
    private double[] _dendA = [], _dendI = [], _synA = [], _synI = [], _accA = [], _accI = [];
    private double[] _curA = [], _curI = [], _lastA = [], _lastI = [];
    private TransmitterNeuronSpec[] _specs = [];
    private List<int>[] _links = [];
    private int[] _rowStart = [0];
    private int[] _targets = [];
    private bool _csrDirty;
    private int _structureVersion;
    private int _stateVersion;
    private readonly Action<int, int> _stepBlock;

    /// <summary>Creates an empty network.</summary>
    /// <param name="delivery">When deliveries are seen (default synchronous).</param>
    /// <param name="rule">How a synapse is shared (default the intended rule).</param>
    public TransmitterNetwork(TransmitterDelivery delivery = TransmitterDelivery.Synchronous, TransmitterSynapseRule rule = TransmitterSynapseRule.Intended)
    {
        if (!Enum.IsDefined(delivery)) throw new ArgumentOutOfRangeException(nameof(delivery), delivery, "Unknown delivery mode.");
        if (!Enum.IsDefined(rule)) throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown synapse rule.");
        Delivery = delivery;
        Rule = rule;
        _stepBlock = (start, end) =>
        {
            for (int i = start; i < end; i++) StepNeuron(i);
        };
    }

    /// <summary>When deliveries are seen.</summary>
    public TransmitterDelivery Delivery { get; }

    /// <summary>How a synapse is shared.</summary>
    public TransmitterSynapseRule Rule { get; }

    /// <summary>The number of neurons.</summary>
    public int Count => _count;

    /// <summary>Steps taken since creation or <see cref="Reset"/>.</summary>
    public long StepCount { get; private set; }

    /// <summary>The most threads the synchronous neuron steps may use (0: all cores). Results do not depend on it.</summary>
    public int MaxThreads { get; set; } = 1;

    /// <summary>Adds a neuron at the end of the stepping order.</summary>
    /// <param name="spec">Its parameters (validated).</param>
    /// <returns>Its index.</returns>
    /// <exception cref="InvalidOptionException">A parameter is out of range.</exception>
    public int Add(TransmitterNeuronSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        HostWrites();
        if (_count == _specs.Length) Grow(Math.Max(4, _count * 2));
        int i = _count++;
        _specs[i] = spec;
        _links[i] = [];
        ResetNeuron(i);
        _csrDirty = true;
        _structureVersion++;
        return i;
    }

    /// <summary>The article's <c>link(a, b)</c>: adds the link from -> to, or removes it if it exists.</summary>
    /// <param name="from">The source neuron.</param>
    /// <param name="to">The target neuron.</param>
    /// <returns>True if the link exists afterwards.</returns>
    public bool Link(int from, int to)
    {
        CheckIndex(from);
        CheckIndex(to);
        _csrDirty = true;
        _structureVersion++;
        if (_links[from].Remove(to)) return false;
        _links[from].Add(to);
        return true;
    }

    /// <summary>True if from -> to is linked.</summary>
    /// <param name="from">The source neuron.</param>
    /// <param name="to">The target neuron.</param>
    /// <returns>Whether the link exists.</returns>
    public bool IsLinked(int from, int to)
    {
        CheckIndex(from);
        CheckIndex(to);
        return _links[from].Contains(to);
    }

    /// <summary>The targets of a neuron, in the order they were linked.</summary>
    /// <param name="neuron">The neuron.</param>
    /// <returns>Its targets.</returns>
    public IReadOnlyList<int> TargetsOf(int neuron)
    {
        CheckIndex(neuron);
        return _links[neuron];
    }

    /// <summary>The parameters of a neuron.</summary>
    /// <param name="neuron">The neuron.</param>
    /// <returns>Its spec.</returns>
    public TransmitterNeuronSpec SpecOf(int neuron)
    {
        CheckIndex(neuron);
        return _specs[neuron];
    }

    /// <summary>Puts transmitter on a neuron's dendrite (the article's controller, e.g. the skin).</summary>
    /// <param name="neuron">The neuron.</param>
    /// <param name="amount">The amount added.</param>
    public void Stimulate(int neuron, TransmitterAmount amount)
    {
        CheckIndex(neuron);
        HostWrites();
        _dendA[neuron] += amount.Activator;
        _dendI[neuron] += amount.Inhibitor;
    }

    /// <summary>The state of a neuron after the last step.</summary>
    /// <param name="neuron">The neuron.</param>
    /// <returns>A snapshot.</returns>
    public TransmitterNeuronState State(int neuron)
    {
        CheckIndex(neuron);
        HostReads();
        int i = neuron;
        return new TransmitterNeuronState((TransmitterPhase)_phase[i], _sta[i], _str[i],
            new(_dendA[i], _dendI[i]), new(_synA[i], _synI[i]), new(_accA[i], _accI[i]), new(_curA[i], _curI[i]), new(_lastA[i], _lastI[i]));
    }

    /// <summary>The phase every neuron took in the last step.</summary>
    /// <param name="neuron">The neuron.</param>
    /// <returns>Its phase.</returns>
    public TransmitterPhase PhaseOf(int neuron)
    {
        CheckIndex(neuron);
        HostReads();
        return (TransmitterPhase)_phase[neuron];
    }

    /// <summary>True if the neuron released (its spike) in the last step.</summary>
    /// <param name="neuron">The neuron.</param>
    /// <returns>Whether it released.</returns>
    public bool Released(int neuron) => PhaseOf(neuron) == TransmitterPhase.Releasing;

    /// <summary>Writes every state value of every neuron, in <see cref="NeuronModels.TransmitterVariables"/> order, row per neuron.</summary>
    /// <param name="destination">At least <see cref="Count"/> x 13 values.</param>
    public void CopyState(Span<double> destination)
    {
        const int width = TransmitterStateMonitor.Width;
        if (destination.Length < _count * width) throw new ArgumentException($"Needs {_count * width} values.", nameof(destination));
        HostReads();
        for (int i = 0; i < _count; i++) CopyRow(i, destination.Slice(i * width, width));
    }

    /// <summary>Every state value of one neuron, in <see cref="NeuronModels.TransmitterVariables"/> order (a row of <see cref="CopyState"/>).</summary>
    internal void CopyRow(int i, Span<double> row)
    {
        HostReads();
        row[0] = _phase[i];
        row[1] = _sta[i];
        row[2] = _str[i];
        for (int c = 3; c < TransmitterStateMonitor.Width; c++) row[c] = Column(c)[i];
    }

    /// <summary>One state variable (a column of <see cref="NeuronModels.TransmitterVariables"/>) of the neurons listed, as float.</summary>
    internal void CopyVariable(int column, ReadOnlySpan<int> neurons, Span<float> destination)
    {
        if ((uint)column >= TransmitterStateMonitor.Width) throw new ArgumentOutOfRangeException(nameof(column));
        HostReads();
        for (int k = 0; k < neurons.Length; k++)
        {
            int i = neurons[k];
            CheckIndex(i);
            destination[k] = column switch
            {
                0 => _phase[i],
                1 => _sta[i],
                2 => _str[i],
                _ => (float)Column(column)[i],
            };
        }
    }

    /// <summary>The double-valued state columns 3..12, in the order of <see cref="NeuronModels.TransmitterVariables"/>.</summary>
    private double[] Column(int column) => column switch
    {
        3 => _dendA,
        4 => _dendI,
        5 => _synA,
        6 => _synI,
        7 => _accA,
        8 => _accI,
        9 => _curA,
        10 => _curI,
        11 => _lastA,
        _ => _lastI,
    };

    /// <summary>Changes with every <see cref="Add"/> and <see cref="Link"/> (a device backend uploads the neurons and links again).</summary>
    internal int StructureVersion => _structureVersion;

    /// <summary>The links as CSR by source (row starts, then targets in the order linked), what delivery walks.</summary>
    internal (int[] RowStart, int[] Targets) Rows()
    {
        EnsureCsr();
        return (_rowStart, _targets);
    }

    /// <summary>Changes with every host write of the neurons' state (a device backend uploads it again before its next run).</summary>
    internal int StateVersion => _stateVersion;

    /// <summary>
    /// True while a device backend holds the neurons' state newer than these arrays (after its runs); every host reader and
    /// writer of the state here calls <see cref="PullState"/> first, which copies it down (docs/gpu.md, "Which copy of the
    /// populations' state is current").
    /// </summary>
    internal bool StateOnDevice { get; set; }

    /// <summary>Copies the device's newer state into these arrays and clears <see cref="StateOnDevice"/> (set by a device backend).</summary>
    internal Action? PullState { get; set; }

    /// <summary>Before a host read of the state: the device's copy first, if it is newer.</summary>
    private void HostReads()
    {
        if (StateOnDevice) PullState!();
    }

    /// <summary>Before a host write of part of the state: the device's copy first, then a new version for the next upload.</summary>
    private void HostWrites()
    {
        HostReads();
        _stateVersion++;
    }

    /// <summary>The state arrays themselves (their first <see cref="Count"/> entries; a device backend copies them to and from its own).</summary>
    internal TransmitterArrays Arrays => new(_sta, _str, _phase, _dendA, _dendI, _synA, _synI, _accA, _accI, _curA, _curI, _lastA, _lastI);

    /// <summary>Counts steps a device backend took on this network's state.</summary>
    internal void AddSteps(long steps) => StepCount += steps;

    /// <summary>Visits every neuron's state (the columns of <see cref="CopyState"/>) and the step count, for a checkpoint.</summary>
    internal void VisitState(StateVisitor visitor)
    {
        HostWrites(); // the host's copy is read now, or written (and so current)
        int n = _count;
        long steps = StepCount;
        visitor.Value("steps", ref steps);
        StepCount = steps;
        visitor.Values("sta", _sta.AsSpan(0, n));
        visitor.Values("str", _str.AsSpan(0, n));
        visitor.Values("phase", _phase.AsSpan(0, n));
        foreach (var (name, column) in new[] { ("dendA", _dendA), ("dendI", _dendI), ("synA", _synA), ("synI", _synI), ("accA", _accA), ("accI", _accI),
            ("curA", _curA), ("curI", _curI), ("lastA", _lastA), ("lastI", _lastI) })
            visitor.Values(name, column.AsSpan(0, n));
    }

    /// <summary>Back to the state at creation (links kept).</summary>
    public void Reset()
    {
        StateOnDevice = false; // rewritten whole: nothing to copy down
        _stateVersion++;
        for (int i = 0; i < _count; i++) ResetNeuron(i);
        StepCount = 0;
    }

    /// <summary>One network step: every neuron steps and delivers (see the class remarks), then last = current.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step()
    {
        HostWrites();
        EnsureCsr();
        int n = _count;
        if (Delivery == TransmitterDelivery.Sequential)
        {
            for (int i = 0; i < n; i++)
            {
                StepNeuron(i);
                Deliver(i);
            }
        }
        else
        {
            // Each neuron's step touches only its own state, so blocks may run in parallel; the
            // deliveries that write other neurons' dendrites then run in order.
            if (MaxThreads == 1 || n < 2 * ParallelBlocks.DefaultBlockSize) _stepBlock(0, n);
            else ParallelBlocks.For(n, MaxThreads, _stepBlock);
            for (int i = 0; i < n; i++) Deliver(i);
        }
        Array.Copy(_curA, _lastA, n);
        Array.Copy(_curI, _lastI, n);
        StepCount++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepNeuron(int i)
    {
        var s = _specs[i];
        _accA[i] += s.Reproductivity.Activator;
        _accI[i] += s.Reproductivity.Inhibitor;
        if (_str[i] > 0)
        {
            _phase[i] = (byte)TransmitterPhase.Recovering;
            _str[i] -= 1;
        }
        else if (_sta[i] == 1)
        {
            _phase[i] = (byte)TransmitterPhase.Releasing;
            _sta[i] = 0;
            _synA[i] += _accA[i];
            _synI[i] += _accI[i];
            _accA[i] *= s.Returnability;
            _accI[i] *= s.Returnability;
            _str[i] = s.RecoverySteps;
        }
        else if (_sta[i] > 0)
        {
            _phase[i] = (byte)TransmitterPhase.Transmitting;
            _sta[i] -= 1;
        }
        else if (_lastA[i] + _lastI[i] > s.Threshold)
        {
            _phase[i] = (byte)TransmitterPhase.Activating;
            _curA[i] = 0;
            _curI[i] = 0;
            _sta[i] = s.SpeedSteps;
        }
        else
        {
            _phase[i] = (byte)TransmitterPhase.Collecting;
            _curA[i] += _dendA[i];
            _curI[i] += _dendI[i];
            _dendA[i] = 0;
            _dendI[i] = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Deliver(int i)
    {
        if (TakeShare(i, out double shareA, out double shareI) == 0) return;
        for (int e = _rowStart[i], end = _rowStart[i + 1]; e < end; e++)
        {
            int t = _targets[e];
            _dendA[t] += shareA;
            _dendI[t] += shareI;
        }
    }

    /// <summary>
    /// The first half of neuron <paramref name="i"/>'s delivery: keeps the retained part of its synapse and gives the share
    /// each of its targets gets (undefined when it has none).
    /// </summary>
    /// <returns>Its number of targets.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int TakeShare(int i, out double shareA, out double shareI)
    {
        double retention = _specs[i].SynapseRetention;
        double sa = _synA[i], si = _synI[i];
        int k = _rowStart[i + 1] - _rowStart[i];
        _synA[i] = sa * retention;
        _synI[i] = si * retention;
        if (Rule == TransmitterSynapseRule.ReferenceAliasing)
        {
            // tm aliases neuron.synapse, which was just scaled: each target gets the retained part / k.
            sa = _synA[i];
            si = _synI[i];
        }
        shareA = k == 0 ? 0 : sa / k;
        shareI = k == 0 ? 0 : si / k;
        return k;
    }

    /// <summary>
    /// A partitioned run's step (docs/distributed.md, "Transmitter neurons over ranks"), synchronous delivery only: steps the
    /// neurons <paramref name="held"/> lists, then takes their shares (<see cref="TakeShare"/>) into <paramref name="shareA"/>
    /// and <paramref name="shareI"/> (indexed by neuron). The caller then brings the other ranks' shares and calls
    /// <see cref="DeliverHeld"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void StepHeld(ReadOnlySpan<int> held, Span<double> shareA, Span<double> shareI)
    {
        if (Delivery != TransmitterDelivery.Synchronous) throw new InvalidOperationException("Sequential delivery steps the whole network in one place.");
        HostWrites(); // as Step: the host's arrays change, so a device backend would upload them again
        EnsureCsr();
        foreach (int i in held) StepNeuron(i);
        foreach (int i in held) TakeShare(i, out shareA[i], out shareI[i]);
    }

    /// <summary>
    /// The second half of a partitioned step: the shares of the sources <paramref name="sources"/> (ascending; every source
    /// with a target held here) added to the targets <paramref name="isHeld"/> marks, in source order, which is the order in
    /// which <see cref="Step"/> adds them to each dendrite; then last = current for the held neurons.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void DeliverHeld(ReadOnlySpan<int> sources, ReadOnlySpan<double> shareA, ReadOnlySpan<double> shareI, ReadOnlySpan<bool> isHeld, ReadOnlySpan<int> held)
    {
        foreach (int i in sources)
        {
            double a = shareA[i], b = shareI[i];
            for (int e = _rowStart[i], end = _rowStart[i + 1]; e < end; e++)
            {
                int t = _targets[e];
                if (!isHeld[t]) continue;
                _dendA[t] += a;
                _dendI[t] += b;
            }
        }
        foreach (int i in held)
        {
            _lastA[i] = _curA[i];
            _lastI[i] = _curI[i];
        }
        StepCount++;
    }

    private void ResetNeuron(int i)
    {
        var s = _specs[i];
        _sta[i] = s.InitialStepsToActivation;
        _str[i] = 0;
        _phase[i] = (byte)TransmitterPhase.Collecting;
        _dendA[i] = _dendI[i] = _synA[i] = _synI[i] = _accA[i] = _accI[i] = 0;
        _curA[i] = _curI[i] = _lastA[i] = _lastI[i] = 0;
    }

    private void EnsureCsr()
    {
        if (!_csrDirty) return;
        var rowStart = new int[_count + 1];
        for (int i = 0; i < _count; i++) rowStart[i + 1] = rowStart[i] + _links[i].Count;
        var targets = new int[rowStart[_count]];
        for (int i = 0; i < _count; i++) _links[i].CopyTo(targets, rowStart[i]);
        _rowStart = rowStart;
        _targets = targets;
        _csrDirty = false;
    }

    private void Grow(int capacity)
    {
        Array.Resize(ref _sta, capacity);
        Array.Resize(ref _str, capacity);
        Array.Resize(ref _phase, capacity);
        Array.Resize(ref _dendA, capacity);
        Array.Resize(ref _dendI, capacity);
        Array.Resize(ref _synA, capacity);
        Array.Resize(ref _synI, capacity);
        Array.Resize(ref _accA, capacity);
        Array.Resize(ref _accI, capacity);
        Array.Resize(ref _curA, capacity);
        Array.Resize(ref _curI, capacity);
        Array.Resize(ref _lastA, capacity);
        Array.Resize(ref _lastI, capacity);
        Array.Resize(ref _specs, capacity);
        Array.Resize(ref _links, capacity);
    }

    private void CheckIndex(int neuron)
    {
        if ((uint)neuron >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(neuron), neuron, $"The network has {_count} neurons.");
    }
}

/// <summary>The state arrays of a <see cref="TransmitterNetwork"/> (struct of arrays; only the first Count entries are neurons).</summary>
internal readonly record struct TransmitterArrays(
    int[] Sta, int[] Str, byte[] Phase, double[] DendA, double[] DendI, double[] SynA, double[] SynI,
    double[] AccA, double[] AccI, double[] CurA, double[] CurI, double[] LastA, double[] LastI);
