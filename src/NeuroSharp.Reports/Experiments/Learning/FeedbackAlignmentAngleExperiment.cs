using System.Globalization;
using System.Text.Json.Nodes;
using NeuroSharp.Data;
using NeuroSharp.Learning;
using NeuroSharp.Reports.Images;
using NeuroSharp.Runs;

namespace NeuroSharp.Reports.Experiments.Learning;

/// <summary>
/// "The bottom-up weights adapt so that the fixed top-down weights are approximately their
/// pseudo-inverse" (article 001, docs/articles.md#article-001-backprop-in-the-brain, after Lillicrap et al.): the angle between each rule's update of the
/// hidden weights and backpropagation's gradient, measured on held-out digits while it trains.
/// </summary>
public sealed class FeedbackAlignmentAngleExperiment : IExperiment
{
    private static readonly (TrainingRuleKind Rule, string Name)[] Rules =
    [
        (TrainingRuleKind.FeedbackAlignment, "fa"),
        (TrainingRuleKind.DirectFeedbackAlignment, "dfa"),
        (TrainingRuleKind.AdaptiveFeedback, "adaptive"),
        (TrainingRuleKind.TemporalDerivative, "temporal"),
    ];

    /// <inheritdoc />
    public string Name => "feedback-alignment";

    /// <inheritdoc />
    public string Title => "Random feedback aligns: the angle between each rule's update and the gradient";

    /// <inheritdoc />
    public string Article => "001";

    /// <inheritdoc />
    public string Description =>
        "A 784-256-256-10 ReLU network learns MNIST by FA, DFA, adaptive top-down weights and the temporal rule. " +
        "Every few minibatches we measure, on 500 test digits, the angle between the update each rule makes to the " +
        "hidden weights and the true gradient. It starts near 90 degrees (random feedback carries no information) " +
        "and falls as the forward weights come to agree with the feedback.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var train = context.Mnist.Load(MnistSplit.Train);
        var probe = context.Mnist.Load(MnistSplit.Test).Take(500);
        int epochs = context.Quick ? 1 : 5;
        if (context.Quick) train = train.Take(Math.Min(6000, train.RowCount));
        var spec = new MlpSpec { LayerSizes = [train.ColumnCount, 256, 256, 10] };
        int every = context.Quick ? 10 : 50;
        var layer1 = new List<(string, double[], double[])>();
        var layer2 = new List<(string, double[], double[])>();
        var metrics = new JsonObject { ["epochs"] = epochs, ["trainRows"] = train.RowCount, ["probeRows"] = probe.RowCount, ["measureEveryBatches"] = every };
        var comparisons = new List<Comparison>();
        for (int r = 0; r < Rules.Length; r++)
        {
            var (rule, name) = Rules[r];
            var trainer = MlpTrainer.Create(spec, new TrainingOptions { Rule = rule, Epochs = epochs, LearningRate = 0.01f }, context.Seed);
            trainer.MaxThreads = context.Threads;
            var steps = new List<double>();
            var a1 = new List<double>();
            var a2 = new List<double>();
            void Measure(double step)
            {
                var angles = trainer.UpdateAngles(probe, probe.RowCount);
                steps.Add(step);
                a1.Add(angles[0]);
                a2.Add(angles[1]);
            }
            Measure(0);
            var progress = new ProgressCallback<TrainingProgress>(p =>
            {
                context.Report((r + p.Fraction) / Rules.Length, $"{name}: epoch {p.Epoch + 1}/{p.EpochCount}");
                if (p.Batch % every == 0) Measure(p.Epoch * p.BatchCount + p.Batch);
            });
            trainer.Fit(train, null, progress, context.CancellationToken);
            context.CancellationToken.ThrowIfCancellationRequested();
            layer1.Add((name, steps.ToArray(), a1.ToArray()));
            layer2.Add((name, steps.ToArray(), a2.ToArray()));
            int errors = trainer.Network.Evaluate(probe, context.Threads).Errors;
            metrics[name] = new JsonObject
            {
                ["startAngleLayer1"] = Math.Round(a1[0], 1), ["startAngleLayer2"] = Math.Round(a2[0], 1),
                ["endAngleLayer1"] = Math.Round(a1[^1], 1), ["endAngleLayer2"] = Math.Round(a2[^1], 1), ["probeErrors"] = errors,
            };
            comparisons.Add(new Comparison($"{name}: angle to the gradient, layer 2 (layer 1), start -> end",
                string.Create(CultureInfo.InvariantCulture, $"{a2[0]:F0} -> {a2[^1]:F0} deg ({a1[0]:F0} -> {a1[^1]:F0} deg)"),
                "below 90 deg once aligned (Lillicrap et al. 2016, Fig. 2; Nokland 2016)"));
        }
        Png.Save(context.PathOf("angle-layer2.png"), Charts.Charts.Lines("Update vs gradient, last hidden layer", "minibatches", "angle (degrees)", layer2));
        Png.Save(context.PathOf("angle-layer1.png"), Charts.Charts.Lines("Update vs gradient, first hidden layer", "minibatches", "angle (degrees)", layer1));
        return new ExperimentResult(metrics,
        [
            new Figure("angle-layer2.png", "Angle between each rule's update of W_2 and backpropagation's gradient, on 500 test digits."),
            new Figure("angle-layer1.png", "The same for W_1, two layers below the error."),
        ], comparisons);
    }
}
