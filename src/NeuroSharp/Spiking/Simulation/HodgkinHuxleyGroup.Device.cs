namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// What the GPU backend's Hodgkin-Huxley kernel reads of the group (docs/gpu.md, "Kernels and their equations"): the gate arrays it
/// mirrors, and the step's floats (computed once, in double, by <see cref="SetConstants"/>) so that it takes the same operations on
/// the same numbers.
/// </summary>
internal sealed partial class HodgkinHuxleyGroup
{
    /// <summary>Neurons per vectorised chunk: the CPU takes a chunk's exps with TensorPrimitives.Exp, one by one when it has under 4.</summary>
    internal const int ChunkNeurons = Chunk;

    /// <summary>The gate arrays in channel and gate order.</summary>
    internal float[][] GateArrays => _gates;

    /// <summary>The step's scalar constants.</summary>
    internal DeviceStep StepForDevice => new(_minusDtOverC, _passiveG, _passiveGE, _threshold, _de, _di, _ee, _ei, _refractorySteps);

    /// <summary>The gated channels (the passive ones are summed into the step's constants).</summary>
    internal DeviceChannel[] ChannelsForDevice() => [.. _channels.Select(c => new DeviceChannel(c.Conductance, c.Reversal, c.FirstGate, c.GateCount))];

    /// <summary>The gates in channel and gate order.</summary>
    internal DeviceGate[] GatesForDevice() => [.. _gateConstants.Select(g => new DeviceGate(g.Power, g.Kinetics, g.Alpha, g.Beta, g.Tau, g.Inf, g.DtFactor))];

    internal readonly record struct DeviceStep(float MinusDtOverC, float PassiveG, float PassiveGE, float Threshold, float De, float Di, float Ee, float Ei, int RefractorySteps);

    internal readonly record struct DeviceChannel(float Conductance, float Reversal, int FirstGate, int GateCount);

    internal readonly record struct DeviceGate(int Power, GateKinetics Kinetics, Fn Alpha, Fn Beta, Fn Tau, Fn Inf, float DtFactor);
}
