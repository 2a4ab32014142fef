using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// The engine's monitors fed from the device in blocks: every block of steps, the spike history (bitsets) of each
/// population a spike monitor watches comes back in one copy and is decoded into ascending indices for the spike and
/// rate monitors and the engine's spike counts; of every other population only its spike counts come back, summed on the
/// device over segments of steps that no rate monitor's bin end splits (one segment per run without a rate monitor: what
/// spike totals and rate monitors need), in one copy at the run's end; state monitors' samples are gathered on the device
/// at their steps into a block buffer that comes back in one copy as well.
/// </summary>
internal sealed class BlockMonitors : IDisposable
{
    private readonly SpikingEngine _engine;
    private readonly DeviceGroup[] _groups;
    private readonly int[][] _words;
    private readonly int[][] _spikes;
    private readonly int[] _counts;
    private readonly List<SpikeMonitor>[] _spikeMonitors;
    private readonly List<RateMonitor>[] _rateMonitors;
    private readonly StateSampler[] _states;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>> _gather;
    private readonly DeviceTransmitters? _transmitters;
    private readonly int[] _transmitterWords = [], _transmitterSpikes = [];
    private readonly List<(SpikeMonitor Monitor, PopulationSlice Slice)> _transmitterSpikeMonitors = [];
    private readonly List<(RateMonitor Monitor, PopulationSlice Slice)> _transmitterRateMonitors = [];
    private readonly MemoryBuffer1D<double, Stride1D.Dense>? _stateRows;
    private readonly double[] _hostStateRows = [];

    /// <summary>Per population: true when no spike monitor watches it, so only its spike counts per segment come back.</summary>
    private readonly bool[] _countOnly;

    /// <summary>Per population: the segment length, the greatest common divisor of its rate monitors' bins (int.MaxValue without one).</summary>
    private readonly int[] _segment;

    /// <summary>Per population, of the open window (a run, or a block of a run with too many segments): its first segment's phase, slot and count.</summary>
    private readonly int[] _phase, _slot, _slots;
    private readonly MemoryBuffer1D<long, Stride1D.Dense>? _sums;
    private readonly long[] _hostSums = [];
    private readonly Action<Index1D, ArrayView<int>, int, ArrayView<long>, long, long, long>? _sumKernel;
    private int _windowFirst, _runFirst;
    private bool _windowPerBlock;

    public BlockMonitors(SpikingEngine engine, DeviceGroup[] groups, DeviceTransmitters? transmitters, Accelerator accelerator, int block)
    {
        _engine = engine;
        _groups = groups;
        _words = [.. groups.Select(g => new int[(long)block * g.Words])];
        _spikes = [.. groups.Select(g => new int[g.Group.Count])];
        _counts = new int[groups.Length];
        _spikeMonitors = [.. groups.Select(g => engine.SpikeMonitorSlices.Where(m => ReferenceEquals(m.Slice.Population, g.Group)).Select(m => m.Monitor).ToList())];
        _rateMonitors = [.. groups.Select(g => engine.RateMonitorSlices.Where(m => ReferenceEquals(m.Slice.Population, g.Group)).Select(m => m.Monitor).ToList())];
        _gather = accelerator.LoadElementKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>>(NeuronKernels.Gather);
        _transmitters = transmitters;
        _states = [.. engine.StateMonitorTargets.Select(m => new StateSampler(accelerator, m.Monitor, m.Variables, m.Neurons, block, GatherOf(m.Population, m.Variables, m.Neurons.Length)))];
        _countOnly = [.. _spikeMonitors.Select(m => m.Count == 0)];
        _segment = [.. _rateMonitors.Select(m => m.Count == 0 ? int.MaxValue : m.Select(r => r.BinSteps).Aggregate(Gcd))];
        _phase = new int[groups.Length];
        _slot = new int[groups.Length];
        _slots = new int[groups.Length];
        if (_countOnly.Any(c => c))
        {
            _hostSums = new long[SumSlots(_countOnly.Count(c => c), block)];
            _sums = accelerator.Allocate1D<long>(_hostSums.Length);
            _sumKernel = accelerator.LoadElementKernel<Index1D, ArrayView<int>, int, ArrayView<long>, long, long, long>(SumSpikes);
        }
        if (transmitters is null) return;
        _transmitterWords = new int[(long)block * transmitters.Words];
        _transmitterSpikes = new int[transmitters.Count];
        _transmitterSpikeMonitors = [.. engine.SpikeMonitorSlices.Where(m => ReferenceEquals(m.Slice.Population, transmitters.Population))];
        _transmitterRateMonitors = [.. engine.RateMonitorSlices.Where(m => ReferenceEquals(m.Slice.Population, transmitters.Population))];
        if (engine.TransmitterState is null) return;
        // Every neuron's 13 values after every step: a block of rows on the device, one copy per block.
        _hostStateRows = new double[(long)block * transmitters.Count * DeviceTransmitters.Width];
        _stateRows = accelerator.Allocate1D<double>(Math.Max(1, _hostStateRows.Length));
    }

