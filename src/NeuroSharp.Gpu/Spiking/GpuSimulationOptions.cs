namespace NeuroSharp.Gpu.Spiking;

/// <summary>How spikes reach their targets on the device (docs/gpu.md, "Delivery").</summary>
public enum DeliveryOrder
{
    /// <summary>Post-span: one thread per target adds the arriving weights in source order: the CPU engine's sums, bit for bit.</summary>
    Ordered,

    /// <summary>Pre-span: one thread per spiking source adds its row with atomic adds (cheaper at low activity; the order of the adds varies).</summary>
    Atomic,
}

/// <summary>Options of the device backend.</summary>
public sealed record GpuSimulationOptions
{
    /// <summary>How non-plastic projections with one constant delay deliver (STDP projections always deliver ordered; per-synapse delays always atomic).</summary>
    public DeliveryOrder Delivery { get; init; } = DeliveryOrder.Ordered;

    /// <summary>Steps between copies of the spike history and state samples back to the host (the monitors are fed in blocks).</summary>
    public int BlockSteps { get; init; } = 64;

    /// <summary>
    /// Time each phase (the device waits after each: slower, for the benchmark's bandwidth figures only);
    /// the times are in <see cref="GpuBackend.LastProfile"/>.
    /// </summary>
    public bool Profile { get; init; }

    /// <summary>
    /// Keep learned weights and STDP traces on the device between runs (the default): after a learning run or a normalisation on
    /// request the device's copy is the current one, copied down only when the host reads it. False copies them back at the
    /// end of every learning run and the weights after every normalisation (the host's copy always current; more traffic, the
    /// same results).
    /// </summary>
    public bool KeepWeightsOnDevice { get; init; } = true;

    /// <summary>
    /// Keep the populations' state (v, u or w, g_e, g_i, I, rise states, refractoriness, theta) on the device between runs (the
    /// default): after a run the device's copy is the current one, copied down only when the host reads it or writes part of it
    /// (docs/gpu.md, "Which copy of the populations' state is current"). False copies it back at the end of every run (the same results).
    /// </summary>
    public bool KeepStateOnDevice { get; init; } = true;

    /// <summary>
    /// The Hodgkin-Huxley kernel's exp with plain multiply-adds, as a GPU compiles it, also on ILGPU's CPU accelerator (where it
    /// otherwise takes the CPU's fused ones, for TensorPrimitives.Exp's results bit for bit): for the tests of what a GPU changes.
    /// </summary>
    internal bool PlainExp { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="InvalidOptionException">BlockSteps is below 1.</exception>
    public void Validate() => OptionChecks.AtLeast(nameof(GpuSimulationOptions), nameof(BlockSteps), BlockSteps, 1);
}
