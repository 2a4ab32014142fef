using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// Voltage clamps, random-interval sources and a temperature that changes in time have no device kernel: --device gpu refuses each
/// network with one sentence, and the automatic device (FallBackToCpu) runs it on the CPU, bit for bit as the CPU engine.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class ClampTemperatureDeviceTests
{
    private readonly GpuDevice _device;

    public ClampTemperatureDeviceTests(SimulatorFixture fixture) => _device = fixture.Device;

    private static NetworkSpec Clamped() => new()
    {
        Populations = [new PopulationSpec { Name = "a", Count = 20, Model = new LifNeuronSpec() }],
        Inputs = [new CurrentInputSpec { Target = "a", Amplitude = 15 }, new VoltageClampSpec { Target = "a", Indices = [0, 1], Gain = 1, TargetMv = -40, StartMs = 20, StopMs = 60 }],
        Monitors = [new SpikeMonitorSpec { Target = "a" }],
    };

    private static NetworkSpec Intervals() => new()
    {
        Populations = [new PopulationSpec { Name = "s", Count = 20, Model = new RandomIntervalSourceSpec { MinIsiMs = 2, MaxIsiMs = 8 } }],
        Monitors = [new SpikeMonitorSpec { Target = "s" }],
    };

    private static NetworkSpec Warming() => new()
    {
        DtMs = 0.01,
        Populations = [new PopulationSpec { Name = "h", Count = 4, Model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with { TemperatureChangesMs = [5], TemperatureChangesCelsius = [20] } }],
        Inputs = [new CurrentInputSpec { Target = "h", Amplitude = 100 }],
        Monitors = [new SpikeMonitorSpec { Target = "h" }],
    };

    public static TheoryData<string, string> Refusals => new()
    {
        { "clamp", "The network has voltage clamps (on \"a\"), whose current follows v each step, which --device gpu does not run; use --device cpu." },
        { "intervals", "Population \"s\" uses the randomIntervals model, which --device gpu does not step yet; use --device cpu." },
        { "warming", "Population \"h\" has a temperature that changes in time (1 change), which --device gpu does not step; use --device cpu." },
    };

    private static NetworkSpec Network(string name) => name switch { "clamp" => Clamped(), "intervals" => Intervals(), _ => Warming() };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void DeviceGpu_RefusesInOneSentence_AutoRunsOnCpu_BitForBit(string name, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => GpuBackend.CreateEngine(Network(name), new SimulationOptions { Seed = 2 }, null, _device));
        Assert.Equal(expected, e.Message);

        var auto = new SpikingEngine(Network(name), new SimulationOptions { Seed = 2, Backend = new GpuBackend(_device) { FallBackToCpu = true } });
        Assert.False(auto.RunsOnDevice);
        auto.Run(1000);
        var cpu = new SpikingEngine(Network(name), new SimulationOptions { Seed = 2 });
        cpu.Run(1000);
        Assert.True(cpu.SpikeMonitors[0].Steps.Length > 3, $"{name}: {cpu.SpikeMonitors[0].Steps.Length} spikes");
        Assert.Equal(cpu.SpikeMonitors[0].Steps.ToArray(), auto.SpikeMonitors[0].Steps.ToArray());
        Assert.Equal(cpu.SpikeMonitors[0].Neurons.ToArray(), auto.SpikeMonitors[0].Neurons.ToArray());
    }
}
