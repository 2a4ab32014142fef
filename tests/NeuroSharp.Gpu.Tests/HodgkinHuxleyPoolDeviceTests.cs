using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>The device backend does not step ion concentration pools: --device gpu refuses an hh population with one in one sentence.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class HodgkinHuxleyPoolDeviceTests
{
    private readonly GpuDevice _device;

    public HodgkinHuxleyPoolDeviceTests(SimulatorFixture fixture) => _device = fixture.Device;

    [Fact]
    public void DeviceGpu_PopulationWithACalciumPool_RefusedInOneSentence()
    {
        var model = HodgkinHuxleyNeuronSpec.TraubMiles with
        {
            Channels = [.. HodgkinHuxleyNeuronSpec.TraubMiles.Channels, IonChannelSpec.Passive("ca", 1, 120) with { Ion = "ca" }],
            Concentrations = [new ConcentrationPoolSpec()],
        };
        var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "hh", Count = 10, Model = model }] };
        var e = Assert.Throws<InvalidInputException>(() => new SpikingEngine(spec, new SimulationOptions { Backend = new GpuBackend(_device) }));
        Assert.Equal("Population \"hh\" has ion concentration pools (caConc), which --device gpu does not step; use --device cpu.", e.Message);
    }
}
