using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// The transmitter neurons (article 002; docs/spiking-transmitter.md) on the device: their state in double as on the
/// host, their parameters, their links as CSR by source (sequential delivery scatters) and by target with the sources
/// ascending (synchronous delivery gathers), and a spike history ring of one block for the monitors. A step is the
/// <see cref="TransmitterNetwork"/>'s: synchronous, one thread per neuron steps it, one per source works out its
/// share and keeps its retained part, one per target adds the shares arriving in source order (the host's sum); sequential,
/// one thread runs the reference's loop (each neuron steps and delivers at once, so the order is the algorithm).
/// The state stays on the device between runs, newer than the host's arrays (<see cref="TransmitterNetwork.StateOnDevice"/>),
/// until a host reader or writer of the network asks for it (<see cref="Pull"/>); it goes up at the start of a run only when
/// the host wrote it since the last copy (<see cref="TransmitterNetwork.StateVersion"/>: a reset, a stimulus or a step on
/// the host). The links go up again whenever <see cref="TransmitterNetwork.Link"/> changed them.
/// </summary>
internal sealed class DeviceTransmitters : IDisposable
{
    /// <summary>Values per neuron in a row of the transmitter state (<see cref="TransmitterStateMonitor.Width"/>).</summary>
    public const int Width = TransmitterStateMonitor.Width;

    private readonly Accelerator _accelerator;
    private readonly TransmitterNetwork _network;
    private readonly List<MemoryBuffer> _buffers = [];
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _history;
    private readonly Action<Index1D, TransmitterView> _step, _share, _gather, _sequential;
    private readonly Action<Index1D, TransmitterView, int, double, double> _stimulate;
    private readonly Action<Index1D, TransmitterView, ArrayView<double>> _stateRows;
    private readonly Action<Index1D, TransmitterView, ArrayView<int>, int, ArrayView<float>> _sample;
    private MemoryBuffer1D<int, Stride1D.Dense>? _rowStart, _targets, _columnStart, _sources;
    private TransmitterView _view;
    private int _uploadedVersion = -1;
    private int _stateVersion = -1; // the host's state version the device's copy equals
    private readonly bool _keepOnDevice;

    public DeviceTransmitters(Accelerator accelerator, TransmitterPopulation population, int slots, bool keepOnDevice = true)
    {
        _accelerator = accelerator;
        Population = population;
        _network = population.Network;
        _keepOnDevice = keepOnDevice;
        _network.PullState = Pull;
        Count = _network.Count;
        Words = (Count + 31) / 32;
        Slots = slots;
        _history = accelerator.Allocate1D<int>(Math.Max(1, (long)slots * Words));
        _history.MemSetToZero();
        int n = Math.Max(1, Count);
        _view = new TransmitterView
        {
            Count = Count, Sequential = _network.Delivery == TransmitterDelivery.Sequential ? 1 : 0,
            Aliasing = _network.Rule == TransmitterSynapseRule.ReferenceAliasing ? 1 : 0,
            Sta = Ints(n), Str = Ints(n), Phase = Bytes(n),
            DendA = Doubles(n), DendI = Doubles(n), SynA = Doubles(n), SynI = Doubles(n), AccA = Doubles(n), AccI = Doubles(n),
            CurA = Doubles(n), CurI = Doubles(n), LastA = Doubles(n), LastI = Doubles(n), ShareA = Doubles(n), ShareI = Doubles(n),
            Threshold = Doubles(n), Returnability = Doubles(n), ReproA = Doubles(n), ReproI = Doubles(n), Retention = Doubles(n),
            Speed = Ints(n), Recovery = Ints(n),
        };
        _view.Spiked = Slot(0); // a real view wherever a kernel takes one; Step passes the step's slot
        UploadParameters();
        _step = accelerator.LoadElementKernel<Index1D, TransmitterView>(StepKernel);
        _share = accelerator.LoadElementKernel<Index1D, TransmitterView>(ShareKernel);
        _gather = accelerator.LoadElementKernel<Index1D, TransmitterView>(GatherKernel);
        _sequential = accelerator.LoadElementKernel<Index1D, TransmitterView>(SequentialKernel);
        _stimulate = accelerator.LoadElementKernel<Index1D, TransmitterView, int, double, double>(StimulateKernel);
        _stateRows = accelerator.LoadElementKernel<Index1D, TransmitterView, ArrayView<double>>(StateRowKernel);
        _sample = accelerator.LoadElementKernel<Index1D, TransmitterView, ArrayView<int>, int, ArrayView<float>>(SampleKernel);
    }

