namespace NeuroSharp.Gpu;

/// <summary>Where a command computes: the CPU engine, a GPU, or a GPU when one is present (<c>--device cpu|gpu|auto</c>).</summary>
public enum DeviceKind
{
    /// <summary>The CPU engine and kernels (NeuroSharp's own loops; the default).</summary>
    Cpu,

    /// <summary>An ILGPU CUDA or OpenCL accelerator; refused with one sentence when none is present.</summary>
    Gpu,

    /// <summary>A GPU when one is present, else the CPU engine.</summary>
    Auto,
}

/// <summary>The names of <see cref="DeviceKind"/> on the command line.</summary>
public static class DeviceKinds
{
    /// <summary>
    /// The environment variable that makes <c>gpu</c> and <c>auto</c> run the device kernels on ILGPU's CPU accelerator (tests and CI,
    /// which have no GPU): 1 runs each launch on one thread, 2 on two at once, so that the atomics race (<see cref="GpuDevice.OpenSimulator"/>).
    /// </summary>
    public const string SimulatorVariable = "NEUROSHARP_GPU_SIMULATOR";

    /// <summary>The flag spelling of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>"cpu", "gpu" or "auto".</returns>
    public static string ToFlag(this DeviceKind kind) => kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.Gpu => "gpu",
        _ => "auto",
    };

    /// <summary>Reads a <c>--device</c> value.</summary>
    /// <param name="value">"cpu", "gpu" or "auto" (any case).</param>
    /// <returns>The kind.</returns>
    /// <exception cref="InvalidInputException">Any other value.</exception>
    public static DeviceKind Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "cpu" => DeviceKind.Cpu,
        "gpu" => DeviceKind.Gpu,
        "auto" => DeviceKind.Auto,
        _ => throw new InvalidInputException($"--device must be cpu, gpu or auto (got \"{value}\")."),
    };
}
