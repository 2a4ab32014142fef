using Xunit.Abstractions;
using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Learning;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// Learned weights stay on the device between runs and are copied down only when the host reads them
/// (docs/gpu.md, "Which copy of the weights is current"): the same weights as the CPU engine and as copying them back
/// after every run, and no weight copies between images of the Diehl and Cook trainer.
/// </summary>
[Collection(SecondSimulatorCollection.Name)]
public sealed class ResidentWeightsTests
{
    private static readonly StdpMnistOptions Options = new()
    {
        Network = new DiehlCookNetworkSpec { InputCount = 40, ExcitatoryCount = 4, InputWeightSum = 20 }, PresentationMs = 60, RestMs = 10, MaxRateIncreases = 3,
    };

    private readonly GpuDevice _device;
    private readonly ITestOutputHelper _output;

    public ResidentWeightsTests(SimulatorFixture fixture, ITestOutputHelper output)
    {
        _device = fixture.Device;
        _output = output;
    }

    [Fact]
    public void StdpMnistTrainer_WeightsKeptOnDevice_SameWeightsAsCpuAndAsCopyingEveryRun()
    {
        var data = GpuNetworks.Patterns();
        var cpu = new StdpMnistTrainer(Options, 6);
        var resident = new StdpMnistTrainer(Options, 6, new GpuBackend(_device));
        var copying = new StdpMnistTrainer(Options, 6, new GpuBackend(_device, new GpuSimulationOptions { KeepWeightsOnDevice = false }));
        var results = new List<StdpTrainingResult>[3];
        var trainers = new[] { cpu, resident, copying };
        for (int k = 0; k < 3; k++)
        {
            results[k] = [trainers[k].Train(data, 2)];
            _ = trainers[k].InputWeights(); // a host read between images (a checkpoint) must not change what follows
            results[k].Add(trainers[k].Train(data, 3));
        }

        Assert.True(results[0].Sum(r => r.Spikes) > 5, $"the network should answer (got {results[0].Sum(r => r.Spikes)} spikes)");
        Assert.NotEqual(new StdpMnistTrainer(Options, 6).InputWeights(), cpu.InputWeights()); // it learned
        for (int k = 1; k < 3; k++)
        {
            Assert.Equal(results[0].Select(r => r.Spikes), results[k].Select(r => r.Spikes));
            Assert.Equal(results[0].Select(r => r.RateIncreases), results[k].Select(r => r.RateIncreases));
            Assert.Equal(cpu.InputWeights(), trainers[k].InputWeights());
            Assert.Equal(cpu.ThetaExact(), trainers[k].ThetaExact());
        }
    }

    [Fact]
    public void StdpMnistTrainer_WeightsKeptOnDevice_NoWeightCopiesBetweenImages()
    {
        var data = GpuNetworks.Patterns();
        int synapses = Options.Network.InputCount * Options.Network.ExcitatoryCount;
        var residentBackend = new GpuBackend(_device);
        var resident = new StdpMnistTrainer(Options, 3, residentBackend);
        var traffic = residentBackend.WeightTraffic;
        Assert.Equal((0L, 0L), (traffic.CopiesToDevice, traffic.CopiesToHost));

        resident.Train(data, 1);
        Assert.Equal((3L, 0L), (traffic.CopiesToDevice, traffic.CopiesToHost)); // the built weights of the 3 projections, once
        long upBytes = traffic.BytesToDevice;
        resident.Train(data, 2);
        Assert.Equal((3L, 0L), (traffic.CopiesToDevice, traffic.CopiesToHost)); // nothing per image
        var read = resident.InputWeights();
        Assert.Equal((3L, 1L), (traffic.CopiesToDevice, traffic.CopiesToHost)); // the host read copies the input weights down once
        Assert.Equal(4L * synapses, traffic.BytesToHost);
        Assert.Equal(read, resident.InputWeights()); // equal copies: a second read copies nothing
        Assert.Equal(1L, traffic.CopiesToHost);
        resident.Train(data, 1);
        Assert.Equal((3L, 1L), (traffic.CopiesToDevice, traffic.CopiesToHost)); // a read leaves the device's copy current
        Assert.Equal(upBytes, traffic.BytesToDevice);

        // The old path for comparison: the weights came back at the end of every learning run and after every normalisation.
        var copyingBackend = new GpuBackend(_device, new GpuSimulationOptions { KeepWeightsOnDevice = false });
        var copying = new StdpMnistTrainer(Options, 3, copyingBackend);
        var result = copying.Train(data, 3);
        Assert.True(copyingBackend.WeightTraffic.CopiesToHost >= 3 * 3,
            $"normalisation, presentation and rest should each copy the weights back (got {copyingBackend.WeightTraffic.CopiesToHost} copies for 3 images)");
        _output.WriteLine($"{synapses} weights, {result.RateIncreases} rate raises: copying back every run {copyingBackend.WeightTraffic.BytesToHost / 3.0:F0} B per image " +
            $"down and {copyingBackend.WeightTraffic.BytesToDevice} B up in all; kept on the device 0 B per image ({traffic.BytesToDevice} B up once, {traffic.BytesToHost} B down at the read)");
    }

    [Fact]
    public void Engine_HostWritesAndReadsBetweenLearningRuns_SameWeightsAsCpu()
    {
        // The ownership rule at the engine: a learning run leaves the device's copy current; a read copies it down, a write
        // (SetWeights, Reset) replaces it and goes up at the next run; frozen runs and ResetDynamics keep whichever is current.
        var spec = GpuNetworks.Plastic(StdpBounds.SoftBounded, 0.005);
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 12 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 12 }, null, _device);
        var planted = Enumerable.Range(0, 1200).Select(e => 1 + e % 5 * 0.7f).ToArray();
        var afterFirst = new List<float[]>();
        foreach (var e in new[] { cpu, gpu })
        {
            e.Run(120);
            afterFirst.Add(e.GetProjection("in->out").Weights);
            e.Run(80);
            e.SetWeights("in->out", planted);
            e.Run(100);
            e.LearningEnabled = false;
            e.Run(40);
            e.ResetDynamics(77);
            e.LearningEnabled = true;
            e.Run(100);
        }
        Assert.Equal(afterFirst[0], afterFirst[1]);
        Assert.Equal(cpu.GetProjection("in->out").Weights, gpu.GetProjection("in->out").Weights);
        Assert.NotEqual(planted, gpu.GetProjection("in->out").Weights);
        Assert.Equal(cpu.GetThetaExact("out"), gpu.GetThetaExact("out"));
        Assert.Equal(cpu.SpikeMonitors[0].Steps.ToArray(), gpu.SpikeMonitors[0].Steps.ToArray());
        Assert.True(cpu.SpikeMonitors[0].Count > 20, $"the output should fire (got {cpu.SpikeMonitors[0].Count} spikes)");

        foreach (var e in new[] { cpu, gpu })
        {
            e.Reset();
            e.Run(60);
        }
        Assert.Equal(cpu.GetProjection("in->out").Weights, gpu.GetProjection("in->out").Weights);
    }
}
