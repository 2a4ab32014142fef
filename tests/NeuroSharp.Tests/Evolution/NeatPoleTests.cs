using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Evolution;

/// <summary>NEAT on the pole tasks: its weight scale there and the delay-line start topology of <c>--algorithm neat --circuit</c>.</summary>
public class NeatPoleTests
{
    private static PoleBalancingTask NoVelocity(SensorCode code = SensorCode.Linear) => new(PoleVariant.DoublePoleNoVelocity, sensorCode: code);

    /// <summary>Sensors 0 .. 6 (x+, x-, theta1+, theta1-, theta2+, theta2-, bias), motors 7 (push right) and 8 (push left):
    /// every push-pull sensor to both motors on a fast lane (0, no delay) and a slow one (1, one window), the bias on lane 0.</summary>
    private static HashSet<(int Source, int Target, int Delay, int Lane)> DelayLineLinks()
    {
        var set = new HashSet<(int, int, int, int)>();
        for (int s = 0; s < 6; s++)
        {
            for (int t = 7; t <= 8; t++) { set.Add((s, t, 0, 0)); set.Add((s, t, 80, 1)); }
        }
        set.Add((6, 7, 0, 0));
        set.Add((6, 8, 0, 0));
        return set;
    }

    [Fact]
    public void NeatCircuit_DoublePoleNv_FirstGenomesHoldTheDelayLineCircuit()
    {
        var task = NoVelocity();
        var neat = (Neat)EvolverFactory.Create(new EvolverSettings("neat", 20, 0, 3, Circuit: true), task);
        Assert.Equal(20, neat.Population.Count);
        foreach (var g in neat.Population)
        {
            Assert.Equal(DelayLineLinks(), g.Links.Select(l => (l.Source, l.Target, l.DelaySteps, l.Lane)).ToHashSet());
            Assert.Equal(26, g.Links.Count);
            Assert.Equal(0, g.HiddenCount);
        }
        // Weights are drawn per genome around the operating point, so the first genomes differ.
        Assert.NotEqual(neat.Population[0].Links[0].Weight, neat.Population[1].Links[0].Weight);
    }

    [Theory]
    [InlineData(SensorCode.Linear)]
    [InlineData(SensorCode.Log)]
    public void NeatCircuit_NoSpread_FirstGenomesDecodeToTheCircuitsStart(SensorCode code)
    {
        // With no initial spread NEAT's first genomes are the circuit's operating point, the network CMA-ES starts from:
        // the template's start (gains 0, the start bias on both motors, the slow path one window late), synapse for synapse.
        var task = NoVelocity(code);
        var options = task.NeatDefaults with { WeightInitScale = 0 };
        var neat = (Neat)EvolverFactory.Create(new EvolverSettings("neat", 4, 0, 3, Circuit: true), task, options);
        var model = task.DecodingModel(ControllerModel.Lif);
        var start = Synapses(task.Circuit!.Seed());
        Assert.Contains(start, x => x.W != 0); // the bias
        foreach (var g in neat.Population) Assert.Equal(start, Synapses(GenomeDecoder.Decode(g, model)));
    }

    /// <summary>A network's synapses as (source, target, signed mV, delay ms), sorted; weights rounded to 1e-9 mV.</summary>
    internal static List<(int S, int T, double W, double D)> Synapses(NetworkSpec net) =>
    [
        .. net.Projections.SelectMany(p =>
        {
            var c = (ExplicitConnectivity)p.Connectivity;
            double sign = p.Receptor == Receptor.Inhibitory ? -1 : 1;
            return Enumerable.Range(0, c.Sources.Count).Select(k => (c.Sources[k], c.Targets[k], Math.Round(sign * c.Weights![k], 9) + 0.0, c.DelaysMs![k]));
        }).OrderBy(x => x),
    ];

