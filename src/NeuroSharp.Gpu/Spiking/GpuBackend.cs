using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Spiking;

/// <summary>
/// The device backend as a <see cref="SimulationOptions.Backend"/>: an engine built with it runs its steps on
/// the device (docs/gpu.md). With <see cref="SpikingBackendFactory.FallBackToCpu"/> (what <c>--device auto</c> asks), a network the
/// device backend does not run stays on the CPU loop instead of being refused.
/// </summary>
/// <param name="device">The accelerator (the caller owns and disposes it).</param>
/// <param name="options">Delivery order and monitor block (null: defaults).</param>
public sealed class GpuBackend(GpuDevice device, GpuSimulationOptions? options = null) : SpikingBackendFactory
{
    /// <summary>The accelerator.</summary>
    public GpuDevice Device { get; } = device ?? throw new ArgumentNullException(nameof(device));

    /// <summary>Delivery order and monitor block.</summary>
    public GpuSimulationOptions Options { get; } = options ?? new GpuSimulationOptions();

    /// <summary>The device's description, with ", atomic delivery" when delivery is not the CPU's order (metrics.json's "device").</summary>
    public override string Description => Options.Delivery == DeliveryOrder.Atomic ? $"{Device.Description}, atomic delivery" : Device.Description;

    /// <summary>Why the device backend cannot run a built engine's network (one sentence), or null when it can.</summary>
    /// <param name="engine">The engine.</param>
    /// <returns>The reason, or null.</returns>
    public static string? Unsupported(SpikingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (engine.HasGradedProjections)
            return $"The network has graded projections ({string.Join(", ", engine.Spec.GradedProjections.Select(g => g.DisplayName))}), which --device gpu does not step; use --device cpu.";
        if (engine.Spec.Changes.Count > 0)
            return $"The network has {engine.Spec.Changes.Count} timed parameter change{(engine.Spec.Changes.Count == 1 ? "" : "s")} ($.changes, on {string.Join(", ", engine.Spec.Changes.Select(c => $"\"{c.Population}\"").Distinct())}), which --device gpu does not apply; use --device cpu.";
        foreach (var p in engine.Spec.Projections)
        {
            if (p.Release is not null || p.ShortTermPlasticity is { Sites: > 0 })
                return $"Projection \"{p.DisplayName}\" releases stochastically ({(p.Release is not null ? "release.probability" : "shortTermPlasticity.sites")}), which --device gpu does not draw; use --device cpu.";
        }
        if (engine.Currents.HasClamps)
            return $"The network has voltage clamps (on {string.Join(", ", engine.Spec.Inputs.OfType<VoltageClampSpec>().Select(c => $"\"{c.Target}\"").Distinct())}), whose current follows v each step, which --device gpu does not run; use --device cpu.";
        foreach (var g in engine.Groups)
        {
            if (g.Model is HodgkinHuxleyNeuronSpec { Morphology: { } morphology })
                return $"Population \"{g.Name}\" has a morphology of {morphology.Compartments.Count} compartments, which --device gpu does not step (its cable solve runs on the CPU); use --device cpu.";
            if (g.Model is HodgkinHuxleyNeuronSpec { TemperatureChangesMs.Count: > 0 } warmed)
                return $"Population \"{g.Name}\" has a temperature that changes in time ({warmed.TemperatureChangesMs.Count} change{(warmed.TemperatureChangesMs.Count == 1 ? "" : "s")}), which --device gpu does not step; use --device cpu.";
            if (g.Model is HodgkinHuxleyNeuronSpec { Concentrations.Count: > 0 } pooled)
                return $"Population \"{g.Name}\" has ion concentration pools ({string.Join(", ", pooled.Concentrations.Select(p => p.VariableName))}), which --device gpu does not step; use --device cpu.";
            if (g.Model is HodgkinHuxleyNeuronSpec exprCell && exprCell.Channels.Any(c => c.Gates.Any(x => new[] { x.Alpha, x.Beta, x.Tau, x.Inf }.Any(f => f?.Form == VoltageFunctionForm.Expression))))
                return $"Population \"{g.Name}\" has gate functions given as expressions (LEMS ComponentTypes), which --device gpu does not evaluate; use --device cpu.";
            if (DeviceGroup.ModelOf(g) == DeviceModel.HostSource && g is not (PoissonGroup or SpikeTimesGroup))
                return $"Population \"{g.Name}\" uses the {NeuroSharp.Spiking.NeuronModels.DescriptorOf(g.Model).Name} model, which --device gpu does not step yet; use --device cpu.";
            if (g is HodgkinHuxleyGroup hh && DeviceHh.Unsupported(hh) is { } feature) return feature;
            if (g.Model is ConductanceLifNeuronSpec { Ports.Count: > 0 } lifPorts)
                return $"Population \"{g.Name}\" is a conductanceLif population with {lifPorts.Ports.Count} synaptic ports ({string.Join(", ", lifPorts.Ports.Select(p => p.Name))}), which --device gpu does not step yet; use --device cpu.";
            if (g.Model is AdExNeuronSpec { SlopeMv: 0 })
                return $"Population \"{g.Name}\" is an adex population with slopeMv 0 (no exponential term, a spike above thresholdMv), which --device gpu does not step yet; use --device cpu.";
            if (g.Model is Izhikevich2007NeuronSpec { Ports.Count: > 0 } izhPorts)
                return $"Population \"{g.Name}\" is an izhikevich2007 population with {izhPorts.Ports.Count} synaptic ports ({string.Join(", ", izhPorts.Ports.Select(p => p.Name))}), which --device gpu does not step yet; use --device cpu.";
        }
        return null;
    }

    /// <summary>Builds an engine on a device, or on the CPU when <paramref name="device"/> is null.</summary>
    /// <param name="spec">The network.</param>
    /// <param name="options">Seeds and threads (null: defaults).</param>
    /// <param name="memory">The memory budget (null: default).</param>
    /// <param name="device">The device, or null for the CPU engine.</param>
    /// <param name="gpuOptions">Delivery order and monitor block (null: defaults).</param>
    /// <returns>The engine.</returns>
    /// <exception cref="InvalidInputException">The network is invalid, too large, or has what the device backend does not run.</exception>
    public static SpikingEngine CreateEngine(NetworkSpec spec, SimulationOptions? options, MemoryBudget? memory, GpuDevice? device, GpuSimulationOptions? gpuOptions = null)
    {
        options ??= new SimulationOptions();
        return new SpikingEngine(spec, device is null ? options : options with { Backend = new GpuBackend(device, gpuOptions) }, memory);
    }

    internal override ISpikingBackend? Attach(SpikingEngine engine)
    {
        if (Unsupported(engine) is { } reason)
        {
            if (FallBackToCpu) return null;
            throw new InvalidInputException(reason);
        }
        // Device memory, counted before anything is allocated: against the device's size, and in the engine's budget.
        long bytes = DeviceMemory.Estimate(engine, Options.BlockSteps);
        if (DeviceMemory.Refusal(bytes, Device) is { } tooLarge)
        {
            if (FallBackToCpu) return null;
            throw new InvalidInputException(tooLarge);
        }
        if (bytes > engine.Memory.LimitBytes && FallBackToCpu) return null;
        engine.Memory.Require("--device gpu (the network's copy in device memory)", bytes);
        var backend = new GpuSpikingBackend(engine, Device, Options, WeightTraffic, TraceTraffic, bytes);
        LastProfile = backend.Profile;
        return backend;
    }

    /// <summary>The weight copies between host and device of every engine this factory attached.</summary>
    public CopyTraffic WeightTraffic { get; } = new();

    /// <summary>The STDP trace copies (x_pre, x_post and y2 of one projection count as one) of every engine this factory attached.</summary>
    public CopyTraffic TraceTraffic { get; } = new();

    /// <summary>The phase times of the last engine this factory attached (filled when <see cref="GpuSimulationOptions.Profile"/> is on).</summary>
    public PhaseProfile? LastProfile { get; private set; }
}