    /// <summary>How a state monitor's sample of one variable is taken on the device: from a group's float buffer, or the transmitter state.</summary>
    private Action<int, ArrayView<int>, ArrayView<float>> GatherOf(IPopulation population, int[] variables, int count)
    {
        if (population is NeuronGroup g)
        {
            var group = _groups[g.Index];
            var sources = variables.Select(v => group.ViewOf(g.VariableArray(v))).ToArray();
            return (v, neurons, destination) => _gather(count, sources[v], neurons, destination);
        }
        return (v, neurons, destination) => _transmitters!.Sample(neurons, count, variables[v], destination);
    }

    /// <summary>
    /// The device slots of the populations' spike sums per segment (8 B each): a run's segments when they fit, else a block's
    /// (at most block / segment + 1 per population).
    /// </summary>
    /// <param name="countOnly">Populations no spike monitor watches.</param>
    /// <param name="block">Steps per block.</param>
    /// <returns>The slots.</returns>
    public static int SumSlots(int countOnly, int block) => countOnly == 0 ? 0 : Math.Max(RunSlots, checked(countOnly * (block + 1)));

    /// <summary>Most segments a run sums on the device before the sums come back per block instead.</summary>
    private const int RunSlots = 1024;

    /// <summary>Before a run of <paramref name="steps"/> steps from <paramref name="firstStep"/>: opens the run's window of spike sums, or, with too many segments, leaves it to each block.</summary>
    public void BeginRun(int firstStep, int steps)
    {
        _runFirst = firstStep;
        if (_sums is null) return;
        _windowPerBlock = !OpenWindow(firstStep, steps);
    }

    /// <summary>Opens a window of spike sums over <paramref name="steps"/> steps from <paramref name="first"/>: each counted population's segments there; false when they do not fit.</summary>
    private bool OpenWindow(int first, int steps)
    {
        int total = 0;
        for (int g = 0; g < _groups.Length; g++)
        {
            if (!_countOnly[g]) continue;
            // Every rate monitor of a population records the same steps since it was last cleared, so its bins all end on
            // multiples of the segment from one origin: the first segment of the window is cut short by the steps already in it.
            _phase[g] = _segment[g] == int.MaxValue ? 0 : _rateMonitors[g][0].StepsInBin % _segment[g];
            long slots = (steps - 1L + _phase[g]) / _segment[g] + 1;
            if (total + slots > _hostSums.Length) return false;
            _slots[g] = (int)slots;
            _slot[g] = total;
            total += _slots[g];
        }
        _windowFirst = first;
        _sums!.View.SubView(0, total).MemSetToZero();
        return true;
    }

    /// <summary>The window's sums back in one copy, into the spike totals and, segment by segment, the rate monitors; <paramref name="done"/> steps of it ran.</summary>
    private void CloseWindow(int done)
    {
        int total = 0;
        for (int g = 0; g < _groups.Length; g++) total += _countOnly[g] ? _slots[g] : 0;
        _sums!.View.SubView(0, total).CopyToHost(_hostSums.AsSpan(0, total));
        var totals = _engine.SpikeTotals;
        for (int g = 0; g < _groups.Length; g++)
        {
            if (!_countOnly[g]) continue;
            long length = _segment[g];
            for (int j = 0; j < _slots[g]; j++)
            {
                long from = Math.Max(0, j * length - _phase[g]), to = Math.Min(done, (j + 1) * length - _phase[g]);
                if (to <= from) break;
                long spikes = _hostSums[_slot[g] + j];
                totals[_groups[g].Group.Index] += spikes;
                foreach (var m in _rateMonitors[g]) m.RecordSteps((int)(to - from), (int)spikes); // within one bin: an int, as the CPU's count
            }
        }
    }

    /// <summary>After step <paramref name="step"/>: the state monitors due now take their sample on the device.</summary>
    public void Sample(int step, int blockStart)
    {
        foreach (var s in _states)
        {
            if (s.Monitor.IsDue(step)) s.Gather(step - blockStart);
        }
        if (_stateRows is not null)
        {
            long width = (long)_transmitters!.Count * DeviceTransmitters.Width;
            _transmitters.StateRows(_stateRows.View.SubView((step - blockStart) * width, width));
        }
    }

