using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// One projection on the device: its CSR rows and CSC columns (built once from the host's pattern), its
/// weights (uploaded at the start of a run when the host wrote them; after learning, the current copy until the
/// host reads them: <see cref="Projection.WeightsOnDevice"/>), its STDP traces (likewise uploaded only after a host write, current on
/// the device after a learning run: <see cref="Projection.TracesOnDevice"/>), and a counter of the synaptic events delivered. Short-term state (u, x, last spike) and, with STDP and per-synapse delays, the
/// history of x_pre are in flight like spikes: they stay on the device between runs and restart at a reset.
/// </summary>
internal sealed class DeviceProjection : IDisposable
{
    private readonly List<IDisposable> _buffers = [];
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _weights;
    private readonly MemoryBuffer1D<long, Stride1D.Dense> _events;
    private readonly MemoryBuffer1D<float, Stride1D.Dense>? _pre, _post, _triplet;
    private readonly MemoryBuffer1D<float, Stride1D.Dense>? _stpU, _stpX, _preHistory;
    private readonly MemoryBuffer1D<int, Stride1D.Dense>? _stpLast;
    private readonly TripletStdpRule? _rule;
    private readonly long[] _hostEvents = new long[1];
    private readonly CopyTraffic _traffic, _traceTraffic;
    private readonly bool _resident;
    private int _uploadedVersion = -1;
    private int _tracesVersion = -1;
    private bool _learns;

    public DeviceProjection(Accelerator accelerator, Projection projection, DeviceGroup source, DeviceGroup target, CopyTraffic traffic, CopyTraffic traceTraffic, bool keepWeightsOnDevice)
    {
        Host = projection;
        _traffic = traffic;
        _traceTraffic = traceTraffic;
        _resident = keepWeightsOnDevice;
        Source = source;
        Target = target;
        var columns = IncomingColumns.Build(projection.RowStart, projection.Targets, projection.Source.Count, projection.Target.Count);
        _weights = accelerator.Allocate1D<float>(Math.Max(1, projection.SynapseCount));
        _buffers.Add(_weights);
        _events = accelerator.Allocate1D<long>(1);
        _events.MemSetToZero();
        _buffers.Add(_events);
        _rule = projection.Stdp ?? projection.DelayedStdp;
        DelaySlots = projection.DelayedStdp?.Slots ?? 1;
        int sources = projection.Source.Count;
        var colSynapse = Upload(accelerator, columns.Synapse);
        var scale = accelerator.Allocate1D<float>(Math.Max(1, projection.ShortTerm is null ? 1 : (long)DelaySlots * sources));
        _buffers.Add(scale);
        Synapses = new SynapseView
        {
            RowStart = Upload(accelerator, projection.RowStart), Targets = Upload(accelerator, projection.Targets),
            ColStart = Upload(accelerator, columns.Start), ColSynapse = colSynapse,
            SynapseSource = Upload(accelerator, columns.SynapseSource), Delays = Upload(accelerator, projection.DelaySteps ?? []),
            DelayColSynapse = projection.DelayedStdp is null ? colSynapse : Upload(accelerator, ByDelay(columns, projection.DelaySteps!)),
            Weights = _weights.View, Scale = scale.View, HasScale = projection.ShortTerm is null ? 0 : 1,
        };
        Channel = target.ViewOf(projection.Channel); // g, or the rise state in front of it, or a GLIF port's arrivals
        if (projection.ShortTerm is { } stp)
        {
            _stpU = Mirror(accelerator, stp.U);
            _stpX = Mirror(accelerator, stp.X);
            _stpLast = accelerator.Allocate1D<int>(Math.Max(1, sources));
            _buffers.Add(_stpLast);
            var (increment, tauRec, tauFac, dt) = stp.Constants;
            ShortTerm = new ShortTermView { U = _stpU.View, X = _stpX.View, Last = _stpLast.View, UIncrement = increment, TauRecMs = tauRec, TauFacMs = tauFac, DtMs = dt };
        }
        if (projection.DelayedStdp is not null)
        {
            _preHistory = accelerator.Allocate1D<float>(Math.Max(1, (long)DelaySlots * sources));
            _buffers.Add(_preHistory);
        }
        if (_rule is { } rule)
        {
            var k = rule.Constants;
            _pre = Mirror(accelerator, rule.PreTrace);
            _post = Mirror(accelerator, rule.PostTrace);
            _triplet = Mirror(accelerator, rule.TripletTrace);
            Constants = k;
            Stdp = new StdpView
            {
                Pre = _pre.View, Post = _post.View, Triplet = _triplet.View, APlus = k.APlus, AMinus = k.AMinus, APlusTriplet = k.APlusTriplet,
                WMin = k.WMin, WMax = k.WMax, Mu = k.Mu, XTarget = k.XTarget, WeightDependent = k.WeightDependent ? 1 : 0,
                Nearest = k.Nearest ? 1 : 0, HasTriplet = k.APlusTriplet > 0 ? 1 : 0,
            };
        }
        else
        {
            var dummy = accelerator.Allocate1D<float>(1);
            _buffers.Add(dummy);
            Stdp = new StdpView { Pre = dummy.View, Post = dummy.View, Triplet = dummy.View };
        }
        ResetDynamics(); // the build's traces are zero on both sides: nothing to upload
    }

