using System.Text.Json.Nodes;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Reports.Experiments.Evolution;

/// <summary>NEAT evolves a spiking network that computes XOR (docs/evolution-xor.md), over several seeds.</summary>
public sealed class EvolveXorExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "evolve-xor";

    /// <inheritdoc />
    public string Title => "NEAT grows a spiking XOR network";

    /// <inheritdoc />
    public string Article => "002";

    /// <inheritdoc />
    public string Description =>
        "NEAT (Stanley and Miikkulainen 2002) with 150 genomes evolves spiking networks of LIF neurons that answer XOR by their spike count in 50 ms; " +
        "runs over several seeds count how often and how fast it is solved (quick: 3 seeds, 30 generations; full: 20 seeds, 100 generations).";

    /// <inheritdoc />
    public void Check(ExperimentContext context) => context.RequireCpuLoop(Name, "steps its networks one step at a time in a closed loop");

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        int seeds = context.Quick ? 3 : 20, generations = context.Quick ? 30 : 100;
        var solvedAt = new List<int>();
        var evaluations = new List<long>();
        var curves = new List<(string, double[], double[])>();
        // The seeds side by side over the threads, results in seed order: a run depends on its seed alone (docs/concepts.md).
        var runs = ParallelRuns.Map(seeds, context.Threads, (k, threads) =>
        {
            ulong seed = (ulong)k + 1;
            var task = new XorTask(); // one per run: the runs go side by side
            var run = new EvolutionRun(task, ControllerModel.Lif, new Neat(3, 1, task.NeatDefaults, seed), seed, generations, threads);
            while (run.RunChunk(1, new NeuroSharp.Runs.ProgressCallback<NeuroSharp.Runs.WorkProgress>(_ => { }), context.CancellationToken) && run.History.Count < generations) { }
            return (Seed: seed, run.Solved, Generation: run.Best?.Generation ?? 0, Evaluations: run.Best?.Evaluations ?? 0,
                Generations: run.History.Select(r => (double)r.Generation).ToArray(), Best: run.History.Select(r => r.BestFitness).ToArray());
        }, (_, r, finished) => context.Report((double)finished / seeds, $"evolve-xor: seed {r.Seed} " + (r.Solved ? $"solved at generation {r.Generation}" : "not solved") + $" ({finished} of {seeds} seeds done)"),
            context.CancellationToken);
        foreach (var r in runs)
        {
            if (r.Solved) { solvedAt.Add(r.Generation); evaluations.Add(r.Evaluations); }
            if (curves.Count < 5) curves.Add(($"seed {r.Seed}", r.Generations, r.Best));
        }
        Png.Save(context.PathOf("xor-fitness.png"), Charts.Charts.Lines("XOR: best fitness per generation (16 = perfect)", "generation", "best fitness", curves));
        double rate = (double)solvedAt.Count / seeds;
        var metrics = new JsonObject
        {
            ["seeds"] = seeds, ["generations"] = generations, ["solved"] = solvedAt.Count, ["successRate"] = rate,
            ["meanGenerations"] = solvedAt.Count > 0 ? solvedAt.Average() : null,
            ["meanEvaluations"] = evaluations.Count > 0 ? evaluations.Average() : null,
        };
        return new ExperimentResult(metrics,
            [new Figure("xor-fitness.png", "Best fitness per generation of the first seeds; a run stops when a genome solves XOR.")],
            [
                new Comparison("runs solved", $"{solvedAt.Count} of {seeds}", "100 of 100 (NEAT 2002, sigmoid units)"),
                new Comparison("mean evaluations to solve", evaluations.Count > 0 ? $"{evaluations.Average():F0}" : "none solved", "4 755 (NEAT 2002)"),
            ]);
    }
}
