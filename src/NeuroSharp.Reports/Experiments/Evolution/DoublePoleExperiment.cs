using System.Text.Json.Nodes;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Reports.Experiments.Evolution;

/// <summary>Spiking controllers for double-pole balancing with velocities (docs/evolution-pole-balancing.md), by NEAT and CMA-ES.</summary>
public sealed class DoublePoleExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "double-pole";

    /// <inheritdoc />
    public string Title => "Balancing two poles with a spiking controller";

    /// <inheritdoc />
    public string Article => "002";

    /// <inheritdoc />
    public string Description =>
        "NEAT and CMA-ES evolve spiking controllers (push-pull sensor neurons, two motor neurons whose spike-count difference in each 20 ms window pushes the cart) " +
        "for Wieland's double pole with velocities; the score is control steps balanced, solved at 100 000. Quick: one seed each with a small budget; full: 5 seeds.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        context.RequireCpuLoop(Name, "steps its networks one step at a time in a closed loop");
        int seeds = context.Quick ? 1 : 5, generations = context.Quick ? 4 : 200;
        var task = new PoleBalancingTask(PoleVariant.DoublePole);
        var curves = new List<(string, double[], double[])>();
        var metrics = new JsonObject { ["seeds"] = seeds, ["generations"] = generations };
        var comparisons = new List<Comparison>();
        foreach (var algo in new[] { "neat", "cmaes" })
        {
            int solved = 0;
            var evals = new List<long>();
            double bestSteps = 0;
            for (ulong seed = 1; seed <= (ulong)seeds; seed++)
            {
                var settings = new EvolverSettings(algo, context.Quick && algo == "neat" ? 50 : 0, 4, seed);
                var run = new EvolutionRun(task, ControllerModel.Lif, EvolverFactory.Create(settings, task), seed, generations, 0);
                while (run.RunChunk(1, new NeuroSharp.Runs.ProgressCallback<NeuroSharp.Runs.WorkProgress>(_ => { }), default) && run.History.Count < generations) { }
                bestSteps = Math.Max(bestSteps, run.History.Max(r => r.BestFitness));
                if (run.Solved) { solved++; evals.Add(run.Best!.Evaluations); }
                if (seed == 1)
                    curves.Add((algo, run.History.Select(r => (double)r.Generation).ToArray(), run.History.Select(r => r.BestFitness).ToArray()));
            }
            metrics[algo] = new JsonObject
            {
                ["solved"] = solved, ["bestStepsBalanced"] = bestSteps,
                ["meanEvaluationsToSolve"] = evals.Count > 0 ? evals.Average() : null,
            };
            comparisons.Add(new Comparison($"{algo}: runs solved, mean evaluations",
                $"{solved} of {seeds}" + (evals.Count > 0 ? $", {evals.Average():F0}" : $" (best {bestSteps:F0} steps)"),
                algo == "neat" ? "NEAT 3 600 evaluations (Stanley and Miikkulainen 2002, sigmoid units)" : "CMA-ES 895, CoSyNE 954 (Gomez et al. 2008; see docs/results.md)"));
        }
        Png.Save(context.PathOf("double-pole-fitness.png"), Charts.Charts.Lines("Double pole: best steps balanced per generation (seed 1)", "generation", "steps balanced", curves));
        return new ExperimentResult(metrics,
            [new Figure("double-pole-fitness.png", "Best control steps balanced per generation, NEAT and CMA-ES.")], comparisons);
    }
}
