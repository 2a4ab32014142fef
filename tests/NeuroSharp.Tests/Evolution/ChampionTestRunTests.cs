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

    /// <summary>XOR's fitness; candidates are the networks at or above <paramref name="candidateFrom"/>, and the success test
    /// passes only for a network of exactly <see cref="PassFitness"/> (planted: the generation's second fittest).</summary>
    private sealed class PlantedPasser(double passFitness, double candidateFrom) : IEvolutionTask
    {
        private readonly XorTask _xor = new();
        public double PassFitness { get; } = passFitness;
        public List<double> TestedFitness { get; } = [];
        public string Name => "xor-planted-passer";
        public int InputCount => _xor.InputCount;
        public int OutputCount => _xor.OutputCount;
        public ControllerModel DecodingModel(ControllerModel model) => _xor.DecodingModel(model);
        public bool TestsGenerationChampion => true;
        public bool IsTestCandidate(TaskEvaluation evaluation) => evaluation.Fitness >= candidateFrom;

        public bool TestChampion(NetworkSpec network, CancellationToken cancellationToken = default)
        {
            double f = _xor.Evaluate(network, new RandomStream(1)).Fitness;
            TestedFitness.Add(f);
            return f == PassFitness;
        }

        public TaskEvaluation Evaluate(NetworkSpec network, RandomStream random, IWorldObserver? observer = null, CancellationToken cancellationToken = default) =>
            _xor.Evaluate(network, random, observer, cancellationToken) with { Solved = false };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RunChunk_TestAllCandidates_SecondFittestPasses_SolvedInGenerationZeroWithTestsCounted(int threads)
    {
        // Generation 0's fitness, to plant the pass on its second-highest fitness (the first genome in order that has it).
        var probe = EvolverFactory.Create(new EvolverSettings("neat", 30, 0, 5), new PlantedPasser(0, 0));
        var fitness = new GenerationEvaluator(new PlantedPasser(0, 0), new XorTask().DecodingModel(ControllerModel.Lif), probe.WeightSpace)
            .Evaluate(probe.Population, 5, 0, 1).Select(e => e.Fitness).ToArray();
        double top = fitness.Max(), second = fitness.Where(f => f < top).Max();
        int best = Array.IndexOf(fitness, top), target = Array.IndexOf(fitness, second);
        // Candidates: the 20 fittest (ties included), so some genomes before the target are skipped and others fail the test.
        double candidateFrom = fitness.OrderDescending().ElementAt(19);
        int candidatesUpToTarget = fitness.Take(target + 1).Count(f => f >= candidateFrom);
        Assert.True(candidatesUpToTarget > 1 && candidatesUpToTarget < target + 1);

        // Default: only the fittest is tested, and it fails.
        var only = new PlantedPasser(second, candidateFrom);
        var plain = new EvolutionRun(only, ControllerModel.Lif, EvolverFactory.Create(new EvolverSettings("neat", 30, 0, 5), only), 5, 1, threads);
        plain.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default);
        Assert.False(plain.Solved);
        Assert.Equal([top], only.TestedFitness);
        Assert.Equal(30, plain.Evaluations);

        // Every candidate, in genome order: the second fittest passes, the run ends solved in generation 0 with that genome
        // as champion, and each test but the fittest's counts one evaluation.
        var all = new PlantedPasser(second, candidateFrom);
        var evolver = EvolverFactory.Create(new EvolverSettings("neat", 30, 0, 5), all);
        var run = new EvolutionRun(all, ControllerModel.Lif, evolver, 5, 10, threads) { TestAllCandidates = true };
        Assert.False(run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default));
        Assert.True(run.Solved);
        Assert.Single(run.History);
        Assert.True(run.History[0].Solved);
        Assert.Same(evolver.Population[target], run.Best!.Genome);
        Assert.Equal(second, run.Best.Fitness);
        Assert.Equal(candidatesUpToTarget, all.TestedFitness.Count);
        Assert.Equal(second, all.TestedFitness[^1]);
        long extra = candidatesUpToTarget - (best < target ? 1 : 0);
        Assert.Equal(extra, run.CandidateTests);
        Assert.Equal(30 + extra, run.Evaluations);
        Assert.Equal(30 + extra, run.Best.Evaluations);
    }

    [Fact]
    public void PoleTask_IsTestCandidate_DoublePoleNvBalancedThousandSteps()
    {
        var nv = new PoleBalancingTask(PoleVariant.DoublePoleNoVelocity);
        Assert.True(nv.IsTestCandidate(new TaskEvaluation(0.1, false, PoleBalancingTask.ShortSteps)));
        Assert.False(nv.IsTestCandidate(new TaskEvaluation(0.1, false, PoleBalancingTask.ShortSteps - 1)));
        Assert.False(new PoleBalancingTask(PoleVariant.DoublePoleNoVelocity, testEveryNetwork: true).IsTestCandidate(new TaskEvaluation(0.1, false, PoleBalancingTask.ShortSteps)));
        Assert.False(new PoleBalancingTask(PoleVariant.DoublePole).IsTestCandidate(new TaskEvaluation(1000, false, PoleBalancingTask.ShortSteps)));
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
