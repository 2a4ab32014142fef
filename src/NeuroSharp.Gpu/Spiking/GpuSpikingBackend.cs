using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// Runs a <see cref="SpikingEngine"/>'s steps on an ILGPU accelerator, behind the engine's backend seam: the
/// engine builds the network (the same connectivity, weights, delays and initial state as on the CPU), this
/// class mirrors its arrays on the device and runs the phases of each step as kernels in the engine's order
/// (docs/gpu.md). Spike-time sources and current schedules stay on the host (their spikes and values are uploaded when
/// they change); Poisson sources and drives draw on the device from the host's streams; the monitors are fed from the spike history copied back every <see cref="GpuSimulationOptions.BlockSteps"/>.
/// </summary>
internal sealed partial class GpuSpikingBackend : ISpikingBackend
{
    private readonly SpikingEngine _engine;
    private readonly Accelerator _accelerator;
    private readonly GpuSimulationOptions _options;
    private readonly DeviceGroup[] _groups;
    private readonly DeviceProjection[] _projections;
    private readonly (MemoryBuffer1D<float, Stride1D.Dense> Ring, int Slots, ArrayView<float> Channel, int Count)[] _rings;
    private readonly Dictionary<Projection, int> _ringOf = [];
    private readonly DeviceDrive[] _drives;
    private readonly DeviceGroup[] _currentGroups;
    private readonly Kernels _k;
    private readonly BlockMonitors _monitors;
    private readonly DeviceSpikeCounts _spikeCounts;
    private readonly DeviceGaps? _gaps;
    private readonly Dictionary<DeviceGroup, DevicePoisson> _poisson;
    private readonly DeviceTransmitters? _transmitters;
    private readonly System.Diagnostics.Stopwatch _clock = new();
    private readonly GpuDevice _device;

    /// <summary>The device memory this engine's buffers take (<see cref="DeviceMemory.Estimate"/>, plus the spike counts per neuron asked for since).</summary>
    public long DeviceBytes { get; private set; }

    /// <summary>Seconds spent per phase when <see cref="GpuSimulationOptions.Profile"/> is on.</summary>
    public PhaseProfile Profile { get; } = new();

    public GpuSpikingBackend(SpikingEngine engine, GpuDevice device, GpuSimulationOptions options, CopyTraffic weightTraffic, CopyTraffic traceTraffic, long bytes)
    {
        options.Validate();
        _engine = engine;
        _device = device;
        DeviceBytes = bytes;
        _accelerator = device.Accelerator;
        _options = options;
        _k = new Kernels(_accelerator, options.PlainExp);
        int block = options.BlockSteps;
        _groups = [.. engine.Groups.Select(g => new DeviceGroup(_accelerator, g, HistorySlots(engine, g, block), options.KeepStateOnDevice, _k.Fills))];
        _projections = [.. engine.ProjectionList.Select(p => new DeviceProjection(_accelerator, p, _groups[p.Source.Index], _groups[p.Target.Index], weightTraffic, traceTraffic, options.KeepWeightsOnDevice))];
        var rings = new List<(MemoryBuffer1D<float, Stride1D.Dense>, int, ArrayView<float>, int)>();
        foreach (var (ring, channel) in engine.RingChannels)
        {
            var group = engine.Groups.First(g => _groups[g.Index].Holds(channel)); // a receptor's channel, or a GLIF port's
            var buffer = _accelerator.Allocate1D<float>((long)ring.Slots * group.Count);
            buffer.MemSetToZero();
            rings.Add((buffer, ring.Slots, _groups[group.Index].ViewOf(channel), group.Count));
            foreach (var p in engine.ProjectionList)
            {
                if (p.DelaySteps is not null && ReferenceEquals(p.Channel, channel))
                    _ringOf[p] = rings.Count - 1;
            }
        }
        _rings = [.. rings];
        _drives = [.. engine.Drives.Select(d => new DeviceDrive(_accelerator, d, _groups[d.Group.Index].ViewOf(d.Channel)))];
        _currentGroups = [.. engine.Currents.Groups.Select(g => _groups[g.Index])];
        if (engine.TransmitterPopulation is { } tp) _transmitters = new DeviceTransmitters(_accelerator, tp, block, options.KeepStateOnDevice);
        _monitors = new BlockMonitors(engine, _groups, _transmitters, _accelerator, block);
        _spikeCounts = new DeviceSpikeCounts(_accelerator, _groups);
        if (engine.HasGapJunctions) _gaps = new DeviceGaps(_accelerator, engine.GapJunctions, _groups);
        _poisson = _groups.Where(g => g.Model == DeviceModel.Poisson).ToDictionary(g => g, g => new DevicePoisson(_accelerator, (PoissonGroup)g.Group));
    }

