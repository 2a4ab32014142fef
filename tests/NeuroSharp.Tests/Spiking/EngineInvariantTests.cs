using NeuroSharp.Testing;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>Invariants of the engine: reset, run splitting, threads, seeds, delays, the step order.</summary>
public class EngineInvariantTests
{
    private static (int[] Neurons, int[] Steps)[] Spikes(SpikingEngine engine) =>
        engine.SpikeMonitors.Select(m => (m.Neurons.ToArray(), m.Steps.ToArray())).ToArray();

    private static void AssertSameSpikes((int[] Neurons, int[] Steps)[] a, (int[] Neurons, int[] Steps)[] b)
    {
        Assert.Equal(a.Length, b.Length);
        for (int m = 0; m < a.Length; m++)
        {
            Assert.Equal(a[m].Steps, b[m].Steps);
            Assert.Equal(a[m].Neurons, b[m].Neurons);
        }
    }

    [Fact]
    public void Reset_ThenOneLongRun_EqualsTwoShortRuns()
    {
        var engine = new SpikingEngine(Networks.Busy(), new SimulationOptions { Seed = 7 });
        engine.Run(1500);
        engine.Run(1500);
        var split = Spikes(engine);
        var state = engine.StateMonitors[0].Values("v").ToArray();
        var weights = engine.GetProjection("exc->exc").Weights;
        engine.Reset();
        Assert.Equal(0, engine.StepCount);
        engine.Run(3000);
        var whole = Spikes(engine);
        Assert.True(whole[0].Steps.Length > 100, "the test network should be active");
        AssertSameSpikes(split, whole);
        Assert.Equal(state, engine.StateMonitors[0].Values("v").ToArray());
        Assert.Equal(weights, engine.GetProjection("exc->exc").Weights);
        Assert.NotEqual(weights, new SpikingEngine(Networks.Busy(), new SimulationOptions { Seed = 7 }).GetProjection("exc->exc").Weights);
    }