    /// <summary>A solved delay-line circuit (IPOP-CMA-ES, linear code): holds 100 000 steps and 319 of the 625 starts.</summary>
    internal static readonly double[] SolvedCircuit =
    [
        -92.10520932787774 + 86.09894705995873, -86.09894705995873, // x: P, V
        -372.29541783610284 + 286.01992709676705, -286.01992709676705, // theta1
        275.0945095800887 - 187.48500826013523, 187.48500826013523, // theta2
        -1.1950247025494525, 21.75, // bias (mV), slow delay (ms)
    ];

    /// <summary>Maps a delay-line circuit onto NEAT's start genome: each synapse to the link of its (source, target, lane), in genome units.</summary>
    internal static Genome GenomeOf(NetworkSpec circuit, PoleBalancingTask task)
    {
        var tracker = new InnovationTracker(task.InputCount + task.OutputCount);
        var start = Genome.Seeded(0, task.InputCount, task.OutputCount, task.NeatStartLinks!, tracker, new NeuroSharp.Numerics.Random.RandomStream(1), 0);
        var links = start.Links.ToDictionary(l => (l.Source, l.Target, l.Lane));
        var set = new HashSet<(int, int, int)>();
        foreach (var p in circuit.Projections)
        {
            int lane = p.Name!.Contains(":slow:") ? 1 : 0;
            var c = (ExplicitConnectivity)p.Connectivity;
            double sign = p.Receptor == Receptor.Inhibitory ? -1 : 1;
            for (int k = 0; k < c.Sources.Count; k++)
            {
                var key = (c.Sources[k], task.InputCount + c.Targets[k], lane);
                Assert.True(set.Add(key));
                links[key] = links[key] with
                {
                    Weight = sign * c.Weights![k] / ControllerModel.Lif.WeightScale,
                    DelaySteps = (int)Math.Round(c.DelaysMs![k] / PoleBalancingTask.EngineStepMs),
                };
            }
        }
        Assert.Equal(links.Count, set.Count);
        return new Genome(0, start.Nodes, links.Values);
    }

    [Fact]
    public void NeatCircuit_SolvedCircuitMappedOntoTheStartGenome_SameNetworkAndSameSpikes()
    {
        // Known answer: a solved delay-line circuit fits NEAT's parallel-link start genome exactly. Its decoded network has
        // the circuit's synapses and, played from the standard start, the same motor counts every control step; both hold
        // the 1 000-step episode (one link per pair could not carry the circuit, and held 22 steps).
        var task = NoVelocity();
        var circuit = PoleVelocityCircuit.Build(SolvedCircuit, SensorCode.Linear);
        var decoded = GenomeDecoder.Decode(GenomeOf(circuit, task), task.DecodingModel(ControllerModel.Lif));
        decoded.Validate();
        Assert.Equal(Synapses(circuit), Synapses(decoded));
        var a = new CountRecorder();
        var b = new CountRecorder();
        int stepsCircuit = task.PlayEpisode(circuit, 1000, a);
        int stepsGenome = task.PlayEpisode(decoded, 1000, b);
        Assert.Equal(1000, stepsCircuit);
        Assert.Equal(stepsCircuit, stepsGenome);
        Assert.Equal(a.Counts, b.Counts);
    }

    internal sealed class CountRecorder : IWorldObserver
    {
        public List<(int, int)> Counts { get; } = [];

        public void OnWorldStep(int step, ReadOnlySpan<double> state, ReadOnlySpan<int> outputSpikeCounts) => Counts.Add((outputSpikeCounts[0], outputSpikeCounts[1]));
    }

