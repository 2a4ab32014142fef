namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// The copies of one kind of learned state between the host and the device made by every engine a <see cref="GpuBackend"/>
/// attached: a projection's weights (<see cref="GpuBackend.WeightTraffic"/>) or its STDP traces x_pre, x_post and y2 taken
/// together (<see cref="GpuBackend.TraceTraffic"/>); docs/gpu.md, "Which copy of the weights is current".
/// </summary>
public sealed class CopyTraffic
{
    private long _toDevice, _toHost, _bytesToDevice, _bytesToHost;

    /// <summary>Host-to-device copies (one per projection copied).</summary>
    public long CopiesToDevice => Interlocked.Read(ref _toDevice);

    /// <summary>Device-to-host copies (one per projection copied).</summary>
    public long CopiesToHost => Interlocked.Read(ref _toHost);

    /// <summary>Bytes copied host to device.</summary>
    public long BytesToDevice => Interlocked.Read(ref _bytesToDevice);

    /// <summary>Bytes copied device to host.</summary>
    public long BytesToHost => Interlocked.Read(ref _bytesToHost);

    /// <summary>Counts one copy of <paramref name="floats"/> floats up.</summary>
    internal void Uploaded(long floats)
    {
        Interlocked.Increment(ref _toDevice);
        Interlocked.Add(ref _bytesToDevice, sizeof(float) * floats);
    }

    /// <summary>Counts one copy of <paramref name="floats"/> floats down.</summary>
    internal void Downloaded(long floats)
    {
        Interlocked.Increment(ref _toHost);
        Interlocked.Add(ref _bytesToHost, sizeof(float) * floats);
    }
}
