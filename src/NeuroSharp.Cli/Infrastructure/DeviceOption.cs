using System.CommandLine;
using NeuroSharp.Gpu;
using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Cli;

/// <summary>
/// <c>--device cpu|gpu|auto</c> (docs/gpu.md): the CPU engine (default), an ILGPU CUDA or OpenCL GPU (exit 2
/// with one sentence when there is none), or a GPU when one is present. NEUROSHARP_GPU_SIMULATOR=1 makes gpu
/// and auto run the device kernels on ILGPU's CPU accelerator (tests, CI; 2: two threads at once, the atomics racing). On the commands that simulate, also
/// <c>--delivery ordered|atomic</c>: how spikes reach their targets on the device.
/// </summary>
/// <param name="withDelivery">Add <c>--delivery</c> (simulate, experiment run).</param>
public sealed class DeviceOption(bool withDelivery = false)
{
    /// <summary>--device.</summary>
    public Option<string> Option { get; } = new("--device")
    {
        Description = "Where to compute: cpu (the CPU engine), gpu (an ILGPU CUDA or OpenCL GPU) or auto (a GPU when one is present).",
        DefaultValueFactory = _ => "cpu",
    };

    /// <summary>--delivery (null on the commands that do not simulate).</summary>
    public Option<string>? Delivery { get; } = withDelivery ? new("--delivery")
    {
        Description = "How spikes reach their targets on the device: ordered (each target sums in source order: the CPU engine's results, bit for bit; "
            + "reads every incoming synapse every step) or atomic (each source that spiked adds its row with atomic adds: reads only active rows, "
            + "but the sums' order varies, so results match the CPU's statistically, not bit for bit). The CPU engine ignores it.",
        DefaultValueFactory = _ => "ordered",
    } : null;

    /// <summary>Adds it to a command.</summary>
    /// <param name="command">The command.</param>
    public void AddTo(Command command)
    {
        command.Options.Add(Option);
        if (Delivery is not null) command.Options.Add(Delivery);
    }

    /// <summary>The kind asked for.</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>cpu, gpu or auto.</returns>
    /// <exception cref="InvalidInputException">Another value.</exception>
    public DeviceKind Read(ParseResult parse) => DeviceKinds.Parse(parse.GetValue(Option));

    /// <summary>Opens the device asked for: null for the CPU engine.</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>The device, or null.</returns>
    /// <exception cref="InvalidInputException">A bad value, or gpu without a GPU.</exception>
    public GpuDevice? Open(ParseResult parse)
    {
        ReadDelivery(parse); // a bad --delivery is refused before any device opens
        return GpuDevice.Open(Read(parse));
    }

    /// <summary>The delivery order asked for (ordered on commands without --delivery).</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>The order.</returns>
    /// <exception cref="InvalidInputException">A value other than ordered or atomic.</exception>
    public DeliveryOrder ReadDelivery(ParseResult parse) => Delivery is null ? DeliveryOrder.Ordered : ParseDelivery(parse.GetValue(Delivery));

    /// <summary>Parses a --delivery value.</summary>
    /// <param name="value">ordered or atomic.</param>
    /// <returns>The order.</returns>
    /// <exception cref="InvalidInputException">Another value.</exception>
    public static DeliveryOrder ParseDelivery(string? value) => value switch
    {
        "ordered" => DeliveryOrder.Ordered,
        "atomic" => DeliveryOrder.Atomic,
        _ => throw new InvalidInputException($"--delivery must be ordered or atomic (got \"{value}\")."),
    };

    /// <summary>The simulation backend for a device: null for the CPU engine; with auto, a network the device does not run stays on the CPU.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="device">The opened device, or null.</param>
    /// <returns>The backend factory, or null.</returns>
    public SpikingBackendFactory? Backend(ParseResult parse, GpuDevice? device) =>
        device is null ? null : new GpuBackend(device, new GpuSimulationOptions { Delivery = ReadDelivery(parse) }) { FallBackToCpu = Read(parse) == DeviceKind.Auto };
}
