using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Gpu.Tests;

/// <summary>The device backend (ILGPU's CPU accelerator) with Poisson inputs that start and stop mid-run and ramp and sine currents: the CPU engine's values exactly.</summary>
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
}
