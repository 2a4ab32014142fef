using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Evolution;

/// <summary>NEAT's genome in the delay-line circuit's coordinates (docs/evolution-neat.md, "Lane pairs in (P, V) coordinates",
/// "The weight limit" and "The shared slow delay").</summary>
public class NeatLaneBasisTests
{
    private static PoleBalancingTask NoVelocity() => new(PoleVariant.DoublePoleNoVelocity, sensorCode: SensorCode.Linear);

    /// <summary>Only the weights move: no structure, delay or switch mutations, no self-adaptation.</summary>
    private static NeatOptions WeightsOnly(double positionStep) => new()
    {
        PositionStep = positionStep, MaxParallelLinks = 2, MaxDelaySteps = 40, WeightMutationRate = 1, WeightPerturbRate = 1, WeightPerturbPower = 5,
        AddNeuronRate = 0, AddLinkRate = 0, DelayMutationRate = 0, ToggleRate = 0, WeightLimit = 80,
    };

    /// <summary>One sensor (0) to one motor (1) by a fast and a slow link.</summary>
    private static Genome Pair(double fast, double slow, int fastDelay = 0, int slowDelay = 20) =>
        new(0, [new NodeGene(0, NodeRole.Input, NeuronKind.Mixed), new NodeGene(1, NodeRole.Output, NeuronKind.Mixed)],
            [new LinkGene(0, 0, 1, fast, fastDelay, true, 0), new LinkGene(1, 0, 1, slow, slowDelay, true, 1)]);

    [Theory]
    [InlineData(0.2, 0, 20)]
    [InlineData(1.0, 0, 20)]
    [InlineData(0.2, 30, 20)] // lane 1 is the faster link now: it takes dP + dV
    public void Mutate_PositionStep_KnownAnswer(double positionStep, int lane0Delay, int lane1Delay)
    {
        // fast += dP + dV, slow -= dV with dP = F P g1, dV = P g2 (P = 5, g1 and g2 the stream's two Gaussians after its two
        // Bernoulli draws: weights mutated, pair perturbed).
        var parent = Pair(3, -7, lane0Delay, lane1Delay);
        var child = NeatOperators.Mutate(1, parent, WeightsOnly(positionStep), new InnovationTracker(2), new RandomStream(11));
        var r = new RandomStream(11);
        r.NextBernoulli(1);
        r.NextBernoulli(1);
        double dP = positionStep * 5 * r.NextGaussian(), dV = 5 * r.NextGaussian();
        bool lane0Fast = lane0Delay <= lane1Delay;
        Assert.Equal(lane0Fast ? 3 + dP + dV : 3 - dV, child.Links[0].Weight, 12);
        Assert.Equal(lane0Fast ? -7 - dV : -7 + dP + dV, child.Links[1].Weight, 12);
        // P = fast + slow moves by dP alone.
        Assert.Equal(3 - 7 + dP, child.Links[0].Weight + child.Links[1].Weight, 12);
        Assert.NotEqual(0, dV);
    }

