using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Evolution;

/// <summary>NEAT's mirror-tied genes (docs/evolution-neat.md, "Mirror-tied genes") on the pole tasks.</summary>
public class NeatMirrorTests
{
    private static PoleBalancingTask NoVelocity() => new(PoleVariant.DoublePoleNoVelocity, sensorCode: SensorCode.Linear);

    /// <summary>Heavy structural growth, so that every operator meets hidden pairs, parallel lanes and disabled links.</summary>
    private static NeatOptions Growing(PoleBalancingTask task) => task.NeatDefaults with
    {
        Mirror = task.NeatMirror, AddNeuronRate = 0.3, AddLinkRate = 0.5, DelayMutationRate = 0.5, ToggleRate = 0.2, WeightPerturbRate = 0.8,
    };

    [Fact]
    public void NeatMirror_PoleTasks_SwapsPushAndPullAndTheMotors()
    {
        // double-pole-nv: x+ x- th1+ th1- th2+ th2- bias | right left.
        Assert.Equal([1, 0, 3, 2, 5, 4, 6, 8, 7], NoVelocity().NeatMirror);
        Assert.Equal(15, new PoleBalancingTask(PoleVariant.DoublePole).NeatMirror.Count);
    }

    [Fact]
    public void Neat_MirrorCircuitStart_FirstGenomesTiedAndDifferent()
    {
        var task = NoVelocity();
        var neat = (Neat)EvolverFactory.Create(new EvolverSettings("neat", 10, 0, 3, Circuit: true, Mirror: true), task);
        var tracker = new InnovationTracker(9);
        foreach (var g in neat.Population)
        {
            Assert.Equal(26, g.Links.Count);
            Assert.True(NeatMirror.IsTied(g, task.NeatMirror, tracker));
            // 13 free weights: the two bias links and each sensor's link to "push right" equal their images.
            Assert.Equal(13, g.Links.Select(l => l.Weight).Distinct().Count());
        }
        Assert.NotEqual(neat.Population[0].Links[0].Weight, neat.Population[1].Links[0].Weight);
    }

    [Fact]
    public void Mutate_AnySequence_KeepsTheGenomeValidAndTied()
    {
        // Invariant: 60 genomes mutated 1 .. 30 times each (new neurons in pairs, new links and lanes, delays, switches) stay
        // tied, and decode to valid networks whose mirror-image synapses are equal.
        var task = NoVelocity();
        var options = Growing(task) with { StartLinks = task.NeatStartLinks };
        var tracker = new InnovationTracker(9);
        var random = new RandomStream(7);
        var model = task.DecodingModel(ControllerModel.Lif);
        int hidden = 0, lanes = 0;
        for (int i = 0; i < 60; i++)
        {
            var g = NeatMirror.Tie(Genome.Seeded(i, 7, 2, task.NeatStartLinks!, tracker, random, 10), task.NeatMirror, tracker);
            for (int m = 0; m < 1 + i % 30; m++)
            {
                g = NeatOperators.Mutate(i, g, options, tracker, random);
                Assert.True(NeatMirror.IsTied(g, task.NeatMirror, tracker), $"genome {i} after mutation {m}");
            }
            GenomeDecoder.Decode(g, model).Validate();
            hidden += g.HiddenCount;
            lanes += g.Links.Count(l => l.Lane > 1 || l.Source >= 9);
        }
        Assert.True(hidden >= 20, $"{hidden} hidden neurons grown"); // the operators were exercised
        Assert.Equal(0, hidden % 2); // hidden neurons come in mirror pairs
        Assert.True(lanes > 0);
    }

    [Fact]
    public void Crossover_IdenticalTiedParents_GivesTheParent()
    {
        var task = NoVelocity();
        var options = Growing(task) with { StartLinks = task.NeatStartLinks };
        var tracker = new InnovationTracker(9);
        var random = new RandomStream(11);
        var g = NeatMirror.Tie(Genome.Seeded(0, 7, 2, task.NeatStartLinks!, tracker, random, 10), task.NeatMirror, tracker);
        for (int m = 0; m < 12; m++) g = NeatOperators.Mutate(0, g, options, tracker, random);
        var child = NeatMirror.Crossover(1, g, g, random, 0.75, task.NeatMirror, tracker);
        Assert.True(child.SameGenes(g));
    }