    /// <summary>
    /// Steps a population's spike history holds: a multiple of the monitor block, more than the longest delay
    /// delivery reads it at (one constant delay, or each synapse's own with STDP; the delay rings carry the rest).
    /// </summary>
    public static int HistorySlots(SpikingEngine engine, NeuronGroup g, int block)
    {
        int maxDelay = engine.ProjectionList.Where(p => ReferenceEquals(p.Source, g))
            .Select(p => p.DelaySteps is null ? p.ConstantDelaySteps : p.DelayedStdp is { } d ? d.Slots - 1 : 0).DefaultIfEmpty(0).Max();
        return checked(block * ((maxDelay + block) / block));
    }

    /// <inheritdoc/>
    public int Run(int firstStep, int steps, CancellationToken cancellationToken, Action<double>? progress)
    {
        if (steps == 0) return 0;
        foreach (var g in _groups) g.Upload();
        foreach (var s in _poisson.Values) s.Upload();
        foreach (var d in _drives) d.Upload();
        foreach (var p in _projections) p.Upload();
        _transmitters?.Upload();
        int block = _options.BlockSteps;
        int last = firstStep + steps - 1;
        int blockStart = firstStep;
        int done = 0;
        _monitors.BeginRun(firstStep, steps);
        if (_options.Profile || Profile.On)
        {
            _accelerator.Synchronize();
            _clock.Restart();
        }
        for (int t = firstStep; t <= last; t++)
        {
            Step(t, blockStart);
            done++;
            if ((t + 1) % block == 0 || t == last)
            {
                _monitors.Flush(blockStart, t, t == last);
                _spikeCounts.Accumulate(blockStart, t - blockStart + 1);
                Lap(ref Profile.MonitorSeconds);
                blockStart = t + 1;
                progress?.Invoke(done / (double)steps);
                if (t < last && cancellationToken.IsCancellationRequested)
                {
                    _monitors.EndRun(t);
                    break;
                }
            }
        }
        foreach (var g in _groups) g.Download();
        foreach (var s in _poisson.Values) s.Download();
        foreach (var d in _drives) d.Download();
        foreach (var p in _projections) p.Download();
        _transmitters?.Download(done);
        _accelerator.Synchronize();
        return done;
    }

    /// <inheritdoc/>
    public void ResetDynamics()
    {
        foreach (var g in _groups) g.ClearHistory();
        foreach (var r in _rings) r.Ring.MemSetToZero();
        foreach (var p in _projections) p.ResetDynamics();
        _transmitters?.ClearHistory();
        _spikeCounts.ClearAll();
    }

    /// <inheritdoc/>
    public bool NormalizeWeights(Projection projection)
    {
        _projections.First(p => ReferenceEquals(p.Host, projection)).NormalizeOnRequest(_k.Normalize);
        return true;
    }

    /// <inheritdoc/>
    public void PullWeights(Projection projection) => _projections.First(p => ReferenceEquals(p.Host, projection)).PullWeights();

