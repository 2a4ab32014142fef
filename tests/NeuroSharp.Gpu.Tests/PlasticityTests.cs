using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// Short-term plasticity and STDP with per-synapse delays on ILGPU's CPU accelerator against the CPU engine.
/// The short-term factors are computed in double as on the CPU, and every synapse arrives in the CPU's order
/// (delay, then source), so spikes and weights are compared exactly; the delay rings add atomically, so there
/// the comparison is statistical.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class PlasticityTests
{
    private static readonly ShortTermPlasticitySpec Depressing = new() { U = 0.4, TauRecMs = 150 };
    private static readonly ShortTermPlasticitySpec Facilitating = new() { U = 0.15, TauRecMs = 50, TauFacMs = 300 };

    private readonly GpuDevice _device;
    private readonly SimulatorFixture _fixture;

    public PlasticityTests(SimulatorFixture fixture)
    {
        _fixture = fixture;
        _device = fixture.Device;
    }

    [Fact]
    public void ShortTerm_ConstantDelays_SameSpikesAndStatesAsCpu()
    {
        // Depression on the delayed exc->exc (1 ms), facilitation on inh->exc (0.5 ms), none on exc->inh (no delay).
        var spec = DeviceEngineTests.ModelNetwork("lif");
        spec = spec with
        {
            Projections = [.. spec.Projections.Select((p, i) => i switch { 0 => p with { ShortTermPlasticity = Depressing }, 2 => p with { ShortTermPlasticity = Facilitating }, _ => p })],
        };
        var (cpu, gpu) = Both(spec, 6);
        var a = cpu.Run(300);
        gpu.Run(150);
        gpu.Run(150); // the short-term state stays on the device between runs

        Assert.True(a.Spikes > 20, $"the network should be active (got {a.Spikes} spikes)");
        AssertSameSpikes(cpu, gpu);
        Assert.Equal(cpu.StateMonitors[0].Values("ge").ToArray(), gpu.StateMonitors[0].Values("ge").ToArray());
        Assert.Equal(cpu.SynapticEvents, gpu.SynapticEvents);
        var plain = new SpikingEngine(DeviceEngineTests.ModelNetwork("lif"), new SimulationOptions { Seed = 6 });
        plain.Run(300);
        Assert.NotEqual(plain.StateMonitors[0].Values("ge").ToArray(), cpu.StateMonitors[0].Values("ge").ToArray()); // the factors acted
    }

    [Theory]
    [InlineData(false, StdpBounds.Additive)]
    [InlineData(true, StdpBounds.SoftBounded)]
    public void ShortTerm_WithStdp_SameWeightsAsCpu(bool sparse, StdpBounds bounds)
    {
        var spec = Plastic(bounds, DistributionSpec.Constant(1), sparse);
        spec = spec with { Projections = [spec.Projections[0] with { ShortTermPlasticity = Facilitating, Weight = DistributionSpec.Uniform(sparse ? 6 : 3, sparse ? 10 : 6) }] }; // r < 1: stronger weights keep the output firing
        var (cpu, gpu) = Both(spec, 12);
        cpu.Run(400);
        gpu.Run(400);

        Assert.NotEqual(Initial(spec, 12), cpu.GetProjection("in->out").Weights); // STDP acted
        Assert.Equal(cpu.GetProjection("in->out").Weights, gpu.GetProjection("in->out").Weights);
        AssertSameSpikes(cpu, gpu);
    }

    [Theory]
    [InlineData(StdpBounds.Additive, 0.0, false)]
    [InlineData(StdpBounds.SoftBounded, 0.004, false)]
    [InlineData(StdpBounds.PowerLaw, 0.0, true)]
    public void StdpWithPerSynapseDelays_SameWeightsThetaAndSpikesAsCpu(StdpBounds bounds, double triplet, bool shortTerm)
    {
        var spec = Plastic(bounds, DistributionSpec.Uniform(0, 6), sparse: false, triplet);
        if (shortTerm) spec = spec with { Projections = [spec.Projections[0] with { ShortTermPlasticity = Depressing, Weight = DistributionSpec.Uniform(4, 6) }] };
        var (cpu, gpu) = Both(spec, 4);
        Assert.NotNull(cpu.ProjectionList[0].DelayedStdp); // the rule for per-synapse delays
        cpu.Run(300);
        gpu.Run(120);
        gpu.Run(180); // spikes in flight and the x_pre history cross the cut

        Assert.NotEqual(Initial(spec, 4), cpu.GetProjection("in->out").Weights); // STDP acted
        Assert.Equal(cpu.GetProjection("in->out").Weights, gpu.GetProjection("in->out").Weights);
        Assert.Equal(cpu.GetThetaExact("out"), gpu.GetThetaExact("out"));
        Assert.Equal(cpu.SynapticEvents, gpu.SynapticEvents);
        AssertSameSpikes(cpu, gpu);

        // Learning off, then a reset of the dynamics: frozen weights, the queues and histories start again.
        cpu.LearningEnabled = gpu.LearningEnabled = false;
        cpu.ResetDynamics(5);
        gpu.ResetDynamics(5);
        cpu.Run(100);
        gpu.Run(100);
        Assert.Equal(cpu.GetProjection("in->out").Weights, gpu.GetProjection("in->out").Weights);
        AssertSameSpikes(cpu, gpu);
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void ShortTermOnDelayRings_Rates_MatchCpuWithinTolerance()
    {
        // Per-synapse delays without STDP go through the atomic delay rings, which sum in a varying order (two threads at
        // once on the simulator).
        // Tolerance: mean rate within 15 % and mean CV of ISI within 0.15 of the CPU engine's (1 500 steps, 250 neurons).
        var spec = GpuNetworks.Delayed();
        spec = spec with { Projections = [.. spec.Projections.Select((p, i) => i == 0 ? p with { ShortTermPlasticity = Facilitating } : p)] };
        var (cpu, gpu) = Both(spec, 13, _fixture.ConcurrentDevice);
        cpu.Run(1500);
        gpu.Run(1500);
        for (int m = 0; m < 2; m++)
        {
            double rateCpu = SpikeStatistics.MeanRateHz(cpu.SpikeMonitors[m], 150);
            double rateGpu = SpikeStatistics.MeanRateHz(gpu.SpikeMonitors[m], 150);
            Assert.True(rateCpu > 2, $"monitor {m}: the network should fire (CPU {rateCpu:0.0} Hz)");
            Assert.InRange(rateGpu, rateCpu * 0.85, rateCpu * 1.15);
            var (cvCpu, _) = SpikeStatistics.CvIsi(cpu.SpikeMonitors[m]);
            var (cvGpu, _) = SpikeStatistics.CvIsi(gpu.SpikeMonitors[m]);
            Assert.InRange(cvGpu, cvCpu - 0.15, cvCpu + 0.15);
        }
    }

    /// <summary>Poisson sources onto adaptive-threshold LIF neurons through one plastic projection (all-to-all or 30 % sparse).</summary>
    private static NetworkSpec Plastic(StdpBounds bounds, DistributionSpec delayMs, bool sparse, double triplet = 0)
    {
        var spec = GpuNetworks.Plastic(bounds, triplet);
        var p = spec.Projections[0] with { DelayMs = delayMs };
        if (sparse) p = p with { Connectivity = new FixedProbabilityConnectivity { Probability = 0.3 }, Weight = DistributionSpec.Uniform(3, 8) };
        return spec with { Projections = [p] };
    }

    private static float[] Initial(NetworkSpec spec, ulong seed) => new SpikingEngine(spec, new SimulationOptions { Seed = seed }).GetProjection("in->out").Weights;

    private (SpikingEngine Cpu, SpikingEngine Gpu) Both(NetworkSpec spec, ulong seed, GpuDevice? device = null)
    {
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = seed });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = seed }, null, device ?? _device, new GpuSimulationOptions { BlockSteps = 32 });
        Assert.True(gpu.RunsOnDevice);
        return (cpu, gpu);
    }

    private static void AssertSameSpikes(SpikingEngine cpu, SpikingEngine gpu)
    {
        for (int m = 0; m < cpu.SpikeMonitors.Count; m++)
        {
            Assert.Equal(cpu.SpikeMonitors[m].Steps.ToArray(), gpu.SpikeMonitors[m].Steps.ToArray());
            Assert.Equal(cpu.SpikeMonitors[m].Neurons.ToArray(), gpu.SpikeMonitors[m].Neurons.ToArray());
        }
    }
}
