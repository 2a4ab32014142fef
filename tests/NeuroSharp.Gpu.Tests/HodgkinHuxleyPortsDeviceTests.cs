using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// hh populations with synaptic ports (docs/spiking-hh.md, "Synaptic ports") are not stepped by the device's hh kernel: --device gpu
/// refuses them in one sentence naming the population and the setting, and --device auto keeps the network on the CPU.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class HodgkinHuxleyPortsDeviceTests(SimulatorFixture fixture)
{
    private readonly GpuDevice _device = fixture.Device;

    private static NetworkSpec WithPorts()
    {
        var spec = HodgkinHuxleyDeviceTests.Cobahh(80, 20);
        var model = HodgkinHuxleyNeuronSpec.TraubMiles with
        {
            RefractoryMs = 3, Ports = [new SynapticPortSpec("ampa", 5, 0), new SynapticPortSpec("gaba", 10, -80) { Block = MagnesiumBlockSpec.JahrStevens }],
        };
        return spec with
        {
            Populations = [.. spec.Populations.Select(p => p with { Model = model, Initial = null })],
            Projections = [.. spec.Projections.Select(p => p with { Port = p.Receptor == Receptor.Excitatory ? 1 : 2 })],
        };
    }

    [Fact]
    public void Ports_DeviceGpu_RefusedInOneSentence_AutoStaysOnTheCpu()
    {
        var model = (HodgkinHuxleyNeuronSpec)WithPorts().Populations[0].Model;
        Assert.Equal("Population \"cells\" uses the hh setting ports, which --device gpu does not step yet; use --device cpu.",
            DeviceHh.Unsupported(new HodgkinHuxleyGroup("cells", 0, 3, model, null, 0.1)));
        var auto = new SpikingEngine(WithPorts(), new SimulationOptions { Seed = 2, Backend = new GpuBackend(_device) { FallBackToCpu = true } });
        Assert.False(auto.RunsOnDevice);
        var e = Assert.ThrowsAny<Exception>(() => new SpikingEngine(WithPorts(), new SimulationOptions { Seed = 2, Backend = new GpuBackend(_device) }));
        Assert.Contains("uses the hh setting ports, which --device gpu does not step yet; use --device cpu.", e.Message);
    }
}