    /// <summary>The engine's transmitter population (what the monitors watch).</summary>
    public TransmitterPopulation Population { get; }

    /// <summary>Transmitter neurons.</summary>
    public int Count { get; }

    /// <summary>Bitset words per step: one bit per neuron.</summary>
    public int Words { get; }

    /// <summary>Steps the history ring holds (one monitor block).</summary>
    public int Slots { get; }

    /// <summary>The device bytes for the transmitter neurons of <paramref name="network"/> (DeviceMemory).</summary>
    /// <param name="network">The network.</param>
    /// <param name="block">Steps per monitor block.</param>
    /// <param name="recordState">True when every neuron's state is recorded every step.</param>
    public static long Bytes(TransmitterNetwork network, int block, bool recordState)
    {
        long n = network.Count, links = network.Rows().Targets.Length;
        // 3 ints + 1 byte of state, 2 int and 5 double parameters, 10 doubles of state, 2 shares, 2 row starts; 2 ints per link.
        long perNeuron = 5 * sizeof(int) + 1 + 17 * sizeof(double) + 2 * sizeof(int);
        long total = MemoryBudget.Plus(MemoryBudget.Times(n, perNeuron), MemoryBudget.Times(links, 2 * sizeof(int)),
            MemoryBudget.Times(block, (n + 31) / 32, sizeof(int)));
        return recordState ? MemoryBudget.Plus(total, MemoryBudget.Times(block, n, Width * sizeof(double))) : total;
    }

    /// <summary>The history slot of a step.</summary>
    public ArrayView<int> Slot(int step) => _history.View.SubView((long)(step % Slots) * Words, Words);

    /// <summary>Copies the steps [first, first + count) of the history (within one block) into <paramref name="destination"/>.</summary>
    public void DownloadHistory(int first, int count, int[] destination) =>
        _history.View.SubView((long)(first % Slots) * Words, (long)count * Words).CopyToHost(destination.AsSpan(0, count * Words));

    /// <summary>Forgets the spike history.</summary>
    public void ClearHistory() => _history.MemSetToZero();

    /// <summary>The start of a run: the links when they changed, and the host's state when the host wrote it since the last copy.</summary>
    public void Upload()
    {
        if (_network.Count != Count)
            throw new InvalidOperationException($"The engine was built with {Count} transmitter neurons and now has {_network.Count}; the device backend does not take neurons added after the build.");
        if (_uploadedVersion != _network.StructureVersion) UploadLinks();
        if (Count == 0 || _stateVersion == _network.StateVersion) return;
        _stateVersion = _network.StateVersion;
        var a = _network.Arrays;
        _view.Sta.CopyFromHost(a.Sta.AsSpan(0, Count));
        _view.Str.CopyFromHost(a.Str.AsSpan(0, Count));
        _view.Phase.CopyFromHost(a.Phase.AsSpan(0, Count));
        foreach (var (host, device) in Pairs(a)) device.CopyFromHost(host.AsSpan(0, Count));
    }

    /// <summary>The end of a run (<paramref name="steps"/> were taken): the device's state is the newer copy now, left there (or copied down at once without <see cref="GpuSimulationOptions.KeepStateOnDevice"/>).</summary>
    public void Download(int steps)
    {
        _network.AddSteps(steps);
        if (Count == 0 || steps == 0) return;
        _network.StateOnDevice = true;
        if (!_keepOnDevice) Pull();
    }

