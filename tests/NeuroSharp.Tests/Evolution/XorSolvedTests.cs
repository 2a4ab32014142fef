using Xunit.Abstractions;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Runs;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Evolution;

public class XorSolvedTests
{
    private readonly ITestOutputHelper _out;

    public XorSolvedTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void XorTask_DecodingModel_ScalesOnlyTheWeights()
    {
        var model = new XorTask().DecodingModel(ControllerModel.Lif);
        Assert.Equal(ControllerModel.Lif.WeightScale * XorTask.WeightGain, model.WeightScale);
        Assert.Equal(ControllerModel.Lif with { WeightScale = model.WeightScale }, model);
        // Pole balancing only shortens the engine step (docs/evolution-pole-balancing.md); a model already that fine is kept.
        var pole = new PoleBalancingTask(PoleVariant.SinglePole);
        Assert.Equal(ControllerModel.Lif with { DtMs = PoleBalancingTask.EngineStepMs }, pole.DecodingModel(ControllerModel.Lif));
        Assert.Same(ControllerModel.AdEx, pole.DecodingModel(ControllerModel.AdEx));
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void Neat_Xor_SolvedInNearlyEverySeed()
    {
        // Tolerance: at least 8 of 10 seeds solve spiking XOR within 100 generations of 150 genomes with the CLI's
        // defaults (lif, the task's NEAT options). Seeds 1..10 all solved when this was written (median 3 400
        // evaluations); a rate of 0.9 per seed would still pass with probability 0.93.
        var task = new XorTask();
        int solved = 0;
        var evaluations = new List<long>();
        for (ulong seed = 1; seed <= 10; seed++)
        {
            var run = new EvolutionRun(task, ControllerModel.Lif, EvolverFactory.Create(new EvolverSettings("neat", 0, 0, seed), task), seed, 100, 0);
            while (run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default) && !run.Solved && run.History.Count < 100) { }
            if (run.Solved) { solved++; evaluations.Add(run.Best!.Evaluations); }
            _out.WriteLine($"seed {seed}: solved {run.Solved}, evaluations {run.Best?.Evaluations}, hidden {run.Best?.Genome.HiddenCount}");
        }
        Assert.True(solved >= 8, $"{solved} of 10 seeds solved XOR within 100 generations.");
    }
}
