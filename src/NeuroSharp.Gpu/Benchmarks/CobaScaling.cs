using System.Diagnostics;
using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Benchmarks;

/// <summary>One size of the COBA scaling benchmark.</summary>
/// <param name="Scale">Neurons as a multiple of the network file's.</param>
/// <param name="Neurons">Spiking neurons.</param>
/// <param name="Synapses">Synapses.</param>
/// <param name="SimulatedSeconds">Biological time simulated.</param>
/// <param name="CpuSimulatedSeconds">Biological time the CPU engine simulated (shorter than <paramref name="SimulatedSeconds"/> where it was shortened; null when not run).</param>
/// <param name="CpuWallPerSimulatedSecond">Wall seconds per simulated second of the CPU engine (null when not run at this size).</param>
/// <param name="DeviceWallPerSimulatedSecond">The same on the device.</param>
/// <param name="CpuSpikes">Spikes on the CPU (null when not run).</param>
/// <param name="DeviceSpikes">Spikes on the device.</param>
/// <param name="UpdateGBps">Achieved bandwidth of the neuron update kernels (bytes they must move / their time).</param>
/// <param name="DeliverGBps">Achieved bandwidth of the delivery kernels.</param>
/// <param name="UpdateFractionOfPeak">UpdateGBps / the card's peak, or null without a peak.</param>
/// <param name="DeliverFractionOfPeak">DeliverGBps / the card's peak, or null without a peak.</param>
/// <param name="BuildSeconds">Wall seconds to build the device engine's network on the host (connectivity, weights, state).</param>
public sealed record CobaScalingRow(int Scale, long Neurons, long Synapses, double SimulatedSeconds, double? CpuSimulatedSeconds, double? CpuWallPerSimulatedSecond,
    double DeviceWallPerSimulatedSecond, long? CpuSpikes, long DeviceSpikes, double UpdateGBps, double DeliverGBps,
    double? UpdateFractionOfPeak, double? DeliverFractionOfPeak, double BuildSeconds);

/// <summary>
/// The COBA benchmark (or COBAHH, examples/networks/cobahh.json) at multiples of its size (docs/gpu.md, "Benchmark"): neurons x scale, connection
/// probability / scale (each neuron keeps its in-degree, so synapses grow with the neurons, as Brian2GeNN and
/// GeNN scale it). Each size is built once for the device and runs there twice (timed, then reset and profiled per
/// phase for the bandwidth) and, where asked, on the CPU engine in the same process, possibly for fewer steps.
/// </summary>
public static class CobaScaling
{
    /// <summary>The network scaled: every population's count x <paramref name="scale"/>, every fixed probability / scale.</summary>
    /// <param name="spec">The network (COBA: examples/networks/coba.json).</param>
    /// <param name="scale">The multiple, at least 1.</param>
    /// <returns>The scaled network.</returns>
    public static NetworkSpec Scale(NetworkSpec spec, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        return spec with
        {
            Populations = [.. spec.Populations.Select(p => p with { Count = checked(p.Count * scale) })],
            Projections = [.. spec.Projections.Select(p => p.Connectivity is FixedProbabilityConnectivity f
                ? p with { Connectivity = f with { Probability = f.Probability / scale } } : p)],
            Monitors = [],
        };
    }

    /// <summary>Runs one size.</summary>
    /// <param name="spec">The network at scale 1.</param>
    /// <param name="scale">The multiple.</param>
    /// <param name="steps">Steps to simulate on the device.</param>
    /// <param name="device">The device.</param>
    /// <param name="cpuSteps">Steps the CPU engine simulates (at most <paramref name="steps"/>; fewer shortens it at large sizes), or 0 for none.</param>
    /// <param name="cpuThreads">The CPU engine's threads (0: all cores).</param>
    /// <param name="delivery">The device's delivery order.</param>
    /// <param name="peakGBps">The card's peak memory bandwidth in GB/s, or null.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The measurements.</returns>
    public static CobaScalingRow Run(NetworkSpec spec, int scale, int steps, GpuDevice device, int cpuSteps, int cpuThreads, DeliveryOrder delivery,
        double? peakGBps, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(cpuSteps);
        cpuSteps = Math.Min(cpuSteps, steps);
        var scaled = Scale(spec, scale);
        var options = new SimulationOptions { Seed = seed, Threads = cpuThreads };
        double simulated = steps * scaled.DtMs / 1000.0;
        double? cpuSimulated = null, cpuWall = null;
        long? cpuSpikes = null;
        if (cpuSteps > 0)
        {
            var cpu = new SpikingEngine(scaled, options);
            var r = cpu.Run(cpuSteps);
            cpuSimulated = cpuSteps * scaled.DtMs / 1000.0;
            cpuWall = r.Seconds / cpuSimulated;
            cpuSpikes = r.Spikes;
        }
        var backend = new GpuBackend(device, new GpuSimulationOptions { Delivery = delivery });
        var build = Stopwatch.StartNew();
        var engine = new SpikingEngine(scaled, options with { Backend = backend });
        double buildSeconds = build.Elapsed.TotalSeconds;
        var profile = backend.LastProfile!;
        engine.Run(Math.Min(steps, 10)); // compiles and warms the kernels
        engine.Reset();
        var clock = Stopwatch.StartNew();
        var run = engine.Run(steps);
        double deviceWall = clock.Elapsed.TotalSeconds / simulated;

        // The same network again from its initial state, now waiting for the device after each phase.
        engine.Reset();
        profile.On = true;
        var p = engine.Run(steps);
        profile.On = false;
        var (updateBytes, deliverBytes) = BytesMoved(engine, steps, p.SynapticEvents, delivery);
        double updateGBps = updateBytes / profile.UpdateSeconds / 1e9;
        double deliverGBps = deliverBytes / profile.DeliverSeconds / 1e9;
        return new CobaScalingRow(scale, engine.NeuronCount, engine.SynapseCount, simulated, cpuSimulated, cpuWall, deviceWall, cpuSpikes, run.Spikes,
            updateGBps, deliverGBps, updateGBps / peakGBps, deliverGBps / peakGBps, buildSeconds);
    }

    /// <summary>
    /// The bytes the update and delivery kernels must move at the least (the roofline's numerator): per
    /// conductance-LIF neuron and step, v, g_e, g_i, I and the last spike read (20 B) and v, g_e, g_i written
    /// (12 B); per Hodgkin-Huxley neuron (COBAHH) the same and each of its K gates read and written (32 + 8 K B:
    /// 56 B with Traub-Miles' m, h, n); ordered delivery reads each target's column start and channel and writes the
    /// channel (12 B) and each incoming synapse's index and source (8 B); atomic delivery reads each source's spike word
    /// share (4 B) and each event's target and weight and updates its channel (16 B).
    /// </summary>
    internal static (double Update, double Deliver) BytesMoved(SpikingEngine engine, int steps, long events, DeliveryOrder delivery)
    {
        double update = 0;
        foreach (var g in engine.Groups) update += (32.0 + (g is HodgkinHuxleyGroup hh ? 8.0 * hh.GateArrays.Length : 0)) * g.Count * steps;
        double deliver = 0;
        foreach (var p in engine.ProjectionList)
        {
            deliver += delivery == DeliveryOrder.Ordered
                ? (12.0 * p.Target.Count + 8.0 * p.SynapseCount + 4.0 * p.Source.Count) * steps
                : 4.0 * p.Source.Count * steps;
        }
        if (delivery == DeliveryOrder.Atomic) deliver += 16.0 * events;
        return (update, deliver);
    }
}
