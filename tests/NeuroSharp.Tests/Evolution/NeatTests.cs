using NeuroSharp.Evolution;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Evolution;

public class NeatTests
{
    private static Genome Hand(params (long Innovation, double Weight)[] links)
    {
        var nodes = new[] { new NodeGene(0, NodeRole.Input, NeuronKind.Mixed), new NodeGene(1, NodeRole.Output, NeuronKind.Mixed) };
        // Distinct (source, target) pairs per innovation: only innovations and weights matter to the distance.
        var all = new List<NodeGene>(nodes);
        var genes = new List<LinkGene>();
        foreach (var (inn, w) in links)
        {
            int hidden = 10 + (int)inn;
            all.Add(new NodeGene(hidden, NodeRole.Hidden, NeuronKind.Excitatory));
            genes.Add(new LinkGene(inn, hidden, 1, w, 0, true));
        }
        return new Genome(0, all, genes);
    }

    [Fact]
    public void Compatibility_HandMadeGenomes_CountsExcessDisjointAndWeights()
    {
        // A: 0, 1, 2, 4; B: 0, 1, 3, 5, 6. Matching 0 and 1 (|dw| 0.5 each), disjoint 2, 3, 4, excess 5, 6; N = 1 (< 20 genes).
        var a = Hand((0, 1.0), (1, 2.0), (2, 0.5), (4, 1.0));
        var b = Hand((0, 0.5), (1, 2.5), (3, 1.0), (5, 1.0), (6, 1.0));
        Assert.Equal(1 * 2 + 1 * 3 + 0.4 * 0.5, NeatOperators.Compatibility(a, b, 1, 1, 0.4), 12);
        Assert.Equal(NeatOperators.Compatibility(a, b, 1, 2, 3), NeatOperators.Compatibility(b, a, 1, 2, 3), 12);
        Assert.Equal(0, NeatOperators.Compatibility(a, a, 1, 1, 0.4));
    }

    [Fact]
    public void Compatibility_LargeGenomes_NormalisesByTheLargerGenome()
    {
        var la = Enumerable.Range(0, 30).Select(i => ((long)i, 0.0)).ToArray();
        var lb = Enumerable.Range(0, 20).Select(i => ((long)i, 0.0)).ToArray();
        // 10 excess genes over N = 30.
        Assert.Equal(10.0 / 30, NeatOperators.Compatibility(Hand(la), Hand(lb), 1, 1, 0.4), 12);
    }

    /// <summary>Genomes grown from the minimal 3-in 2-out genome by 1 to 15 mutations each (the options: heavy structural growth unless given).</summary>
    internal static List<Genome> Grown(int count, ulong seed, NeatOptions? options = null)
    {
        options ??= new NeatOptions { AddNeuronRate = 0.3, AddLinkRate = 0.5, DelayMutationRate = 0.5, ToggleRate = 0.2 };
        var tracker = new InnovationTracker(5);
        var random = new RandomStream(seed);
        var list = new List<Genome>();
        for (int i = 0; i < count; i++)
        {
            var g = Genome.Minimal(i, 3, 2, tracker, random, 1.0);
            for (int m = 0; m < 1 + i % 15; m++) g = NeatOperators.Mutate(i, g, options, tracker, random);
            list.Add(g);
        }
        return list;
    }

    [Fact]
    public void Crossover_IdenticalParents_GivesTheParent()
    {
        var random = new RandomStream(3);
        foreach (var g in Grown(40, 7))
        {
            var child = NeatOperators.Crossover(99, g, g, random, 0.75);
            Assert.True(child.SameGenes(g));
        }
    }

    [Fact]
    public void Mutate_ManyTimes_NetworkStaysValidAndBuilds()
    {
        // Property: every genome that mutation makes decodes to a network that validates and that the engine builds.
        foreach (var g in Grown(60, 11))
        {
            foreach (var model in ControllerModel.All)
            {
                var net = GenomeDecoder.Decode(g, model);
                net.Validate();
                if (model.IsTransmitter) _ = new NeuroSharp.Evolution.Worlds.NetworkBinding(net, "test", 3, 2, 1, 0, new TransmitterAmount(20, 0));
                else _ = new SpikingController(net, 3, 2);
            }
            Assert.All(g.Links, l => Assert.NotEqual(NodeRole.Input, g.Node(l.Target)!.Value.Role));
        }
    }

