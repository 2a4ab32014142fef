using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Evolution;

/// <summary>NEAT's reproduction options (docs/evolution-neat.md, "Elitism, survival and sparse weight mutation").</summary>
public class NeatBreedingTests
{
    private static PoleBalancingTask NoVelocity() => new(PoleVariant.DoublePoleNoVelocity, sensorCode: SensorCode.Linear);

    [Fact]
    public void Mutate_SparseCauchy_KnownAnswer()
    {
        // Known answer: replaying the stream by hand. Weights always mutate (rate 1), never redrawn, fixed scale 1, no
        // structural change: the weight block draws one Bernoulli per link (p 0.3), one link at random if none came up, then
        // for each picked link the perturb-or-redraw Bernoulli and a Cauchy draw tan(pi (u - 1/2)) times power 0.5.
        var options = new NeatOptions
        {
            WeightMutationRate = 1, WeightPerturbRate = 1, WeightPerturbPower = 0.5, AddNeuronRate = 0, AddLinkRate = 0,
            DelayMutationRate = 0, ToggleRate = 0, WeightGeneRate = 0.3, CauchyPerturbation = true, WeightLimit = 1e6,
        };
        var tracker = new InnovationTracker(4);
        var parent = Genome.Minimal(0, 3, 1, tracker, new RandomStream(1), 1, true);
        for (ulong seed = 0; seed < 40; seed++)
        {
            var child = NeatOperators.Mutate(1, parent, options, tracker, new RandomStream(seed));
            var r = new RandomStream(seed);
            Assert.True(r.NextDouble() < 1); // the weight-mutation Bernoulli
            var pick = new bool[parent.Links.Count];
            for (int k = 0; k < pick.Length; k++) pick[k] = r.NextDouble() < 0.3;
            if (!pick.Any(p => p)) pick[r.NextInt(pick.Length)] = true;
            for (int k = 0; k < pick.Length; k++)
            {
                double expected = parent.Links[k].Weight;
                if (pick[k])
                {
                    Assert.True(r.NextDouble() < 1); // perturbed, not redrawn
                    expected += 0.5 * Math.Tan(Math.PI * (r.NextDouble() - 0.5));
                }
                Assert.Equal(expected, child.Links[k].Weight, 12);
            }
            Assert.Contains(child.Links, l => l.Weight != parent.Links.First(p => p.Innovation == l.Innovation).Weight); // never a copy
        }
    }

    [Fact]
    public void Mutate_DefaultGeneRate_DrawsAsBefore()
    {
        // WeightGeneRate 1 and Gaussian perturbation draw nothing extra: the stream after a mutation is where NEAT's own leaves it.
        var options = new NeatOptions { WeightMutationRate = 1, WeightPerturbRate = 1, AddNeuronRate = 0, AddLinkRate = 0, DelayMutationRate = 0, ToggleRate = 0 };
        var tracker = new InnovationTracker(4);
        var parent = Genome.Minimal(0, 3, 1, tracker, new RandomStream(1), 1, true);
        var child = NeatOperators.Mutate(1, parent, options, tracker, new RandomStream(9));
        var r = new RandomStream(9);
        r.NextDouble();
        for (int k = 0; k < parent.Links.Count; k++)
        {
            r.NextDouble();
            Assert.Equal(parent.Links[k].Weight + r.NextGaussian() * 0.5, child.Links[k].Weight, 12);
        }
    }

    [Fact]
    public void Mutate_TiedSparseCauchy_AnySequence_KeepsTheGenomeValidAndTied()
    {
        // Invariant: sparse Cauchy mutation with heavy growth keeps tied (and push-pull tied) genomes tied and decodable, and a
        // mutation of the 13-gene circuit start moves between 1 and 13 of its tied groups, about 30 % on average.
        var task = NoVelocity();
        foreach (bool pushPull in new[] { false, true })
        {
            var options = task.NeatDefaults with
            {
                Mirror = task.NeatMirror, PushPull = pushPull, StartLinks = task.NeatStartLinks, AddNeuronRate = 0.3, AddLinkRate = 0.5,
                DelayMutationRate = 0.5, ToggleRate = 0.2, WeightGeneRate = 0.3, CauchyPerturbation = true,
            };
            var tracker = new InnovationTracker(9);
            var random = new RandomStream(5);
            var model = task.DecodingModel(ControllerModel.Lif);
            for (int i = 0; i < 40; i++)
            {
                var g = NeatMirror.Tie(Genome.Seeded(i, 7, 2, task.NeatStartLinks!, tracker, random, 10), task.NeatMirror!, tracker, pushPull);
                for (int m = 0; m < 1 + i % 20; m++)
                {
                    g = NeatOperators.Mutate(i, g, options, tracker, random);
                    Assert.True(NeatMirror.IsTied(g, task.NeatMirror!, tracker, pushPull), $"genome {i} after mutation {m}");
                }
                GenomeDecoder.Decode(g, model).Validate();
            }
        }
        var weightsOnly = task.NeatDefaults with
        {
            Mirror = task.NeatMirror, StartLinks = task.NeatStartLinks, WeightMutationRate = 1, AddNeuronRate = 0, AddLinkRate = 0,
            DelayMutationRate = 0, ToggleRate = 0, WeightGeneRate = 0.3,
        };
        var t2 = new InnovationTracker(9);
        var rs = new RandomStream(8);
        var start = NeatMirror.Tie(Genome.Seeded(0, 7, 2, task.NeatStartLinks!, t2, rs, 10), task.NeatMirror!, t2);
        int moved = 0, trials = 400;
        for (int i = 0; i < trials; i++)
        {
            var c = NeatOperators.Mutate(1, start, weightsOnly, t2, rs);
            int changed = c.Links.Where((l, k) => l.Weight != start.Links[k].Weight).Select(l => Math.Abs(l.Weight)).Distinct().Count();
            Assert.InRange(changed, 1, 13);
            moved += changed;
        }
        // Expected groups moved: 13 x 0.3 plus the forced one when none came up (0.7^13 ~ 1 %): 3.91. Tolerance +-0.4 (the
        // standard error of the mean of 400 draws is about 0.08).
        Assert.InRange(moved / (double)trials, 3.5, 4.3);
    }

