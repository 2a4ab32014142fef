namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Where an engine runs its steps when not on its own CPU loop: set <see cref="SimulationOptions.Backend"/> and
/// the engine, once built, hands its steps to the backend this makes (NeuroSharp.Gpu's <c>GpuBackend</c>;
/// docs/gpu.md). Only assemblies this one trusts can implement it.
/// </summary>
public abstract class SpikingBackendFactory
{
    /// <summary>
    /// Leave a network the backend does not run on the CPU loop (true: what <c>--device auto</c> asks) or refuse it
    /// (false, the default: <c>--device gpu</c>).
    /// </summary>
    public bool FallBackToCpu { get; init; }

    /// <summary>What the backend runs on, in words (for metrics and logs).</summary>
    public abstract string Description { get; }

    /// <summary>Makes the backend for a built engine, or returns null to leave it on the CPU loop (an automatic choice that cannot run the network).</summary>
    /// <param name="engine">The engine, built and reset.</param>
    /// <returns>The backend, or null.</returns>
    /// <exception cref="InvalidInputException">The backend was asked for and cannot run the network (one sentence saying why).</exception>
    internal abstract ISpikingBackend? Attach(SpikingEngine engine);

    private int _enginesOnDevice, _enginesOnCpu;

    /// <summary>Engines built with this factory whose steps run on its device so far.</summary>
    public int EnginesOnDevice => Volatile.Read(ref _enginesOnDevice);

    /// <summary>Engines built with this factory that stayed on the CPU loop so far (<see cref="FallBackToCpu"/> with a network the backend does not run).</summary>
    public int EnginesOnCpu => Volatile.Read(ref _enginesOnCpu);

    /// <summary>
    /// Which device ran the engines built since the counts <paramref name="onDeviceBefore"/> and <paramref name="onCpuBefore"/>
    /// (metrics.json's <c>"device"</c>): "cpu" when none ran on the device (none built, or all left on the CPU by
    /// <c>--device auto</c>), <see cref="Description"/> when all did, both with their counts when some fell back.
    /// </summary>
    /// <param name="backend">The factory, or null (the CPU engine).</param>
    /// <param name="onDeviceBefore"><see cref="EnginesOnDevice"/> before the work.</param>
    /// <param name="onCpuBefore"><see cref="EnginesOnCpu"/> before the work.</param>
    /// <returns>The device in words.</returns>
    public static string DeviceUsed(SpikingBackendFactory? backend, int onDeviceBefore = 0, int onCpuBefore = 0)
    {
        if (backend is null) return "cpu";
        int onDevice = backend.EnginesOnDevice - onDeviceBefore, onCpu = backend.EnginesOnCpu - onCpuBefore;
        if (onDevice == 0) return "cpu";
        return onCpu == 0 ? backend.Description
            : $"{backend.Description} ({Engines(onDevice)}), cpu ({Engines(onCpu)} the device does not run)";
    }

    private static string Engines(int n) => n == 1 ? "1 engine" : $"{n} engines";

    /// <summary>Attaches and counts where the engine runs.</summary>
    internal ISpikingBackend? AttachCounted(SpikingEngine engine)
    {
        var backend = Attach(engine);
        if (backend is null) Interlocked.Increment(ref _enginesOnCpu);
        else Interlocked.Increment(ref _enginesOnDevice);
        return backend;
    }
}