    [Fact]
    public void Crossover_TwoTiedParents_ChildTiedWithGenesFromBoth()
    {
        var task = NoVelocity();
        var options = Growing(task) with { StartLinks = task.NeatStartLinks };
        var tracker = new InnovationTracker(9);
        var random = new RandomStream(13);
        var a = NeatMirror.Tie(Genome.Seeded(0, 7, 2, task.NeatStartLinks!, tracker, random, 10), task.NeatMirror, tracker);
        var b = NeatMirror.Tie(Genome.Seeded(1, 7, 2, task.NeatStartLinks!, tracker, random, 10), task.NeatMirror, tracker);
        for (int m = 0; m < 6; m++)
        {
            a = NeatOperators.Mutate(0, a, options, tracker, random);
            b = NeatOperators.Mutate(1, b, options, tracker, random);
        }
        for (int k = 0; k < 20; k++)
        {
            var child = NeatMirror.Crossover(2, a, b, random, 0.75, task.NeatMirror, tracker);
            Assert.True(NeatMirror.IsTied(child, task.NeatMirror, tracker));
            Assert.Equal(a.Links.Select(l => l.Innovation), child.Links.Select(l => l.Innovation)); // the fitter parent's structure
        }
        // The 26 start links match in both parents, so the child's weights mix the two (not all from one).
        var child2 = NeatMirror.Crossover(3, a, b, new RandomStream(1), 0.75, task.NeatMirror, tracker);
        var start = child2.Links.Where(l => l.Innovation < 26).ToList();
        Assert.Contains(start, l => l.Weight == a.Links.First(x => x.Innovation == l.Innovation).Weight);
        Assert.Contains(start, l => l.Weight == b.Links.First(x => x.Innovation == l.Innovation).Weight);
    }

    [Fact]
    public void NeatMirror_SolvedCircuitMappedOntoTheTiedStart_SameSpikes()
    {
        // Known answer: the solved delay-line circuit is mirror-symmetric, so it is a tied genome. Only the 13 free weights (the
        // link of each pair that comes first) are taken from the circuit; tying writes their images. The decoded network has the
        // circuit's synapses and gives its motor counts every control step of the 1 000-step episode.
        var task = NoVelocity();
        var circuit = PoleVelocityCircuit.Build(NeatPoleTests.SolvedCircuit, SensorCode.Linear);
        var full = NeatPoleTests.GenomeOf(circuit, task);
        var tracker = new InnovationTracker(9);
        Assert.True(NeatMirror.IsTied(full, task.NeatMirror, tracker));
        var byTriple = full.Links.ToDictionary(l => (l.Source, l.Target, l.Lane));
        var m = task.NeatMirror;
        // The images (the later link of each pair) wiped: tying must restore them.
        var half = new Genome(0, full.Nodes, full.Links.Select(l =>
            byTriple[(m[l.Source], m[l.Target], l.Lane)].Innovation < l.Innovation ? l with { Weight = 0, DelaySteps = 0 } : l));
        Assert.False(NeatMirror.IsTied(half, m, tracker));
        var tied = NeatMirror.Tie(half, m, tracker);
        Assert.True(tied.SameGenes(full));
        var decoded = GenomeDecoder.Decode(tied, task.DecodingModel(ControllerModel.Lif));
        Assert.Equal(NeatPoleTests.Synapses(circuit), NeatPoleTests.Synapses(decoded));
        var a = new NeatPoleTests.CountRecorder();
        var b = new NeatPoleTests.CountRecorder();
        Assert.Equal(1000, task.PlayEpisode(circuit, 1000, a));
        Assert.Equal(1000, task.PlayEpisode(decoded, 1000, b));
        Assert.Equal(a.Counts, b.Counts);
    }

    [Fact]
    public void Neat_MirrorCheckpoint_RestoresTheHiddenPairs()
    {
        // A restored run knows which hidden neurons mirror which, and goes on exactly as the run it was saved from.
        var task = NoVelocity();
        var options = Growing(task) with { PopulationSize = 12, StartLinks = task.NeatStartLinks };
        var neat = new Neat(7, 2, options, 4);
        var fitness = new double[12];
        for (int g = 0; g < 3; g++)
        {
            for (int i = 0; i < fitness.Length; i++) fitness[i] = neat.Population[i].Links.Sum(l => l.Weight) + i;
            neat.Tell(fitness);
        }
        string saved = neat.SaveState();
        Assert.Contains("\"mirrorNodes\"", saved);
        var back = Neat.Restore(options, saved);
        neat.Tell(fitness);
        back.Tell(fitness);
        Assert.Equal(neat.SaveState(), back.SaveState());
    }

