using Xunit.Abstractions;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Runs;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Evolution;

public class EvolutionRunTests
{
    private readonly ITestOutputHelper _out;

    public EvolutionRunTests(ITestOutputHelper output) => _out = output;

    private static EvolutionRun Run(string algorithm, int threads)
    {
        var task = new XorTask();
        var settings = new EvolverSettings(algorithm, 40, 2, 3);
        var run = new EvolutionRun(task, ControllerModel.Lif, EvolverFactory.Create(settings, task), 3, 4, threads);
        while (run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default) && run.History.Count < 4) { }
        return run;
    }

    [Theory]
    [InlineData("neat")]
    [InlineData("cosyne")]
    public void Evaluator_OneAndTwoThreads_SameChampionAndHistory(string algorithm)
    {
        var one = Run(algorithm, 1);
        var two = Run(algorithm, 2);
        Assert.Equal(one.History, two.History.Select(r => r with { EvaluationsPerSecond = one.History[r.Generation].EvaluationsPerSecond }));
        Assert.Equal(one.Best!.Genome.Id, two.Best!.Genome.Id);
        Assert.True(one.Best.Genome.SameGenes(two.Best.Genome));
        Assert.Equal(one.Evolver.SaveState(), two.Evolver.SaveState());
    }

    [Fact]
    public void Neat_Xor_ImprovesOnTheFirstGeneration()
    {
        // NEAT must climb: over 30 generations the best XOR fitness rises above the first generation's best.
        var task = new XorTask();
        var run = new EvolutionRun(task, ControllerModel.Lif, new Neat(3, 1, new NeatOptions { PopulationSize = 60 }, 2), 2, 30, 0);
        while (run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default) && run.History.Count < 30) { }
        _out.WriteLine(string.Join(" ", run.History.Select(r => r.BestFitness.ToString("F2"))));
        Assert.True(run.History.Max(r => r.BestFitness) > run.History[0].BestFitness);
    }

    [Fact]
    public void Evaluator_StreamFor_DependsOnSeedGenerationAndGenome()
    {
        ulong a = GenerationEvaluator.StreamFor(1, 2, 3).NextUInt64();
        Assert.Equal(a, GenerationEvaluator.StreamFor(1, 2, 3).NextUInt64());
        Assert.NotEqual(a, GenerationEvaluator.StreamFor(1, 2, 4).NextUInt64());
        Assert.NotEqual(a, GenerationEvaluator.StreamFor(1, 3, 3).NextUInt64());
        Assert.NotEqual(a, GenerationEvaluator.StreamFor(2, 2, 3).NextUInt64());
    }

    [Fact]
    public void Cosyne_And_CmaEs_SaveAndRestore_ContinueIdentically()
    {
        var task = new XorTask();
        var evaluator = new GenerationEvaluator(task, ControllerModel.Lif);
        foreach (var name in new[] { "cmaes", "cosyne" })
        {
            var settings = new EvolverSettings(name, 0, 2, 9);
            var a = EvolverFactory.Create(settings, task);
            a.Tell(evaluator.Evaluate(a.Population, 9, 0, 1).Select(e => e.Fitness).ToArray());
            var b = EvolverFactory.Restore(settings, task, a.SaveState());
            Assert.Equal(a.Population.Select(g => g.Id), b.Population.Select(g => g.Id));
            var f = evaluator.Evaluate(a.Population, 9, a.Generation, 1).Select(e => e.Fitness).ToArray();
            a.Tell(f);
            b.Tell(f);
            Assert.Equal(a.SaveState(), b.SaveState());
        }
    }

    [Fact]
    public void PoleTask_SilentNetwork_BalancesOnlyUntilThePoleFalls()
    {
        var task = new PoleBalancingTask(PoleVariant.DoublePole);
        var topo = new FixedTopology(task.InputCount, 0, task.OutputCount);
        var silent = topo.ToGenome(0, new double[topo.Dimension]);
        var r = task.Evaluate(GenomeDecoder.Decode(silent, ControllerModel.Lif), new NeuroSharp.Numerics.Random.RandomStream(1));
        Assert.False(r.Solved);
        Assert.InRange(r.WorldSteps, 10, 200);
    }

    [Fact]
    public void Tasks_UnknownName_RefusedWithTheKnownNames()
    {
        var e = Assert.Throws<InvalidInputException>(() => EvolutionTasks.Create("pole"));
        Assert.Contains("'pole'", e.Message);
        Assert.Contains("double-pole-nv", e.Message);
    }
}
