using System.CommandLine;
using NeuroSharp.Gpu;
using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Cli;

/// <summary>
/// <c>--device cpu|gpu|auto</c> (docs/gpu.md): the CPU engine (default), an ILGPU CUDA or OpenCL GPU (exit 2
/// with one sentence when there is none), or a GPU when one is present. NEUROSHARP_GPU_SIMULATOR=1 makes gpu
/// and auto run the device kernels on ILGPU's CPU accelerator (tests, CI).
/// </summary>
public sealed class DeviceOption
{
    /// <summary>--device.</summary>
    public Option<string> Option { get; } = new("--device")
    {
        Description = "Where to compute: cpu (the CPU engine), gpu (an ILGPU CUDA or OpenCL GPU) or auto (a GPU when one is present).",
        DefaultValueFactory = _ => "cpu",
    };

    /// <summary>Adds it to a command.</summary>
    /// <param name="command">The command.</param>
    public void AddTo(Command command) => command.Options.Add(Option);

    /// <summary>The kind asked for.</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>cpu, gpu or auto.</returns>
    /// <exception cref="InvalidInputException">Another value.</exception>
    public DeviceKind Read(ParseResult parse) => DeviceKinds.Parse(parse.GetValue(Option));

    /// <summary>Opens the device asked for: null for the CPU engine.</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>The device, or null.</returns>
    /// <exception cref="InvalidInputException">A bad value, or gpu without a GPU.</exception>
    public GpuDevice? Open(ParseResult parse) => GpuDevice.Open(Read(parse));

    /// <summary>The simulation backend for a device: null for the CPU engine; with auto, a network the device does not run stays on the CPU.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="device">The opened device, or null.</param>
    /// <returns>The backend factory, or null.</returns>
    public SpikingBackendFactory? Backend(ParseResult parse, GpuDevice? device) =>
        device is null ? null : new GpuBackend(device) { FallBackToCpu = Read(parse) == DeviceKind.Auto };
}
