using NeuroSharp.Evolution;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Evolution;

/// <summary>NEAT genomes with more than one link per (source, target) pair (lanes) and a self-adaptive mutation size.</summary>
public class NeatParallelLinkTests
{
    private static readonly NeatOptions Parallel = new()
    {
        AddNeuronRate = 0.2, AddLinkRate = 0.9, DelayMutationRate = 0.5, ToggleRate = 0.1, MaxDelaySteps = 12, MaxParallelLinks = 3,
        AdaptiveMutation = true,
    };

    private static List<Genome> Grown(int count, ulong seed, NeatOptions options) => NeatTests.Grown(count, seed, options);

    [Fact]
    public void Mutate_ParallelLinks_NetworkStaysValidAndBuilds()
    {
        // Property: genomes grown with up to three links per pair decode to valid networks the engine builds, each
        // (source, target, lane) once and every lane below the limit; planted: parallel links do appear.
        var grown = Grown(60, 11, Parallel);
        Assert.Contains(grown, g => g.Links.Any(l => l.Lane > 0));
        foreach (var g in grown)
        {
            Assert.Equal(g.Links.Count, g.Links.Select(l => (l.Source, l.Target, l.Lane)).Distinct().Count());
            Assert.All(g.Links, l => Assert.InRange(l.Lane, 0, Parallel.MaxParallelLinks - 1));
            foreach (var model in ControllerModel.All.Where(m => !m.IsTransmitter))
            {
                var net = GenomeDecoder.Decode(g, model);
                net.Validate();
                _ = new SpikingController(net, 3, 2);
                // Every expressed link is one synapse.
                Assert.Equal(g.Links.Count(l => l.Enabled), net.Projections.Sum(p => ((ExplicitConnectivity)p.Connectivity).Sources.Count));
            }
        }
    }