    public Projection Host { get; }

    public DeviceGroup Source { get; }

    public DeviceGroup Target { get; }

    public SynapseView Synapses { get; }

    /// <summary>The target's g_e or g_i on the device.</summary>
    public ArrayView<float> Channel { get; }

    public StdpView Stdp { get; }

    /// <summary>The STDP rule's constants (decays), when it has one.</summary>
    public StdpConstants Constants { get; }

    public bool HasStdp => _pre is not null;

    /// <summary>True when the STDP rule is the one with per-synapse delays.</summary>
    public bool HasDelayedStdp => _preHistory is not null;

    /// <summary>The short-term state, when the projection has short-term plasticity.</summary>
    public ShortTermView ShortTerm { get; }

    public bool HasShortTerm => _stpU is not null;

    /// <summary>Steps of delay history with STDP and per-synapse delays (the longest delay + 1), else 1.</summary>
    public int DelaySlots { get; }

    /// <summary>The history of x_pre (STDP with per-synapse delays), else an empty view.</summary>
    public ArrayView<float> PreHistory => _preHistory?.View ?? default;

    /// <summary>
    /// Short-term state, the x_pre history and the STDP traces back to their start (the host rules were just reset): the traces
    /// are cleared here as the host cleared its own, so the two copies are equal without a copy.
    /// </summary>
    public void ResetDynamics()
    {
        if (Host.ShortTerm is { } stp)
        {
            CopyIn(_stpU!, stp.U);
            CopyIn(_stpX!, stp.X);
            if (stp.Last.Length > 0) _stpLast!.View.CopyFromHost(stp.Last);
        }
        _preHistory?.MemSetToZero();
        if (_rule is not null)
        {
            _pre!.MemSetToZero();
            _post!.MemSetToZero();
            _triplet!.MemSetToZero();
            _tracesVersion = Host.TracesVersion;
            Host.TracesOnDevice = false;
        }
    }

    public ArrayView<long> Events => _events.View;

