using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// The device backend (ILGPU's CPU accelerator) with Poisson inputs and Poisson source populations that start and stop mid-run and ramp
/// and sine currents: the CPU engine's values exactly; an adex population with slopeMv 0 is refused in one sentence.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class DeviceWindowedInputTests
{
    private readonly GpuDevice _device;

    public DeviceWindowedInputTests(SimulatorFixture fixture) => _device = fixture.Device;

    [Fact]
    public void WindowedPoissonAndRampAndSineCurrents_SameAsCpu()
    {
        var spec = new NetworkSpec
        {
            DtMs = 0.5,
            Populations = [new PopulationSpec { Name = "n", Count = 600, Model = new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -52, RefractoryMs = 2 } }],
            Inputs =
            [
                new PoissonInputSpec { Target = "n", SourceCount = 100, RateHz = 60, Weight = 2, StartMs = 5, StopMs = 20 },
                new PoissonInputSpec { Target = "n", SourceCount = 20, RateHz = 100, Weight = 1, Receptor = Receptor.Inhibitory, StartMs = 12 },
                new CurrentInputSpec { Target = "n", Waveform = CurrentWaveform.Ramp, Amplitude = 0, FinishAmplitude = 25, Baseline = 3, StartMs = 2, StopMs = 30 },
                new CurrentInputSpec { Target = "n", Indices = [1, 7, 300], Waveform = CurrentWaveform.Sine, Amplitude = 8, PeriodMs = 6, Phase = 1, StartMs = 4 },
            ],
            Monitors = [new SpikeMonitorSpec { Target = "n" }],
        };
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 3 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 3 }, null, _device, new GpuSimulationOptions { BlockSteps = 8 });
        foreach (var e in new[] { cpu, gpu })
        {
            e.Run(17);
            e.Run(60);
        }
        Assert.True(cpu.SpikeMonitors[0].Count > 50, $"the inputs should make the neurons fire (got {cpu.SpikeMonitors[0].Count})");
        Assert.Equal(cpu.SpikeMonitors[0].Count, gpu.SpikeMonitors[0].Count);
        Assert.Equal(cpu.GetVariable("n", "v"), gpu.GetVariable("n", "v"));
        Assert.Equal(cpu.GetVariable("n", "ge"), gpu.GetVariable("n", "ge"));
        Assert.Equal(cpu.GetVariable("n", "gi"), gpu.GetVariable("n", "gi"));
    }

    [Fact]
    public void WindowedPoissonSources_SameSpikesAsCpu_NoneOutsideTheWindow()
    {
        var spec = new NetworkSpec
        {
            DtMs = 0.5,
            Populations =
            [
                new PopulationSpec { Name = "src", Count = 300, Model = new PoissonSourceSpec { RateHz = 80, StartMs = 10, StopMs = 35 } },
                new PopulationSpec { Name = "n", Count = 50, Model = new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -60, RefractoryMs = 2 } },
            ],
            Projections = [new ProjectionSpec { Source = "src", Target = "n", Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(0.4) }],
            Monitors = [new SpikeMonitorSpec { Target = "src" }, new SpikeMonitorSpec { Target = "n" }],
        };
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 5 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 5 }, null, _device, new GpuSimulationOptions { BlockSteps = 8 });
        Assert.True(gpu.RunsOnDevice);
        foreach (var e in new[] { cpu, gpu })
        {
            e.Run(23);
            e.Run(77);
        }
        var steps = cpu.SpikeMonitors[0].Steps.ToArray();
        Assert.True(steps.Length > 100, $"the sources should spike in their window (got {steps.Length})");
        Assert.All(steps, k => Assert.InRange(k, 20, 69)); // 10 ms / 0.5 ms = step 20, 35 ms = step 70
        Assert.Equal(steps, gpu.SpikeMonitors[0].Steps.ToArray());
        Assert.Equal(cpu.SpikeMonitors[0].Neurons.ToArray(), gpu.SpikeMonitors[0].Neurons.ToArray());
        Assert.Equal(cpu.SpikeMonitors[1].Steps.ToArray(), gpu.SpikeMonitors[1].Steps.ToArray());
        Assert.Equal(cpu.GetVariable("n", "v"), gpu.GetVariable("n", "v"));
    }

    [Fact]
    public void AdExWithoutExponential_DeviceGpu_RefusedInOneSentence_AutoStaysOnTheCpu()
    {
        static NetworkSpec Network(double slope) => new()
        {
            Populations = [new PopulationSpec { Name = "eif", Count = 10, Model = AdExNeuronSpec.Tonic with { SlopeMv = slope } }],
            Inputs = [new CurrentInputSpec { Target = "eif", Amplitude = 500 }],
        };
        const string sentence = "Population \"eif\" is an adex population with slopeMv 0 (no exponential term, a spike above thresholdMv), which --device gpu does not step yet; use --device cpu.";
        var auto = new SpikingEngine(Network(0), new SimulationOptions { Seed = 1, Backend = new GpuBackend(_device) { FallBackToCpu = true } });
        Assert.False(auto.RunsOnDevice);
        Assert.Equal(sentence, GpuBackend.Unsupported(auto));
        var e = Assert.ThrowsAny<Exception>(() => new SpikingEngine(Network(0), new SimulationOptions { Seed = 1, Backend = new GpuBackend(_device) }));
        Assert.Contains(sentence, e.Message);
        Assert.True(new SpikingEngine(Network(2), new SimulationOptions { Seed = 1, Backend = new GpuBackend(_device) }).RunsOnDevice);
    }
}