    [Fact]
    public void Crossover_IdenticalParentsAfterSparseMutation_GivesTheParent()
    {
        var task = NoVelocity();
        var options = task.NeatDefaults with
        {
            Mirror = task.NeatMirror, StartLinks = task.NeatStartLinks, AddNeuronRate = 0.3, AddLinkRate = 0.5, WeightGeneRate = 0.2, CauchyPerturbation = true,
        };
        var tracker = new InnovationTracker(9);
        var random = new RandomStream(21);
        var g = NeatMirror.Tie(Genome.Seeded(0, 7, 2, task.NeatStartLinks!, tracker, random, 10), task.NeatMirror!, tracker);
        for (int m = 0; m < 10; m++) g = NeatOperators.Mutate(0, g, options, tracker, random);
        Assert.True(NeatMirror.Crossover(1, g, g, random, 0.75, task.NeatMirror!, tracker).SameGenes(g));
        Assert.True(NeatOperators.Crossover(2, g, g, random, 0.75).SameGenes(g));
    }

    [Theory]
    [InlineData(0.5, 5)] // one species of 10: the best and the next four
    [InlineData(0.2, 2)]
    [InlineData(0.0, 1)] // NEAT's own: the champion alone (10 members > 5)
    public void Neat_ElitismFraction_CopiesTheSpeciesBestUnchanged(double fraction, int kept)
    {
        // One species (a threshold no genome reaches): fitness = index, so the best are the last genomes. The next generation
        // opens with the best and then the species' next best, unchanged, in rank order; the rest are offspring.
        var options = new NeatOptions { PopulationSize = 10, CompatibilityThreshold = 1e6, TargetSpecies = 0, ElitismFraction = fraction };
        var neat = new Neat(3, 1, options, 4);
        for (int g = 0; g < 3; g++)
        {
            var parents = neat.Population.ToList();
            neat.Tell(Enumerable.Range(0, 10).Select(i => (double)i).ToArray());
            var next = neat.Population;
            for (int e = 0; e < kept; e++) Assert.True(next[e].SameGenes(parents[9 - e]), $"generation {g}: elite {e}");
            Assert.Equal(10, next.Count);
            Assert.Equal(10, next.Select(c => c.Id).Distinct().Count());
        }
    }

    [Fact]
    public void NeatOptions_BreedingOutOfRange_Refused()
    {
        Assert.Contains("ElitismFraction", Assert.Throws<InvalidOptionException>(new NeatOptions { ElitismFraction = 1.5 }.Validate).Message);
        Assert.Contains("WeightGeneRate", Assert.Throws<InvalidOptionException>(new NeatOptions { WeightGeneRate = 0 }.Validate).Message);
        Assert.Contains("--survival", Assert.Throws<InvalidInputException>(new NeatBreeding(Survival: 0).Validate).Message);
        Assert.Contains("--elitism", Assert.Throws<InvalidInputException>(new NeatBreeding(Elitism: -0.1).Validate).Message);
        var e = Assert.Throws<InvalidInputException>(() => EvolverFactory.Create(new EvolverSettings("cosyne", 8, 0, 1, Circuit: true, Breeding: new NeatBreeding(Cauchy: true)), NoVelocity()));
        Assert.Contains("not cosyne", e.Message);
    }

    [Fact]
    public void NeatBreeding_AppliesOnlyTheFieldsSet()
    {
        var task = NoVelocity();
        var o = new NeatBreeding(Elitism: 0.3, AddLinkRate: 0.01).ApplyTo(task.NeatDefaults);
        Assert.Equal(0.3, o.ElitismFraction);
        Assert.Equal(0.01, o.AddLinkRate);
        Assert.Equal(task.NeatDefaults with { ElitismFraction = 0.3, AddLinkRate = 0.01 }, o);
        Assert.True(new NeatBreeding().IsDefault);
        Assert.False(new NeatBreeding(Cauchy: true).IsDefault);
    }
}