    /// <summary>Steps [first, last] (one block) back to the host: monitors, spike counts, and (at the run's end) the last step's spikes.</summary>
    public void Flush(int first, int last, bool endOfRun)
    {
        int count = last - first + 1;
        int groupCount = _groups.Length;
        if (_sums is not null && _windowPerBlock && !OpenWindow(first, count)) throw new InvalidOperationException("A block's spike sums exceed their slots.");
        for (int g = 0; g < groupCount; g++)
        {
            if (_countOnly[g])
            {
                var sums = _sums!.View.SubView(_slot[g], _slots[g]);
                _sumKernel!(count, _groups[g].HistoryRows(first, count), _groups[g].Words, sums, first - _windowFirst, _phase[g], _segment[g]);
            }
            else
            {
                _groups[g].DownloadHistory(first, count, _words[g]);
            }
        }
        if (_sums is not null && _windowPerBlock) CloseWindow(count);
        foreach (var s in _states) s.Download(count);
        if (_transmitters is not null) _transmitters.DownloadHistory(first, count, _transmitterWords);
        long rowWidth = _transmitters is null ? 0 : (long)_transmitters.Count * DeviceTransmitters.Width;
        if (_stateRows is not null && rowWidth > 0) _stateRows.View.CopyToHost(_hostStateRows.AsSpan(0, (int)(count * rowWidth)));
        var totals = _engine.SpikeTotals;
        for (int step = first; step <= last; step++)
        {
            int row = step - first;
            for (int g = 0; g < groupCount; g++)
            {
                if (_countOnly[g]) continue; // summed per segment on the device (CloseWindow); SetLastSpikes takes the run's last step
                var words = _words[g].AsSpan(row * _groups[g].Words, _groups[g].Words);
                int n = Decode(words, _spikes[g]);
                _counts[g] = n;
                totals[_groups[g].Group.Index] += n;
                foreach (var m in _spikeMonitors[g]) m.Record(step, _spikes[g].AsSpan(0, n));
                foreach (var m in _rateMonitors[g]) m.Record(n);
            }
            foreach (var s in _states)
            {
                if (s.Monitor.IsDue(step)) s.Record(step, row);
            }
            if (_transmitters is not null)
            {
                // The releases become the population's step spikes, which the monitors' slices (one neuron each) read.
                var t = _transmitters;
                int n = Decode(_transmitterWords.AsSpan(row * t.Words, t.Words), _transmitterSpikes);
                t.Population.SetStepSpikes(_transmitterSpikes.AsSpan(0, n));
                totals[_groups.Length] += n;
                foreach (var (m, slice) in _transmitterSpikeMonitors) m.Record(step, slice.StepSpikes());
                foreach (var (m, slice) in _transmitterRateMonitors) m.Record(slice.StepSpikes().Length);
                _engine.TransmitterState?.Append(step, _hostStateRows.AsSpan((int)(row * rowWidth), (int)rowWidth));
            }
        }
        if (endOfRun) EndRun(last);
    }

    /// <summary>At a run's end (<paramref name="last"/>: its last step that ran, earlier when cancelled): the run's spike sums come back, and the last step's spikes.</summary>
    public void EndRun(int last)
    {
        if (_sums is not null && !_windowPerBlock) CloseWindow(last - _runFirst + 1);
        SetLastSpikes(last);
    }

    /// <summary>Each population's spikes of the last flushed step become its host StepSpikes (what LastStepSpikes reads).</summary>
    private void SetLastSpikes(int last)
    {
        for (int g = 0; g < _groups.Length; g++)
        {
            if (_groups[g].Model == DeviceModel.HostSource) continue; // the host stepped it: its spikes are there
            _groups[g].DownloadHistory(last, 1, _words[g]);
            int n = Decode(_words[g].AsSpan(0, _groups[g].Words), _spikes[g]);
            _groups[g].Group.SetStepSpikes(_spikes[g].AsSpan(0, n));
        }
        if (_transmitters is { } t)
        {
            t.DownloadHistory(last, 1, _transmitterWords);
            int n = Decode(_transmitterWords.AsSpan(0, t.Words), _transmitterSpikes);
            t.Population.SetStepSpikes(_transmitterSpikes.AsSpan(0, n));
        }
    }