    [Fact]
    public void Run_AfterWarmUp_AllocatesNothingPerStep()
    {
        // Every feature on (Poisson drive, STDP, STP, per-synapse delays, adaptive threshold, all monitor kinds)
        // plus transmitter neurons; monitors keep their capacity across Reset, so a second run of the same
        // length needs no new buffer. Run itself allocates its result (well under 1 KB).
        var spec = Networks.Busy() with
        {
            Neurons = [new SingleNeuronSpec { Id = "a", Model = TransmitterNeuronSpec.Repository }, new SingleNeuronSpec { Id = "b", Model = TransmitterNeuronSpec.Repository }],
            Links = [new LinkSpec { From = "a", To = "b" }],
            Inputs = [.. Networks.Busy().Inputs, new TransmitterStimulusSpec { Target = "a", Steps = [3], EverySteps = 50, Amount = new(20, 0) }],
        };
        var engine = new SpikingEngine(spec, new SimulationOptions { Threads = 1 });
        engine.Run(2000);
        engine.Reset();
        long before = GC.GetAllocatedBytesForCurrentThread();
        engine.Run(2000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(engine.SpikeMonitors[0].Count > 100);
        Assert.True(allocated < 4096, $"{allocated} bytes allocated in 2 000 steps");
    }

    [Fact]
    public void Threads_AnyCount_GiveIdenticalSpikes()
    {
        // 9 000 + 1 000 neurons: several blocks of 4 096 per population, so threads really split the work.
        var spec = Networks.Busy(9000, 1000);
        var one = new SpikingEngine(spec, new SimulationOptions { Seed = 3, Threads = 1 });
        var four = new SpikingEngine(spec, new SimulationOptions { Seed = 3, Threads = 4 });
        var all = new SpikingEngine(spec, new SimulationOptions { Seed = 3, Threads = 0 });
        one.Run(300);
        four.Run(300);
        all.Run(300);
        Assert.True(one.SpikeMonitors[0].Count > 100);
        AssertSameSpikes(Spikes(one), Spikes(four));
        AssertSameSpikes(Spikes(one), Spikes(all));
    }

    [Fact]
    public void Seed_SameSeedSameSpikes_OtherSeedOtherSpikes()
    {
        var a = new SpikingEngine(Networks.Busy(), new SimulationOptions { Seed = 11 });
        var b = new SpikingEngine(Networks.Busy(), new SimulationOptions { Seed = 11 });
        var c = new SpikingEngine(Networks.Busy(), new SimulationOptions { Seed = 12 });
        a.Run(1000);
        b.Run(1000);
        c.Run(1000);
        AssertSameSpikes(Spikes(a), Spikes(b));
        Assert.NotEqual(a.SpikeMonitors[0].Steps.ToArray(), c.SpikeMonitors[0].Steps.ToArray());
    }

    [Fact]
    public void BuildSeed_FixesTheNetworkWhileTheRunSeedVaries()
    {
        var a = new SpikingEngine(Networks.Busy(), new SimulationOptions { Seed = 1, BuildSeed = 99 });
        var b = new SpikingEngine(Networks.Busy(), new SimulationOptions { Seed = 2, BuildSeed = 99 });
        Assert.Equal(a.GetProjection("exc->exc").Targets, b.GetProjection("exc->exc").Targets);
        Assert.Equal(a.GetProjection("inh->exc").Weights, b.GetProjection("inh->exc").Weights);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(3UL)] // BuildSeed set equal to the seed, as the STDP-MNIST trainer does
    public void BuildAndRunTrees_SameSeed_ShareNoStreamKey(ulong? buildSeed)
    {
        // With both trees rooted at the seed itself, projection k's stream (build.Fork(1).Fork(k)) had the key of
        // population k's run stream (run.Fork(1).Fork(k)), and its weight stream that of the Poisson source's block 1.
        // Every stream the engine forks, to three levels and ids 0-15 (purpose, then projection or population or input,
        // then block or target or variable), and the seed's own first two levels (what a caller such as the STDP-MNIST
        // trainer forks from the same seed), must be pairwise distinct.
        var engine = new SpikingEngine(Networks.Busy(), new SimulationOptions { Seed = 3, BuildSeed = buildSeed });
        var build = Tree(engine.BuildTreeKey, 3);
        var run = Tree(engine.RunTreeKey, 3);
        var caller = Tree(3, 2);
        Assert.Equal(build.Count + run.Count + caller.Count, build.Concat(run).Concat(caller).Distinct().Count());
    }

    /// <summary>The keys of a stream and of its descendants down to <paramref name="depth"/> forks, with ids 0-15 at each.</summary>
    private static List<ulong> Tree(ulong key, int depth)
    {
        var keys = new List<ulong> { key };
        var level = new List<ulong> { key };
        for (int d = 0; d < depth; d++)
        {
            level = [.. level.SelectMany(parent => Enumerable.Range(0, 16).Select(id => NeuroSharp.Numerics.Random.RandomStream.ChildKey(parent, (ulong)id)))];
            keys.AddRange(level);
        }
        return keys;
    }

    [Theory]
    [InlineData(0.0, 10)]
    [InlineData(2.0, 30)]
    [InlineData(0.55, 16)]
    public void Delay_SpikeAtStepN_ReachesTheChannelAtStepNPlusDelay(double delayMs, int arrivalStep)
    {
        // Source spike at step 10; delay d steps: the weight is added in the Deliver phase of step 10 + d
        // (0.55 ms rounds to 6 steps) and is seen in g_e after that step.
        var spec = new NetworkSpec
        {
            DtMs = 0.1,
            Populations =
            [
                new PopulationSpec { Name = "src", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [1.0] } },
                new PopulationSpec { Name = "n", Count = 1, Model = new LifNeuronSpec { TauExcMs = 1e9, ThresholdMv = 100 } },
            ],
            Projections = [new ProjectionSpec { Source = "src", Target = "n", Receptor = Receptor.Excitatory, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(3), DelayMs = DistributionSpec.Constant(delayMs) }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["ge"] }],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(50);
        var ge = engine.StateMonitors[0].Values("ge");
        Assert.Equal(0f, ge[arrivalStep - 1]);
        Assert.Equal(3f, ge[arrivalStep], 4);
    }

