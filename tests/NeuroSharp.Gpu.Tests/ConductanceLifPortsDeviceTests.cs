using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// conductanceLif and izhikevich2007 populations with synaptic ports (docs/spiking-lif.md and docs/spiking-izhikevich.md, "Synaptic
/// ports") are not stepped by the device's kernels: --device gpu refuses them in one sentence naming the population and its ports,
/// and --device auto keeps the network on the CPU.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class ConductanceLifPortsDeviceTests(SimulatorFixture fixture)
{
    private readonly GpuDevice _device = fixture.Device;

    private static readonly SynapticPortSpec[] Ports = [new("ampa", 5, 0), new("nmda", 50, 0) { RiseMs = 2, Block = MagnesiumBlockSpec.JahrStevens }];

    private static NeuronModelSpec Plain(string model) => model == "conductanceLif" ? ConductanceLifNeuronSpec.Coba : Izhikevich2007NeuronSpec.RegularSpiking;

    private static NeuronModelSpec WithPortsModel(string model) =>
        model == "conductanceLif" ? ConductanceLifNeuronSpec.Coba with { Ports = Ports } : Izhikevich2007NeuronSpec.RegularSpiking with { Ports = Ports };

    private static NetworkSpec Network(NeuronModelSpec cells, int port) => new()
    {
        Populations =
        [
            new PopulationSpec { Name = "src", Count = 4, Model = new PoissonSourceSpec { RateHz = 50 } },
            new PopulationSpec { Name = "cells", Count = 20, Model = cells },
        ],
        Projections = [new ProjectionSpec { Source = "src", Target = "cells", Port = port, Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(0.5) }],
    };

    [Theory]
    [InlineData("conductanceLif", "a conductanceLif")]
    [InlineData("izhikevich2007", "an izhikevich2007")]
    public void Ports_DeviceGpu_RefusedInOneSentence_AutoStaysOnTheCpu(string model, string named)
    {
        string sentence = $"Population \"cells\" is {named} population with 2 synaptic ports (ampa, nmda), which --device gpu does not step yet; use --device cpu.";
        var auto = new SpikingEngine(Network(WithPortsModel(model), 2), new SimulationOptions { Seed = 2, Backend = new GpuBackend(_device) { FallBackToCpu = true } });
        Assert.False(auto.RunsOnDevice);
        Assert.Equal(sentence, GpuBackend.Unsupported(auto));
        var e = Assert.ThrowsAny<Exception>(() => new SpikingEngine(Network(WithPortsModel(model), 2), new SimulationOptions { Seed = 2, Backend = new GpuBackend(_device) }));
        Assert.Contains(sentence, e.Message);
        // Without ports the same network runs on the device.
        Assert.True(new SpikingEngine(Network(Plain(model), 0), new SimulationOptions { Seed = 2, Backend = new GpuBackend(_device) }).RunsOnDevice);
    }
}
