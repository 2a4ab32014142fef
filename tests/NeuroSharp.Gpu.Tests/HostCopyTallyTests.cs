using Xunit.Abstractions;
using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Learning;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// The host-device copies a run makes, counted by call site (<see cref="HostCopy.StartTally"/>; docs/gpu.md, "Copies per
/// image"): populations no spike monitor watches send back only their spike count per step, and an STDP-MNIST image copies
/// neither weights nor traces.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class HostCopyTallyTests
{
    private readonly GpuDevice _device;
    private readonly ITestOutputHelper _output;

    public HostCopyTallyTests(SimulatorFixture fixture, ITestOutputHelper output)
    {
        _device = fixture.Device;
        _output = output;
    }

    [Fact]
    public void BlockMonitors_PopulationWithoutSpikeMonitor_OnlyStepCountsComeBack_SameCountsAsCpu()
    {
        // exc (160 neurons, 5 words a step) has a spike monitor; inh (200 neurons, 7 words, driven harder) only a rate monitor.
        var model = new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -52, RefractoryMs = 2 };
        var spec = GpuNetworks.EiNetwork(model, model, 160, 200);
        spec = spec with
        {
            Inputs = [.. spec.Inputs, new PoissonInputSpec { Target = "inh", SourceCount = 100, RateHz = 50, Weight = 1 }],
            Monitors = [new SpikeMonitorSpec { Target = "exc" }, new RateMonitorSpec { Target = "inh", BinMs = 1 }],
        };
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 3 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 3 }, null, _device, new GpuSimulationOptions { BlockSteps = 32 });
        cpu.Run(300);
        using (var tally = HostCopy.StartTally())
        {
            gpu.Run(300);
            // The exc history of 300 steps, then each population's last step (LastStepSpikes); of inh, 2 counts a step (one per population).
            Assert.Equal(300 * 5 * 4 + (5 + 7) * 4, tally.Bytes(toDevice: false, "DeviceGroup.DownloadHistory"));
            Assert.Equal(300 * 2 * 4, tally.Bytes(toDevice: false, "BlockMonitors.Flush"));
            Assert.Equal(10, tally.Copies(toDevice: false, "BlockMonitors.Flush")); // one per block of 32 steps (the last one 12)
        }

        Assert.True(cpu.SpikeCountOf("inh") > 100, $"inh should fire (got {cpu.SpikeCountOf("inh")} spikes)");
        Assert.Equal(cpu.SpikeCountOf("inh"), gpu.SpikeCountOf("inh"));
        Assert.Equal(cpu.SpikeCountOf("exc"), gpu.SpikeCountOf("exc"));
        Assert.Equal(cpu.RateMonitors[0].Counts.ToArray(), gpu.RateMonitors[0].Counts.ToArray());
        Assert.Equal(cpu.SpikeMonitors[0].Neurons.ToArray(), gpu.SpikeMonitors[0].Neurons.ToArray());
        Assert.Equal(cpu.LastStepSpikes("inh").ToArray(), gpu.LastStepSpikes("inh").ToArray());
    }

    [Fact]
    public void StdpMnistTrainer_CopiesPerImage_OnlyCountsAndResetStateMove_SameAsCpu()
    {
        var options = new StdpMnistOptions
        {
            Network = new DiehlCookNetworkSpec { InputCount = 40, ExcitatoryCount = 4, InputWeightSum = 20 }, PresentationMs = 60, RestMs = 10, MaxRateIncreases = 3,
        };
        var data = GpuNetworks.Patterns();
        var cpu = new StdpMnistTrainer(options, 6);
        var trainer = new StdpMnistTrainer(options, 6, new GpuBackend(_device));
        Assert.Equal(cpu.Train(data, 1).Spikes, trainer.Train(data, 1).Spikes); // the built weights and state go up at the first run
        StdpTrainingResult result;
        using (var tally = HostCopy.StartTally())
        {
            result = trainer.Train(data, 3);
            foreach (var (site, toDevice, copies, bytes) in tally.Sites)
                _output.WriteLine($"{site,-40} {(toDevice ? "up  " : "down")} {copies / 3.0,8:F1} copies {bytes / 3.0,10:F0} B per image");
            // Per learning run (presentation and rest, per raise too) each projection's event count comes down (8 B), and nothing else of them.
            long runs = 2 * (3 + result.RateIncreases), presentations = runs / 2;
            Assert.Equal(3 * runs * 8, tally.Bytes(toDevice: false, "DeviceProjection."));
            Assert.Equal(0, tally.Copies(toDevice: true, "DeviceProjection."));
            // No population has a spike monitor: of each only its count per step comes back (3 a step), and at a run's end its last
            // step (inputs 2 words, exc and inh 1 each: LastStepSpikes); of exc, its 4 spike counts per neuron after each presentation.
            long steps = presentations * (options.PresentationSteps + options.RestSteps);
            Assert.Equal(steps * 3 * 4, tally.Bytes(toDevice: false, "BlockMonitors.Flush"));
            Assert.Equal(runs * 4 * 4, tally.Bytes(toDevice: false, "DeviceGroup.DownloadHistory"));
            Assert.Equal(presentations * 4 * 4, tally.Bytes(toDevice: false, "DeviceSpikeCounts."));
            // The populations' state stays on the device: nothing comes down; theta never goes up, and the transient state of exc
            // and inh goes up once per image, after the host's ResetDynamics rewrote it, as fills: v at rest, g_e, g_i and I at 0
            // and no last spike, each the same value for every neuron (20 B a neuron if it were copied).
            Assert.Equal(0, tally.Bytes(toDevice: false, "DeviceGroup.Pull"));
            Assert.Equal(0, tally.Bytes(toDevice: true, "DeviceGroup."));
        }
        var expected = cpu.Train(data, 3);
        Assert.Equal((expected.Spikes, expected.RateIncreases), (result.Spikes, result.RateIncreases));
        Assert.Equal(cpu.InputWeights(), trainer.InputWeights());
        Assert.Equal(cpu.ThetaExact(), trainer.ThetaExact());
        var (cpuResponses, gpuResponses) = (cpu.Respond(data), trainer.Respond(data));
        Assert.Equal(cpuResponses.Counts, gpuResponses.Counts);
        Assert.Equal(cpuResponses.RateIncreases, gpuResponses.RateIncreases);
        Assert.True(result.Spikes > 0 && cpuResponses.Counts.Sum() > 0, "the excitatory neurons should fire");
    }
}
