using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// conductanceLif populations with synaptic ports (docs/spiking-lif.md, "Synaptic ports") are not stepped by the device's LIF kernel:
/// --device gpu refuses them in one sentence naming the population and its ports, and --device auto keeps the network on the CPU.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class ConductanceLifPortsDeviceTests(SimulatorFixture fixture)
{
    private readonly GpuDevice _device = fixture.Device;

    private static NetworkSpec WithPorts() => new()
    {
        Populations =
        [
            new PopulationSpec { Name = "src", Count = 4, Model = new PoissonSourceSpec { RateHz = 50 } },
            new PopulationSpec
            {
                Name = "cells", Count = 20,
                Model = ConductanceLifNeuronSpec.Coba with { Ports = [new SynapticPortSpec("ampa", 5, 0), new SynapticPortSpec("nmda", 50, 0) { RiseMs = 2, Block = MagnesiumBlockSpec.JahrStevens }] },
            },
        ],
        Projections = [new ProjectionSpec { Source = "src", Target = "cells", Port = 2, Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(0.5) }],
    };

    [Fact]
    public void Ports_DeviceGpu_RefusedInOneSentence_AutoStaysOnTheCpu()
    {
        const string sentence = "Population \"cells\" is a conductanceLif population with 2 synaptic ports (ampa, nmda), which --device gpu does not step yet; use --device cpu.";
        var auto = new SpikingEngine(WithPorts(), new SimulationOptions { Seed = 2, Backend = new GpuBackend(_device) { FallBackToCpu = true } });
        Assert.False(auto.RunsOnDevice);
        Assert.Equal(sentence, GpuBackend.Unsupported(auto));
        var e = Assert.ThrowsAny<Exception>(() => new SpikingEngine(WithPorts(), new SimulationOptions { Seed = 2, Backend = new GpuBackend(_device) }));
        Assert.Contains(sentence, e.Message);
        // Without ports the same network runs on the device.
        var plain = WithPorts() with
        {
            Populations = [WithPorts().Populations[0], WithPorts().Populations[1] with { Model = ConductanceLifNeuronSpec.Coba }],
            Projections = [WithPorts().Projections[0] with { Port = 0 }],
        };
        Assert.True(new SpikingEngine(plain, new SimulationOptions { Seed = 2, Backend = new GpuBackend(_device) }).RunsOnDevice);
    }
}