    /// <summary>Copies the device's state into the host's arrays (a host reader or writer asked); both copies are equal afterwards.</summary>
    public void Pull()
    {
        if (!_network.StateOnDevice) return;
        _network.StateOnDevice = false;
        var a = _network.Arrays;
        _view.Sta.CopyToHost(a.Sta.AsSpan(0, Count));
        _view.Str.CopyToHost(a.Str.AsSpan(0, Count));
        _view.Phase.CopyToHost(a.Phase.AsSpan(0, Count));
        foreach (var (host, device) in Pairs(a)) device.CopyToHost(host.AsSpan(0, Count));
    }

    /// <summary>A stimulus puts its amount on a neuron's dendrite (the Inputs phase; no upload, the amount goes as an argument).</summary>
    public void Stimulate(int neuron, TransmitterAmount amount) => _stimulate(1, _view, neuron, amount.Activator, amount.Inhibitor);

    /// <summary>One network step (the Integrate phase, after the groups), its releases marked in the step's history slot.</summary>
    public void Step(int step)
    {
        if (Count == 0) return;
        var slot = Slot(step);
        slot.MemSetToZero();
        var view = _view with { Spiked = slot };
        if (_view.Sequential != 0)
        {
            _sequential(1, view);
            return;
        }
        _step(Count, view);
        _share(Count, view);
        _gather(Count, view);
    }

    /// <summary>Every neuron's state row (phase, sta, str, then the ten amounts, as TransmitterNetwork.CopyState) into <paramref name="rows"/>.</summary>
    public void StateRows(ArrayView<double> rows)
    {
        if (Count > 0) _stateRows(Count, _view, rows);
    }

    /// <summary>One state column (a variable of NeuronModels.TransmitterVariables) of the listed neurons, as float (a state monitor's sample).</summary>
    public void Sample(ArrayView<int> neurons, int count, int column, ArrayView<float> destination) => _sample(count, _view, neurons, column, destination);

    public void Dispose()
    {
        Pull(); // the host's arrays are the only copy from now on
        _network.PullState = null;
        foreach (var b in _buffers) b.Dispose();
        _rowStart?.Dispose();
        _targets?.Dispose();
        _columnStart?.Dispose();
        _sources?.Dispose();
        _history.Dispose();
    }

    /// <summary>Synchronous delivery, first kernel: each neuron steps (its own state only).</summary>
    private static void StepKernel(Index1D i, TransmitterView v) => StepNeuron(i, v);

    /// <summary>
    /// Second kernel, one thread per source: its share S / k (the retained part / k under the reference's aliasing),
    /// the synapse keeps the retained part; then last = current (no later work of the step reads either).
    /// </summary>
    private static void ShareKernel(Index1D i, TransmitterView v)
    {
        double sa = v.SynA[i], si = v.SynI[i];
        double retention = v.Retention[i];
        double keptA = sa * retention, keptI = si * retention;
        v.SynA[i] = keptA;
        v.SynI[i] = keptI;
        if (v.Aliasing != 0)
        {
            sa = keptA;
            si = keptI;
        }
        int k = v.RowStart[i + 1] - v.RowStart[i];
        v.ShareA[i] = k == 0 ? 0 : sa / k;
        v.ShareI[i] = k == 0 ? 0 : si / k;
        v.LastA[i] = v.CurA[i];
        v.LastI[i] = v.CurI[i];
    }

    /// <summary>Third kernel, one thread per target: the shares of its sources added in ascending source order, the host's order.</summary>
    private static void GatherKernel(Index1D t, TransmitterView v)
    {
        double a = v.DendA[t], b = v.DendI[t];
        for (int e = v.ColumnStart[t]; e < v.ColumnStart[t + 1]; e++)
        {
            int s = v.Sources[e];
            a += v.ShareA[s];
            b += v.ShareI[s];
        }
        v.DendA[t] = a;
        v.DendI[t] = b;
    }

