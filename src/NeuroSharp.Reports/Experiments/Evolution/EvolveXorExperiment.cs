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
    public ExperimentResult Run(ExperimentContext context)
    {
        context.RequireCpuLoop(Name, "steps its networks one step at a time in a closed loop");
        int seeds = context.Quick ? 3 : 20, generations = context.Quick ? 30 : 100;
        var task = new XorTask();
        var evaluator = new GenerationEvaluator(task, ControllerModel.Lif);
        var solvedAt = new List<int>();
        var evaluations = new List<long>();
        var curves = new List<(string, double[], double[])>();
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            var run = new EvolutionRun(task, ControllerModel.Lif, new Neat(3, 1, task.NeatDefaults, seed), seed, generations, 0);
            while (run.RunChunk(1, new NeuroSharp.Runs.ProgressCallback<NeuroSharp.Runs.WorkProgress>(_ => { }), default) && run.History.Count < generations) { }
            if (run.Solved) { solvedAt.Add(run.Best!.Generation); evaluations.Add(run.Best.Evaluations); }
            if (curves.Count < 5)
                curves.Add(($"seed {seed}", run.History.Select(r => (double)r.Generation).ToArray(), run.History.Select(r => r.BestFitness).ToArray()));
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
