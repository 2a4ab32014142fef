using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Reports.Experiments.Memory;

/// <summary>Article 000's teacher ("connect EAT to TASTY", docs/articles.md#article-000-clusterizers): MNIST accuracy of a readout learned on the codes, against K, M, T, metric and rule.</summary>
public sealed class ReadoutExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "readout-mnist";

    /// <inheritdoc />
    public string Title => "Teacher readout: MNIST accuracy from meta-cluster codes";

    /// <inheritdoc />
    public string Article => "000";

    /// <inheritdoc />
    public string Description =>
        "Meta-clusterers learn MNIST without labels (one pass); a teacher then associates each code (the T nearest neurons of each of the " +
        "M groups) with the digit, by counting or by the delta rule, without backpropagation. The table shows what moves the test accuracy: " +
        "neurons per group K, meta-clusters M, active neurons T, the metric and the rule.";

    /// <summary>The configurations of the full run: (M, K, metric, init).</summary>
    public static readonly (int M, int K, DistanceMetric Metric, CentreInit Init)[] FullGrid =
    [
        (1, 100, DistanceMetric.L1, CentreInit.Samples), (1, 100, DistanceMetric.SquaredL2, CentreInit.Samples),
        (1, 100, DistanceMetric.SquaredL2, CentreInit.Zeros), (1, 1000, DistanceMetric.SquaredL2, CentreInit.Samples),
        (1, 1000, DistanceMetric.L1, CentreInit.Samples), (1, 3000, DistanceMetric.SquaredL2, CentreInit.Samples),
        (2, 300, DistanceMetric.SquaredL2, CentreInit.Samples), (4, 256, DistanceMetric.SquaredL2, CentreInit.Samples),
        (10, 100, DistanceMetric.L1, CentreInit.Samples), (10, 100, DistanceMetric.SquaredL2, CentreInit.Samples),
    ];

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var train = context.Mnist.Load(MnistSplit.Train);
        var test = context.Mnist.Load(MnistSplit.Test);
        var grid = context.Quick ? [(1, 100, DistanceMetric.SquaredL2, CentreInit.Samples), (4, 50, DistanceMetric.SquaredL2, CentreInit.Samples)] : FullGrid;
        if (context.Quick) train = train.Take(10_000);
        var rows = new JsonArray();
        var table = new List<Comparison>();
        double best = 0;
        string bestName = "";
        for (int g = 0; g < grid.Length; g++)
        {
            var (m, k, metric, init) = grid[g];
            var options = new MetaClustererOptions
            {
                MetaCount = m, ClusterCount = k, Metric = metric, Init = init, Schedule = RateSchedule.InverseCount, RateExponent = 0.75f,
                RandomRate = m > 1 ? 0.1f : 0f,
            };
            var model = MetaClusterer.Create(train, options, context.Seed);
            model.MaxThreads = context.Threads;
            model.Fit(train, null, null, context.CancellationToken);
            foreach (int t in new[] { 1, 5 })
            {
                var trainCodes = model.EncodeActive(train, t, context.Threads);
                var testCodes = model.EncodeActive(test, t, context.Threads);
                foreach (var rule in new[] { ReadoutRule.Counts, ReadoutRule.Delta })
                {
                    var readout = TeacherReadout.Fit(trainCodes, m * t, train.Labels, model.FeatureCount, 10, new ReadoutOptions { Rule = rule }, context.Seed);
                    double accuracy = readout.Accuracy(testCodes, m * t, test.Labels, context.Threads);
                    string name = $"M={m} K={k} {metric} {init} T={t} {rule}";
                    rows.Add(new JsonObject
                    {
                        ["metaCount"] = m, ["clusterCount"] = k, ["metric"] = metric.ToString(), ["init"] = init.ToString(), ["active"] = t,
                        ["rule"] = rule.ToString(), ["testAccuracy"] = accuracy, ["learnState"] = model.LearnState(),
                    });
                    if (accuracy > best)
                    {
                        best = accuracy;
                        bestName = name;
                    }
                }
            }
            context.Report((g + 1.0) / grid.Length, $"readout M={m} K={k}");
        }
        var accuracies = rows.Select(r => r!["testAccuracy"]!.GetValue<double>()).ToArray();
        Png.Save(context.PathOf("accuracy.png"), Charts.Charts.Lines("Test accuracy per configuration", "configuration (see metrics.json)", "MNIST test accuracy",
            [("readout", Enumerable.Range(1, accuracies.Length).Select(i => (double)i).ToArray(), accuracies)]));
        var metrics = new JsonObject { ["trainRows"] = train.RowCount, ["bestTestAccuracy"] = best, ["best"] = bestName, ["configurations"] = rows };
        return new ExperimentResult(metrics,
            [new Figure("accuracy.png", "MNIST test accuracy of every configuration (their order and names are in metrics.json).")],
            [
                new Comparison("best MNIST test accuracy, no backpropagation", $"{best:P2} ({bestName})",
                    "competitive Hebbian learning 98.5 % (Krotov and Hopfield 2019); HTM spatial pooler 95-97 %"),
            ]);
    }
}
