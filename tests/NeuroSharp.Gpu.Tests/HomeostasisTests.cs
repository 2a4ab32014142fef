using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Learning;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// Adaptive thresholds and weight normalisation on the device (what the Diehl and Cook network needs), on
/// ILGPU's CPU accelerator against the CPU engine: the normalisation sums in double in the CPU's column order,
/// so spikes, thresholds and weights are compared exactly.
/// </summary>
[Collection(SecondSimulatorCollection.Name)]
public sealed class HomeostasisTests
{
    private readonly GpuDevice _device;

    public HomeostasisTests(SimulatorFixture fixture) => _device = fixture.Device;

    [Fact]
    public void ScheduledNormalization_WithStdp_SameWeightsThetaAndSpikesAsCpu()
    {
        var spec = GpuNetworks.Plastic(StdpBounds.Additive, 0);
        spec = spec with { Projections = [spec.Projections[0] with { Normalization = new WeightNormalizationSpec { IncomingSum = 150, EverySteps = 25 } }] };
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 8 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 8 }, null, _device);
        Assert.True(gpu.RunsOnDevice);
        cpu.Run(399);
        gpu.Run(399); // the last normalisation at step 374, then 24 steps of STDP

        var weights = gpu.GetProjection("in->out").Weights;
        Assert.Equal(cpu.GetProjection("in->out").Weights, weights);
        Assert.Equal(cpu.GetThetaExact("out"), gpu.GetThetaExact("out"));
        Assert.Equal(cpu.SpikeMonitors[0].Neurons.ToArray(), gpu.SpikeMonitors[0].Neurons.ToArray());
        Assert.Equal(cpu.SpikeMonitors[0].Steps.ToArray(), gpu.SpikeMonitors[0].Steps.ToArray());
        Assert.True(cpu.SpikeMonitors[0].Count > 20, $"the output should fire (got {cpu.SpikeMonitors[0].Count} spikes)");

        gpu.Run(1); // step 399 normalises: every target's weights sum to 150 (float rounding of 60 terms)
        var after = gpu.GetProjection("in->out").Weights;
        for (int j = 0; j < 20; j++)
        {
            double sum = 0;
            for (int i = 0; i < 60; i++) sum += after[i * 20 + j];
            Assert.Equal(150, sum, 3);
        }
    }

    [Fact]
    public void NormalizationOnRequest_OnDevice_SameWeightsAsCpuAndTheHostKeepsThem()
    {
        // On request the device scales its copy and copies it back at once: the host reads the normalised weights
        // right away, a host write before a request is taken first, and the runs after it go on from the same weights.
        var spec = GpuNetworks.Plastic(StdpBounds.Additive, 0);
        spec = spec with { Projections = [spec.Projections[0] with { Normalization = new WeightNormalizationSpec { IncomingSum = 150 } }] };
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 9 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 9 }, null, _device);
        var planted = Enumerable.Range(0, 1200).Select(e => 1 + e % 7 * 0.5f).ToArray();
        foreach (var e in new[] { cpu, gpu })
        {
            e.Run(150);
            e.NormalizeWeights("in->out");
        }
        var weights = gpu.GetProjection("in->out").Weights;
        Assert.Equal(cpu.GetProjection("in->out").Weights, weights);
        for (int j = 0; j < 20; j++)
        {
            double sum = 0;
            for (int i = 0; i < 60; i++) sum += weights[i * 20 + j];
            Assert.Equal(150, sum, 3); // float rounding of 60 terms
        }
        foreach (var e in new[] { cpu, gpu })
        {
            e.Run(100);
            e.SetWeights("in->out", planted);
            e.NormalizeWeights("in->out");
            e.LearningEnabled = false;
            e.Run(50);
        }
        Assert.Equal(cpu.GetProjection("in->out").Weights, gpu.GetProjection("in->out").Weights);
        Assert.NotEqual(planted, gpu.GetProjection("in->out").Weights);
        Assert.Equal(cpu.SpikeMonitors[0].Neurons.ToArray(), gpu.SpikeMonitors[0].Neurons.ToArray());
        Assert.Equal(cpu.SpikeMonitors[0].Steps.ToArray(), gpu.SpikeMonitors[0].Steps.ToArray());
        Assert.True(cpu.SpikeMonitors[0].Count > 20, $"the output should fire (got {cpu.SpikeMonitors[0].Count} spikes)");
    }

    [Fact]
    public void StdpMnistTrainer_OnDevice_SameWeightsThetaAndResponsesAsCpu()
    {
        // Diehl and Cook's network (adaptive thresholds, triplet STDP, normalisation before each image) on planted patterns.
        var data = GpuNetworks.Patterns();
        var options = new StdpMnistOptions { Network = new DiehlCookNetworkSpec { InputCount = 40, ExcitatoryCount = 4, InputWeightSum = 6 }, PresentationMs = 100, RestMs = 20 };
        var cpu = new StdpMnistTrainer(options, 5);
        var gpu = new StdpMnistTrainer(options, 5, new GpuBackend(_device));
        Assert.True(gpu.RunsOnDevice);
        var a = cpu.Train(data, 4); // each pattern once
        var b = gpu.Train(data, 4);

        Assert.True(a.Spikes > 10, $"the network should answer (got {a.Spikes} spikes)");
        Assert.Equal(a.Spikes, b.Spikes);
        Assert.Equal(a.RateIncreases, b.RateIncreases);
        Assert.Equal(cpu.InputWeights(), gpu.InputWeights());
        Assert.Equal(cpu.ThetaExact(), gpu.ThetaExact());
        Assert.NotEqual(new StdpMnistTrainer(options, 5).InputWeights(), gpu.InputWeights()); // it learned
        var frozenCpu = cpu.Respond(data, maxThreads: 2);
        var frozenGpu = gpu.Respond(data, maxThreads: 2);
        Assert.Equal(frozenCpu.Counts, frozenGpu.Counts);
        Assert.Equal(frozenCpu.RateIncreases, frozenGpu.RateIncreases);
    }

    [Fact]
    public void StdpMnistTrainer_WithBackend_ContinuesAsTheCpuTrainer()
    {
        var data = GpuNetworks.Patterns();
        var options = new StdpMnistOptions { Network = new DiehlCookNetworkSpec { InputCount = 40, ExcitatoryCount = 4, InputWeightSum = 6 }, PresentationMs = 60, RestMs = 10 };
        var whole = new StdpMnistTrainer(options, 2);
        whole.Train(data, 4);
        var moved = new StdpMnistTrainer(options, 2);
        moved.Train(data, 2);
        moved = moved.WithBackend(new GpuBackend(_device));
        Assert.True(moved.RunsOnDevice);
        moved.Train(data, 2);

        Assert.Equal(4, moved.SamplesSeen);
        Assert.Equal(whole.InputWeights(), moved.InputWeights());
        Assert.Equal(whole.ThetaExact(), moved.ThetaExact());
    }
}
