using System.Text.Json.Nodes;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Reports.Images;
using NeuroSharp.Reports.Worlds;
using NeuroSharp.Runs;

namespace NeuroSharp.Reports.Experiments.Evolution;

/// <summary>
/// worm-klinotaxis (docs/world-worm.md, "The klinotaxis circuit"): CMA-ES tunes the nine parameters of the documented
/// seed circuit, and the champion is scored on held-out trials that evolution never saw, beside the untuned seed, with
/// its withdrawal from walls. Full: the evolution itself (seed 1, up to 40 generations, as <c>evolve --circuit</c>) and
/// 100 held-out trials of each task. Quick: the champion recorded from that run (<see cref="WormKlinotaxisCircuit.Evolved"/>)
/// and the seed on 4 held-out trials each, 3 withdrawal trials, no evolution.
/// </summary>
public sealed class WormKlinotaxisExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "worm-klinotaxis";

    /// <inheritdoc />
    public string Title => "An evolved spiking worm crawls to food by klinotaxis and backs away from walls";

    /// <inheritdoc />
    public string Article => "002";

    /// <inheritdoc />
    public string Description =>
        "A spiking circuit (half-centre oscillator, coincidence neurons that compare the smell's change with the head's bend, " +
        "a slow turn neuron, a touch-driven reversal) whose nine weights and thresholds CMA-ES tunes; the champion is tested " +
        "on 100 held-out starts (quick: the recorded champion on 4, no evolution).";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var task = new WormKlinotaxisTask();
        var withdrawal = new WormWithdrawalTask();
        int trials = context.Quick ? 4 : 100, withdrawalTrials = context.Quick ? 3 : 100;
        var figures = new List<Figure>();
        var metrics = new JsonObject();
        double[] champion = [.. WormKlinotaxisCircuit.Evolved];
        if (!context.Quick)
        {
            var run = new EvolutionRun(task, ControllerModel.Lif, new CmaEsEvolver(WormKlinotaxisCircuit.Template, 0, 1), 1, 40, context.Threads);
            var quiet = new ProgressCallback<WorkProgress>(p => context.Report(0.7 * p.Done / 40.0, "evolving"));
            while (run.RunChunk(1, quiet, context.CancellationToken) && run.History.Count < 40) { }
            var x = run.History.Select(r => (double)r.Generation).ToArray();
            Png.Save(context.PathOf("klinotaxis-fitness.png"), Charts.Charts.Lines("worm-klinotaxis, CMA-ES on the seed circuit", "generation", "fitness",
                [("best", x, run.History.Select(r => r.BestFitness).ToArray()), ("mean", x, run.History.Select(r => r.MeanFitness).ToArray())]));
            figures.Add(new Figure("klinotaxis-fitness.png", "Best and mean fitness per generation; the run stops when a genome reaches the food in all 8 of its trials."));
            champion = [.. run.Best!.Genome.Links.Select(l => l.Weight)];
            metrics["generations"] = run.History.Count;
            metrics["evaluations"] = run.Evaluations;
            metrics["solved"] = run.Solved;
        }
        var seedNet = WormKlinotaxisCircuit.Template.Seed();
        var championNet = WormKlinotaxisCircuit.Template.Decode(WormKlinotaxisCircuit.Template.ToGenome(0, champion), ControllerModel.Lif, "worm-klinotaxis-champion");
        context.Report(0.7, "held-out trials");
        var s = task.RunTestSet(seedNet, trials, context.CancellationToken);
        var c = task.RunTestSet(championNet, trials, context.CancellationToken);
        context.Report(0.9, "withdrawal");
        var w = withdrawal.RunTestSet(championNet, withdrawalTrials, context.CancellationToken);

        var recorder = new WormFrameRecorder(every: context.Quick ? 25 : 10, maxFrames: 300);
        task.RunTrial(championNet, task.TestTrials(1)[0], recorder, context.CancellationToken);
        recorder.WriteGif(context.PathOf("worm-klinotaxis-champion.gif"));
        figures.Add(new Figure("worm-klinotaxis-champion.gif", "The champion on held-out trial 0: muscles lit red (left) and blue (right), food green."));

        metrics["testTrials"] = trials;
        metrics["seedReached"] = s.Successes;
        metrics["championReached"] = c.Successes;
        metrics["championSuccessRate"] = c.SuccessRate;
        metrics["withdrawalTrials"] = withdrawalTrials;
        metrics["withdrawalBackedOff"] = w.Successes;
        for (int k = 0; k < champion.Length; k++) metrics[$"parameter{k}"] = WormKlinotaxisCircuit.Parameters[k].ValueAt(champion[k]);
        return new ExperimentResult(metrics, figures,
            [
                new Comparison("evolved worm reaches food (held-out trials)", $"{c.Successes} of {trials}", "issue goal: at least 90 of 100"),
                new Comparison("untuned seed circuit reaches food", $"{s.Successes} of {trials}", "before evolution"),
                new Comparison("evolved worm backs away after a head touch", $"{w.Successes} of {withdrawalTrials}", "the withdrawal reflex"),
            ]);
    }
}
