using System.Text.Json.Nodes;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Reports.Images;
using NeuroSharp.Runs;

namespace NeuroSharp.Reports.Experiments.Evolution;

/// <summary>
/// Spiking controllers for pole balancing (docs/evolution-pole-balancing.md), our numbers beside the published ones.
/// Double pole without velocities is CoSyNE (docs/evolution-cosyne.md) on the delay-line circuit with the linear sensor
/// code, run as the benchmark of docs/results.md runs it (`evolve --task double-pole-nv --algorithm cosyne --circuit
/// --sensor-code linear --max-evaluations 4800`). Quick: single pole to 5 000 steps by CMA-ES and one double-pole-nv
/// seed; full: double-pole-nv over the benchmark's 50 seeds, side by side over the threads (<see cref="ParallelRuns"/>).
/// </summary>
public sealed class DoublePoleExperiment : IExperiment
{
    /// <summary>The benchmark's bound on one run's evaluations (docs/results.md, the double-pole-nv seed benchmark).</summary>
    public const long EvaluationBound = 4_800;

    /// <summary>
    /// The quick version's double-pole-nv seed: of the benchmark's 50 seeds, one of the two that solve fastest (600
    /// evaluations, docs/results-double-pole-nv-cosyne.csv), so that the quick tour shows a real 100 000-step solution
    /// and its 625-start score within seconds. It is picked, not typical: the full version gives the typical figures.
    /// </summary>
    public const ulong QuickSeed = 43;

    /// <summary>CoSyNE's population on double-pole-nv: its default, the benchmark's setting.</summary>
    public const int Population = 40;

    /// <summary>The full version's seeds, 1 .. 50 (the 50-seed protocol).</summary>
    public const int FullSeeds = 50;

    /// <inheritdoc />
    public string Name => "double-pole";

    /// <inheritdoc />
    public string Title => "Balancing poles with a spiking controller";

    /// <inheritdoc />
    public string Article => "002";

    /// <inheritdoc />
    public string Description =>
        "Spiking controllers balance Wieland's poles (sensor neurons, two motor neurons whose spike-count difference in each 20 ms window, run in 0.25 ms " +
        "engine steps, pushes the cart). Double pole without velocities: CoSyNE tunes the 8 numbers of the delay-line circuit (linear sensor code, at most " +
        "4 800 evaluations a run; solved at 100 000 steps, then scored on 625 starts). Quick: single pole to 5 000 steps by CMA-ES and double-pole-nv seed 43 " +
        "(one of the fastest of the 50); full: double-pole-nv over seeds 1 .. 50.";