    public void Dispose()
    {
        foreach (var s in _states) s.Dispose();
        _stateRows?.Dispose();
        _sums?.Dispose();
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    /// <summary>
    /// One thread per step row of a block: the set bits of the row's words added to its segment's sum, the segment of the
    /// row's step in the window (<paramref name="offset"/> + row, plus the <paramref name="phase"/> its first segment is short)
    /// divided by the segment's length. Integer sums: the same in any order.
    /// </summary>
    private static void SumSpikes(Index1D row, ArrayView<int> rows, int words, ArrayView<long> sums, long offset, long phase, long segment)
    {
        int n = 0;
        for (int w = 0; w < words; w++)
        {
            // The bits of a 32-bit word, summed in parallel within it (SWAR), as the host's BitOperations.PopCount counts them.
            uint v = (uint)rows[row * words + w];
            v -= (v >> 1) & 0x55555555u;
            v = (v & 0x33333333u) + ((v >> 2) & 0x33333333u);
            n += (int)((((v + (v >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24);
        }
        if (n != 0) Atomic.Add(ref sums[(offset + row + phase) / segment], (long)n);
    }

    /// <summary>The set bits of a step's words, as ascending neuron indices.</summary>
    private static int Decode(ReadOnlySpan<int> words, int[] spikes)
    {
        int n = 0;
        for (int w = 0; w < words.Length; w++)
        {
            uint bits = (uint)words[w];
            while (bits != 0)
            {
                spikes[n++] = (w << 5) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }
        return n;
    }

    /// <summary>
    /// One state monitor: its neurons and, per variable, a block of samples on the device and on the host; its gather takes
    /// one variable's sample of the neurons into a row of the block.
    /// </summary>
    private sealed class StateSampler : IPopulation, IDisposable
    {
        private readonly MemoryBuffer1D<int, Stride1D.Dense> _neurons;
        private readonly Action<int, ArrayView<int>, ArrayView<float>> _gather;
        private readonly MemoryBuffer1D<float, Stride1D.Dense>[] _device;
        private readonly float[][] _host;
        private readonly int[] _variables;
        private readonly int[] _neuronList;
        private int _row;

        public StateSampler(Accelerator accelerator, StateMonitor monitor, int[] variables, int[] neurons, int block, Action<int, ArrayView<int>, ArrayView<float>> gather)
        {
            _gather = gather;
            Monitor = monitor;
            _variables = variables;
            _neuronList = neurons;
            _neurons = accelerator.Allocate1D<int>(Math.Max(1, neurons.Length));
            if (neurons.Length > 0) _neurons.View.CopyFromHost(neurons);
            _device = [.. variables.Select(_ => accelerator.Allocate1D<float>(Math.Max(1, (long)block * neurons.Length)))];
            _host = [.. variables.Select(_ => new float[Math.Max(1, block * neurons.Length)])];
        }

        public StateMonitor Monitor { get; }

        public string Name => "state sampler";

        public int Count => _neuronList.Length;

        public ReadOnlySpan<int> StepSpikes => [];

        public void Gather(int row)
        {
            int m = _neuronList.Length;
            if (m == 0) return;
            for (int v = 0; v < _device.Length; v++) _gather(v, _neurons.View, _device[v].View.SubView((long)row * m, m));
        }

        public void Download(int rows)
        {
            int m = _neuronList.Length;
            if (m == 0) return;
            for (int v = 0; v < _device.Length; v++) _device[v].View.CopyToHost(_host[v].AsSpan(0, rows * m));
        }

        /// <summary>Hands the sample of one row to the monitor (which reads it through <see cref="CopyVariable"/>).</summary>
        public void Record(int step, int row)
        {
            _row = row;
            Monitor.Record(step, this, _variables, _neuronList);
        }

        public void CopyVariable(int variable, ReadOnlySpan<int> neurons, Span<float> destination)
        {
            int v = Array.IndexOf(_variables, variable);
            int m = _neuronList.Length;
            _host[v].AsSpan(_row * m, m).CopyTo(destination);
        }

        public void IntegrateAndThreshold(int step, int maxThreads) => throw new NotSupportedException();

        public void ApplyReset(int step) => throw new NotSupportedException();

        public void Initialize(RandomStream build, RandomStream run) => throw new NotSupportedException();

        public void InitializeDynamics(RandomStream build, RandomStream run) => throw new NotSupportedException();

        /// <summary>Not a population with state: a checkpoint visits the engine's own populations, never this sampler.</summary>
        public void VisitState(StateVisitor visitor) => throw new NotSupportedException();

        public int VariableId(string name) => throw new NotSupportedException();

        public void Dispose()
        {
            _neurons.Dispose();
            foreach (var d in _device) d.Dispose();
        }
    }
}