    [Fact]
    public void Mutate_PositionStepWithWeightLimit_ClampsEachWeight()
    {
        var parent = Pair(79, -79);
        var options = WeightsOnly(1) with { WeightPerturbPower = 50, WeightLimit = 80 };
        var r = new RandomStream(4);
        for (int i = 0; i < 50; i++)
        {
            var child = NeatOperators.Mutate(i, parent, options, new InnovationTracker(2), r);
            Assert.All(child.Links, l => Assert.InRange(l.Weight, -80, 80));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MutateTied_PositionStep_StaysTiedAndMovesEachPositionGainByDpAlone(bool pushPull)
    {
        // Invariant: mirror (and push-pull) tied genomes of the delay-line start, mutated with a tiny P step, stay tied, their fast
        // and slow weights move, and P = fast + slow of every sensor-to-motor pair stays within F times the steps.
        var task = NoVelocity();
        var tracker = new InnovationTracker(9);
        var options = task.NeatDefaults with
        {
            StartLinks = task.NeatStartLinks, Mirror = task.NeatMirror, PushPull = pushPull, PositionStep = 1e-9,
            WeightMutationRate = 1, AddNeuronRate = 0, AddLinkRate = 0, DelayMutationRate = 0, ToggleRate = 0,
        };
        var random = new RandomStream(5);
        for (int i = 0; i < 20; i++)
        {
            var parent = NeatMirror.Tie(Genome.Seeded(i, 7, 2, task.NeatStartLinks!, tracker, random, 10), task.NeatMirror, tracker, pushPull);
            var child = NeatOperators.Mutate(i, parent, options, tracker, random);
            Assert.True(NeatMirror.IsTied(child, task.NeatMirror, tracker, pushPull));
            int moved = 0;
            foreach (var fast in parent.Links.Where(l => l.Lane == 0 && l.Source < 6))
            {
                int k = parent.Links.ToList().IndexOf(fast);
                int j = NeatLaneBasis.SameEnds(parent.Links, k, 1);
                double before = parent.Links[k].Weight + parent.Links[j].Weight, after = child.Links[k].Weight + child.Links[j].Weight;
                Assert.Equal(before, after, 6);
                if (child.Links[k].Weight != parent.Links[k].Weight) moved++;
            }
            Assert.Equal(12, moved);
        }
    }

    [Fact]
    public void MutateTied_PositionStepWithGrowth_KeepsTheGenomeValidAndTied()
    {
        // Invariant: heavy structural growth (hidden pairs, new lanes, switches) with (P, V) steps and the shared slow delay keeps
        // every genome push-pull tied, its slow sensor-to-motor delays equal, and decodable.
        var task = NoVelocity();
        var tracker = new InnovationTracker(9);
        var options = task.NeatDefaults with
        {
            StartLinks = task.NeatStartLinks, Mirror = task.NeatMirror, PushPull = true, PositionStep = 0.2, SharedSlowDelay = true, WeightLimit = 50,
            AddNeuronRate = 0.3, AddLinkRate = 0.5, DelayMutationRate = 0.5, ToggleRate = 0.2, WeightPerturbRate = 0.8,
        };
        options.Validate();
        var random = new RandomStream(8);
        var model = task.DecodingModel(ControllerModel.Lif);
        var delays = new HashSet<int>();
        for (int i = 0; i < 40; i++)
        {
            var g = NeatMirror.Tie(Genome.Seeded(i, 7, 2, task.NeatStartLinks!, tracker, random, 10), task.NeatMirror, tracker, true);
            for (int m = 0; m < 1 + i % 20; m++) g = NeatOperators.Mutate(i, g, options, tracker, random);
            Assert.True(NeatMirror.IsTied(g, task.NeatMirror, tracker, true));
            Assert.True(NeatLaneBasis.SharesSlowDelay(g, options));
            Assert.All(g.Links, l => Assert.InRange(l.Weight, -50, 50));
            GenomeDecoder.Decode(g, model).Validate();
            delays.Add(g.Links.First(l => l.Lane == 1 && l.Source < 6 && l.Target is 7 or 8).DelaySteps);
        }
        Assert.True(delays.Count > 3, $"the shared delay moved to only {delays.Count} values");
    }

    [Fact]
    public void Mutate_SharedDelay_OneStepMovesEverySlowSensorLink()
    {
        var task = NoVelocity();
        var tracker = new InnovationTracker(9);
        var options = task.NeatDefaults with
        {
            StartLinks = task.NeatStartLinks, SharedSlowDelay = true, WeightMutationRate = 0, AddNeuronRate = 0, AddLinkRate = 0, DelayMutationRate = 1, ToggleRate = 0,
        };
        var random = new RandomStream(3);
        var parent = Genome.Seeded(0, 7, 2, task.NeatStartLinks!, tracker, random, 10);
        int slowMoved = 0;
        for (int i = 0; i < 30; i++)
        {
            var child = NeatOperators.Mutate(i, parent, options, tracker, random);
            var changed = Enumerable.Range(0, child.Links.Count).Where(k => child.Links[k].DelaySteps != parent.Links[k].DelaySteps).ToList();
            Assert.True(changed.Count is 0 or 1 or 12, $"{changed.Count} delays changed"); // 0: a fast link held at delay 0
            if (changed.Count == 12)
            {
                slowMoved++;
                Assert.All(changed, k => Assert.Equal(1, child.Links[k].Lane));
                Assert.Single(changed.Select(k => child.Links[k].DelaySteps).Distinct());
            }
        }
        Assert.InRange(slowMoved, 5, 25); // 12 of 26 links are slow sensor links
    }

    [Fact]
    public void Mutate_SharedDelay_ChildOfParentsWithTwoDelaysTakesItsFirstSlowLinks()
    {
        // A crossover child may hold slow links of two delays; its mutation restores one delay, its first slow link's.
        var task = NoVelocity();
        var tracker = new InnovationTracker(9);
        var options = task.NeatDefaults with
        {
            StartLinks = task.NeatStartLinks, SharedSlowDelay = true, WeightMutationRate = 0, AddNeuronRate = 0, AddLinkRate = 0, DelayMutationRate = 0, ToggleRate = 0,
        };
        var g = Genome.Seeded(0, 7, 2, task.NeatStartLinks!, tracker, new RandomStream(1), 10);
        var links = g.Links.ToList();
        int first = links.FindIndex(l => l.Lane == 1);
        for (int k = first + 1; k < links.Count; k++) if (links[k].Lane == 1) links[k] = links[k] with { DelaySteps = 33 };
        var mixed = new Genome(0, g.Nodes, links);
        Assert.False(NeatLaneBasis.SharesSlowDelay(mixed, options));
        var child = NeatOperators.Mutate(1, mixed, options, tracker, new RandomStream(2));
        Assert.True(NeatLaneBasis.SharesSlowDelay(child, options));
        Assert.All(child.Links.Where(l => l.Lane == 1), l => Assert.Equal(links[first].DelaySteps, l.DelaySteps));
    }

    [Fact]
    public void Mutate_DelayStep_MovesOneToKStepsAndTheSharedDelayWithIt()
    {
        // Known answer: the move is the stream's sign draw times 1 + NextInt(K); with the shared delay all 12 slow sensor links take it.
        var task = NoVelocity();
        var tracker = new InnovationTracker(9);
        var options = task.NeatDefaults with
        {
            StartLinks = task.NeatStartLinks, SharedSlowDelay = true, DelayStep = 8, WeightMutationRate = 0, AddNeuronRate = 0, AddLinkRate = 0, DelayMutationRate = 1, ToggleRate = 0,
            AdaptiveMutation = false,
        };
        var parent = Genome.Seeded(0, 7, 2, task.NeatStartLinks!, tracker, new RandomStream(1), 10);
        var moves = new HashSet<int>();
        for (int i = 0; i < 40; i++)
        {
            var child = NeatOperators.Mutate(1, parent, options, tracker, new RandomStream((ulong)i + 100));
            var r = new RandomStream((ulong)i + 100);
            r.NextBernoulli(0); r.NextBernoulli(0); r.NextBernoulli(0); r.NextBernoulli(1); // weights, add-neuron, add-link, delay
            int k = r.NextInt(26);
            int move = (r.NextBernoulli(0.5) ? 1 : -1) * (1 + r.NextInt(8));
            int expected = Math.Clamp(parent.Links[k].DelaySteps + move, 0, options.MaxDelaySteps);
            Assert.Equal(expected, child.Links[k].DelaySteps);
            if (parent.Links[k].Lane == 1) Assert.All(child.Links.Where(l => l.Lane == 1), l => Assert.Equal(expected, l.DelaySteps));
            moves.Add(Math.Abs(move));
        }
        Assert.True(moves.Count >= 5 && moves.Max() <= 8, string.Join(",", moves));
    }

    [Fact]
    public void MinScale_FloorsTheSelfAdaptedScale()
    {
        // Invariant: 200 successive mutations of a scale started at the floor never go below it; from the task's floor they do.
        var task = NoVelocity();
        var tracker = new InnovationTracker(9);
        var settings = new EvolverSettings("neat", 0, 0, 1, Circuit: true, Mirror: true, MinScale: 0.2);
        var neat = (Neat)EvolverFactory.Create(settings, task);
        var options = task.NeatDefaults with { StartLinks = task.NeatStartLinks, Mirror = task.NeatMirror, MinMutationScale = 0.2, AddNeuronRate = 0, AddLinkRate = 0 };
        var random = new RandomStream(12);
        var g = NeatMirror.Tie(new Genome(0, neat.Population[0].Nodes, neat.Population[0].Links, 0.2), task.NeatMirror, tracker);
        double lowest = 1;
        for (int i = 0; i < 200; i++) { g = NeatOperators.Mutate(i, g, options, tracker, random); lowest = Math.Min(lowest, g.MutationScale); }
        Assert.Equal(0.2, lowest, 12);
        var e = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(settings with { MinScale = 20 }, task));
        Assert.Contains("--min-scale", e.Message);
        e = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(new EvolverSettings("neat", 0, 0, 1, MinScale: 0.2), new XorTask()));
        Assert.Contains("xor does not self-adapt", e.Message);
    }

