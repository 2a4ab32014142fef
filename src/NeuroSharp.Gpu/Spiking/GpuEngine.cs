using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>Builds a <see cref="SpikingEngine"/> whose steps run on a device (docs/gpu.md), or on the CPU when no device is given.</summary>
public static class GpuEngine
{
    /// <summary>
    /// Builds the engine as the CPU does (same validation, memory check, connectivity and initial state), then,
    /// with a device, hands its steps to the device backend.
    /// </summary>
    /// <param name="spec">The network.</param>
    /// <param name="options">Seeds and threads.</param>
    /// <param name="memory">The memory budget (null: default).</param>
    /// <param name="device">The device, or null for the CPU engine.</param>
    /// <param name="gpuOptions">Delivery order and monitor block (null: defaults).</param>
    /// <returns>The engine.</returns>
    /// <exception cref="InvalidInputException">The network is invalid, too large, or has what the device backend does not run.</exception>
    public static SpikingEngine Create(NetworkSpec spec, SimulationOptions? options, MemoryBudget? memory, GpuDevice? device, GpuSimulationOptions? gpuOptions = null)
    {
        var engine = new SpikingEngine(spec, options, memory);
        if (device is not null) GpuSpikingBackend.Attach(engine, device, gpuOptions);
        return engine;
    }

    /// <summary>True when the engine's steps run on a device.</summary>
    /// <param name="engine">The engine.</param>
    /// <returns>Whether a device backend is attached.</returns>
    public static bool RunsOnDevice(SpikingEngine engine) => engine.Backend is not null;
}
