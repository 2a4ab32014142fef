using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace NeuroSharp.Gpu;

/// <summary>
/// One ILGPU accelerator and its context: a CUDA or OpenCL GPU, or ILGPU's CPU accelerator, which runs
/// the same kernels on CPU threads (what the tests and CI use; <see cref="DeviceKinds.SimulatorVariable"/>).
/// </summary>
public sealed class GpuDevice : IDisposable
{
    private readonly Context _context;

    private GpuDevice(Context context, Accelerator accelerator)
    {
        _context = context;
        Accelerator = accelerator;
    }

    /// <summary>The accelerator kernels run on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>True for ILGPU's CPU accelerator (the kernels on CPU threads), false for a GPU.</summary>
    public bool IsSimulated => Accelerator.AcceleratorType == AcceleratorType.CPU;

    /// <summary>The device, in words (its name and memory).</summary>
    public string Description => IsSimulated ? $"{Accelerator.Name} (ILGPU's CPU accelerator, {Accelerator.NumMultiprocessors} processors)"
        : $"{Accelerator.Name} ({Accelerator.AcceleratorType}, {Accelerator.MemorySize / (1024.0 * 1024 * 1024):0.#} GiB)";

    /// <summary>
    /// The card's theoretical peak memory bandwidth in GB/s from the driver's memory clock and bus width
    /// (2 transfers per clock x clock x bus width / 8, CUDA's bandwidthTest formula: 3 352 GB/s for an H100 SXM's
    /// 2 619 MHz and 5 120 bits); null for OpenCL, the CPU accelerator, or a driver that reports no clock.
    /// </summary>
    public double? PeakMemoryGBps =>
        Accelerator is CudaAccelerator cuda && cuda.MemoryClockRate > 0 && cuda.MemoryBusWidth > 0
            ? 2.0 * cuda.MemoryClockRate * 1e3 * (cuda.MemoryBusWidth / 8.0) / 1e9
            : null;

    /// <summary>What ILGPU reports about the device, by name (for benchmark records).</summary>
    /// <returns>Name, kind, memory, processors, warp size and, for CUDA, architecture, memory clock, bus width and peak bandwidth.</returns>
    public IReadOnlyDictionary<string, object?> Info()
    {
        var info = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = Accelerator.Name, ["type"] = Accelerator.AcceleratorType.ToString(), ["simulated"] = IsSimulated,
            ["memoryBytes"] = Accelerator.MemorySize, ["multiprocessors"] = Accelerator.NumMultiprocessors, ["warpSize"] = Accelerator.WarpSize,
        };
        if (Accelerator is CudaAccelerator cuda)
        {
            info["architecture"] = $"{cuda.Architecture}";
            info["memoryClockKHz"] = cuda.MemoryClockRate;
            info["memoryBusWidthBits"] = cuda.MemoryBusWidth;
            info["driverVersion"] = $"{cuda.DriverVersion}";
        }
        info["peakMemoryGBps"] = PeakMemoryGBps;
        return info;
    }

    /// <summary>
    /// ILGPU's CPU accelerator: the device kernels on CPU threads (tests, CI). The element kernels run one thread per
    /// group there (<see cref="ElementKernels"/>), so a multiprocessor runs its share of a launch's elements on one
    /// thread, with no barrier per element. One multiprocessor (the default) is the cheapest: each launch wakes one
    /// thread. <paramref name="concurrent"/> gives two, which run each launch's two halves at once, so the atomics race
    /// as on a GPU (what the statistics of <c>--delivery atomic</c> and of the delay rings rely on); each launch then wakes
    /// two threads, about 3 times the cost of a small launch on a loaded 2-core machine (docs/results.md).
    /// </summary>
    /// <param name="concurrent">Two threads at once (the atomics race) rather than one.</param>
    /// <returns>The device.</returns>
    public static GpuDevice OpenSimulator(bool concurrent = false)
    {
        var cpu = new CPUDevice(numThreadsPerWarp: 2, numWarpsPerMultiprocessor: 1, numMultiprocessors: concurrent ? 2 : 1);
        var context = Context.Create(b => b.CPU(cpu).EnableAlgorithms());
        return new GpuDevice(context, cpu.CreateAccelerator(context));
    }

    /// <summary>The first CUDA (else OpenCL) GPU, or null when there is none.</summary>
    /// <returns>The device, or null.</returns>
    public static GpuDevice? TryOpenGpu()
    {
        Context context;
        try
        {
            context = Context.Create(b => b.Cuda().OpenCL().EnableAlgorithms());
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
        {
            return null; // no driver: no GPU
        }
        var device = context.Devices.FirstOrDefault(d => d.AcceleratorType == AcceleratorType.Cuda)
            ?? context.Devices.FirstOrDefault(d => d.AcceleratorType == AcceleratorType.OpenCL);
        if (device is null)
        {
            context.Dispose();
            return null;
        }
        return new GpuDevice(context, device.CreateAccelerator(context));
    }

    /// <summary>
    /// The device a <c>--device</c> choice names: null for the CPU engine (<see cref="DeviceKind.Cpu"/>, or
    /// <see cref="DeviceKind.Auto"/> without a GPU). With <see cref="DeviceKinds.SimulatorVariable"/> set to 1,
    /// gpu and auto open ILGPU's CPU accelerator instead of a GPU, one thread per launch; set to 2, two threads at once,
    /// so that the atomics race (<see cref="OpenSimulator"/>).
    /// </summary>
    /// <param name="kind">The choice.</param>
    /// <returns>The device, or null for the CPU engine.</returns>
    /// <exception cref="InvalidInputException"><see cref="DeviceKind.Gpu"/> and no GPU is present.</exception>
    public static GpuDevice? Open(DeviceKind kind)
    {
        if (kind == DeviceKind.Cpu) return null;
        switch (Environment.GetEnvironmentVariable(DeviceKinds.SimulatorVariable))
        {
            case "1": return OpenSimulator();
            case "2": return OpenSimulator(concurrent: true);
        }
        var gpu = TryOpenGpu();
        if (gpu is null && kind == DeviceKind.Gpu)
            throw new InvalidInputException("--device gpu: no CUDA or OpenCL GPU was found on this machine; use --device cpu or auto.");
        return gpu;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
