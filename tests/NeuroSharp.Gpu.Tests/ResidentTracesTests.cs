using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Learning;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// STDP traces (x_pre, x_post, y2) stay on the device between learning runs, as the weights do, and are copied down only
/// when the host reads them (docs/gpu.md, "Which copy of the weights is current"): the CPU engine's traces, weights and
/// spikes at every read, and the copies counted exactly.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class ResidentTracesTests
{
    private const string Input = DiehlCookNetworkSpec.InputProjectionName;

    private static readonly StdpMnistOptions Options = new()
    {
        Network = new DiehlCookNetworkSpec { InputCount = 40, ExcitatoryCount = 4, InputWeightSum = 20 }, PresentationMs = 60, RestMs = 10, MaxRateIncreases = 3,
    };

    private readonly GpuDevice _device;

    public ResidentTracesTests(SimulatorFixture fixture) => _device = fixture.Device;

    [Fact]
    public void StdpMnistTrainer_TracesKeptOnDevice_SameAsCpuAtEveryReadAndNoCopiesPerImage()
    {
        var data = GpuNetworks.Patterns();
        long traceFloats = Options.Network.InputCount + 2 * Options.Network.ExcitatoryCount; // x_pre per input, x_post and y2 per neuron
        var cpu = new StdpMnistTrainer(Options, 6);
        var backend = new GpuBackend(_device);
        var gpu = new StdpMnistTrainer(Options, 6, backend);
        var traffic = backend.TraceTraffic;
        bool postSeen = false;
        for (int image = 0; image < 4; image++)
        {
            var (c, g) = (cpu.Train(data, 1), gpu.Train(data, 1));
            Assert.Equal((c.Spikes, c.RateIncreases), (g.Spikes, g.RateIncreases));
            foreach (string population in new[] { DiehlCookNetworkSpec.InputName, DiehlCookNetworkSpec.InhibitoryName })
                Assert.Equal(cpu.LearningEngine.SpikeCountOf(population), gpu.LearningEngine.SpikeCountOf(population));
            // The image's ResetDynamics clears both copies alike and its runs leave the device's current: nothing copied for it.
            Assert.Equal((0L, (long)image), (traffic.CopiesToDevice, traffic.CopiesToHost));

            var expected = cpu.LearningEngine.StdpTraces(Input);
            var read = gpu.LearningEngine.StdpTraces(Input);
            Assert.Equal((0L, image + 1L), (traffic.CopiesToDevice, traffic.CopiesToHost)); // the read copies them down once
            Assert.Equal(expected.Pre, read.Pre);
            Assert.Equal(expected.Post, read.Post);
            Assert.Equal(expected.Triplet, read.Triplet);
            Assert.Equal(read.Post, gpu.LearningEngine.StdpTraces(Input).Post); // equal copies: a second read copies nothing
            Assert.Equal(image + 1L, traffic.CopiesToHost);
            Assert.Contains(read.Pre, x => x > 0); // the inputs fired during the image: the traces hold something to lose
            postSeen |= read.Post.Any(x => x > 0) && read.Triplet.Any(x => x > 0);
        }
        Assert.True(postSeen, "the excitatory neurons should fire in some image (x_post and y2 above 0)");
        Assert.Equal(4 * 4 * traceFloats, traffic.BytesToHost);
        Assert.Equal(cpu.InputWeights(), gpu.InputWeights());
        Assert.Equal(cpu.ThetaExact(), gpu.ThetaExact());

        // The copy-every-run path: the traces come down at the end of every learning run (presentation and rest, per raise too).
        var copyingBackend = new GpuBackend(_device, new GpuSimulationOptions { KeepWeightsOnDevice = false });
        var copying = new StdpMnistTrainer(Options, 6, copyingBackend);
        var result = copying.Train(data, 4);
        Assert.Equal((0L, 2 * (4 + result.RateIncreases)), (copyingBackend.TraceTraffic.CopiesToDevice, copyingBackend.TraceTraffic.CopiesToHost));
        Assert.Equal(cpu.InputWeights(), copying.InputWeights());
    }

    [Fact]
    public void Engine_ReadsFrozenRunsResetsBetweenLearningRuns_SameTracesAsCpuAndExactCopies()
    {
        // Learning runs carry the traces from one to the next (no reset between them): a trace lost or stale at a run's start
        // would change the weights. Reads copy down only when the device's copy is newer; ResetDynamics clears both copies
        // alike; Reset's second clear of the host traces (after the device's) is a host write, uploaded at the next learning run.
        const string name = "in->out";
        var spec = GpuNetworks.Plastic(StdpBounds.SoftBounded, 0.005);
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 21 });
        var backend = new GpuBackend(_device);
        var gpu = new SpikingEngine(spec, new SimulationOptions { Seed = 21, Backend = backend });
        var traffic = backend.TraceTraffic;
        long floats = 60 + 2 * 20;

        void Both(Action<SpikingEngine> act)
        {
            act(cpu);
            act(gpu);
        }

        void SameTraces((long Up, long Down) copiesAfterRead)
        {
            var expected = cpu.StdpTraces(name);
            var read = gpu.StdpTraces(name);
            Assert.Equal(copiesAfterRead, (traffic.CopiesToDevice, traffic.CopiesToHost));
            Assert.Equal(expected.Pre, read.Pre);
            Assert.Equal(expected.Post, read.Post);
            Assert.Equal(expected.Triplet, read.Triplet);
        }

        Both(e => e.Run(120));
        SameTraces((0, 1));
        SameTraces((0, 1));
        Assert.Contains(gpu.StdpTraces(name).Post, x => x > 0);
        Both(e => e.Run(80)); // continues from the device's traces
        Both(e => e.LearningEnabled = false);
        Both(e => e.Run(40)); // frozen: the device's copy stays the newer one
        SameTraces((0, 2));
        Both(e => e.Run(30));
        SameTraces((0, 2));
        Both(e => e.LearningEnabled = true);
        Both(e => e.Run(60));
        Both(e => e.ResetDynamics(77)); // cleared on both sides: nothing copied
        SameTraces((0, 2));
        Assert.All(gpu.StdpTraces(name).Pre, x => Assert.Equal(0f, x));
        Both(e => e.Run(100));
        SameTraces((0, 3));
        Both(e => e.Reset());
        Both(e => e.Run(60));
        SameTraces((1, 4));
        Assert.Equal((floats * 4, floats * 4 * 4), (traffic.BytesToDevice, traffic.BytesToHost));

        Assert.Equal(cpu.GetProjection(name).Weights, gpu.GetProjection(name).Weights);
        Assert.Equal(cpu.GetThetaExact("out"), gpu.GetThetaExact("out"));
        Assert.Equal(cpu.SpikeMonitors[0].Steps.ToArray(), gpu.SpikeMonitors[0].Steps.ToArray());
        // The output fires enough for its post traces to matter (20 spikes with the engine's separate build and run streams).
        Assert.True(cpu.SpikeMonitors[0].Count >= 10, $"the output should fire (got {cpu.SpikeMonitors[0].Count} spikes)");
    }
}
