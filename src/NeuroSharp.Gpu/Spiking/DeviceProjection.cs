using ILGPU;
using ILGPU.Runtime;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// One projection on the device: its CSR rows and CSC columns (built once from the host's pattern), its
/// weights (uploaded at the start of a run, written back at the end), its STDP traces, and a counter of the
/// synaptic events delivered.
/// </summary>
internal sealed class DeviceProjection : IDisposable
{
    private readonly List<IDisposable> _buffers = [];
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _weights;
    private readonly MemoryBuffer1D<long, Stride1D.Dense> _events;
    private readonly MemoryBuffer1D<float, Stride1D.Dense>? _pre, _post, _triplet;
    private readonly long[] _hostEvents = new long[1];

    public DeviceProjection(Accelerator accelerator, Projection projection, DeviceGroup source, DeviceGroup target)
    {
        Host = projection;
        Source = source;
        Target = target;
        var columns = IncomingColumns.Build(projection.RowStart, projection.Targets, projection.Source.Count, projection.Target.Count);
        _weights = accelerator.Allocate1D<float>(Math.Max(1, projection.SynapseCount));
        _buffers.Add(_weights);
        _events = accelerator.Allocate1D<long>(1);
        _events.MemSetToZero();
        _buffers.Add(_events);
        Synapses = new SynapseView
        {
            RowStart = Upload(accelerator, projection.RowStart), Targets = Upload(accelerator, projection.Targets),
            ColStart = Upload(accelerator, columns.Start), ColSynapse = Upload(accelerator, columns.Synapse),
            SynapseSource = Upload(accelerator, columns.SynapseSource), Delays = Upload(accelerator, projection.DelaySteps ?? []),
            Weights = _weights.View,
        };
        Channel = target.BufferOf(projection.Receptor == NeuroSharp.Spiking.Receptor.Excitatory ? projection.Target.Ge : projection.Target.Gi)!.View;
        if (projection.Stdp is { } rule)
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

    public ArrayView<long> Events => _events.View;

    /// <summary>Weights and traces to the device.</summary>
    public void Upload()
    {
        if (Host.SynapseCount > 0) _weights.View.CopyFromCPU(ref Host.Weights[0], Host.SynapseCount);
        if (Host.Stdp is { } rule)
        {
            CopyIn(_pre!, rule.PreTrace);
            CopyIn(_post!, rule.PostTrace);
            CopyIn(_triplet!, rule.TripletTrace);
        }
    }

    /// <summary>Weights and traces back to the host, and the events counted since the last call.</summary>
    public void Download()
    {
        if (Host.SynapseCount > 0) _weights.View.CopyToCPU(ref Host.Weights[0], Host.SynapseCount);
        if (Host.Stdp is { } rule)
        {
            CopyOut(_pre!, rule.PreTrace);
            CopyOut(_post!, rule.PostTrace);
            CopyOut(_triplet!, rule.TripletTrace);
        }
        CollectEvents();
    }

    /// <summary>Adds the device's event count to the projection's and zeroes it.</summary>
    public void CollectEvents()
    {
        _events.View.CopyToCPU(ref _hostEvents[0], 1);
        if (_hostEvents[0] != 0) Host.AddEvents(_hostEvents[0]);
        _events.MemSetToZero();
    }

    public void Dispose()
    {
        foreach (var b in _buffers) b.Dispose();
    }

    private ArrayView<int> Upload(Accelerator accelerator, int[] host)
    {
        var buffer = accelerator.Allocate1D<int>(Math.Max(1, host.Length));
        _buffers.Add(buffer);
        if (host.Length > 0) buffer.View.CopyFromCPU(ref host[0], host.Length);
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
        if (host.Length > 0) buffer.View.CopyFromCPU(ref host[0], host.Length);
    }

    private static void CopyOut(MemoryBuffer1D<float, Stride1D.Dense> buffer, float[] host)
    {
        if (host.Length > 0) buffer.View.CopyToCPU(ref host[0], host.Length);
    }
}