    /// <inheritdoc />
    public void Check(ExperimentContext context) => context.RequireCpuLoop(Name, "steps its networks one step at a time in a closed loop");

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var metrics = new JsonObject();
        var comparisons = new List<Comparison>();
        var curves = new List<(string, double[], double[])>();
        if (context.Quick)
        {
            var single = new PoleBalancingTask(PoleVariant.SinglePole, successSteps: 5_000);
            var run = Evolve(single, new EvolverSettings("cmaes", 0, 0, 1), 1, 40, 0, context.Threads, context.CancellationToken);
            metrics["singlePole"] = new JsonObject { ["solved"] = run.Solved, ["evaluations"] = EvaluationsOf(run) };
            comparisons.Add(new Comparison("single pole (5 000 steps), CMA-ES, seed 1: solved, evaluations",
                run.Solved ? $"yes, {EvaluationsOf(run)}" : $"no ({EvaluationsOf(run)} evaluations)", "NEAT, sigmoid units: solved in every run (Stanley and Miikkulainen 2002)"));
            curves.Add(("single pole, CMA-ES", [.. run.History.Select(r => (double)r.Generation)], [.. run.History.Select(r => r.BestFitness)]));
        }
        ulong[] seeds = context.Quick ? [QuickSeed] : Seeds ?? [.. Enumerable.Range(1, FullSeeds).Select(s => (ulong)s)];
        long bound = Bound;
        // The seeds side by side, each run with its share of the threads (one each when there are more seeds than
        // threads), collected in seed order: a run's result depends on its seed alone, so the outputs are the serial ones.
        int side = Math.Min(ParallelBlocks.ThreadCount(context.Threads), seeds.Length);
        context.Report(0, seeds.Length == 1 ? $"double-pole-nv, CoSyNE, seed {seeds[0]}" : $"double-pole-nv, CoSyNE, {seeds.Length} seeds, {side} at a time");
        var runs = ParallelRuns.Map(seeds.Length, context.Threads, (k, threads) =>
        {
            ulong seed = seeds[k];
            var task = (PoleBalancingTask)EvolutionTasks.Create("double-pole-nv", "linear");
            var run = Evolve(task, new EvolverSettings("cosyne", Population, 0, seed, Circuit: true), seed, 1000, bound, threads, context.CancellationToken);
            int? score = null;
            if (run.Solved)
            {
                var net = run.Decode(run.Best!.Genome, "double-pole-nv-champion") with { DurationMs = 1000 };
                score = task.GeneralisationScore(net, context.CancellationToken);
            }
            return new SeedRun(seed, run.Solved, run.Evaluations, run.Solved ? run.Best!.Evaluations : null, score,
                [.. run.History.Select(r => (double)r.Generation)], [.. run.History.Select(r => r.BestFitness)]);
        }, (_, r, finished) => context.Report((double)finished / seeds.Length,
            $"double-pole-nv, CoSyNE: seed {r.Seed} " + (r.Solved ? $"solved at {r.ToSolve} evaluations" : $"not solved in {r.Evaluations} evaluations") +
            (seeds.Length > 1 ? $" ({finished} of {seeds.Length} seeds done)" : "")), context.CancellationToken);
        var solvedSeeds = new List<ulong>();
        var toSolve = new List<long>();
        var generalisation = new List<int>();
        long spent = 0;
        foreach (var r in runs)
        {
            spent += r.Evaluations;
            if (r.Seed == seeds[0]) curves.Add(($"double pole, no velocities, CoSyNE (seed {r.Seed})", r.Generations, r.BestFitness));
            if (!r.Solved) continue;
            solvedSeeds.Add(r.Seed);
            toSolve.Add(r.ToSolve!.Value);
            generalisation.Add(r.Generalisation!.Value);
        }
        var sorted = toSolve.Order().ToArray();
        double? median = sorted.Length == 0 ? null : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0;
        double? mean = toSolve.Count > 0 ? toSolve.Average() : null;
        double? perSolution = solvedSeeds.Count > 0 ? (double)spent / solvedSeeds.Count : null;
        metrics["doublePoleNv"] = new JsonObject
        {
            ["algorithm"] = "cosyne", ["circuit"] = true, ["sensorCode"] = "linear", ["population"] = Population, ["maxEvaluations"] = bound,
            ["seeds"] = seeds.Length, ["firstSeed"] = seeds[0], ["solved"] = solvedSeeds.Count,
            ["solvedSeeds"] = new JsonArray([.. solvedSeeds.Select(s => (JsonNode)s)]),
            ["medianEvaluationsToSolve"] = median, ["meanEvaluationsToSolve"] = mean is { } m ? Math.Round(m, 1) : null,
            ["evaluations"] = spent, ["evaluationsPerSolution"] = perSolution is { } ps ? Math.Round(ps, 1) : null,
            ["meanGeneralisation"] = generalisation.Count > 0 ? Math.Round(generalisation.Average(), 1) : null,
            ["minGeneralisation"] = generalisation.Count > 0 ? generalisation.Min() : null,
        };
        string which = context.Quick ? $"seed {QuickSeed}" : $"seeds 1 .. {FullSeeds}";
        comparisons.Add(new Comparison($"double pole without velocities, CoSyNE on the delay-line circuit ({which}, at most {bound} evaluations a run): runs solved",
            $"{solvedSeeds.Count} of {seeds.Length}" + (generalisation.Count > 0 ? $" (625-start score: mean {generalisation.Average():F0}, least {generalisation.Min()}; solved needs 200)" : ""),
            "Stanley and Miikkulainen 2002, table 2: generalisation 286 (NEAT), 289 (ESP)"));
        comparisons.Add(new Comparison("evaluations to the first solution (solved runs: median; mean)",
            median is null ? "none solved" : $"{median:0.#}; {mean:F0}",
            "NEAT 33 184, ESP 169 466 (Stanley and Miikkulainen 2002, table 2, averages of 20); CoSyNE 3 416, CMA-ES 6 061 (Gomez et al. 2008, table 4, damping fitness, averages of 50)"));
        comparisons.Add(new Comparison("evaluations spent per solution (every run's evaluations / runs solved)",
            perSolution is null ? $"none solved ({spent} evaluations)" : $"{perSolution:F0}",
            "the published figures above are means over runs that solved (Gomez et al. report failures only for CNE)"));
        Png.Save(context.PathOf("double-pole-fitness.png"), Charts.Charts.Lines("Best fitness per generation", "generation", "fitness", curves));
        return new ExperimentResult(metrics,
            [new Figure("double-pole-fitness.png", "Best fitness per generation: double pole without velocities (CoSyNE, Gruau's damping fitness), and in the quick version single pole (CMA-ES, control steps balanced).")],
            comparisons);
    }

    /// <summary>The full version's seeds when not 1 .. <see cref="FullSeeds"/> (tests run a few).</summary>
    internal ulong[]? Seeds { get; init; }

    /// <summary>The bound on one double-pole-nv run's evaluations (tests lower it).</summary>
    internal long Bound { get; init; } = EvaluationBound;

    /// <summary>What the report needs of one double-pole-nv seed's run.</summary>
    private sealed record SeedRun(ulong Seed, bool Solved, long Evaluations, long? ToSolve, int? Generalisation, double[] Generations, double[] BestFitness);

    /// <summary>One run as `neurosharp evolve` makes it, to its first solution, its evaluation budget (0: none) or its generations.</summary>
    private static EvolutionRun Evolve(IEvolutionTask task, EvolverSettings settings, ulong seed, int generations, long maxEvaluations, int threads, CancellationToken cancellationToken)
    {
        var run = new EvolutionRun(task, task.DefaultModel, EvolverFactory.Create(settings, task), seed, generations, threads) { MaxEvaluations = maxEvaluations };
        var quiet = new ProgressCallback<WorkProgress>(_ => { });
        while (run.RunChunk(1, quiet, cancellationToken)) { }
        return run;
    }

    private static long EvaluationsOf(EvolutionRun run) => run.Solved ? run.Best!.Evaluations : run.Evaluations;
}