    [Fact]
    public void NeatCircuit_DecodedSeed_SlowLaneDelayedOneWindowAtFiveMvPerUnit()
    {
        // A seeded genome with every weight 1 (one of NEAT's units on the default scale) decodes to 5 mV synapses, all
        // excitatory: lane 0 (14 fast links) at 0 ms in one projection, lane 1 (12 slow links) at one 20 ms window in another.
        var task = NoVelocity();
        var tracker = new InnovationTracker(task.InputCount + task.OutputCount);
        var g = Genome.Seeded(0, task.InputCount, task.OutputCount, task.NeatStartLinks!, tracker, new NeuroSharp.Numerics.Random.RandomStream(1), 1);
        g = new Genome(0, g.Nodes, g.Links.Select(l => l with { Weight = 1 }));
        var net = GenomeDecoder.Decode(g, task.DecodingModel(ControllerModel.Lif));
        net.Validate();
        Assert.Equal(["input->output:exc", "input->output:exc:lane1"], net.Projections.Select(p => p.Name));
        Assert.All(net.Projections, p => Assert.Equal(Receptor.Excitatory, p.Receptor));
        var fast = (ExplicitConnectivity)net.Projections[0].Connectivity;
        var slow = (ExplicitConnectivity)net.Projections[1].Connectivity;
        Assert.Equal(14, fast.Weights!.Count);
        Assert.Equal(12, slow.Weights!.Count);
        Assert.All(fast.Weights.Concat(slow.Weights), w => Assert.Equal(5, w, 12));
        Assert.All(fast.DelaysMs!, d => Assert.Equal(0, d));
        Assert.All(slow.DelaysMs!, d => Assert.Equal(PoleBalancingTask.WindowMs, d, 12));
        Assert.Equal(ControllerModel.LinearSensorNeuron, net.Populations[0].Model);
        Assert.Equal(PoleBalancingTask.EngineStepMs, net.DtMs);
    }

    [Fact]
    public void NeatDefaults_PoleTasks_WeightsTenTimesNeatsAndDelaysUpToTwoWindows()
    {
        var d = new NeatOptions();
        var pole = new PoleBalancingTask(PoleVariant.DoublePole).NeatDefaults;
        Assert.Equal(10 * d.WeightInitScale, pole.WeightInitScale);
        Assert.Equal(10 * d.WeightPerturbPower, pole.WeightPerturbPower);
        Assert.Equal(10 * d.WeightLimit, pole.WeightLimit);
        Assert.Equal(160, pole.MaxDelaySteps);
        Assert.Equal(2, pole.MaxParallelLinks);
        Assert.True(pole.AdaptiveMutation);
        Assert.False(d.AdaptiveMutation);
        Assert.Equal(1, d.MaxParallelLinks);
        Assert.True(pole.RelativeThresholdStep);
        Assert.Equal(1, pole.WeightPerturbRate);
        Assert.False(d.RelativeThresholdStep);
        Assert.Null(pole.StartLinks);
        pole.Validate();
    }

