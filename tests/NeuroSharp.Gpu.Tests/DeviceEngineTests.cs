using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Gpu.Tests;

/// <summary>
/// The device backend on ILGPU's CPU accelerator against the CPU engine: the same network built from the
/// same seeds. With ordered delivery the device does the CPU's float operations in the CPU's order, so
/// spikes, state samples and weights are compared exactly.
/// </summary>
[Collection(SecondSimulatorCollection.Name)]
public sealed class DeviceEngineTests
{
    private readonly GpuDevice _device;
    private readonly SimulatorFixture _fixture;

    public DeviceEngineTests(SimulatorFixture fixture)
    {
        _fixture = fixture;
        _device = fixture.Device;
    }

    /// <summary>The models with a device kernel; "...Rise": the excitatory population's inputs have rise times (alpha or biexponential), the inhibitory's not.</summary>
    public static TheoryData<string> Models => ["lif", "lifDelta", "conductanceLif", "izhikevich", "adex", "izhikevich2007Rise", "lifRise", "conductanceLifRise", "adexRise", "adexConductanceRise"];

    [Theory]
    [MemberData(nameof(Models))]
    public void OrderedDelivery_EachModel_SameSpikesStatesAndRatesAsCpu(string model)
    {
        var spec = ModelNetwork(model);
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 5 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 5 }, null, _device, new GpuSimulationOptions { BlockSteps = 16 });
        var a = cpu.Run(300);
        var b = gpu.Run(300);

        Assert.True(a.Spikes > 20, $"the {model} network should be active (got {a.Spikes} spikes)");
        Assert.Equal(a.Spikes, b.Spikes);
        Assert.Equal(a.SynapticEvents, b.SynapticEvents);
        AssertSameMonitors(cpu, gpu);
        Assert.Equal(cpu.GetVariable("exc", "v"), gpu.GetVariable("exc", "v"));
        Assert.Equal(cpu.LastStepSpikes("inh").ToArray(), gpu.LastStepSpikes("inh").ToArray());
    }

    [Fact]
    public void Run_CutIntoPieces_SameAsOneCpuRun()
    {
        // Spikes in flight (the 1 ms delay) and the current's switch steps cross the cuts; the blocks do not line up with them.
        var spec = ModelNetwork("lif");
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 9 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 9 }, null, _device, new GpuSimulationOptions { BlockSteps = 32 });
        cpu.Run(250);
        gpu.Run(37);
        gpu.Run(100);
        for (int i = 0; i < 13; i++) gpu.Step();
        gpu.Run(100);

        Assert.Equal(250, gpu.StepCount);
        AssertSameMonitors(cpu, gpu);
    }

    [Theory]
    [InlineData(StdpBounds.Additive, 0.0)]
    [InlineData(StdpBounds.SoftBounded, 0.004)]
    [InlineData(StdpBounds.PowerLaw, 0.0)]
    public void TripletStdp_OnDevice_SameWeightsAndThetaAsCpu(StdpBounds bounds, double triplet)
    {
        var spec = GpuNetworks.Plastic(bounds, triplet);
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 3 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 3 }, null, _device);
        cpu.Run(400);
        gpu.Run(400);

        var initial = new SpikingEngine(spec, new SimulationOptions { Seed = 3 }).GetProjection("in->out").Weights;
        var learned = cpu.GetProjection("in->out").Weights;
        Assert.NotEqual(initial, learned); // STDP acted
        Assert.Equal(learned, gpu.GetProjection("in->out").Weights);
        Assert.Equal(cpu.GetThetaExact("out"), gpu.GetThetaExact("out"));
        AssertSameMonitors(cpu, gpu);
    }

    [Fact]
    public void LearningOff_OnDevice_WeightsFrozenAndSpikesAsCpu()
    {
        var spec = GpuNetworks.Plastic(StdpBounds.Additive, 0);
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 4 }) { LearningEnabled = false };
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 4 }, null, _device);
        gpu.LearningEnabled = false;
        var before = gpu.GetProjection("in->out").Weights;
        cpu.Run(200);
        gpu.Run(200);

        Assert.Equal(before, gpu.GetProjection("in->out").Weights);
        AssertSameMonitors(cpu, gpu);
    }

    [Fact]
    public void Reset_AfterLearningOnDevice_StartsAgainFromTheBuiltWeights()
    {
        // The device keeps its weights between runs unless the host writes them: a reset must reach it.
        var spec = GpuNetworks.Plastic(StdpBounds.Additive, 0);
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 3 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 3 }, null, _device);
        gpu.Run(150);
        gpu.Reset();
        cpu.Run(150);
        gpu.Run(150);

        Assert.Equal(cpu.GetProjection("in->out").Weights, gpu.GetProjection("in->out").Weights);
        AssertSameMonitors(cpu, gpu);
    }

    [Fact]
    public void ResetDynamics_OnDevice_ForgetsSpikesInFlight()
    {
        var spec = ModelNetwork("lif");
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 2 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 2 }, null, _device);
        cpu.Run(120);
        gpu.Run(120);
        cpu.ResetDynamics(77);
        gpu.ResetDynamics(77);
        cpu.Run(150);
        gpu.Run(150);

        AssertSameMonitors(cpu, gpu);
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void AtomicDeliveryAndDelayRings_Rates_MatchCpuWithinTolerance()
    {
        // Atomic adds sum in a varying order (two threads at once on the simulator), so spike trains drift apart; their statistics must not.
        // Tolerance: mean rate within 15 % and mean CV of ISI within 0.15 of the CPU engine's (2 000 steps, 250 neurons).
        var spec = GpuNetworks.Delayed();
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 11 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 11 }, null, _fixture.ConcurrentDevice, new GpuSimulationOptions { Delivery = DeliveryOrder.Atomic });
        cpu.Run(2000);
        gpu.Run(2000);

        for (int m = 0; m < 2; m++)
        {
            double rateCpu = SpikeStatistics.MeanRateHz(cpu.SpikeMonitors[m], 200);
            double rateGpu = SpikeStatistics.MeanRateHz(gpu.SpikeMonitors[m], 200);
            Assert.True(rateCpu > 2, $"monitor {m}: the network should fire (CPU {rateCpu:0.0} Hz)");
            Assert.InRange(rateGpu, rateCpu * 0.85, rateCpu * 1.15);
            var (cvCpu, _) = SpikeStatistics.CvIsi(cpu.SpikeMonitors[m]);
            var (cvGpu, _) = SpikeStatistics.CvIsi(gpu.SpikeMonitors[m]);
            Assert.InRange(cvGpu, cvCpu - 0.15, cvCpu + 0.15);
        }
        Assert.InRange(gpu.SynapticEvents, cpu.SynapticEvents * 0.85, cpu.SynapticEvents * 1.15);
    }

    [Fact]
    public void GapJunctions_WithinAndAcrossPopulations_SameSpikesAndStatesAsCpu()
    {
        // Junction currents sum in the CPU's order (sets in file order, pairs in order), so v and the spikes are exact.
        var spec = ModelNetwork("lif") with
        {
            GapJunctions =
            [
                new GapJunctionSpec { Source = "exc", Target = "exc", Connectivity = new FixedProbabilityConnectivity { Probability = 0.05 }, Conductance = DistributionSpec.Uniform(0.02, 0.08) },
                new GapJunctionSpec { Source = "inh", Target = "exc", Connectivity = new FixedProbabilityConnectivity { Probability = 0.1 }, Conductance = DistributionSpec.Constant(0.05) },
            ],
        };
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 6 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 6 }, null, _device, new GpuSimulationOptions { BlockSteps = 32 });
        Assert.True(gpu.RunsOnDevice);
        cpu.Run(200);
        gpu.Run(200);

        var plain = new SpikingEngine(ModelNetwork("lif"), new SimulationOptions { Seed = 6 });
        plain.Run(200);
        Assert.NotEqual(plain.GetVariable("exc", "v"), cpu.GetVariable("exc", "v")); // the junctions act
        Assert.Equal(cpu.GetVariable("exc", "v"), gpu.GetVariable("exc", "v"));
        Assert.Equal(cpu.GetVariable("inh", "v"), gpu.GetVariable("inh", "v"));
        AssertSameMonitors(cpu, gpu);
    }

    [Fact]
    public void PoissonSources_DrawnOnDevice_SameSpikesAsCpuAcrossRunsAndRateChanges()
    {
        // 5 000 sources: two blocks of the CPU group, two streams; runs cut in two (the streams continue across runs), a rate
        // change, then a reset (a new run seed, the built rates; the monitor starts again).
        var spec = new NetworkSpec
        {
            DtMs = 0.5,
            Populations = [new PopulationSpec { Name = "in", Count = 5000, Model = new PoissonSourceSpec { RateHz = 20 } }],
            Monitors = [new SpikeMonitorSpec { Target = "in" }],
        };
        var rates = Enumerable.Range(0, 5000).Select(i => i % 3 == 0 ? 0f : i * 0.02f).ToArray();
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 12 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 12 }, null, _device);
        foreach (var e in new[] { cpu, gpu })
        {
            e.Run(30);
            e.Run(25);
            e.SetRates("in", rates);
            e.Run(40);
        }
        Assert.True(cpu.SpikeMonitors[0].Count > 5000, $"the sources should fire (got {cpu.SpikeMonitors[0].Count})"); // about 6 000
        AssertSameMonitors(cpu, gpu);

        cpu.ResetDynamics(99);
        gpu.ResetDynamics(99);
        cpu.Run(20);
        gpu.Run(20);
        Assert.True(cpu.SpikeMonitors[0].Count > 500, $"the sources should fire (got {cpu.SpikeMonitors[0].Count})"); // about 1 000
        AssertSameMonitors(cpu, gpu);
        Assert.Equal(cpu.LastStepSpikes("in").ToArray(), gpu.LastStepSpikes("in").ToArray());
    }

    [Fact]
    public void PoissonDrives_DrawnOnDevice_SameAsCpuAcrossRunsRateChangesAndReset()
    {
        // Three drives onto 4 500 LIF neurons: 100 sources on every neuron (two blocks, two streams; the table searched
        // linearly); a million sources (N p = 5 000: the window around the mode, bisection) on indices that repeat (one
        // thread takes both blocks in order); p = 1 (k = N). Runs cut in two, a rate change, then a reset.
        int[] repeated = [.. Enumerable.Range(0, 4200).Select(i => i % 3000)];
        var spec = new NetworkSpec
        {
            DtMs = 0.5,
            Populations = [new PopulationSpec { Name = "n", Count = 4500, Model = new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -52, RefractoryMs = 2 } }],
            Inputs =
            [
                new PoissonInputSpec { Target = "n", SourceCount = 100, RateHz = 60, Weight = 2 },
                new PoissonInputSpec { Target = "n", SourceCount = 1_000_000, RateHz = 10, Weight = 0.0001, Indices = repeated },
                new PoissonInputSpec { Target = "n", SourceCount = 3, RateHz = 2000, Weight = 0.1, Receptor = Receptor.Inhibitory, Indices = [1, 2, 4096] },
            ],
            Monitors = [new SpikeMonitorSpec { Target = "n" }, new StateMonitorSpec { Target = "n", Variables = ["ge", "gi"], Indices = [0, 2, 2999, 4096, 4499], EverySteps = 2 }],
        };
        var cpu = new SpikingEngine(spec, new SimulationOptions { Seed = 14 });
        var gpu = GpuBackend.CreateEngine(spec, new SimulationOptions { Seed = 14 }, null, _device, new GpuSimulationOptions { BlockSteps = 16 });
        foreach (var e in new[] { cpu, gpu })
        {
            e.Run(23);
            e.Run(20);
            e.SetPoissonInputRate(0, 15);
            e.Run(20);
        }
        Assert.True(cpu.SpikeMonitors[0].Count > 500, $"the drive should make the neurons fire (got {cpu.SpikeMonitors[0].Count})");
        AssertSameMonitors(cpu, gpu);
        Assert.Equal(cpu.GetVariable("n", "ge"), gpu.GetVariable("n", "ge"));
        Assert.Equal(cpu.GetVariable("n", "gi"), gpu.GetVariable("n", "gi"));

        cpu.ResetDynamics(31);
        gpu.ResetDynamics(31);
        cpu.Run(15);
        gpu.Run(15);
        AssertSameMonitors(cpu, gpu);
        Assert.Equal(cpu.GetVariable("n", "v"), gpu.GetVariable("n", "v"));
    }

    [Fact]
    public void Create_WithoutDevice_IsTheCpuEngine()
    {
        var engine = GpuBackend.CreateEngine(ModelNetwork("lif"), null, null, null);
        Assert.False(engine.RunsOnDevice);
    }

    internal static NetworkSpec ModelNetwork(string model) => model switch
    {
        "lif" => GpuNetworks.EiNetwork(new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -52, RefractoryMs = 2 },
            new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -52, RefractoryMs = 1 }),
        // Delta synapses (v jumps by the weight): the same kernel as "lif" with the jump's coefficients.
        "lifDelta" => GpuNetworks.EiNetwork(new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -52, RefractoryMs = 2, TauExcMs = 0, TauInhMs = 0, DeltaInputs = true },
            new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -52, RefractoryMs = 1, TauExcMs = 0, TauInhMs = 0, DeltaInputs = true }, weightScale: 0.5),
        "conductanceLif" => GpuNetworks.EiNetwork(new ConductanceLifNeuronSpec { RefractoryMs = 2 }, new ConductanceLifNeuronSpec { RefractoryMs = 1 }, weightScale: 0.1,
            initial: new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-60, -50), ["ge"] = DistributionSpec.Uniform(0, 2) }),
        "izhikevich" => GpuNetworks.EiNetwork(new IzhikevichNeuronSpec(), new IzhikevichNeuronSpec { A = 0.1, D = 2 }, weightScale: 3,
            initial: new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-70, -55) }),
        "adex" => GpuNetworks.EiNetwork(new AdExNeuronSpec(), new AdExNeuronSpec(), weightScale: 40,
            initial: new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-70, -55) }),
        "izhikevich2007Rise" => GpuNetworks.EiNetwork(new Izhikevich2007NeuronSpec { RiseExcMs = 1, RiseInhMs = 2 }, new Izhikevich2007NeuronSpec { A = 0.1 }, weightScale: 0.2,
            initial: new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-65, -45) }),
        "lifRise" => GpuNetworks.EiNetwork(new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -52, RefractoryMs = 2, RiseExcMs = 1, RiseInhMs = 2 },
            new LifNeuronSpec { RestMv = -70, ResetMv = -65, ThresholdMv = -52, RefractoryMs = 1 }),
        "conductanceLifRise" => GpuNetworks.EiNetwork(new ConductanceLifNeuronSpec { RefractoryMs = 2, RiseExcMs = 0.5, RiseInhMs = 1 }, new ConductanceLifNeuronSpec { RefractoryMs = 1 }, weightScale: 0.1,
            initial: new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-60, -50), ["ge"] = DistributionSpec.Uniform(0, 2) }),
        // AdEx with rise times (biexponential excitation, alpha inhibition) on current inputs, and with conductance inputs (nS; E_e = 0, E_i = -80 mV).
        "adexRise" => GpuNetworks.EiNetwork(new AdExNeuronSpec { RiseExcMs = 1, RiseInhMs = 10 }, new AdExNeuronSpec(), weightScale: 30,
            initial: new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-70, -55) }),
        "adexConductanceRise" => GpuNetworks.EiNetwork(new AdExNeuronSpec { ExcReversalMv = 0, InhReversalMv = -80, RiseExcMs = 1, RiseInhMs = 10 },
            new AdExNeuronSpec { ExcReversalMv = 0, InhReversalMv = -80 }, weightScale: 0.6,
            initial: new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-70, -55) }),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "no such test network"),
    };

    private static void AssertSameMonitors(SpikingEngine cpu, SpikingEngine gpu)
    {
        Assert.Equal(cpu.SpikeMonitors.Count, gpu.SpikeMonitors.Count);
        for (int m = 0; m < cpu.SpikeMonitors.Count; m++)
        {
            Assert.Equal(cpu.SpikeMonitors[m].Steps.ToArray(), gpu.SpikeMonitors[m].Steps.ToArray());
            Assert.Equal(cpu.SpikeMonitors[m].Neurons.ToArray(), gpu.SpikeMonitors[m].Neurons.ToArray());
        }
        for (int m = 0; m < cpu.StateMonitors.Count; m++)
        {
            Assert.Equal(cpu.StateMonitors[m].Steps.ToArray(), gpu.StateMonitors[m].Steps.ToArray());
            foreach (string v in cpu.StateMonitors[m].Variables)
                Assert.Equal(cpu.StateMonitors[m].Values(v).ToArray(), gpu.StateMonitors[m].Values(v).ToArray());
        }
        for (int m = 0; m < cpu.RateMonitors.Count; m++) Assert.Equal(cpu.RateMonitors[m].Counts.ToArray(), gpu.RateMonitors[m].Counts.ToArray());
        foreach (var p in cpu.Populations) Assert.Equal(cpu.SpikeCountOf(p.Name), gpu.SpikeCountOf(p.Name));
    }
}

/// <summary>
/// One ILGPU CPU accelerator for all the test classes of a collection (its context and kernels compiled once, not per class),
/// one thread per launch, the cheapest; and, opened for the first test that asks, one that runs two threads at once
/// (<see cref="GpuDevice.OpenSimulator"/>), for the tests of atomic delivery, whose adds must race as on a GPU.
/// </summary>
public sealed class SimulatorFixture : IDisposable
{
    private readonly Lazy<GpuDevice> _concurrent = new(() => GpuDevice.OpenSimulator(concurrent: true));

    public GpuDevice Device { get; } = GpuDevice.OpenSimulator();

    public GpuDevice ConcurrentDevice => _concurrent.Value;

    public void Dispose()
    {
        Device.Dispose();
        if (_concurrent.IsValueCreated) _concurrent.Value.Dispose();
    }
}