    /// <inheritdoc/>
    public void PullState(NeuronGroup group, bool dynamics, bool learned) => _groups[group.Index].Pull(dynamics, learned);

    /// <inheritdoc/>
    public void CountSpikesPerNeuron(NeuronGroup group)
    {
        long bytes = MemoryBudget.Plus(DeviceBytes, DeviceSpikeCounts.Bytes(group));
        if (DeviceMemory.Refusal(bytes, _device) is { } tooLarge) throw new InvalidInputException(tooLarge);
        _engine.Memory.Require($"--device gpu (the network's copy in device memory, with the spike counts per neuron of '{group.Name}')", bytes);
        _spikeCounts.Allocate(group);
        DeviceBytes = bytes;
    }

    /// <inheritdoc/>
    public void PullSpikesPerNeuron(NeuronGroup group) => _spikeCounts.Pull(group);

    /// <inheritdoc/>
    public void ClearSpikesPerNeuron(NeuronGroup group) => _spikeCounts.Clear(group);

    /// <inheritdoc/>
    public void PullTraces(Projection projection) => _projections.First(p => ReferenceEquals(p.Host, projection)).PullTraces();

    /// <inheritdoc/>
    public void Dispose()
    {
        _monitors.Dispose();
        _spikeCounts.Dispose();
        _gaps?.Dispose();
        _transmitters?.Dispose();
        foreach (var s in _poisson.Values) s.Dispose();
        foreach (var d in _drives) d.Dispose();
        foreach (var r in _rings) r.Ring.Dispose();
        foreach (var p in _projections) p.Dispose();
        foreach (var g in _groups) g.Dispose();
    }

    /// <summary>One step in the engine's phase order: Inputs, Integrate + Threshold (+ fused Reset), Deliver, Plasticity, state samples.</summary>
    private void Step(int t, int blockStart)
    {
        Inputs(t);
        Lap(ref Profile.InputsSeconds);
        _gaps?.Apply(); // every junction current from the v of the step's start, before any population integrates
        foreach (var g in _groups) Integrate(g, t);
        _transmitters?.Step(t); // after the groups, as the CPU steps its populations
        Lap(ref Profile.UpdateSeconds);
        foreach (var (ring, slots, channel, count) in _rings) _k.Drain(count, channel, ring.View, (t % slots) * count);
        foreach (var p in _projections) Deliver(p, t);
        Lap(ref Profile.DeliverSeconds);
        foreach (var p in _projections) Plasticity(p, t);
        Lap(ref Profile.PlasticitySeconds);
        _monitors.Sample(t, blockStart);
    }

    /// <summary>With profiling on: waits for the device and adds the time since the last lap to a phase.</summary>
    private void Lap(ref double seconds)
    {
        if (!_options.Profile && !Profile.On) return;
        _accelerator.Synchronize();
        seconds += _clock.Elapsed.TotalSeconds;
        _clock.Restart();
    }

    private void Inputs(int t)
    {
        if (_engine.Currents.Apply(t))
        {
            foreach (var g in _currentGroups) g.ViewOf(g.Group.Current).CopyFromHost(g.Group.Current.AsSpan(0, g.Group.Count));
        }
        foreach (var d in _drives)
        {
            if (!d.Idle && d.Threads > 0 && d.Drive.IsOn(t)) _k.Drive(d.Threads, d.View); // drawn on the device from the host's streams: nothing uploaded
        }
        foreach (var s in _engine.Stimuli)
        {
            if (s.IsDue(t)) _transmitters!.Stimulate(s.Neuron, s.Amount); // in file order, as the CPU applies them
        }
    }