    /// <summary>Sequential delivery (the reference's loop) in one thread: each neuron steps and delivers at once, then last = current.</summary>
    private static void SequentialKernel(Index1D index, TransmitterView v)
    {
        for (int i = 0; i < v.Count; i++)
        {
            StepNeuron(i, v);
            double sa = v.SynA[i], si = v.SynI[i];
            double retention = v.Retention[i];
            v.SynA[i] = sa * retention;
            v.SynI[i] = si * retention;
            int start = v.RowStart[i], end = v.RowStart[i + 1];
            int k = end - start;
            if (k == 0) continue;
            if (v.Aliasing != 0)
            {
                sa = v.SynA[i];
                si = v.SynI[i];
            }
            double shareA = sa / k, shareI = si / k;
            for (int e = start; e < end; e++)
            {
                int t = v.Targets[e];
                v.DendA[t] += shareA;
                v.DendI[t] += shareI;
            }
        }
        for (int i = 0; i < v.Count; i++)
        {
            v.LastA[i] = v.CurA[i];
            v.LastI[i] = v.CurI[i];
        }
    }

    /// <summary>TransmitterNetwork.StepNeuron: production, then the first matching phase; a release sets the neuron's spike bit.</summary>
    private static void StepNeuron(int i, TransmitterView v)
    {
        v.AccA[i] += v.ReproA[i];
        v.AccI[i] += v.ReproI[i];
        if (v.Str[i] > 0)
        {
            v.Phase[i] = (byte)TransmitterPhase.Recovering;
            v.Str[i] -= 1;
        }
        else if (v.Sta[i] == 1)
        {
            v.Phase[i] = (byte)TransmitterPhase.Releasing;
            v.Sta[i] = 0;
            v.SynA[i] += v.AccA[i];
            v.SynI[i] += v.AccI[i];
            v.AccA[i] *= v.Returnability[i];
            v.AccI[i] *= v.Returnability[i];
            v.Str[i] = v.Recovery[i];
            NeuronKernels.Mark(v.Spiked, i);
        }
        else if (v.Sta[i] > 0)
        {
            v.Phase[i] = (byte)TransmitterPhase.Transmitting;
            v.Sta[i] -= 1;
        }
        else if (v.LastA[i] + v.LastI[i] > v.Threshold[i])
        {
            v.Phase[i] = (byte)TransmitterPhase.Activating;
            v.CurA[i] = 0;
            v.CurI[i] = 0;
            v.Sta[i] = v.Speed[i];
        }
        else
        {
            v.Phase[i] = (byte)TransmitterPhase.Collecting;
            v.CurA[i] += v.DendA[i];
            v.CurI[i] += v.DendI[i];
            v.DendA[i] = 0;
            v.DendI[i] = 0;
        }
    }

    private static void StimulateKernel(Index1D index, TransmitterView v, int neuron, double activator, double inhibitor)
    {
        v.DendA[neuron] += activator;
        v.DendI[neuron] += inhibitor;
    }

    private static void StateRowKernel(Index1D i, TransmitterView v, ArrayView<double> rows)
    {
        long o = (long)Width * i;
        rows[o] = v.Phase[i];
        rows[o + 1] = v.Sta[i];
        rows[o + 2] = v.Str[i];
        for (int c = 3; c < Width; c++) rows[o + c] = Column(v, c, i);
    }

    private static void SampleKernel(Index1D k, TransmitterView v, ArrayView<int> neurons, int column, ArrayView<float> destination)
    {
        int i = neurons[k];
        destination[k] = column switch
        {
            0 => v.Phase[i],
            1 => v.Sta[i],
            2 => v.Str[i],
            _ => (float)Column(v, column, i),
        };
    }

    /// <summary>The double-valued columns 3..12 (TransmitterNetwork's order).</summary>
    private static double Column(TransmitterView v, int column, int i) => column switch
    {
        3 => v.DendA[i],
        4 => v.DendI[i],
        5 => v.SynA[i],
        6 => v.SynI[i],
        7 => v.AccA[i],
        8 => v.AccI[i],
        9 => v.CurA[i],
        10 => v.CurI[i],
        11 => v.LastA[i],
        _ => v.LastI[i],
    };

