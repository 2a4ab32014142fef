using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// The device backend has no Hodgkin-Huxley kernel: --device gpu refuses a network with an hh population in one sentence, and
/// --device auto (FallBackToCpu) runs it on the CPU loop with the CPU's spikes (ILGPU's CPU accelerator).
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class HodgkinHuxleyDeviceTests
{
    private readonly GpuDevice _device;

    public HodgkinHuxleyDeviceTests(SimulatorFixture fixture) => _device = fixture.Device;

    private static NetworkSpec Network() => new()
    {
        DtMs = 0.1,
        Populations =
        [
            new PopulationSpec { Name = "in", Count = 20, Model = new PoissonSourceSpec { RateHz = 50 } },
            new PopulationSpec { Name = "hh", Count = 10, Model = HodgkinHuxleyNeuronSpec.TraubMiles with { RefractoryMs = 3 } },
        ],
        Projections = [new ProjectionSpec { Source = "in", Target = "hh", Receptor = Receptor.Excitatory, Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(30) }],
        Monitors = [new SpikeMonitorSpec { Target = "hh" }],
    };

    [Fact]
    public void DeviceGpu_HodgkinHuxleyPopulation_RefusedInOneSentence()
    {
        var e = Assert.Throws<InvalidInputException>(() => new SpikingEngine(Network(), new SimulationOptions { Backend = new GpuBackend(_device) }));
        Assert.Equal("Population \"hh\" uses the hh model, which --device gpu does not step yet; use --device cpu.", e.Message);
    }

    [Fact]
    public void DeviceAuto_HodgkinHuxleyPopulation_RunsOnTheCpuLoop_WithTheCpusSpikes()
    {
        var cpu = new SpikingEngine(Network(), new SimulationOptions { Seed = 5 });
        cpu.Run(1000);
        var auto = new SpikingEngine(Network(), new SimulationOptions { Seed = 5, Backend = new GpuBackend(_device) { FallBackToCpu = true } });
        Assert.False(auto.RunsOnDevice);
        auto.Run(1000);
        Assert.True(cpu.SpikeMonitors[0].Count > 10, "the driven neurons should fire");
        Assert.Equal(cpu.SpikeMonitors[0].Steps.ToArray(), auto.SpikeMonitors[0].Steps.ToArray());
        Assert.Equal(cpu.SpikeMonitors[0].Neurons.ToArray(), auto.SpikeMonitors[0].Neurons.ToArray());
    }
}