    private void Integrate(DeviceGroup g, int t)
    {
        if (g.Model == DeviceModel.HostSource)
        {
            g.Group.IntegrateAndThreshold(t, _engine.Options.Threads);
            g.Group.ApplyReset(t);
            g.UploadHostSpikes(t);
            return;
        }
        var view = g.ViewFor(t);
        if (g.Glif is { } glif)
        {
            var current = _gaps is not null && _gaps.Views.TryGetValue(g, out var junctions) ? junctions.Current : view.Current;
            _k.Glif(g.Group.Count, glif.View with { Spiked = view.Spiked, Current = current, RefractoryLeft = view.LastSpike }, glif.Constants);
            return;
        }
        if (g.Model == DeviceModel.Poisson)
        {
            var source = _poisson[g];
            if (source.Blocks > 0 && ((PoissonGroup)g.Group).IsOn(t)) _k.Poisson(source.Blocks, source.View(view.Spiked)); // off outside its window, as on the CPU
            return;
        }
        if (_gaps is not null && _gaps.Views.TryGetValue(g, out var gap)) view = view with { Current = gap.Current };
        if (g.Hh is { } hh)
        {
            var (hhView, hhConstants) = hh.For(view);
            _k.HodgkinHuxley(g.Group.Count, hhView, hhConstants, t);
            return;
        }
        var k = g.Constants with { Learning = g.Group.LearningEnabled ? 1 : 0 };
        int n = g.Group.Count;
        switch (g.Model)
        {
            case DeviceModel.LifCurrent: _k.LifCurrent(n, view, k, t); break;
            case DeviceModel.LifConductance: _k.LifConductance(n, view, k, t); break;
            case DeviceModel.Izhikevich: _k.Izhikevich(n, view, k, t); break;
            case DeviceModel.Izhikevich2007: _k.Izhikevich2007(n, view, k, t); break;
            default: _k.AdEx(n, view, k, t); break;
        }
    }

    /// <summary>The Plasticity phase of one projection, its rules in the CPU's order: STDP's LTP, then a scheduled normalisation.</summary>
    private void Plasticity(DeviceProjection p, int t)
    {
        if (!p.Host.LearningEnabled) return;
        if (p.HasDelayedStdp) _k.PotentiateDelayed(p.Target.Group.Count, p.Synapses, p.Target.Slot(t), p.Stdp, DelayedArgsOf(p, t));
        else if (p.HasStdp) _k.Potentiate(p.Target.Group.Count, p.Synapses, p.Target.Slot(t), p.Stdp);
        if (p.Host.Normalization is { EverySteps: > 0 } n && (t + 1) % n.EverySteps == 0) _k.Normalize(p.Target.Group.Count, p.Synapses, n.IncomingSum);
    }

    private void Deliver(DeviceProjection p, int t)
    {
        int sources = p.Source.Group.Count, targets = p.Target.Group.Count;
        bool learning = p.HasStdp && p.Host.LearningEnabled;
        if (learning)
        {
            var c = p.Constants;
            if (c.PreDecay != 1f) _k.Scale(sources, p.Stdp.Pre, c.PreDecay);
            if (c.PostDecay != 1f) _k.Scale(targets, p.Stdp.Post, c.PostDecay);
            if (p.Stdp.HasTriplet != 0 && c.TripletDecay != 1f) _k.Scale(targets, p.Stdp.Triplet, c.TripletDecay);
        }
        if (p.HasDelayedStdp)
        {
            // Spikes act at emission (short-term factor, x_pre and its history), each synapse delivers when its own delay is up.
            var spiked = p.Source.Slot(t);
            int offset = t % p.DelaySlots * sources;
            if (p.HasShortTerm) _k.ShortTerm(sources, spiked, p.ShortTerm, p.Synapses.Scale, t, offset);
            if (learning) _k.PreHistory(sources, spiked, p.Stdp, p.PreHistory, offset);
            _k.DeliverDelayedStdp(targets, p.Synapses, p.Channel, p.Stdp, DelayedArgsOf(p, t) with { Learning = learning ? 1 : 0 }, p.Events);
            return;
        }
        if (p.Host.DelaySteps is not null)
        {
            var (ring, slots, _, count) = _rings[_ringOf[p.Host]];
            var spiked = p.Source.Slot(t);
            if (p.HasShortTerm) _k.ShortTerm(sources, spiked, p.ShortTerm, p.Synapses.Scale, t, 0); // at emission, as the CPU's ring
            _k.DeliverDelayed(sources, p.Synapses, p.Channel, spiked, ring.View, slots, count, t, p.Events);
            return;
        }
        int from = t - p.Host.ConstantDelaySteps;
        if (from < 0) return; // nothing emitted that long ago
        var arrived = p.Source.Slot(from);
        if (p.HasShortTerm) _k.ShortTerm(sources, arrived, p.ShortTerm, p.Synapses.Scale, t, 0); // one constant delay: at arrival, as the CPU
        if (learning)
        {
            _k.Arrivals(sources, p.Synapses.RowStart, arrived, p.Events, p.Stdp, 1);
            _k.DeliverAndDepress(targets, p.Synapses, p.Channel, arrived, p.Stdp);
        }
        else if (_options.Delivery == DeliveryOrder.Ordered)
        {
            _k.Arrivals(sources, p.Synapses.RowStart, arrived, p.Events, p.Stdp, 0);
            _k.DeliverOrdered(targets, p.Synapses, p.Channel, arrived);
        }
        else
        {
            _k.DeliverAtomic(sources, p.Synapses, p.Channel, arrived, p.Events);
        }
    }

