using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// The engine's monitors fed from the device in blocks: every block of steps, the spike history (bitsets) of each
/// population a spike monitor watches comes back in one copy and is decoded into ascending indices for the spike and
/// rate monitors and the engine's spike counts; of every other population only its count per step comes back (counted on
/// the device: 4 B a step instead of N / 8, what rate monitors and spike totals need); state monitors' samples are
/// gathered on the device at their steps into a block buffer that comes back in one copy as well.
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

    /// <summary>Per population: true when no spike monitor watches it, so only its spike count per step comes back.</summary>
    private readonly bool[] _countOnly;
    private readonly MemoryBuffer1D<int, Stride1D.Dense>? _stepCounts;
    private readonly int[] _hostStepCounts = [];
    private readonly Action<Index1D, ArrayView<int>, int, ArrayView<int>, int, int>? _countKernel;

    public BlockMonitors(SpikingEngine engine, DeviceGroup[] groups, DeviceTransmitters? transmitters, Accelerator accelerator, int block)
    {
        _engine = engine;
        _groups = groups;
        _words = [.. groups.Select(g => new int[(long)block * g.Words])];
        _spikes = [.. groups.Select(g => new int[g.Group.Count])];
        _counts = new int[groups.Length];
        _spikeMonitors = [.. groups.Select(g => engine.SpikeMonitorSlices.Where(m => ReferenceEquals(m.Slice.Population, g.Group)).Select(m => m.Monitor).ToList())];
        _rateMonitors = [.. groups.Select(g => engine.RateMonitorSlices.Where(m => ReferenceEquals(m.Slice.Population, g.Group)).Select(m => m.Monitor).ToList())];
        _gather = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>>(NeuronKernels.Gather);
        _transmitters = transmitters;
        _states = [.. engine.StateMonitorTargets.Select(m => new StateSampler(accelerator, m.Monitor, m.Variables, m.Neurons, block, GatherOf(m.Population, m.Variables, m.Neurons.Length)))];
        _countOnly = [.. _spikeMonitors.Select(m => m.Count == 0)];
        if (_countOnly.Any(c => c))
        {
            // Step-major: step row r's count of population g at r G + g, so that one copy brings a block's counts back.
            _hostStepCounts = new int[(long)block * groups.Length];
            _stepCounts = accelerator.Allocate1D<int>(_hostStepCounts.Length);
            _countKernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, int, ArrayView<int>, int, int>(CountSpikes);
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
        for (int g = 0; g < groupCount; g++)
        {
            if (_countOnly[g]) _countKernel!(count, _groups[g].HistoryRows(first, count), _groups[g].Words, _stepCounts!.View, groupCount, g);
            else _groups[g].DownloadHistory(first, count, _words[g]);
        }
        if (_stepCounts is not null) _stepCounts.View.CopyToHost(_hostStepCounts.AsSpan(0, count * groupCount));
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
                int n;
                if (_countOnly[g])
                {
                    n = _hostStepCounts[row * groupCount + g]; // no monitor needs the indices; SetLastSpikes takes the run's last step
                }
                else
                {
                    var words = _words[g].AsSpan(row * _groups[g].Words, _groups[g].Words);
                    n = Decode(words, _spikes[g]);
                }
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
        if (endOfRun) SetLastSpikes(last);
    }

    /// <summary>Each population's spikes of the last flushed step become its host StepSpikes (what LastStepSpikes reads).</summary>
    public void SetLastSpikes(int last)
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
        _stepCounts?.Dispose();
    }

    /// <summary>One thread per step row of a block: the set bits of the row's words into counts[row stride + column].</summary>
    private static void CountSpikes(Index1D row, ArrayView<int> rows, int words, ArrayView<int> counts, int stride, int column)
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
        counts[row * stride + column] = n;
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

        public int VariableId(string name) => throw new NotSupportedException();

        public void Dispose()
        {
            _neurons.Dispose();
            foreach (var d in _device) d.Dispose();
        }
    }
}
