using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Reports.Images;
using NeuroSharp.Stochastic;
using NeuroSharp.Fitting;

namespace NeuroSharp.Reports.Experiments.Stochastic;

/// <summary>
/// Article 003's cortical column (docs/articles.md#article-003-correlation-neuron) clusters MNIST online: hash codes of density 0.05, correlation neurons that
/// learn when the normalised correlation passes a threshold and recruit otherwise. Reports the share of
/// good clusters (at least 20 members, at least 90 % one label; the article reports 99 %), purity and the
/// readout accuracy on the test set, with a sweep over the threshold.
/// </summary>
public sealed class ColumnMnistExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "column-mnist";

    /// <inheritdoc />
    public string Title => "A cortical column of correlation neurons clusters MNIST";

    /// <inheritdoc />
    public string Article => "003";

    /// <inheritdoc />
    public string Description =>
        "Each digit gets a fly-hash code (N = 10 d bits, 5 % ones); correlation neurons store codes, the most correlated one learns it " +
        "(per-bit counts, keep the 5 % most frequent bits) when its normalised correlation passes the threshold, else a free neuron is recruited. " +
        "A cluster is good with at least 20 members and at least 90 % one label; the readout names each cluster by its majority label.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var trainAll = context.Mnist.Load(MnistSplit.Train);
        var testAll = context.Mnist.Load(MnistSplit.Test);
        var train = context.Quick ? trainAll.Take(3000) : trainAll;
        var test = context.Quick ? testAll.Take(1000) : testAll;
        var hash = new HashLayerOptions { Density = 0.05, Expansion = 10, SynapsesPerNeuron = 12 };
        double mainThreshold = 0.45;
        int capacity = context.Quick ? 1500 : 6000;
        double[] sweep = context.Quick ? [] : [0.3, 0.4, 0.5, 0.6];
        int sweepRows = 20_000;

        var main = RunOne(context, train, test, new ColumnOptions { Hash = hash, ClusterCount = capacity, Threshold = mainThreshold }, 0, sweep.Length == 0 ? 1 : 0.6);
        Png.Save(context.PathOf("clusters.png"), StochasticPictures.ClusterMeans(train, main.Assignments, capacity)!);

        var table = new StringBuilder("rows,threshold,clustersUsed,formedClusters,goodClusters,goodShare,rowsInGoodClusters,purity,goodShareAtLearning,testAccuracy,samplesPerSecond\n");
        void Row(Outcome o) => table.Append(CultureInfo.InvariantCulture,
            $"{o.Rows},{o.Threshold},{o.Column.UsedCount},{o.Yield.FormedClusters},{o.Yield.GoodClusters},{o.Yield.GoodShare:F4},{o.Yield.RowsInGoodClusters:F4},{o.Yield.Purity:F4},{o.AtLearning.GoodShare:F4},{o.TestAccuracy:F4},{o.SamplesPerSecond:F0}\n");
        Row(main);
        var figures = new List<Figure> { new("clusters.png", "Mean image of the 100 largest clusters formed by the column.") };
        var sweepJson = new JsonArray();
        if (sweep.Length > 0)
        {
            var sweepTrain = train.Take(sweepRows);
            var outcomes = new List<Outcome>();
            for (int i = 0; i < sweep.Length; i++)
            {
                var o = RunOne(context, sweepTrain, test, new ColumnOptions { Hash = hash, ClusterCount = capacity, Threshold = sweep[i] }, 0.6 + 0.4 * i / sweep.Length, 0.4 / sweep.Length);
                outcomes.Add(o);
                Row(o);
                sweepJson.Add(Json(o));
            }
            double[] t = sweep;
            Png.Save(context.PathOf("threshold.png"), Charts.Charts.Lines($"Column on {sweepRows} MNIST digits: threshold sweep", "threshold (normalised correlation)", "share",
            [
                ("good clusters / formed clusters", t, outcomes.Select(o => o.Yield.GoodShare).ToArray()),
                ("rows in good clusters", t, outcomes.Select(o => o.Yield.RowsInGoodClusters).ToArray()),
                ("purity", t, outcomes.Select(o => o.Yield.Purity).ToArray()),
                ("test readout accuracy", t, outcomes.Select(o => o.TestAccuracy).ToArray()),
            ]));
            figures.Add(new Figure("threshold.png", "Raising the threshold makes clusters purer and smaller: more of the formed clusters are good, fewer rows sit in them."));
        }
        AtomicFile.WriteAllText(context.PathOf("column.csv"), table.ToString());

        var metrics = Json(main);
        metrics["capacity"] = capacity;
        metrics["testRows"] = test.RowCount;
        metrics["sweep"] = sweepJson;
        return new ExperimentResult(metrics, figures,
        [
            new Comparison("good clusters among formed clusters (>= 20 members, >= 90 % one label)",
                $"{main.Yield.GoodShare:P1} ({main.Yield.GoodClusters} of {main.Yield.FormedClusters}; {main.AtLearning.GoodShare:P1} counting members at learning time), holding {main.Yield.RowsInGoodClusters:P1} of the rows",
                "99 % (article)"),
            new Comparison("readout accuracy on the test set (cluster named by its majority label)", $"{main.TestAccuracy:P1} with {main.Column.UsedCount} clusters", "not reported"),
            new Comparison("purity of the training partition", $"{main.Yield.Purity:P1}", "not reported"),
        ]);
    }

    private static Outcome RunOne(ExperimentContext context, Dataset train, Dataset test, ColumnOptions options, double start, double share)
    {
        var column = Column.Create(train.ColumnCount, options, context.Seed);
        column.MaxThreads = context.Threads;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var codes = column.Hash.HashAll(train, context.Threads);
        var atLearning = new int[train.RowCount];
        Array.Fill(atLearning, -1);
        var fit = column.FitCodes(train, codes, new FitOptions { ReportEvery = 1000 }, FitReporter.Create(context, start, share * 0.8, $"column threshold {options.Threshold}"), context.CancellationToken, atLearning);
        double seconds = clock.Elapsed.TotalSeconds;
        var assignments = column.PredictCodes(codes);
        var readout = ClusterReadout.Fit(assignments, train.Labels, column.Capacity);
        double accuracy = readout.Accuracy(column.Predict(test), test.Labels);
        context.Report(start + share, $"column threshold {options.Threshold}: {column.UsedCount} clusters");
        return new Outcome(train.RowCount, options.Threshold, column, assignments,
            ClusterYield.Measure(assignments, train.Labels, column.Capacity), ClusterYield.Measure(atLearning, train.Labels, column.Capacity),
            accuracy, fit.Samples / seconds);
    }

    private static JsonObject Json(Outcome o) => new()
    {
        ["rows"] = o.Rows, ["threshold"] = o.Threshold, ["clustersUsed"] = o.Column.UsedCount, ["recruited"] = o.Column.RecruitedCount,
        ["learned"] = o.Column.LearnedCount, ["unlearned"] = o.Column.UnlearnedCount,
        ["formedClusters"] = o.Yield.FormedClusters, ["goodClusters"] = o.Yield.GoodClusters, ["goodShare"] = Math.Round(o.Yield.GoodShare, 4),
        ["rowsInGoodClusters"] = Math.Round(o.Yield.RowsInGoodClusters, 4), ["purity"] = Math.Round(o.Yield.Purity, 4),
        ["goodShareAtLearning"] = Math.Round(o.AtLearning.GoodShare, 4), ["formedAtLearning"] = o.AtLearning.FormedClusters,
        ["testAccuracy"] = Math.Round(o.TestAccuracy, 4), ["samplesPerSecond"] = Math.Round(o.SamplesPerSecond),
    };

    private sealed record Outcome(int Rows, double Threshold, Column Column, int[] Assignments, ClusterYield Yield, ClusterYield AtLearning, double TestAccuracy, double SamplesPerSecond);
}