    [Fact]
    public void NeatCircuit_TaskWithoutStartTopology_RefusedNamingTheTask()
    {
        var e = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(new EvolverSettings("neat", 0, 0, 1, Circuit: true), new PoleBalancingTask(PoleVariant.DoublePole)));
        Assert.Contains("double-pole has no start topology", e.Message);
        Assert.Contains("double-pole-nv", e.Message);
    }

    [Fact]
    public void NeatOptions_StartLinkLongerThanMaxDelay_Refused()
    {
        var options = new NeatOptions { StartLinks = [new SeedLink(0, 1, 5)], MaxDelaySteps = 4 };
        var e = Assert.Throws<InvalidOptionException>(options.Validate);
        Assert.Contains("StartLinks", e.Message);
        Assert.Contains("5", e.Message);
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 3)] // mirror-tied genes (docs/evolution-neat.md, "Mirror-tied genes")
    [InlineData(true, 3, true)] // push-pull tied genes ("Push-pull tied genes")
    [InlineData(true, 3, false, 0.033)] // the bias step ("The bias step")
    [InlineData(true, 3, false, 1, true)] // elitism, survival, sparse Cauchy weight mutation ("Elitism, survival and sparse weight mutation")
    public void NeatCircuit_OneAndTwoThreads_SameChampion(bool mirror, int generations, bool pushPull = false, double biasStep = 1, bool breeding = false)
    {
        // Few genomes and generations: most networks drop the poles within a few hundred control steps.
        EvolutionRun Run(int threads)
        {
            var task = NoVelocity();
            var settings = new EvolverSettings("neat", 12, 0, 5, Circuit: true, Mirror: mirror, PushPull: pushPull, BiasStep: biasStep,
                Breeding: breeding ? new NeatBreeding(Elitism: 0.3, Survival: 0.5, WeightGeneRate: 0.3, Cauchy: true, AddNeuronRate: 0.2) : null);
            var run = new EvolutionRun(task, ControllerModel.Lif, EvolverFactory.Create(settings, task), 5, generations, threads);
            while (run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default) && run.History.Count < generations) { }
            return run;
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Best!.Genome.Id, two.Best!.Genome.Id);
        Assert.True(one.Best.Genome.SameGenes(two.Best.Genome));
        Assert.Equal(one.Evolver.SaveState(), two.Evolver.SaveState());
    }

    [Fact]
    public void NeatCircuit_BiasStep_ScalesOnlyTheBiasLinksDraws()
    {
        // Known answer: the same seed with --bias-step 0.1 draws the same numbers, so every link but the bias's has the same
        // first weight, and each bias link lies 0.1 times as far from its start weight (the circuit's start bias).
        var task = NoVelocity();
        var plain = (Neat)EvolverFactory.Create(new EvolverSettings("neat", 6, 0, 3, Circuit: true, Mirror: true), task);
        var fine = (Neat)EvolverFactory.Create(new EvolverSettings("neat", 6, 0, 3, Circuit: true, Mirror: true, BiasStep: 0.1), task);
        double start = PoleVelocityCircuit.LinearStartBiasMv / ControllerModel.Lif.WeightScale;
        for (int i = 0; i < 6; i++)
        {
            var a = plain.Population[i].Links;
            var b = fine.Population[i].Links;
            for (int k = 0; k < a.Count; k++)
            {
                if (a[k].Source == 6) Assert.Equal(0.1 * (a[k].Weight - start), b[k].Weight - start, 9);
                else Assert.Equal(a[k].Weight, b[k].Weight);
            }
        }
        Assert.Equal(6, task.NeatDefaults.BiasSensor);
    }

    [Fact]
    public void NeatMutate_BiasStep_BiasLinksMoveByTheFactor()
    {
        // The same parent and stream mutated with bias steps 1 and 0.01: non-bias weights move alike, bias weights 100 times less.
        var task = NoVelocity();
        var tracker = new InnovationTracker(9);
        var options = task.NeatDefaults with { StartLinks = task.NeatStartLinks, AddLinkRate = 0, AddNeuronRate = 0, WeightMutationRate = 1 };
        var parent = Genome.Seeded(0, 7, 2, task.NeatStartLinks!, tracker, new NeuroSharp.Numerics.Random.RandomStream(2), 10);
        var a = NeatOperators.Mutate(1, parent, options, tracker, new NeuroSharp.Numerics.Random.RandomStream(9));
        var b = NeatOperators.Mutate(1, parent, options with { BiasStep = 0.01 }, tracker, new NeuroSharp.Numerics.Random.RandomStream(9));
        for (int k = 0; k < parent.Links.Count; k++)
        {
            double da = a.Links[k].Weight - parent.Links[k].Weight, db = b.Links[k].Weight - parent.Links[k].Weight;
            if (parent.Links[k].Source == 6) { Assert.NotEqual(0, da); Assert.Equal(0.01 * da, db, 9); }
            else Assert.Equal(da, db);
        }
        Assert.Throws<InvalidOptionException>(new NeatOptions { BiasStep = 0.5 }.Validate);
        var e = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(new EvolverSettings("neat", 0, 0, 1, BiasStep: 0.5), new XorTask()));
        Assert.Contains("xor has no bias sensor", e.Message);
    }
}