    [Fact]
    public void AddNeuron_SplitsLinkWithKindOfItsSign()
    {
        var tracker = new InnovationTracker(2);
        var nodes = new[] { new NodeGene(0, NodeRole.Input, NeuronKind.Mixed), new NodeGene(1, NodeRole.Output, NeuronKind.Mixed) };
        var g = new Genome(0, nodes, [new LinkGene(tracker.Link(0, 1), 0, 1, -2.0, 1, true)]);
        var options = new NeatOptions { WeightMutationRate = 0, AddNeuronRate = 1, AddLinkRate = 0, DelayMutationRate = 0, ToggleRate = 0 };
        var m = NeatOperators.Mutate(1, g, options, tracker, new RandomStream(1));
        var hidden = Assert.Single(m.Nodes, n => n.Role == NodeRole.Hidden);
        Assert.Equal(NeuronKind.Inhibitory, hidden.Kind);
        Assert.False(m.Links[0].Enabled);
        Assert.Contains(m.Links, l => l.Source == 0 && l.Target == hidden.Id && l.Weight == 1);
        Assert.Contains(m.Links, l => l.Source == hidden.Id && l.Target == 1 && l.Weight == 2 && l.DelaySteps == 1);
        // The same split in another genome gets the same node id (the run's innovation tracker).
        var m2 = NeatOperators.Mutate(2, g, options, tracker, new RandomStream(5));
        Assert.Equal(hidden.Id, Assert.Single(m2.Nodes, n => n.Role == NodeRole.Hidden).Id);
    }

    [Fact]
    public void Neat_SaveAndRestore_ContinuesIdentically()
    {
        var task = new NeuroSharp.Evolution.Tasks.XorTask();
        var evaluator = new GenerationEvaluator(task, ControllerModel.Lif);
        var a = new Neat(3, 1, new NeatOptions { PopulationSize = 30 }, 5);
        for (int g = 0; g < 2; g++) a.Tell(evaluator.Evaluate(a.Population, 5, a.Generation, 1).Select(e => e.Fitness).ToArray());
        var b = Neat.Restore(new NeatOptions { PopulationSize = 30 }, a.SaveState());
        var fa = evaluator.Evaluate(a.Population, 5, a.Generation, 1).Select(e => e.Fitness).ToArray();
        a.Tell(fa);
        b.Tell(fa);
        Assert.Equal(a.SaveState(), b.SaveState());
    }

    [Fact]
    public void SpeciesCount_EveryGeneration_IsTheCountTellFinds_GenerationZeroIncluded_WithoutChangingTheRun()
    {
        // Weights drawn N(0, 10) put 40 first genomes about 4.5 apart, beyond the threshold of 3: several species at
        // generation 0 (the count was read before the first speciation and said 0). Each generation's count must be the
        // number of species Tell then forms (none stagnates in three generations, so all are still in the saved state),
        // and reading it must change nothing: the run goes on as one that never read it.
        var task = new NeuroSharp.Evolution.Tasks.XorTask();
        var evaluator = new GenerationEvaluator(task, ControllerModel.Lif);
        var options = new NeatOptions { PopulationSize = 40, WeightInitScale = 10 };
        var read = new Neat(3, 1, options, 5);
        var unread = new Neat(3, 1, options, 5);
        for (int g = 0; g < 3; g++)
        {
            int count = read.SpeciesCount;
            Assert.True(count > (g == 0 ? 1 : 0), $"generation {g}: {count} species");
            Assert.Equal(count, read.SpeciesCount);
            var fitness = evaluator.Evaluate(read.Population, 5, read.Generation, 1).Select(e => e.Fitness).ToArray();
            read.Tell(fitness);
            unread.Tell(fitness);
            using var state = System.Text.Json.JsonDocument.Parse(read.SaveState());
            Assert.Equal(count, state.RootElement.GetProperty("species").GetArrayLength());
            Assert.Equal(unread.SaveState(), read.SaveState());
        }
    }
}
