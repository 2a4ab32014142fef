using Xunit.Abstractions;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Runs;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Evolution;

public class PoleBalancingSolvedTests
{
    private readonly ITestOutputHelper _out;

    public PoleBalancingSolvedTests(ITestOutputHelper output) => _out = output;

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void CmaEs_SinglePole_SolvedInMostSeeds()
    {
        // Tolerance: at least 4 of seeds 1..5 find a spiking controller (sensor-to-motor links only, lif, the task's
        // 0.25 ms engine step) that balances one pole for 5 000 control steps (100 s; the benchmark's 100 000 would
        // make this test slow) within 40 generations of CMA-ES's default population. All 5 solved (109 to 270 evaluations) when this was
        // written; a rate of 0.9 per seed would still pass with probability 0.92. Before the 0.25 ms step (dt 1 ms),
        // controllers held the double pole for at most a few hundred steps (docs/evolution-pole-balancing.md).
        var task = new PoleBalancingTask(PoleVariant.SinglePole, successSteps: 5_000);
        int solved = 0;
        for (ulong seed = 1; seed <= 5; seed++)
        {
            var run = new EvolutionRun(task, ControllerModel.Lif, EvolverFactory.Create(new EvolverSettings("cmaes", 0, 0, seed), task), seed, 40, 0);
            while (run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default) && !run.Solved && run.History.Count < 40) { }
            if (run.Solved) solved++;
            _out.WriteLine($"seed {seed}: solved {run.Solved}, evaluations {run.Best?.Evaluations}, best {run.Best?.Fitness}");
        }
        Assert.True(solved >= 4, $"{solved} of 5 seeds balanced one pole for 5 000 steps within 40 generations.");
    }
}