    [Fact]
    public void Delay_PerSynapse_EachArrivesAtItsOwnStep()
    {
        var spec = new NetworkSpec
        {
            DtMs = 0.1,
            Populations =
            [
                new PopulationSpec { Name = "src", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [0.5] } },
                new PopulationSpec { Name = "n", Count = 3, Model = new LifNeuronSpec { TauExcMs = 1e9, ThresholdMv = 100 } },
            ],
            Projections =
            [
                new ProjectionSpec
                {
                    Source = "src", Target = "n", Receptor = Receptor.Excitatory, Weight = DistributionSpec.Constant(1),
                    Connectivity = new ExplicitConnectivity { Sources = [0, 0, 0], Targets = [2, 0, 1], DelaysMs = [0.3, 1.0, 0] },
                },
            ],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["ge"] }],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(30);
        var ge = engine.StateMonitors[0].Values("ge").ToArray();
        int FirstStep(int neuron)
        {
            for (int s = 0; s < 30; s++) if (ge[s * 3 + neuron] > 0) return s;
            return -1;
        }
        Assert.Equal(15, FirstStep(0));
        Assert.Equal(5, FirstStep(1));
        Assert.Equal(8, FirstStep(2));
    }

    [Fact]
    public void StepOrder_IsTheDocumentedOne()
    {
        Assert.Equal(
            [StepPhase.Inputs, StepPhase.Integrate, StepPhase.Threshold, StepPhase.Deliver, StepPhase.Plasticity, StepPhase.Reset, StepPhase.Monitors],
            SpikingEngine.StepOrder);
    }

    [Fact]
    public void PoissonSources_RateMatchesWithinFourStandardErrors()
    {
        // 2 000 sources at 20 Hz for 1 s: 40 000 expected spikes, sd 200; 4 sd = 800.
        var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "p", Count = 2000, Model = new PoissonSourceSpec { RateHz = 20 } }] };
        var engine = new SpikingEngine(spec, new SimulationOptions { Seed = 5 });
        engine.Run(10_000);
        Assert.InRange(engine.SpikeMonitors[0].Count, 40_000 - 800, 40_000 + 800);
    }

    [Fact]
    public void PoissonSources_FromIntensities_RateCodesEachPixel()
    {
        // Intensities 0, 0.25, 1 at 100 Hz max, 500 copies each, 1 s: 0, 12 500 and 50 000 expected spikes,
        // sd 0, 112 and 224; 4 sd tolerance.
        var pixels = Enumerable.Range(0, 1500).Select(i => i < 500 ? 0f : i < 1000 ? 0.25f : 1f).ToArray();
        var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "img", Count = 1500, Model = PoissonSourceSpec.FromIntensities(pixels, 100) }] };
        var engine = new SpikingEngine(spec, new SimulationOptions { Seed = 4 });
        engine.Run(10_000);
        var counts = new int[3];
        foreach (int i in engine.SpikeMonitors[0].Neurons) counts[i / 500]++;
        Assert.Equal(0, counts[0]);
        Assert.InRange(counts[1], 12_500 - 450, 12_500 + 450);
        Assert.InRange(counts[2], 50_000 - 900, 50_000 + 900);
    }

    [Fact]
    public void PoissonInput_MeanDriveMatchesRateTimesWeight()
    {
        // N = 100 sources at 10 Hz, w = 0.01, tau_e = 5 ms: the mean of g_e is N rate w tau_e = 0.05 mV;
        // averaged over 500 neurons and 1 s the estimate is within 5 % (sd of the mean about 1 %).
        var spec = new NetworkSpec
        {
            Populations = [new PopulationSpec { Name = "n", Count = 500, Model = new LifNeuronSpec { ThresholdMv = 100 } }],
            Inputs = [new PoissonInputSpec { Target = "n", SourceCount = 100, RateHz = 10, Weight = 0.01 }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["ge"], EverySteps = 10 }],
        };
        var engine = new SpikingEngine(spec, new SimulationOptions { Seed = 9 });
        engine.Run(10_000);
        var ge = engine.StateMonitors[0].Values("ge").ToArray();
        double mean = ge.Skip(500 * 20).Average(x => (double)x);
        Assert.InRange(mean, 0.05 * 0.95, 0.05 * 1.05);
    }

    [Theory]
    [InlineData(new[] { 3 }, 10, new[] { 3, 13, 23 })]
    [InlineData(new int[0], 10, new[] { 0, 10, 20 })]
    [InlineData(new[] { 2, 5 }, 0, new[] { 2, 5 })]
    public void Stimulus_ListedStepsThenEveryN_ReachTheDendrite(int[] steps, int every, int[] expected)
    {
        // A neuron that only collects (never activates): its current grows by the amount at each stimulus,
        // which arrives in the Inputs phase and is collected in the same step.
        var spec = new NetworkSpec
        {
            Neurons = [new SingleNeuronSpec { Id = "n", Model = new TransmitterNeuronSpec { InitialStepsToActivation = 0, Reproductivity = new(0, 0), Threshold = 1e9 } }],
            Inputs = [new TransmitterStimulusSpec { Target = "n", Steps = steps, EverySteps = every, Amount = new(2, 0) }],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(25);
        var arrivals = new List<int>();
        double previous = 0;
        for (int s = 0; s < 25; s++)
        {
            double current = engine.TransmitterState!.Row(s, 0)[9];
            if (current > previous) arrivals.Add(s);
            previous = current;
        }
        Assert.Equal(expected, arrivals);
    }

    [Fact]
    public void TransmitterNeurons_InTheEngine_StepWithTheArticleRules()
    {
        var spec = NetworkFile.Load(Path.Combine(RepositoryRoot.Path, "examples", "networks", "article-two-neurons.json"));
        var engine = new SpikingEngine(spec);
        engine.Run(12);
        var t = engine.TransmitterState!;
        Assert.Equal(12, t.SampleCount);
        Assert.Equal((double)TransmitterPhase.Releasing, t.Row(4, 0)[0]);
        Assert.Equal((double)TransmitterPhase.Releasing, t.Row(4, 1)[0]);
        Assert.Equal(1, engine.SpikeCountOf("first"));
        // Reference aliasing: the second collected 0.1 S summed over steps 5-10 plus step 11's (sequential): 0.27777775.
        Assert.Equal(0.27777775, t.Row(10, 1)[9], 10);
    }
}
