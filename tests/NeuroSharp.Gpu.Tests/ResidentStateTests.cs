using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// The populations' state (v, g_e, g_i, I, last spike, theta) stays on the device between runs and is copied only when the host
/// reads or writes it (docs/gpu.md, "Which copy of the populations' state is current"): the CPU engine's state and spikes at
/// every read, across reads, writes, frozen runs, ResetDynamics and Reset between runs, with the copies counted exactly.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class ResidentStateTests
{
    // "out": 20 current-based LIF neurons with an adaptive threshold. Its transient state: v, g_e, g_i, I (floats) and the
    // last spike (int), 20 B a neuron; its learned state: theta as float and as double, 12 B a neuron.
    private const long Dynamics = 20 * 20, Learned = 20 * 12;

    private readonly GpuDevice _device;

    public ResidentStateTests(SimulatorFixture fixture) => _device = fixture.Device;

    [Fact]
    public void Engine_ReadsWritesResetsBetweenRuns_SameStateAsCpuAndOnlyNeededCopies()
    {
        var spec = GpuNetworks.Plastic(StdpBounds.SoftBounded, 0.005);
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 5 });
        var gpu = new SpikingEngine(spec, new SimulationOptions { Seed = 5, Backend = new GpuBackend(_device) });
        using var tally = HostCopy.StartTally();
        long up = 0, down = 0;

        void Both(Action<SpikingEngine> act)
        {
            act(cpu);
            act(gpu);
        }

        // A run of both engines; the device's uploads at its start: the parts the host wrote since the last copy, each array
        // as the CPU engine holds it now (its values all equal: one fill, nothing copied).
        void Run(int steps, bool dynamics, bool learned)
        {
            long expected = Sent(cpu, dynamics, learned);
            Both(e => e.Run(steps));
            long now = tally.Bytes(toDevice: true, "DeviceGroup.");
            Assert.Equal(expected, now - up);
            up = now;
        }

        // The state copied down since the last check (at a host read or partial write).
        void Down(long expected)
        {
            long now = tally.Bytes(toDevice: false, "DeviceGroup.Pull");
            Assert.Equal(expected, now - down);
            down = now;
        }

        void SameState()
        {
            foreach (string variable in new[] { "v", "ge", "gi", "theta" }) Assert.Equal(cpu.GetVariable("out", variable), gpu.GetVariable("out", variable));
            Assert.Equal(cpu.GetThetaExact("out"), gpu.GetThetaExact("out"));
            Assert.Equal(cpu.SpikeMonitors[0].Steps.ToArray(), gpu.SpikeMonitors[0].Steps.ToArray());
            Assert.Equal(cpu.SpikeMonitors[0].Neurons.ToArray(), gpu.SpikeMonitors[0].Neurons.ToArray());
        }

        Assert.Equal(0, Sent(cpu, dynamics: true, learned: true)); // the built state: v at rest, the rest 0 or "never": fills alone
        Run(100, dynamics: true, learned: true);
        Run(60, dynamics: false, learned: false); // nothing between two runs the host does not touch
        Down(0);
        SameState();
        Down(Dynamics + Learned); // the first read brings both parts down once
        SameState();
        Down(0);

        var v = gpu.GetVariable("out", "v");
        for (int i = 0; i < v.Length; i++) v[i] -= i % 3;
        Run(50, dynamics: false, learned: false);
        Both(e => e.SetVariable("out", "v", v)); // a partial write: the rest of the transient state comes down first, theta stays
        Down(Dynamics);
        Assert.True(Sent(cpu, dynamics: true, learned: false) >= 20 * 4, "v differs from neuron to neuron: it is copied");
        Run(60, dynamics: true, learned: false); // theta was not written: it stays on the device
        SameState();
        Down(Dynamics + Learned);

        Run(40, dynamics: false, learned: false);
        Both(e => e.ResetDynamics(9)); // rewrites the transient state on the host, keeps theta on the device
        Down(0);
        Run(80, dynamics: true, learned: false);
        Both(e => e.LearningEnabled = false);
        Run(40, dynamics: false, learned: false);
        SameState();
        Down(Dynamics + Learned);
        Run(40, dynamics: false, learned: false); // frozen: theta does not move, so only the transient state is newer on the device
        Assert.Equal(cpu.GetThetaExact("out"), gpu.GetThetaExact("out"));
        Down(0);
        Assert.Equal(cpu.GetVariable("out", "ge"), gpu.GetVariable("out", "ge"));
        Down(Dynamics);

        var current = Enumerable.Range(0, 20).Select(i => 0.5f * (i % 4)).ToArray();
        Both(e => e.SetCurrents("out", current));
        Both(e => e.LearningEnabled = true);
        Run(60, dynamics: true, learned: false);
        var theta = gpu.GetThetaExact("out"); // a read of theta alone brings theta alone down
        Assert.Equal(cpu.GetThetaExact("out"), theta);
        Down(Learned);
        for (int i = 0; i < theta.Length; i++) theta[i] += 0.25 * (i % 2);
        Both(e => e.SetThetaExact("out", theta)); // theta written whole: nothing comes down, the transient state stays on the device
        Down(0);
        Run(60, dynamics: false, learned: true);
        SameState();
        Down(Dynamics + Learned);

        Both(e => e.Reset());
        Run(100, dynamics: true, learned: true);
        SameState();
        Assert.Equal(cpu.GetProjection("in->out").Weights, gpu.GetProjection("in->out").Weights);
        Assert.True(cpu.SpikeMonitors[0].Count >= 20, $"the output should fire (got {cpu.SpikeMonitors[0].Count} spikes)");
    }

    /// <summary>The bytes an upload of "out"'s state sends, from the CPU engine's copy: each array whose values are not all the same bits.</summary>
    private static long Sent(SpikingEngine cpu, bool dynamics, bool learned)
    {
        var g = (LifGroupBase)cpu.Groups[1];
        long bytes = 0;
        if (dynamics)
        {
            foreach (var a in new[] { g.V, g.Ge, g.Gi, g.Current }) bytes += Varied<int>(MemoryMarshal.Cast<float, int>(a.AsSpan()));
            bytes += Varied<int>(g.LastSpike);
        }
        if (learned) bytes += Varied<int>(MemoryMarshal.Cast<float, int>(g.Theta.AsSpan())) + Varied<long>(MemoryMarshal.Cast<double, long>(g.ThetaExact.AsSpan()));
        return bytes;
    }

    private static long Varied<T>(ReadOnlySpan<T> a) where T : unmanaged, IEquatable<T> =>
        a.Length > 1 && a[1..].IndexOfAnyExcept(a[0]) >= 0 ? (long)a.Length * Unsafe.SizeOf<T>() : 0;

    [Fact]
    public void Engine_StateCopiedBackEveryRun_SameResultsAsResident()
    {
        var spec = GpuNetworks.Plastic(StdpBounds.Additive, 0);
        var resident = new SpikingEngine(spec, new SimulationOptions { Seed = 8, Backend = new GpuBackend(_device) });
        var copying = new SpikingEngine(spec, new SimulationOptions { Seed = 8, Backend = new GpuBackend(_device, new GpuSimulationOptions { KeepStateOnDevice = false }) });
        using var tally = HostCopy.StartTally();
        foreach (var e in new[] { resident, copying })
        {
            e.Run(70);
            e.Run(70);
            e.ResetDynamics(3);
            e.Run(70);
        }
        // The copying engine brings both parts down at the end of each of its three runs; the resident one, nothing.
        Assert.Equal(3 * (Dynamics + Learned), tally.Bytes(toDevice: false, "DeviceGroup.Pull"));
        Assert.Equal(resident.GetThetaExact("out"), copying.GetThetaExact("out"));
        Assert.Equal(resident.GetVariable("out", "v"), copying.GetVariable("out", "v"));
        Assert.Equal(resident.SpikeMonitors[0].Steps.ToArray(), copying.SpikeMonitors[0].Steps.ToArray());
    }
}
