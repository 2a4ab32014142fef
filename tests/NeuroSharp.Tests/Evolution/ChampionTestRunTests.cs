using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Evolution;

/// <summary>Tasks that test only each generation's fittest network (<see cref="IEvolutionTask.TestsGenerationChampion"/>; double-pole-nv).</summary>
public class ChampionTestRunTests
{
    /// <summary>XOR's fitness, but success only through <see cref="TestChampion"/>, which passes on its third call.</summary>
    private sealed class ThirdChampionPasses : IEvolutionTask
    {
        private readonly XorTask _xor = new();
        public List<double> TestedFitness { get; } = [];
        public string Name => "xor-champion-test";
        public int InputCount => _xor.InputCount;
        public int OutputCount => _xor.OutputCount;
        public ControllerModel DecodingModel(ControllerModel model) => _xor.DecodingModel(model);
        public bool TestsGenerationChampion => true;

        public bool TestChampion(NetworkSpec network, CancellationToken cancellationToken = default)
        {
            TestedFitness.Add(_xor.Evaluate(network, new RandomStream(1)).Fitness);
            return TestedFitness.Count == 3;
        }

        public TaskEvaluation Evaluate(NetworkSpec network, RandomStream random, IWorldObserver? observer = null, CancellationToken cancellationToken = default) =>
            _xor.Evaluate(network, random, observer, cancellationToken) with { Solved = false };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RunChunk_ChampionPassesInGenerationTwo_TestsOnlyEachFittestAndCountsWholeGenerations(int threads)
    {
        // One champion test per generation, on the generation's fittest network; the third passes, so the run ends in
        // generation 2 with all three generations' evaluations counted (3 x 30) and that network as the solved champion.
        var task = new ThirdChampionPasses();
        var evolver = EvolverFactory.Create(new EvolverSettings("neat", 30, 0, 5), task);
        var run = new EvolutionRun(task, ControllerModel.Lif, evolver, 5, 10, threads);
        while (run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default)) { }
        Assert.True(run.Solved);
        Assert.Equal(3, task.TestedFitness.Count);
        Assert.Equal(3, run.History.Count);
        Assert.Equal(90, run.Evaluations);
        Assert.Equal([false, false, true], run.History.Select(r => r.Solved));
        Assert.Equal(run.History.Select(r => r.BestFitness), task.TestedFitness);
        Assert.Equal(2, run.Best!.Generation);
        Assert.Equal(90, run.Best.Evaluations);
        Assert.Equal(run.History[2].BestFitness, run.Best.Fitness);
    }

    [Fact]
    public void PoleTask_DoublePoleNv_TestsTheGenerationChampionUnlessAskedForEveryNetwork()
    {
        Assert.True(new PoleBalancingTask(PoleVariant.DoublePoleNoVelocity).TestsGenerationChampion);
        Assert.False(new PoleBalancingTask(PoleVariant.DoublePoleNoVelocity, testEveryNetwork: true).TestsGenerationChampion);
        Assert.False(new PoleBalancingTask(PoleVariant.DoublePole).TestsGenerationChampion);
        Assert.True(EvolutionTasks.Create("double-pole-nv").TestsGenerationChampion);
    }

    [Fact]
    public void PoleTask_ChampionTest_SilentMotorsFail()
    {
        // Every gain and the bias 0: the unforced cart falls within 100 steps, far short of the 100 000-step test.
        var p = new double[PoleVelocityCircuit.Parameters.Count];
        p[^1] = PoleVelocityCircuit.StartDelayMs;
        Assert.False(new PoleBalancingTask(PoleVariant.DoublePoleNoVelocity).TestChampion(PoleVelocityCircuit.Build(p)));
    }
}