    [Fact]
    public void Neat_Untied_WritesNoMirrorNodes()
    {
        var task = NoVelocity();
        var neat = new Neat(7, 2, task.NeatDefaults with { PopulationSize = 4, StartLinks = task.NeatStartLinks }, 4);
        Assert.DoesNotContain("mirrorNodes", neat.SaveState());
    }

    [Fact]
    public void EvolverFactory_MirrorWhereItCannotApply_RefusedInOneSentence()
    {
        var e = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(new EvolverSettings("neat", 0, 0, 1, Mirror: true), new XorTask()));
        Assert.Contains("xor has no mirror symmetry", e.Message);
        e = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(new EvolverSettings("cosyne", 0, 0, 1, Mirror: true), NoVelocity()));
        Assert.Contains("--algorithm neat, not cosyne", e.Message);
    }

    [Fact]
    public void NeatOptions_MirrorNotAnInvolutionOrAsymmetricStart_Refused()
    {
        var e = Assert.Throws<InvalidOptionException>(new NeatOptions { Mirror = [1, 2, 0] }.Validate);
        Assert.Contains("Mirror", e.Message);
        // A start link whose image is missing.
        e = Assert.Throws<InvalidOptionException>(new NeatOptions { Mirror = [1, 0, 3, 2], StartLinks = [new SeedLink(0, 2, 0)] }.Validate);
        Assert.Contains("mirror-symmetric", e.Message);
        new NeatOptions { Mirror = [1, 0, 3, 2], StartLinks = [new SeedLink(0, 2, 0, 0, 1), new SeedLink(1, 3, 0, 0, 1)] }.Validate();
    }

    // Push-pull tied genes (docs/evolution-neat.md, "Push-pull tied genes").

    private static NeatOptions GrowingPushPull(PoleBalancingTask task) => Growing(task) with { StartLinks = task.NeatStartLinks, PushPull = true };

    /// <summary>Whether each push or pull sensor's link to a motor neuron has its twin's link to the same motor, same lane, with the
    /// negated weight and the same delay; checked on the genome directly (not through <see cref="NeatMirror.IsTied"/>).</summary>
    private static void AssertPushPull(Genome g, string because)
    {
        foreach (var l in g.Links.Where(l => l.Source < 6 && l.Target is 7 or 8))
        {
            var twin = g.Links.Single(a => a.Source == (l.Source ^ 1) && a.Target == l.Target && a.Lane == l.Lane);
            Assert.True(twin.Weight == -l.Weight && twin.DelaySteps == l.DelaySteps, $"{because}: {l.Source}->{l.Target} lane {l.Lane}");
        }
    }

    [Fact]
    public void Neat_PushPullCircuitStart_FirstGenomesHaveSevenFreeWeights()
    {
        // The delay-line start under push-pull ties: per sensed variable one gene per lane (four links each), and the bias; so 7
        // free weights, as the circuit's 6 gains and its bias (its delay is the eighth number).
        var task = NoVelocity();
        var neat = (Neat)EvolverFactory.Create(new EvolverSettings("neat", 10, 0, 3, Circuit: true, Mirror: true, PushPull: true), task);
        var tracker = new InnovationTracker(9);
        foreach (var g in neat.Population)
        {
            Assert.Equal(26, g.Links.Count);
            Assert.True(NeatMirror.IsTied(g, task.NeatMirror, tracker, pushPull: true));
            AssertPushPull(g, "start");
            Assert.Equal(7, g.Links.Select(l => Math.Abs(l.Weight)).Distinct().Count());
        }
        Assert.NotEqual(neat.Population[0].Links[0].Weight, neat.Population[1].Links[0].Weight);
        // Mirror ties alone leave 13 free weights, so a mirror-tied start is not push-pull tied.
        var mirrorOnly = (Neat)EvolverFactory.Create(new EvolverSettings("neat", 2, 0, 3, Circuit: true, Mirror: true), task);
        Assert.False(NeatMirror.IsTied(mirrorOnly.Population[0], task.NeatMirror, tracker, pushPull: true));
    }

    [Fact]
    public void Mutate_PushPull_AnySequence_KeepsTheGenomeValidAndPushPullTied()
    {
        // Invariant: 60 genomes mutated 1 .. 30 times each stay mirror- and push-pull tied and decode to valid networks in which
        // each motor's synapse from a push sensor is the negative of the synapse from its pull twin on the same path.
        var task = NoVelocity();
        var options = GrowingPushPull(task);
        var tracker = new InnovationTracker(9);
        var random = new RandomStream(7);
        var model = task.DecodingModel(ControllerModel.Lif);
        int hidden = 0;
        for (int i = 0; i < 60; i++)
        {
            var g = NeatMirror.Tie(Genome.Seeded(i, 7, 2, task.NeatStartLinks!, tracker, random, 10), task.NeatMirror, tracker, pushPull: true);
            for (int m = 0; m < 1 + i % 30; m++)
            {
                g = NeatOperators.Mutate(i, g, options, tracker, random);
                Assert.True(NeatMirror.IsTied(g, task.NeatMirror, tracker, pushPull: true), $"genome {i} after mutation {m}");
                AssertPushPull(g, $"genome {i} after mutation {m}");
            }
            var net = GenomeDecoder.Decode(g, model);
            net.Validate();
            hidden += g.HiddenCount;
        }
        Assert.True(hidden >= 20, $"{hidden} hidden neurons grown");
    }

    [Fact]
    public void Mutate_PushPull_MinimalDoublePoleStart_AddedLanesComeInGroupsOfFour()
    {
        // double-pole's minimal start links every sensor to both motors on lane 0, so add-link adds lane-1 links there: a push-pull
        // link must come with its image, its antipode and the antipode's image, all tied.
        var task = new PoleBalancingTask(PoleVariant.DoublePole);
        var options = task.NeatDefaults with { Mirror = task.NeatMirror, PushPull = true, AddLinkRate = 1, AddNeuronRate = 0 };
        var tracker = new InnovationTracker(15);
        var random = new RandomStream(5);
        var g = NeatMirror.Tie(Genome.Minimal(0, 13, 2, tracker, random, 10, true), task.NeatMirror, tracker, pushPull: true);
        for (int m = 0; m < 20; m++) g = NeatOperators.Mutate(0, g, options, tracker, random);
        var lane1 = g.Links.Where(l => l.Lane == 1 && l.Source < 12 && l.Target >= 13).ToList();
        Assert.NotEmpty(lane1);
        Assert.Equal(0, lane1.Count % 4);
        Assert.True(NeatMirror.IsTied(g, task.NeatMirror, tracker, pushPull: true));
    }

    [Fact]
    public void Crossover_PushPull_IdenticalParentsGiveTheParentAndTwoParentsATiedChild()
    {
        var task = NoVelocity();
        var options = GrowingPushPull(task);
        var tracker = new InnovationTracker(9);
        var random = new RandomStream(11);
        var a = NeatMirror.Tie(Genome.Seeded(0, 7, 2, task.NeatStartLinks!, tracker, random, 10), task.NeatMirror, tracker, pushPull: true);
        var b = NeatMirror.Tie(Genome.Seeded(1, 7, 2, task.NeatStartLinks!, tracker, random, 10), task.NeatMirror, tracker, pushPull: true);
        for (int m = 0; m < 12; m++)
        {
            a = NeatOperators.Mutate(0, a, options, tracker, random);
            b = NeatOperators.Mutate(1, b, options, tracker, random);
        }
        Assert.True(NeatMirror.Crossover(2, a, a, random, 0.75, task.NeatMirror, tracker, pushPull: true).SameGenes(a));
        for (int k = 0; k < 20; k++)
        {
            var child = NeatMirror.Crossover(3, a, b, random, 0.75, task.NeatMirror, tracker, pushPull: true);
            Assert.True(NeatMirror.IsTied(child, task.NeatMirror, tracker, pushPull: true));
            AssertPushPull(child, $"child {k}");
        }
    }

    [Fact]
    public void PushPull_WithoutMirrorOrWithAnotherAlgorithm_RefusedInOneSentence()
    {
        var e = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(new EvolverSettings("neat", 0, 0, 1, Circuit: true, PushPull: true), NoVelocity()));
        Assert.Contains("--algorithm neat --mirror", e.Message);
        e = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(new EvolverSettings("cosyne", 0, 0, 1, Circuit: true, PushPull: true), NoVelocity()));
        Assert.Contains("not cosyne", e.Message);
        var o = Assert.Throws<InvalidOptionException>(new NeatOptions { PushPull = true }.Validate);
        Assert.Contains("Mirror", o.Message);
        // A start whose push-pull pair does not carry opposite start weights.
        o = Assert.Throws<InvalidOptionException>(new NeatOptions
        {
            Mirror = [1, 0, 3, 2], PushPull = true,
            StartLinks = [new SeedLink(0, 2, 0, 0, 1), new SeedLink(1, 3, 0, 0, 1), new SeedLink(1, 2, 0, 0, 1), new SeedLink(0, 3, 0, 0, 1)],
        }.Validate);
        Assert.Contains("push-pull symmetric", o.Message);
    }
}
