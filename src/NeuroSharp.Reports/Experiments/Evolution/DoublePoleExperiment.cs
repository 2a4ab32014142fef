using System.Text.Json.Nodes;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Reports.Images;
using NeuroSharp.Runs;

namespace NeuroSharp.Reports.Experiments.Evolution;

/// <summary>
/// Spiking controllers for pole balancing (docs/evolution-pole-balancing.md) by CMA-ES on the sensor-to-motor
/// weights, our numbers beside the published ones. Quick: single pole (one seed) and a short double-pole run;
/// full: double pole with velocities over 5 seeds.
/// </summary>
public sealed class DoublePoleExperiment : IExperiment
{
    /// <summary>CMA-ES's population for double pole (Hansen's default of 13 for 26 weights solved 1 of 3 seeds; 40 solved 3 of 4).</summary>
    public const int DoublePolePopulation = 40;

    /// <inheritdoc />
    public string Name => "double-pole";

    /// <inheritdoc />
    public string Title => "Balancing poles with a spiking controller";

    /// <inheritdoc />
    public string Article => "002";

    /// <inheritdoc />
    public string Description =>
        "CMA-ES evolves the sensor-to-motor weights of spiking controllers (push-pull sensor neurons, two motor neurons whose spike-count difference in each 20 ms window, " +
        "run in 0.25 ms engine steps, pushes the cart) for Wieland's poles; the score is control steps balanced. Quick: single pole to 5 000 steps (one seed) and 6 generations " +
        "of double pole; full: double pole with velocities to 100 000 steps, 5 seeds.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        context.RequireCpuLoop(Name, "steps its networks one step at a time in a closed loop");
        var metrics = new JsonObject();
        var comparisons = new List<Comparison>();
        var curves = new List<(string, double[], double[])>();
        if (context.Quick)
        {
            var single = new PoleBalancingTask(PoleVariant.SinglePole, successSteps: 5_000);
            var (solvedSingle, evalsSingle, _) = Evolve(single, 0, 40, 1, curves, "single pole");
            metrics["singlePole"] = new JsonObject { ["solved"] = solvedSingle, ["evaluations"] = evalsSingle };
            comparisons.Add(new Comparison("single pole (5 000 steps), CMA-ES, seed 1: solved, evaluations",
                solvedSingle ? $"yes, {evalsSingle}" : $"no ({evalsSingle} evaluations)", "NEAT, sigmoid units: solved in every run (Stanley and Miikkulainen 2002)"));
        }
        int seeds = context.Quick ? 1 : 5, generations = context.Quick ? 6 : 100;
        var task = new PoleBalancingTask(PoleVariant.DoublePole);
        int solved = 0;
        var evals = new List<long>();
        double bestSteps = 0;
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            var (ok, e, best) = Evolve(task, DoublePolePopulation, generations, seed, seed == 1 ? curves : null, "double pole");
            bestSteps = Math.Max(bestSteps, best);
            if (ok) { solved++; evals.Add(e); }
        }
        metrics["doublePole"] = new JsonObject
        {
            ["seeds"] = seeds, ["generations"] = generations, ["solved"] = solved, ["bestStepsBalanced"] = bestSteps,
            ["meanEvaluationsToSolve"] = evals.Count > 0 ? evals.Average() : null,
        };
        comparisons.Add(new Comparison($"double pole with velocities, CMA-ES ({generations} generations of {DoublePolePopulation}): runs solved, mean evaluations",
            $"{solved} of {seeds}" + (evals.Count > 0 ? $", {evals.Average():F0}" : $" (best {bestSteps:F0} steps)"),
            "NEAT 3 600 (Stanley and Miikkulainen 2002, table 1); CMA-ES 895 (Igel 2003) and CoSyNE 954 (Gomez et al. 2008, table 3)"));
        Png.Save(context.PathOf("double-pole-fitness.png"), Charts.Charts.Lines("Best control steps balanced per generation (seed 1)", "generation", "steps balanced", curves));
        return new ExperimentResult(metrics,
            [new Figure("double-pole-fitness.png", "Best control steps balanced per generation, CMA-ES.")], comparisons);
    }

    private static (bool Solved, long Evaluations, double Best) Evolve(PoleBalancingTask task, int population, int generations, ulong seed,
        List<(string, double[], double[])>? curves, string label)
    {
        var run = new EvolutionRun(task, ControllerModel.Lif, EvolverFactory.Create(new EvolverSettings("cmaes", population, 0, seed), task), seed, generations, 0);
        while (run.RunChunk(1, new ProgressCallback<WorkProgress>(_ => { }), default) && !run.Solved && run.History.Count < generations) { }
        curves?.Add((label, run.History.Select(r => (double)r.Generation).ToArray(), run.History.Select(r => r.BestFitness).ToArray()));
        return (run.Solved, run.Solved ? run.Best!.Evaluations : run.History[^1].Evaluations, run.History.Max(r => r.BestFitness));
    }
}