    /// <summary>True where TensorPrimitives' MultiplyAddEstimate fuses (x86 FMA, Arm64 AdvSimd).</summary>
    private static bool FusedMultiplyAddOnHost => System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported;

    private static DelayedArgs DelayedArgsOf(DeviceProjection p, int t) => new()
    {
        History = p.Source.History, PreHistory = p.PreHistory, HistorySlots = p.Source.Slots, Words = p.Source.Words, Step = t,
        Slots = p.DelaySlots, Sources = p.Source.Group.Count,
    };

    /// <summary>The kernels, compiled once per backend.</summary>
    private sealed class Kernels(Accelerator a, bool plainExp)
    {
        public readonly Action<Index1D, GroupView, GroupConstants, int> LifCurrent = a.LoadElementKernel<Index1D, GroupView, GroupConstants, int>(NeuronKernels.LifCurrent);
        public readonly Action<Index1D, GroupView, GroupConstants, int> LifConductance = a.LoadElementKernel<Index1D, GroupView, GroupConstants, int>(NeuronKernels.LifConductance);
        public readonly Action<Index1D, GroupView, GroupConstants, int> Izhikevich = a.LoadElementKernel<Index1D, GroupView, GroupConstants, int>(NeuronKernels.Izhikevich);
        public readonly Action<Index1D, GroupView, GroupConstants, int> Izhikevich2007 = a.LoadElementKernel<Index1D, GroupView, GroupConstants, int>(NeuronKernels.Izhikevich2007);
        public readonly Action<Index1D, GroupView, GroupConstants, int> AdEx = a.LoadElementKernel<Index1D, GroupView, GroupConstants, int>(NeuronKernels.AdEx);
        public readonly Action<Index1D, GlifView, GlifConstants> Glif = a.LoadElementKernel<Index1D, GlifView, GlifConstants>(DeviceGlif.Step);
        /// <summary>TensorPrimitives.Exp's fused multiply-adds where the CPU accelerator runs on a CPU with them (its results bit for bit); plain operations on a GPU.</summary>
        public readonly Action<Index1D, HhView, HhConstants, int> HodgkinHuxley = a.AcceleratorType == AcceleratorType.CPU && FusedMultiplyAddOnHost && !plainExp
            ? a.LoadElementKernel<Index1D, HhView, HhConstants, int>(DeviceHh.Step<FusedExp>)
            : a.LoadElementKernel<Index1D, HhView, HhConstants, int>(DeviceHh.Step<PlainExp>);
        public readonly Action<Index1D, PoissonView> Poisson = a.LoadElementKernel<Index1D, PoissonView>(DevicePoisson.Draw);
        public readonly Action<Index1D, DriveView> Drive = a.LoadElementKernel<Index1D, DriveView>(DeviceDrive.Draw);
        public readonly UniformFill Fills = new(
            a.LoadElementKernel<Index1D, ArrayView<int>, int>(NeuronKernels.Fill), a.LoadElementKernel<Index1D, ArrayView<long>, long>(NeuronKernels.FillWide));
        public readonly Action<Index1D, ArrayView<float>, float> Scale = a.LoadElementKernel<Index1D, ArrayView<float>, float>(NeuronKernels.Scale);
        public readonly Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>> Gather = a.LoadElementKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>>(NeuronKernels.Gather);
        public readonly Action<Index1D, SynapseView, ArrayView<float>, ArrayView<int>> DeliverOrdered = a.LoadElementKernel<Index1D, SynapseView, ArrayView<float>, ArrayView<int>>(SynapseKernels.DeliverOrdered);
        public readonly Action<Index1D, SynapseView, ArrayView<float>, ArrayView<int>, ArrayView<long>> DeliverAtomic = a.LoadElementKernel<Index1D, SynapseView, ArrayView<float>, ArrayView<int>, ArrayView<long>>(SynapseKernels.DeliverAtomic);
        public readonly Action<Index1D, SynapseView, ArrayView<float>, ArrayView<int>, ArrayView<float>, int, int, int, ArrayView<long>> DeliverDelayed =
            a.LoadElementKernel<Index1D, SynapseView, ArrayView<float>, ArrayView<int>, ArrayView<float>, int, int, int, ArrayView<long>>(SynapseKernels.DeliverDelayed);
        public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int> Drain = a.LoadElementKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(SynapseKernels.Drain);
        public readonly Action<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<long>, StdpView, int> Arrivals = a.LoadElementKernel<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<long>, StdpView, int>(SynapseKernels.Arrivals);
        public readonly Action<Index1D, SynapseView, ArrayView<float>, ArrayView<int>, StdpView> DeliverAndDepress = a.LoadElementKernel<Index1D, SynapseView, ArrayView<float>, ArrayView<int>, StdpView>(SynapseKernels.DeliverAndDepress);
        public readonly Action<Index1D, ArrayView<int>, ShortTermView, ArrayView<float>, int, int> ShortTerm =
            a.LoadElementKernel<Index1D, ArrayView<int>, ShortTermView, ArrayView<float>, int, int>(SynapseKernels.ShortTerm);
        public readonly Action<Index1D, SynapseView, ArrayView<float>, StdpView, DelayedArgs, ArrayView<long>> DeliverDelayedStdp =
            a.LoadElementKernel<Index1D, SynapseView, ArrayView<float>, StdpView, DelayedArgs, ArrayView<long>>(SynapseKernels.DeliverDelayedStdp);
        public readonly Action<Index1D, ArrayView<int>, StdpView, ArrayView<float>, int> PreHistory =
            a.LoadElementKernel<Index1D, ArrayView<int>, StdpView, ArrayView<float>, int>(SynapseKernels.PreHistory);
        public readonly Action<Index1D, SynapseView, ArrayView<int>, StdpView, DelayedArgs> PotentiateDelayed =
            a.LoadElementKernel<Index1D, SynapseView, ArrayView<int>, StdpView, DelayedArgs>(SynapseKernels.PotentiateDelayed);
        public readonly Action<Index1D, SynapseView, float> Normalize = a.LoadElementKernel<Index1D, SynapseView, float>(SynapseKernels.Normalize);
        public readonly Action<Index1D, SynapseView, ArrayView<int>, StdpView> Potentiate = a.LoadElementKernel<Index1D, SynapseView, ArrayView<int>, StdpView>(SynapseKernels.Potentiate);
    }
}