    [Fact]
    public void CrossoverTied_IdenticalParentsWithTheNewOptions_GiveTheParent()
    {
        var task = NoVelocity();
        var tracker = new InnovationTracker(9);
        var options = task.NeatDefaults with
        {
            StartLinks = task.NeatStartLinks, Mirror = task.NeatMirror, PushPull = true, PositionStep = 0.2, SharedSlowDelay = true, WeightLimit = 50,
            AddNeuronRate = 0.3, AddLinkRate = 0.5,
        };
        var random = new RandomStream(6);
        var g = NeatMirror.Tie(Genome.Seeded(0, 7, 2, task.NeatStartLinks!, tracker, random, 10), task.NeatMirror, tracker, true);
        for (int m = 0; m < 10; m++) g = NeatOperators.Mutate(0, g, options, tracker, random);
        var child = NeatMirror.Crossover(g.Id, g, g, random, 0.75, task.NeatMirror, tracker, true);
        Assert.True(child.SameGenes(g));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NeatCircuit_PositionStepLimitSharedDelay_OneAndTwoThreads_SameChampion(bool pushPull)
    {
        EvolutionRun Run(int threads)
        {
            var task = NoVelocity();
            var settings = new EvolverSettings("neat", 12, 0, 5, Circuit: true, Mirror: true, PushPull: pushPull, PositionStep: 0.2, WeightLimit: 50, SharedDelay: true);
            var run = new EvolutionRun(task, ControllerModel.Lif, EvolverFactory.Create(settings, task), 5, 3, threads);
            while (run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default) && run.History.Count < 3) { }
            return run;
        }
        var one = Run(1);
        var two = Run(2);
        Assert.True(one.Best!.Genome.SameGenes(two.Best!.Genome));
        Assert.Equal(one.Evolver.SaveState(), two.Evolver.SaveState());
    }

    [Fact]
    public void Options_BadValues_RefusedNamingTheField()
    {
        var e = Assert.Throws<InvalidOptionException>(new NeatOptions { PositionStep = 0 }.Validate);
        Assert.Contains("PositionStep", e.Message);
        e = Assert.Throws<InvalidOptionException>(new NeatOptions { SharedSlowDelay = true }.Validate);
        Assert.Contains("MaxParallelLinks", e.Message);
        var i = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(new EvolverSettings("neat", 0, 0, 1, SharedDelay: true), new XorTask()));
        Assert.Contains("xor allows one link per pair", i.Message);
        i = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(new EvolverSettings("cosyne", 0, 0, 1, PositionStep: 0.2), NoVelocity()));
        Assert.Contains("not cosyne", i.Message);
    }
}