    /// <summary>
    /// At a checkpoint: the short-term state (u, x, last spike) into the rule's host arrays, and with STDP and per-synapse delays
    /// the x_pre history and each queued spike's short-term factor (by its position in <paramref name="queue"/>, as the CPU keeps
    /// it; the device keeps it by source).
    /// </summary>
    public void PullInFlight(int[] queue, int[] counts)
    {
        if (Host.ShortTerm is { } stp)
        {
            CopyOut(_stpU!, stp.U);
            CopyOut(_stpX!, stp.X);
            if (stp.Last.Length > 0) _stpLast!.View.SubView(0, stp.Last.Length).CopyToHost(stp.Last);
        }
        if (Host.DelayedStdp is not { } rule) return;
        var (_, _, scales, preHistory) = rule.InFlight;
        if (preHistory.Length > 0) _preHistory!.View.SubView(0, preHistory.Length).CopyToHost(preHistory);
        if (scales.Length == 0) return;
        var bySource = new float[scales.Length];
        Synapses.Scale.SubView(0, bySource.Length).CopyToHost(bySource);
        int n = Source.Group.Count;
        for (int slot = 0; slot < counts.Length; slot++)
        {
            for (int k = 0; k < counts[slot]; k++) scales[slot * n + k] = bySource[slot * n + queue[slot * n + k]];
        }
    }

    /// <summary>After a checkpoint was read: the reverse of <see cref="PullInFlight"/> (the host's short-term state, x_pre history and queued factors up).</summary>
    public void PushInFlight(int[] queue, int[] counts)
    {
        if (Host.ShortTerm is { } stp)
        {
            CopyIn(_stpU!, stp.U);
            CopyIn(_stpX!, stp.X);
            if (stp.Last.Length > 0) _stpLast!.View.SubView(0, stp.Last.Length).CopyFromHost(stp.Last);
        }
        if (Host.DelayedStdp is not { } rule) return;
        var (_, _, scales, preHistory) = rule.InFlight;
        if (preHistory.Length > 0) _preHistory!.View.SubView(0, preHistory.Length).CopyFromHost(preHistory);
        if (scales.Length == 0) return;
        var bySource = new float[scales.Length];
        int n = Source.Group.Count;
        for (int slot = 0; slot < counts.Length; slot++)
        {
            for (int k = 0; k < counts[slot]; k++) bySource[slot * n + queue[slot * n + k]] = scales[slot * n + k];
        }
        Synapses.Scale.SubView(0, bySource.Length).CopyFromHost(bySource);
    }

    /// <summary>
    /// The start of a run: the weights to the device when the host wrote them since the last copy, the STDP traces
    /// likewise when the run learns (what a frozen run neither reads nor changes stays where it is).
    /// </summary>
    public void Upload()
    {
        _learns = Host.LearningEnabled && (_rule is not null || Host.Normalization is { EverySteps: > 0 });
        UploadWeightsIfWritten();
        if (_rule is { } rule && _learns && Host.TracesVersion != _tracesVersion)
        {
            CopyIn(_pre!, rule.PreTrace);
            CopyIn(_post!, rule.PostTrace);
            CopyIn(_triplet!, rule.TripletTrace);
            _traceTraffic.Uploaded(TraceFloats);
            _tracesVersion = Host.TracesVersion;
        }
    }

    /// <summary>
    /// Normalisation on request: the device's weights (uploaded first if the host wrote them since) scaled by the kernel; the
    /// result stays on the device as the current copy (unless weights are not kept there: then it is copied back at once).
    /// </summary>
    public void NormalizeOnRequest(Action<Index1D, SynapseView, float> normalize)
    {
        if (Host.SynapseCount == 0 || Host.Normalization is not { } n) return;
        UploadWeightsIfWritten();
        normalize(Target.Group.Count, Synapses, n.IncomingSum);
        Host.WeightsOnDevice = true;
        if (!_resident) PullWeights();
    }

    /// <summary>
    /// The end of a run: after learning, the weights and traces stay on the device, newer than the host's (copied back at
    /// once when they are not kept there); the events counted since the last call come back.
    /// </summary>
    public void Download()
    {
        if (Host.SynapseCount > 0 && _learns)
        {
            Host.WeightsOnDevice = true;
            if (!_resident) PullWeights();
        }
        if (_rule is not null && _learns)
        {
            Host.TracesOnDevice = true;
            if (!_resident) PullTraces();
        }
        CollectEvents();
    }

