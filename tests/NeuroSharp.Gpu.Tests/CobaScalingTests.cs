using NeuroSharp.Gpu.Benchmarks;
using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>The benchmark harness, at a tiny size on ILGPU's CPU accelerator (it measures nothing there; it must run).</summary>
[Collection(SecondSimulatorCollection.Name)]
public sealed class CobaScalingTests
{
    private readonly GpuDevice _device;

    public CobaScalingTests(SimulatorFixture fixture) => _device = fixture.Device;

    [Fact]
    public void Scale_MultipliesNeuronsAndDividesProbability_KeepingTheInDegree()
    {
        var spec = DeviceEngineTests.ModelNetwork("conductanceLif");
        var scaled = CobaScaling.Scale(spec, 10);

        Assert.Equal([1600, 400], scaled.Populations.Select(p => p.Count));
        Assert.Equal(0.01, ((FixedProbabilityConnectivity)scaled.Projections[0].Connectivity).Probability, 12);
        Assert.Empty(scaled.Monitors);
    }

    [Fact]
    public void Run_TinyNetworkOnTheSimulator_ReportsBothEnginesAndBandwidth()
    {
        var spec = DeviceEngineTests.ModelNetwork("conductanceLif");

        var row = CobaScaling.Run(spec, 1, 40, _device, cpuSteps: 40, cpuThreads: 1, DeliveryOrder.Ordered, peakGBps: 100, seed: 1);

        Assert.Equal(200, row.Neurons);
        Assert.Equal(row.CpuSpikes, row.DeviceSpikes); // ordered delivery: the CPU's spikes
        Assert.Equal(row.SimulatedSeconds, row.CpuSimulatedSeconds);
        Assert.True(row.DeviceSpikes > 0);
        Assert.True(row.CpuWallPerSimulatedSecond > 0 && row.DeviceWallPerSimulatedSecond > 0);
        Assert.True(row.UpdateGBps > 0 && row.DeliverGBps > 0);
        Assert.Equal(row.UpdateGBps / 100, row.UpdateFractionOfPeak!.Value, 12);
    }

    [Fact]
    public void Run_ShortenedCpuRun_SimulatesFewerStepsAndSaysSo()
    {
        var spec = DeviceEngineTests.ModelNetwork("conductanceLif");
        var cpuAlone = new SpikingEngine(CobaScaling.Scale(spec, 1), new SimulationOptions { Seed = 1, Threads = 1 }).Run(10);

        var shortened = CobaScaling.Run(spec, 1, 40, _device, cpuSteps: 10, cpuThreads: 1, DeliveryOrder.Ordered, peakGBps: null, seed: 1);
        var none = CobaScaling.Run(spec, 1, 40, _device, cpuSteps: 0, cpuThreads: 1, DeliveryOrder.Ordered, peakGBps: null, seed: 1);

        Assert.Equal(10 * spec.DtMs / 1000, shortened.CpuSimulatedSeconds!.Value, 12);
        Assert.Equal(40 * spec.DtMs / 1000, shortened.SimulatedSeconds, 12);
        Assert.Equal(cpuAlone.Spikes, shortened.CpuSpikes); // the CPU's first 10 steps
        Assert.Equal(none.DeviceSpikes, shortened.DeviceSpikes); // the device's run does not depend on the CPU's
        Assert.Null(none.CpuSimulatedSeconds);
        Assert.Null(none.CpuWallPerSimulatedSecond);
        Assert.Null(shortened.UpdateFractionOfPeak);
    }

    [Fact]
    public void Run_Cobahh_OnTheSimulator_SameSpikesAsCpu_AndTheGatesInTheUpdateBytes()
    {
        // COBAHH (examples/networks/cobahh.json cut to 200 neurons with its in-degree) at 2x, ordered delivery: the CPU's spikes.
        var spec = HodgkinHuxleyDeviceTests.Cobahh(160, 40);
        var row = CobaScaling.Run(spec, 2, 30, _device, cpuSteps: 30, cpuThreads: 1, DeliveryOrder.Ordered, peakGBps: null, seed: 3);
        Assert.Equal(400, row.Neurons);
        Assert.True(row.DeviceSpikes > 0, "COBAHH's initial conductances should make it fire within 3 ms");
        Assert.Equal(row.CpuSpikes, row.DeviceSpikes);
        Assert.True(row.UpdateGBps > 0 && row.DeliverGBps > 0);
        // 32 B per neuron and step, and 8 B per gate (m, h, n read and written): 56 B.
        var engine = new SpikingEngine(CobaScaling.Scale(spec, 1), new SimulationOptions { Seed = 3 });
        Assert.Equal(56.0 * 200 * 10, CobaScaling.BytesMoved(engine, 10, 0, DeliveryOrder.Atomic).Update);
        var lif = new SpikingEngine(CobaScaling.Scale(DeviceEngineTests.ModelNetwork("conductanceLif"), 1), new SimulationOptions { Seed = 3 });
        Assert.Equal(32.0 * 200 * 10, CobaScaling.BytesMoved(lif, 10, 0, DeliveryOrder.Atomic).Update);
    }
}
