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

        // The state copied since the last check: up at a run's start, down at a host read or partial write.
        void Copied(long expectedUp, long expectedDown)
        {
            long nowUp = tally.Bytes(toDevice: true, "DeviceGroup."), nowDown = tally.Bytes(toDevice: false, "DeviceGroup.Pull");
            Assert.Equal((expectedUp, expectedDown), (nowUp - up, nowDown - down));
            (up, down) = (nowUp, nowDown);
        }

        void SameState()
        {
            foreach (string variable in new[] { "v", "ge", "gi", "theta" }) Assert.Equal(cpu.GetVariable("out", variable), gpu.GetVariable("out", variable));
            Assert.Equal(cpu.GetThetaExact("out"), gpu.GetThetaExact("out"));
            Assert.Equal(cpu.SpikeMonitors[0].Steps.ToArray(), gpu.SpikeMonitors[0].Steps.ToArray());
            Assert.Equal(cpu.SpikeMonitors[0].Neurons.ToArray(), gpu.SpikeMonitors[0].Neurons.ToArray());
        }

        Both(e => e.Run(100));
        Copied(Dynamics + Learned, 0); // the built state goes up once
        Both(e => e.Run(60));
        Copied(0, 0); // nothing between two runs the host does not touch
        SameState();
        Copied(0, Dynamics + Learned); // the first read brings both parts down once
        SameState();
        Copied(0, 0);

        var v = gpu.GetVariable("out", "v");
        for (int i = 0; i < v.Length; i++) v[i] -= i % 3;
        Both(e => e.Run(50));
        Both(e => e.SetVariable("out", "v", v)); // a partial write: the rest of the state comes down first
        Copied(0, Dynamics + Learned);
        Both(e => e.Run(60));
        Copied(Dynamics, 0); // theta was not written: it stays on the device
        SameState();
        Copied(0, Dynamics + Learned);

        Both(e => e.Run(40));
        Both(e => e.ResetDynamics(9)); // rewrites the transient state on the host, keeps theta on the device
        Copied(0, 0);
        Both(e => e.Run(80));
        Copied(Dynamics, 0);
        Both(e => e.LearningEnabled = false);
        Both(e => e.Run(40));
        SameState();
        Copied(0, Dynamics + Learned);
        Both(e => e.Run(40)); // frozen: theta does not move, so only the transient state is newer on the device
        Assert.Equal(cpu.GetThetaExact("out"), gpu.GetThetaExact("out"));
        Copied(0, Dynamics);

        var current = Enumerable.Range(0, 20).Select(i => 0.5f * (i % 4)).ToArray();
        Both(e => e.SetCurrents("out", current));
        Both(e => e.LearningEnabled = true);
        Both(e => e.Run(60));
        Copied(Dynamics, 0);
        var theta = gpu.GetThetaExact("out");
        for (int i = 0; i < theta.Length; i++) theta[i] += 0.25 * (i % 2);
        Both(e => e.SetThetaExact("out", theta));
        Both(e => e.Run(60));
        Copied(Dynamics + Learned, Dynamics + Learned);
        SameState();

        Both(e => e.Reset());
        Both(e => e.Run(100));
        SameState();
        Assert.Equal(cpu.GetProjection("in->out").Weights, gpu.GetProjection("in->out").Weights);
        Assert.True(cpu.SpikeMonitors[0].Count >= 20, $"the output should fire (got {cpu.SpikeMonitors[0].Count} spikes)");
    }

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
