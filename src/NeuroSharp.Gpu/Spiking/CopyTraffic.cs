namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// The copies of plastic and static weights between the host and the device made by every engine a <see cref="GpuBackend"/>
/// attached (docs/gpu.md, "Which copy of the weights is current"): what keeping the weights on the device saves.
/// </summary>
public sealed class WeightTraffic
{
    private long _toDevice, _toHost, _bytesToDevice, _bytesToHost;

    /// <summary>Host-to-device copies of a projection's weights.</summary>
    public long CopiesToDevice => Interlocked.Read(ref _toDevice);

    /// <summary>Device-to-host copies of a projection's weights.</summary>
    public long CopiesToHost => Interlocked.Read(ref _toHost);

    /// <summary>Bytes of weights copied host to device.</summary>
    public long BytesToDevice => Interlocked.Read(ref _bytesToDevice);

    /// <summary>Bytes of weights copied device to host.</summary>
    public long BytesToHost => Interlocked.Read(ref _bytesToHost);

    /// <summary>Counts one copy of <paramref name="synapses"/> weights up.</summary>
    internal void Uploaded(int synapses)
    {
        Interlocked.Increment(ref _toDevice);
        Interlocked.Add(ref _bytesToDevice, sizeof(float) * (long)synapses);
    }

    /// <summary>Counts one copy of <paramref name="synapses"/> weights down.</summary>
    internal void Downloaded(int synapses)
    {
        Interlocked.Increment(ref _toHost);
        Interlocked.Add(ref _bytesToHost, sizeof(float) * (long)synapses);
    }
}