    private (double[] Host, ArrayView<double> Device)[] Pairs(TransmitterArrays a) =>
    [
        (a.DendA, _view.DendA), (a.DendI, _view.DendI), (a.SynA, _view.SynA), (a.SynI, _view.SynI), (a.AccA, _view.AccA), (a.AccI, _view.AccI),
        (a.CurA, _view.CurA), (a.CurI, _view.CurI), (a.LastA, _view.LastA), (a.LastI, _view.LastI),
    ];

    private void UploadParameters()
    {
        if (Count == 0) return;
        var threshold = new double[Count];
        var returnability = new double[Count];
        var reproA = new double[Count];
        var reproI = new double[Count];
        var retention = new double[Count];
        var speed = new int[Count];
        var recovery = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            var s = _network.SpecOf(i);
            (threshold[i], returnability[i], reproA[i], reproI[i], retention[i]) = (s.Threshold, s.Returnability, s.Reproductivity.Activator, s.Reproductivity.Inhibitor, s.SynapseRetention);
            (speed[i], recovery[i]) = (s.SpeedSteps, s.RecoverySteps);
        }
        _view.Threshold.CopyFromHost(threshold.AsSpan(0, Count));
        _view.Returnability.CopyFromHost(returnability.AsSpan(0, Count));
        _view.ReproA.CopyFromHost(reproA.AsSpan(0, Count));
        _view.ReproI.CopyFromHost(reproI.AsSpan(0, Count));
        _view.Retention.CopyFromHost(retention.AsSpan(0, Count));
        _view.Speed.CopyFromHost(speed.AsSpan(0, Count));
        _view.Recovery.CopyFromHost(recovery.AsSpan(0, Count));
    }

    /// <summary>The links by source (as the host walks them) and by target with ascending sources (what the gather adds in order).</summary>
    private void UploadLinks()
    {
        var (rowStart, targets) = _network.Rows();
        var columnStart = new int[Count + 1];
        foreach (int t in targets) columnStart[t + 1]++;
        for (int t = 0; t < Count; t++) columnStart[t + 1] += columnStart[t];
        var sources = new int[targets.Length];
        var next = columnStart[..^1];
        for (int s = 0; s < Count; s++)
        {
            for (int e = rowStart[s]; e < rowStart[s + 1]; e++) sources[next[targets[e]]++] = s;
        }
        _rowStart?.Dispose();
        _targets?.Dispose();
        _columnStart?.Dispose();
        _sources?.Dispose();
        _rowStart = UploadInts(rowStart);
        _targets = UploadInts(targets);
        _columnStart = UploadInts(columnStart);
        _sources = UploadInts(sources);
        _view = _view with { RowStart = _rowStart.View, Targets = _targets.View, ColumnStart = _columnStart.View, Sources = _sources.View };
        _uploadedVersion = _network.StructureVersion;
    }

    private MemoryBuffer1D<int, Stride1D.Dense> UploadInts(int[] host)
    {
        var buffer = _accelerator.Allocate1D<int>(Math.Max(1, host.Length));
        if (host.Length > 0) buffer.View.CopyFromHost(host);
        return buffer;
    }

    private ArrayView<int> Ints(int n)
    {
        var b = _accelerator.Allocate1D<int>(n);
        _buffers.Add(b);
        return b.View;
    }

    private ArrayView<byte> Bytes(int n)
    {
        var b = _accelerator.Allocate1D<byte>(n);
        _buffers.Add(b);
        return b.View;
    }

    private ArrayView<double> Doubles(int n)
    {
        var b = _accelerator.Allocate1D<double>(n);
        _buffers.Add(b);
        return b.View;
    }
}

/// <summary>The transmitter neurons' buffers on the device, their delivery mode, and this step's spike words.</summary>
internal struct TransmitterView
{
    public ArrayView<int> Sta, Str, Speed, Recovery, RowStart, Targets, ColumnStart, Sources, Spiked;
    public ArrayView<byte> Phase;
    public ArrayView<double> DendA, DendI, SynA, SynI, AccA, AccI, CurA, CurI, LastA, LastI, ShareA, ShareI;
    public ArrayView<double> Threshold, Returnability, ReproA, ReproI, Retention;
    public int Count, Sequential, Aliasing;
}
