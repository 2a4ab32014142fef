using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// Graded projections (docs/spiking-graded.md) have no device kernel: --device gpu refuses the network with one sentence
/// naming them, and the automatic device (FallBackToCpu) runs it on the CPU, bit for bit as the CPU engine.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class GradedDeviceTests
{
    private readonly GpuDevice _device;

    public GradedDeviceTests(SimulatorFixture fixture) => _device = fixture.Device;

    private static NetworkSpec Network() => new()
    {
        Populations =
        [
            new PopulationSpec { Name = "a", Count = 20, Model = new LifNeuronSpec(), Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-60, -50) } },
            new PopulationSpec { Name = "b", Count = 20, Model = new LifNeuronSpec() },
        ],
        GradedProjections =
        [
            new GradedProjectionSpec
            {
                Name = "ab", Source = "a", Target = "b", Connectivity = new OneToOneConnectivity(), Kind = GradedSynapseKind.Sigmoid,
                Conductance = 3, ErevMv = 0, VthMv = -49, DeltaMv = 2, KPerMs = 0.5,
            },
        ],
        Inputs = [new CurrentInputSpec { Target = "a", Amplitude = 15 }],
        Monitors = [new SpikeMonitorSpec { Target = "b" }],
    };

    [Fact]
    public void DeviceGpu_GradedProjections_RefusedInOneSentence_AutoRunsOnCpu()
    {
        var e = Assert.Throws<InvalidInputException>(() => GpuBackend.CreateEngine(Network(), new SimulationOptions { Seed = 2 }, null, _device));
        Assert.Equal("The network has graded projections (ab), which --device gpu does not step; use --device cpu.", e.Message);

        var auto = new SpikingEngine(Network(), new SimulationOptions { Seed = 2, Backend = new GpuBackend(_device) { FallBackToCpu = true } });
        Assert.False(auto.RunsOnDevice);
        auto.Run(2000);
        var cpu = new SpikingEngine(Network(), new SimulationOptions { Seed = 2 });
        cpu.Run(2000);
        Assert.True(cpu.SpikeMonitors[0].Steps.Length > 10, $"b should fire through the graded synapses (got {cpu.SpikeMonitors[0].Steps.Length} spikes)");
        Assert.Equal(cpu.SpikeMonitors[0].Steps.ToArray(), auto.SpikeMonitors[0].Steps.ToArray());
        Assert.Equal(cpu.SpikeMonitors[0].Neurons.ToArray(), auto.SpikeMonitors[0].Neurons.ToArray());
    }
}