    [Fact]
    public void AddLink_LinkedPair_AddsADifferentlyDelayedLinkOnTheNextLane()
    {
        var nodes = new[] { new NodeGene(0, NodeRole.Input, NeuronKind.Mixed), new NodeGene(1, NodeRole.Output, NeuronKind.Mixed) };
        var tracker = new InnovationTracker(2);
        var g = new Genome(0, nodes, [new LinkGene(tracker.Link(0, 1), 0, 1, 1.0, 3, true)]);
        // Only 0 -> 1 and 1 -> 1 can be drawn; with one link per pair only the self-loop 1 -> 1 is new.
        var one = new NeatOptions { WeightMutationRate = 0, AddNeuronRate = 0, AddLinkRate = 1, DelayMutationRate = 0, ToggleRate = 0, MaxDelaySteps = 20 };
        for (ulong seed = 1; seed <= 10; seed++)
            Assert.DoesNotContain(NeatOperators.Mutate(1, g, one, tracker, new RandomStream(seed)).Links, l => l.Lane > 0);
        var two = one with { MaxParallelLinks = 2 };
        int parallel = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var m = NeatOperators.Mutate(1, g, two, tracker, new RandomStream(seed));
            if (m.Links.SingleOrDefault(l => l.Source == 0 && l.Target == 1 && l.Lane == 1) is { Enabled: true } added)
            {
                parallel++;
                Assert.NotEqual(3, added.DelaySteps);
                Assert.Equal(tracker.Link(0, 1, 1), added.Innovation);
                Assert.NotEqual(tracker.Link(0, 1), added.Innovation);
            }
        }
        Assert.InRange(parallel, 1, 20);
        // A pair with all its lanes taken gets no further link.
        var full = new Genome(0, nodes, [new LinkGene(tracker.Link(0, 1), 0, 1, 1.0, 3, true), new LinkGene(tracker.Link(0, 1, 1), 0, 1, 1.0, 9, true, 1)]);
        for (ulong seed = 1; seed <= 10; seed++)
            Assert.Equal(2, NeatOperators.Mutate(1, full, two, tracker, new RandomStream(seed)).Links.Count(l => l.Source == 0 && l.Target == 1));
    }

    [Fact]
    public void Crossover_IdenticalParentsWithParallelLinksAndScales_GivesTheParent()
    {
        var random = new RandomStream(3);
        var grown = Grown(40, 7, Parallel);
        Assert.Contains(grown, g => g.MutationScale != 1);
        foreach (var g in grown)
        {
            var child = NeatOperators.Crossover(99, g, g, random, 0.75);
            Assert.True(child.SameGenes(g));
        }
    }

    [Fact]
    public void Crossover_TwoScales_ChildTakesTheirGeometricMean()
    {
        var nodes = new[] { new NodeGene(0, NodeRole.Input, NeuronKind.Mixed), new NodeGene(1, NodeRole.Output, NeuronKind.Mixed) };
        var a = new Genome(0, nodes, [new LinkGene(0, 0, 1, 1, 0, true)], 0.5);
        var b = new Genome(1, nodes, [new LinkGene(0, 0, 1, 2, 0, true)], 2);
        Assert.Equal(1, NeatOperators.Crossover(2, a, b, new RandomStream(1), 0.75).MutationScale, 12);
    }

    [Fact]
    public void Compatibility_ParallelLane_CountsAsItsOwnGene()
    {
        // B has A's link 0 -> 1 and a parallel one on lane 1: one excess gene (N = 1 below 20 links), matching weights equal.
        var nodes = new[] { new NodeGene(0, NodeRole.Input, NeuronKind.Mixed), new NodeGene(1, NodeRole.Output, NeuronKind.Mixed) };
        var tracker = new InnovationTracker(2);
        var a = new Genome(0, nodes, [new LinkGene(tracker.Link(0, 1), 0, 1, 1.5, 0, true)]);
        var b = new Genome(1, nodes, [new LinkGene(tracker.Link(0, 1), 0, 1, 1.5, 0, true), new LinkGene(tracker.Link(0, 1, 1), 0, 1, -1, 80, true, 1)]);
        Assert.Equal(1.0, NeatOperators.Compatibility(a, b, 1, 1, 0.4), 12);
    }

    [Fact]
    public void Genome_SameLaneTwice_Refused()
    {
        var nodes = new[] { new NodeGene(0, NodeRole.Input, NeuronKind.Mixed), new NodeGene(1, NodeRole.Output, NeuronKind.Mixed) };
        var e = Assert.Throws<ArgumentException>(() => new Genome(0, nodes, [new LinkGene(0, 0, 1, 1, 0, true, 1), new LinkGene(1, 0, 1, 1, 5, true, 1)]));
        Assert.Contains("twice on lane 1", e.Message);
        _ = new Genome(0, nodes, [new LinkGene(0, 0, 1, 1, 0, true), new LinkGene(1, 0, 1, 1, 5, true, 1)]);
    }

    [Fact]
    public void Mutate_Adaptive_ScaleStaysWithinBoundsAndMoves()
    {
        var grown = Grown(60, 5, Parallel);
        Assert.All(grown, g => Assert.InRange(g.MutationScale, Parallel.MinMutationScale, Parallel.MaxMutationScale));
        Assert.True(grown.Select(g => g.MutationScale).Distinct().Count() > 30);
        // Without adaptation the scale stays 1.
        Assert.All(Grown(20, 5, Parallel with { AdaptiveMutation = false }), g => Assert.Equal(1, g.MutationScale));
    }

    [Fact]
    public void InnovationTracker_SaveAndLoad_KeepsLanesAndReadsOldRows()
    {
        var t = new InnovationTracker(3);
        long a = t.Link(0, 2), b = t.Link(0, 2, 1), c = t.Link(1, 2);
        var saved = t.Save();
        // Lane 0 rows keep the three columns of files written before lanes existed.
        Assert.Equal([3, 4, 3], saved.Links.Select(r => r.Length));
        var back = InnovationTracker.Load(saved);
        Assert.Equal((a, b, c), (back.Link(0, 2), back.Link(0, 2, 1), back.Link(1, 2)));
        var bad = saved with { Links = [[0, 2, 0, -1]] };
        var e = Assert.Throws<InvalidInputException>(() => InnovationTracker.Load(bad));
        Assert.Contains("[0, 2, 0, -1]", e.Message);
    }

    [Fact]
    public void NeatState_WithoutParallelLinks_WritesNoLaneOrScale_AndOldFilesLoad()
    {
        // A run without lanes or adaptation writes what it wrote before they existed, so such checkpoints load unchanged.
        var task = new NeuroSharp.Evolution.Tasks.XorTask();
        var evaluator = new GenerationEvaluator(task, ControllerModel.Lif);
        var options = new NeatOptions { PopulationSize = 20 };
        var a = new Neat(3, 1, options, 5);
        a.Tell(evaluator.Evaluate(a.Population, 5, a.Generation, 1).Select(e => e.Fitness).ToArray());
        string json = a.SaveState();
        Assert.DoesNotContain("\"lane\"", json);
        Assert.DoesNotContain("mutationScale", json);
        Assert.Equal(json, Neat.Restore(options, json).SaveState());
        // With lanes and adaptation they are written and read back.
        var p = options with { MaxParallelLinks = 2, AddLinkRate = 0.9, AdaptiveMutation = true };
        var b = new Neat(3, 1, p, 5);
        for (int g = 0; g < 3; g++) b.Tell(evaluator.Evaluate(b.Population, 5, b.Generation, 1).Select(e => e.Fitness).ToArray());
        string withLanes = b.SaveState();
        Assert.Contains("\"lane\"", withLanes);
        Assert.Contains("mutationScale", withLanes);
        Assert.Equal(withLanes, Neat.Restore(p, withLanes).SaveState());
    }

    [Fact]
    public void Neat_RelativeThresholdStep_ThresholdMovesByAFactor()
    {
        // 40 genomes with weights drawn N(0, 10) (distances about 0.4 x 11 = 4.5): more than one species at threshold 3, so
        // with one species wanted the threshold grows by 1 + step; with 1 000 species wanted it shrinks by the same factor.
        var task = new NeuroSharp.Evolution.Tasks.XorTask();
        var evaluator = new GenerationEvaluator(task, ControllerModel.Lif);
        foreach (var (target, expected) in new[] { (1, 3 * 1.1), (1000, 3 / 1.1) })
        {
            var neat = new Neat(3, 1, new NeatOptions { PopulationSize = 40, WeightInitScale = 10, RelativeThresholdStep = true, ThresholdStep = 0.1, TargetSpecies = target }, 5);
            neat.Tell(evaluator.Evaluate(neat.Population, 5, 0, 1).Select(e => e.Fitness).ToArray());
            Assert.Equal(expected, neat.CompatibilityThreshold, 12);
            Assert.True(target == 1 ? neat.SpeciesCount > 1 : neat.SpeciesCount < 1000);
        }
    }

    [Fact]
    public void DecodeTransmitter_ParallelLink_RefusedInOneSentence()
    {
        var nodes = new[] { new NodeGene(0, NodeRole.Input, NeuronKind.Mixed), new NodeGene(1, NodeRole.Output, NeuronKind.Mixed) };
        var g = new Genome(4, nodes, [new LinkGene(0, 0, 1, 1, 0, true), new LinkGene(1, 0, 1, 1, 5, true, 1)]);
        var e = Assert.Throws<InvalidInputException>(() => GenomeDecoder.Decode(g, ControllerModel.Transmitter));
        Assert.Contains("Genome 4 has a parallel link 0->1 (lane 1)", e.Message);
        Assert.Single(e.Message.Split(". ", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void NeatOptions_StartLinkOnALaneBeyondTheLimitOrTwice_Refused()
    {
        var beyond = new NeatOptions { StartLinks = [new SeedLink(0, 1, 0, 1)] };
        var e = Assert.Throws<InvalidOptionException>(beyond.Validate);
        Assert.Contains("lanes in 0 .. MaxParallelLinks - 1 = 0", e.Message);
        var twice = new NeatOptions { MaxParallelLinks = 2, StartLinks = [new SeedLink(0, 1, 0, 1), new SeedLink(0, 1, 3, 1)] };
        Assert.Contains("must not repeat", Assert.Throws<InvalidOptionException>(twice.Validate).Message);
        new NeatOptions { MaxParallelLinks = 2, StartLinks = [new SeedLink(0, 1, 0), new SeedLink(0, 1, 3, 1)] }.Validate();
    }
}
