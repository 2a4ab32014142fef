using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// An equations population (docs/spiking-equations.md) has no device kernel: --device gpu refuses the network with one
/// sentence naming the population and the model, and the automatic device (FallBackToCpu) runs it on the CPU with the
/// CPU's spikes.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class EquationsDeviceTests
{
    private readonly GpuDevice _device;

    public EquationsDeviceTests(SimulatorFixture fixture) => _device = fixture.Device;

    private static NetworkSpec Network() => new()
    {
        Populations = [new PopulationSpec { Name = "eq", Count = 50, Model = new EquationsNeuronSpec { RefractoryMs = 2 }, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-65, -50) } }],
        Inputs = [new CurrentInputSpec { Target = "eq", Amplitude = 20 }],
        Monitors = [new SpikeMonitorSpec { Target = "eq" }],
    };

    [Fact]
    public void DeviceGpu_EquationsPopulation_RefusedWithASentence_AutoRunsOnCpu()
    {
        var e = Assert.Throws<InvalidInputException>(() => GpuBackend.CreateEngine(Network(), new SimulationOptions { Seed = 2 }, null, _device));
        Assert.Equal("Population \"eq\" uses the equations model, which --device gpu does not step yet; use --device cpu.", e.Message);

        var auto = new SpikingEngine(Network(), new SimulationOptions { Seed = 2, Backend = new GpuBackend(_device) { FallBackToCpu = true } });
        Assert.False(auto.RunsOnDevice);
        auto.Run(300);
        var cpu = new SpikingEngine(Network(), new SimulationOptions { Seed = 2 });
        cpu.Run(300);
        Assert.True(cpu.SpikeMonitors[0].Steps.Length > 50);
        Assert.Equal(cpu.SpikeMonitors[0].Steps.ToArray(), auto.SpikeMonitors[0].Steps.ToArray());
        Assert.Equal(cpu.SpikeMonitors[0].Neurons.ToArray(), auto.SpikeMonitors[0].Neurons.ToArray());
    }
}
