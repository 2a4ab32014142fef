using System.Globalization;
using System.Text.Json.Nodes;
using NeuroSharp.Data;
using NeuroSharp.Learning;
using NeuroSharp.Reports.Images;
using NeuroSharp.Runs;

namespace NeuroSharp.Reports.Experiments.Learning;

/// <summary>
/// The MNIST table of Hinton's lecture (article 001, docs/articles.md#article-001-backprop-in-the-brain) and Nokland's DFA (article 004, docs/articles.md#article-004-cortex-and-deep-networks): the same dropout
/// network trained by backpropagation, feedback alignment, direct feedback alignment, adaptive
/// top-down weights and temporal-derivative learning, each beside its reported test error.
/// </summary>
public sealed class LectureMnistExperiment : IExperiment
{
    /// <summary>The rules in table order, with what the literature reports for them.</summary>
    private static readonly (TrainingRuleKind Rule, string Name, string Reported)[] Rules =
    [
        (TrainingRuleKind.Backprop, "bp", "153 errors (Hinton, 784-800-800-10, 50 % dropout); biotorch LeNet 0.91 %"),
        (TrainingRuleKind.FeedbackAlignment, "fa", "160 errors with fixed random top-down weights (Hinton); biotorch LeNet 1.70 %"),
        (TrainingRuleKind.DirectFeedbackAlignment, "dfa", "1.45 % with dropout (Nokland 2016); biotorch LeNet 1.61 %"),
        (TrainingRuleKind.AdaptiveFeedback, "adaptive", "150 errors with adaptive top-down weights (Hinton)"),
        (TrainingRuleKind.TemporalDerivative, "temporal", "not reported (the lecture describes the rule only)"),
    ];

    /// <inheritdoc />
    public string Name => "lecture-mnist";

    /// <inheritdoc />
    public string Title => "Deep learning without backpropagation: the lecture's MNIST table";

    /// <inheritdoc />
    public string Article => "001";

    /// <inheritdoc />
    public string Description =>
        "A 784-800-800-10 ReLU network with 50 % dropout trained on MNIST by each rule with the same settings " +
        "(SGD, momentum 0.9, rate 0.01 with cosine decay, batch 100): backpropagation, fixed random feedback (FA), " +
        "direct feedback (DFA), adaptive top-down weights and temporal-derivative learning. The quick version " +
        "trains 784-256-256-10 on 6 000 images for 3 epochs.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var train = context.Mnist.Load(MnistSplit.Train);
        var test = context.Mnist.Load(MnistSplit.Test);
        int hidden = context.Quick ? 256 : 800, epochs = context.Quick ? 3 : 50;
        if (context.Quick)
        {
            train = train.Take(Math.Min(6000, train.RowCount));
            test = test.Take(Math.Min(2000, test.RowCount));
        }
        var spec = new MlpSpec { LayerSizes = [train.ColumnCount, hidden, hidden, 10], HiddenDropout = 0.5f };
        var metrics = new JsonObject { ["layers"] = string.Join("-", spec.LayerSizes), ["epochs"] = epochs, ["trainRows"] = train.RowCount, ["testRows"] = test.RowCount };
        var comparisons = new List<Comparison>();
        var curves = new List<(string, double[], double[])>();
        for (int r = 0; r < Rules.Length; r++)
        {
            var (rule, name, reported) = Rules[r];
            var options = new TrainingOptions { Rule = rule, Epochs = epochs, LearningRate = 0.01f };
            var trainer = MlpTrainer.Create(spec, options, context.Seed);
            trainer.MaxThreads = context.Threads;
            int index = r;
            var progress = new ProgressCallback<TrainingProgress>(p =>
                context.Report((index + p.Fraction) / Rules.Length, $"{name}: epoch {p.Epoch + 1}/{p.EpochCount}"));
            trainer.Fit(train, test, progress, context.CancellationToken);
            context.CancellationToken.ThrowIfCancellationRequested();
            var history = trainer.History;
            int errors = history[^1].TestErrors ?? 0;
            double seconds = history.Sum(h => h.Seconds);
            metrics[name] = new JsonObject
            {
                ["testErrors"] = errors, ["testErrorRate"] = (double)errors / test.RowCount, ["trainLoss"] = history[^1].TrainLoss,
                ["seconds"] = Math.Round(seconds, 2), ["secondsPerEpoch"] = Math.Round(seconds / history.Count, 3),
            };
            curves.Add((name, history.Select(h => (double)h.Epoch).ToArray(), history.Select(h => 100.0 * (h.TestErrors ?? 0) / test.RowCount).ToArray()));
            comparisons.Add(new Comparison($"{name}: test errors after {epochs} epochs",
                string.Create(CultureInfo.InvariantCulture, $"{errors} of {test.RowCount} ({100.0 * errors / test.RowCount:F2} %)"), reported));
        }
        Png.Save(context.PathOf("test-error.png"), Charts.Charts.Lines("Test error per epoch", "epoch", "test error (%)", curves));
        return new ExperimentResult(metrics,
            [new Figure("test-error.png", "Test error of each rule after every epoch (same network, data, seed and settings).")],
            comparisons);
    }
}