    /// <summary>The device's STDP traces into the rule's host arrays when they are newer (the two copies are equal after it).</summary>
    public void PullTraces()
    {
        if (!Host.TracesOnDevice || _rule is not { } rule) return;
        CopyOut(_pre!, rule.PreTrace);
        CopyOut(_post!, rule.PostTrace);
        CopyOut(_triplet!, rule.TripletTrace);
        _weights.Accelerator.Synchronize();
        _traceTraffic.Downloaded(TraceFloats);
        Host.TracesOnDevice = false;
    }

    /// <summary>x_pre, x_post and y2 together: S + 2 T floats (S + T without a triplet term).</summary>
    private long TraceFloats => (long)_rule!.PreTrace.Length + _rule.PostTrace.Length + _rule.TripletTrace.Length;

    /// <summary>The device's weights into the host array when they are newer (the two copies are equal after it).</summary>
    public void PullWeights()
    {
        if (!Host.WeightsOnDevice) return;
        _weights.View.CopyToHost(Host.Weights.AsSpan(0, Host.SynapseCount));
        _weights.Accelerator.Synchronize();
        _traffic.Downloaded(Host.SynapseCount);
        Host.WeightsOnDevice = false;
    }

    /// <summary>The host's weights to the device when the host wrote them since the last copy (then the host's are the current ones).</summary>
    private void UploadWeightsIfWritten()
    {
        if (Host.WeightsVersion == _uploadedVersion) return;
        if (Host.SynapseCount > 0)
        {
            _weights.View.CopyFromHost(Host.Weights.AsSpan(0, Host.SynapseCount));
            _traffic.Uploaded(Host.SynapseCount);
        }
        _uploadedVersion = Host.WeightsVersion;
    }

    /// <summary>Adds the device's event count to the projection's and zeroes it.</summary>
    public void CollectEvents()
    {
        _events.View.CopyToHost(_hostEvents.AsSpan(0, 1));
        if (_hostEvents[0] != 0) Host.AddEvents(_hostEvents[0]);
        _events.MemSetToZero();
    }

    public void Dispose()
    {
        foreach (var b in _buffers) b.Dispose();
    }

    /// <summary>Each column's synapses sorted by delay, stably (so by source within a delay): the CPU's order of arrivals.</summary>
    private static int[] ByDelay(IncomingColumns columns, int[] delays)
    {
        var sorted = (int[])columns.Synapse.Clone();
        for (int j = 0; j + 1 < columns.Start.Length; j++)
        {
            int from = columns.Start[j], to = columns.Start[j + 1];
            var column = sorted.AsSpan(from, to - from);
            var ordered = column.ToArray().OrderBy(e => delays[e]).ToArray(); // OrderBy is stable
            ordered.CopyTo(column);
        }
        return sorted;
    }

    private ArrayView<int> Upload(Accelerator accelerator, int[] host)
    {
        var buffer = accelerator.Allocate1D<int>(Math.Max(1, host.Length));
        _buffers.Add(buffer);
        if (host.Length > 0) buffer.View.CopyFromHost(host);
        return buffer.View;
    }

    private MemoryBuffer1D<float, Stride1D.Dense> Mirror(Accelerator accelerator, float[] host)
    {
        var buffer = accelerator.Allocate1D<float>(Math.Max(1, host.Length));
        _buffers.Add(buffer);
        return buffer;
    }

    private static void CopyIn(MemoryBuffer1D<float, Stride1D.Dense> buffer, float[] host)
    {
        if (host.Length > 0) buffer.View.CopyFromHost(host);
    }

    private static void CopyOut(MemoryBuffer1D<float, Stride1D.Dense> buffer, float[] host)
    {
        if (host.Length > 0) buffer.View.CopyToHost(host);
    }
}
