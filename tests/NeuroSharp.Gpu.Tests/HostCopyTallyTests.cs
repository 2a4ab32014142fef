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
    public async Task Tally_CountsTheCopiesOfItsOwnFlowAndTheTasksItStarts_NotThoseOfAnotherFlow()
    {
        // The tallied classes run beside the other collection's tests, which copy too: a tally must not count their copies
        // (another flow, here a task started without this one's context), and must count a task of its own test.
        using var buffer = _device.Accelerator.Allocate1D<int>(16);
        var host = new int[16];
        Task other;
        using (var tally = HostCopy.StartTally())
        {
            buffer.View.CopyFromHost(host);
            await Task.Run(() => buffer.View.CopyToHost(host));
            using (ExecutionContext.SuppressFlow())
                other = Task.Run(() =>
                {
                    buffer.View.CopyFromHost(host);
                    buffer.View.CopyFromHost(host);
                    using var its = HostCopy.StartTally(); // another flow may open a tally of its own meanwhile
                    buffer.View.CopyToHost(host);
                    Assert.Equal(1, its.Copies(toDevice: false));
                });
            await other;
            Assert.Equal((1, 16 * sizeof(int)), (tally.Copies(toDevice: true), tally.Bytes(toDevice: true)));
            Assert.Equal((1, 16 * sizeof(int)), (tally.Copies(toDevice: false), tally.Bytes(toDevice: false)));
            Assert.Throws<InvalidOperationException>(() => HostCopy.StartTally()); // one at a time in a flow
        }
        using (var after = HostCopy.StartTally()) // the disposed one is closed
        {
            buffer.View.CopyToHost(host);
            Assert.Equal(1, after.Copies(toDevice: false));
        }
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
            // The exc history of 300 steps, then each population's last step (LastStepSpikes); of inh, its spike sums over the
            // run's 30 segments of 1 ms (its rate monitor's bins), 8 B each, in one copy at the run's end.
            Assert.Equal(300 * 5 * 4 + (5 + 7) * 4, tally.Bytes(toDevice: false, "DeviceGroup.DownloadHistory"));
            Assert.Equal(0, tally.Copies(toDevice: false, "BlockMonitors.Flush"));
            Assert.Equal(1, tally.Copies(toDevice: false, "BlockMonitors.CloseWindow"));
            Assert.Equal(30 * 8, tally.Bytes(toDevice: false, "BlockMonitors.CloseWindow"));
        }

        Assert.True(cpu.SpikeCountOf("inh") > 100, $"inh should fire (got {cpu.SpikeCountOf("inh")} spikes)");
        Assert.Equal(cpu.SpikeCountOf("inh"), gpu.SpikeCountOf("inh"));
        Assert.Equal(cpu.SpikeCountOf("exc"), gpu.SpikeCountOf("exc"));
        Assert.Equal(cpu.RateMonitors[0].Counts.ToArray(), gpu.RateMonitors[0].Counts.ToArray());
        Assert.Equal(cpu.SpikeMonitors[0].Neurons.ToArray(), gpu.SpikeMonitors[0].Neurons.ToArray());
        Assert.Equal(cpu.LastStepSpikes("inh").ToArray(), gpu.LastStepSpikes("inh").ToArray());
    }

    [Fact]
    public void BlockMonitors_SpikeSumsPerSegment_AcrossCutRunsAndPerBlockWhenTooMany_SameTotalsAndRatesAsCpu()
    {
        // No spike monitor: exc has rate monitors of 7 and 21 steps (segments of 7), inh one of 1 step (a segment a step).
        var model = new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -52, RefractoryMs = 2 };
        var spec = GpuNetworks.EiNetwork(model, model, 160, 200);
        spec = spec with
        {
            Inputs = [.. spec.Inputs, new PoissonInputSpec { Target = "inh", SourceCount = 100, RateHz = 50, Weight = 1 }],
            Monitors = [new RateMonitorSpec { Target = "exc", BinMs = 0.7 }, new RateMonitorSpec { Target = "exc", BinMs = 2.1 }, new RateMonitorSpec { Target = "inh", BinMs = 0.1 }],
        };
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 5 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 5 }, null, _device);
        using (var tally = HostCopy.StartTally())
        {
            // A run of 100 steps: 15 segments of exc and 100 of inh; then 250 steps, exc's first segment 2 steps into a bin: 36 and
            // 250. Each run's sums come back in one copy at its end.
            gpu.Run(100);
            gpu.Run(250);
            Assert.Equal(2, tally.Copies(toDevice: false, "BlockMonitors.CloseWindow"));
            Assert.Equal((15 + 100 + 36 + 250) * 8, tally.Bytes(toDevice: false, "BlockMonitors.CloseWindow"));
        }
        using (var tally = HostCopy.StartTally())
        {
            // 1 500 steps would be 1 715 segments, more than the 1 024 slots: the sums come back per block of 64 steps instead
            // (steps 350 .. 1 849: 24 blocks, the first of 34 steps), a block's segments each time (inh's 1 500 and exc's 215 in all).
            gpu.Run(1500);
            Assert.Equal(24, tally.Copies(toDevice: false, "BlockMonitors.CloseWindow"));
            Assert.Equal(1500 * 8 + Enumerable.Range(0, 24).Sum(b => ExcSegments(b)) * 8, tally.Bytes(toDevice: false, "BlockMonitors.CloseWindow"));
        }
        cpu.Run(100);
        cpu.Run(250);
        cpu.Run(1500);

        Assert.True(cpu.SpikeCountOf("inh") > 100 && cpu.SpikeCountOf("exc") > 0, $"both should fire (exc {cpu.SpikeCountOf("exc")}, inh {cpu.SpikeCountOf("inh")})");
        Assert.Equal(cpu.SpikeCountOf("exc"), gpu.SpikeCountOf("exc"));
        Assert.Equal(cpu.SpikeCountOf("inh"), gpu.SpikeCountOf("inh"));
        for (int m = 0; m < 3; m++) Assert.Equal(cpu.RateMonitors[m].Counts.ToArray(), gpu.RateMonitors[m].Counts.ToArray());
        Assert.Equal(1850 / 7, gpu.RateMonitors[0].BinCount);

        // exc's segments of 7 steps in block b of the last run: the 7-step bins (from step 0) that the block's steps touch.
        static int ExcSegments(int b)
        {
            int first = b == 0 ? 350 : 384 + 64 * (b - 1), last = Math.Min(1849, 383 + 64 * b);
            return last / 7 - first / 7 + 1;
        }
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
            // No population has a spike monitor: of each only its spike sums come back, one copy per run of one segment each (8 B),
            // but exc's two in a raise's presentation, which starts after a rest inside the bin of its rate monitor (a presentation
            // long); at a run's end each population's last step (inputs 2 words, exc and inh 1 each: LastStepSpikes); of exc, its 4
            // spike counts per neuron after each presentation.
            Assert.Equal(0, tally.Copies(toDevice: false, "BlockMonitors.Flush"));
            Assert.Equal(runs, tally.Copies(toDevice: false, "BlockMonitors.CloseWindow"));
            Assert.Equal((3 * runs + result.RateIncreases) * 8, tally.Bytes(toDevice: false, "BlockMonitors.CloseWindow"));
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
