using System.Text.Json.Nodes;
using NeuroSharp.Evolution.Worlds.Reflex;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Reports.Worlds;
using NeuroSharp.Spiking;

namespace NeuroSharp.Reports.Experiments.Evolution;

/// <summary>
/// The worlds' hand-built reference controllers (docs/world-worm.md, docs/world-touch-reflex.md): the worm network
/// on the held-out klinotaxis and withdrawal trials, and article 002's transmitter reflex arc on the touch-reflex
/// task, with an animation of one klinotaxis trial. Not evolution: the proof that the tasks are solvable and wired right.
/// </summary>
public sealed class WormReferenceExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "worm-reference";

    /// <inheritdoc />
    public string Title => "Hand-built controllers in the worm world and the touch-reflex task";

    /// <inheritdoc />
    public string Article => "002";

    /// <inheritdoc />
    public string Description =>
        "A half-centre oscillator with smell-and-bend steering crawls to food from random starts; a head touch makes it back away. " +
        "Article 002's skin -> sensory -> motor -> muscle arc of transmitter neurons fires while touched and stops after. " +
        "These are the proofs that the tasks evolution will face are solvable through their sensors and muscles.";

    /// <inheritdoc />
    public void Check(ExperimentContext context) => context.RequireCpuLoop(Name, "steps its networks one step at a time in a closed loop");

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        int trials = context.Quick ? 3 : 100;
        var network = WormReferenceNetwork.Build();
        var klinotaxis = new WormKlinotaxisTask();
        var withdrawal = new WormWithdrawalTask();
        context.Report(0, "klinotaxis");
        var k = klinotaxis.RunTestSet(network, trials, context.CancellationToken);
        context.Report(0.6, "withdrawal");
        var w = withdrawal.RunTestSet(network, trials, context.CancellationToken);
        context.Report(0.9, "touch reflex");
        var reflexNet = TouchReflexNetwork();
        var reflex = new TouchReflexTask().Run(reflexNet, new RandomStream(context.Seed));

        var recorder = new WormFrameRecorder(every: context.Quick ? 25 : 10, maxFrames: 300);
        klinotaxis.RunTrial(network, klinotaxis.TestTrials(1)[0], recorder, context.CancellationToken);
        recorder.WriteGif(context.PathOf("worm-klinotaxis.gif"));
        using (var last = new WormFrameRenderer().Render(recorder.Frames[^1]))
            Images.Png.Save(context.PathOf("worm-klinotaxis-last.png"), Images.Png.Encode(last));

        var metrics = new JsonObject
        {
            ["klinotaxisTrials"] = k.Trials, ["klinotaxisReached"] = k.Successes, ["klinotaxisSuccessRate"] = k.SuccessRate,
            ["klinotaxisMeanFitness"] = k.MeanFitness,
            ["withdrawalTrials"] = w.Trials, ["withdrawalBackedOff"] = w.Successes, ["withdrawalSuccessRate"] = w.SuccessRate,
            ["touchReflexFiringWhileTouched"] = reflex.TouchedFiring, ["touchReflexSilentAfter"] = reflex.QuietSilent,
        };
        return new ExperimentResult(metrics,
            [
                new Figure("worm-klinotaxis.gif", "The reference worm on held-out klinotaxis trial 0: muscles lit red (left) and blue (right), food green, touches yellow."),
                new Figure("worm-klinotaxis-last.png", "The last frame of that trial."),
            ],
            [
                new Comparison("worm reaches food (held-out trials)", $"{k.Successes} of {k.Trials}", "goal for the evolved worm: at least 90 of 100"),
                new Comparison("worm backs away after a head touch", $"{w.Successes} of {w.Trials}", "the withdrawal reflex (issue's goal)"),
                new Comparison("skin -> sensory -> motor -> muscle", $"fires in {reflex.TouchedFiring:P0} of touched bins, silent in {reflex.QuietSilent:P0} of quiet ones", "article 002: responds to touch and stops when it stops"),
            ]);
    }

    /// <summary>The reflex arc of examples/networks/touch-reflex.json, built in code (the experiment does not read files).</summary>
    /// <returns>The network.</returns>
    public static NetworkSpec TouchReflexNetwork()
    {
        SingleNeuronSpec N(string id, string? label, double x) =>
            new() { Id = id, Label = label, Model = TransmitterNeuronSpec.Excitatory, Kind = NeuronKind.Excitatory, X = x, Y = 200 };
        return new NetworkSpec
        {
            Name = "touch-reflex",
            DtMs = 1,
            Neurons = [N("input.0", "skin", 80), N("sensory", null, 240), N("motor", null, 400), N("output.0", "muscle", 560)],
            Links = [new LinkSpec { From = "input.0", To = "sensory" }, new LinkSpec { From = "sensory", To = "motor" }, new LinkSpec { From = "motor", To = "output.0" }],
        };
    }
}
