using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Reports.Images;
using NeuroSharp.Fitting;

namespace NeuroSharp.Reports.Experiments.Clustering;

/// <summary>Article 000's MNIST picture (docs/articles.md#article-000-clusterizers): 15 neurons cluster raw MNIST digits (0..255, reference constants).</summary>
public sealed class MnistClustersExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "mnist-clusters";

    /// <inheritdoc />
    public string Title => "15 neurons cluster MNIST digits";

    /// <inheritdoc />
    public string Article => "000";

    /// <inheritdoc />
    public string Description =>
        "One group of 15 neurons on raw MNIST pixels (0..255) with eta 0.05 and 1 % random winners, from zero centres. " +
        "Each centre becomes a prototype digit; purity says how often a cluster's majority label is right.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var train = context.Mnist.Load(MnistSplit.Train).Scale(255f, "mnist (0..255)");
        var test = context.Mnist.Load(MnistSplit.Test).Scale(255f, "mnist:test (0..255)");
        int samples = context.Quick ? 10_000 : 60_000;
        var options = new CompetitiveLayerOptions { ClusterCount = 15, LearningRate = 0.05f, RandomRate = 0.01f, Init = CentreInit.Zeros };
        var layer = CompetitiveLayer.Create(train, options, context.Seed);
        var fit = layer.Fit(train, new FitOptions { Samples = samples, Shuffle = false }, FitReporter.Create(context, 0, 0.8, "mnist-clusters"), context.CancellationToken);
        Png.Save(context.PathOf("centres.png"), ClusteringPictures.Centres(layer, train.ImageShape!.Value, 15));
        var assignTrain = layer.Predict(train, context.Threads);
        var assignTest = layer.Predict(test, context.Threads);
        // The label of a cluster is its majority training label; purity on test uses the training labels of clusters.
        double trainPurity = ClusteringQuality.Purity(assignTrain, train.Labels, 15);
        double testAccuracy = ClusterReadout.Fit(assignTrain, train.Labels, 15).Accuracy(assignTest, test.Labels);
        var metrics = new JsonObject
        {
            ["samples"] = fit.Samples, ["trainPurity"] = trainPurity, ["testAccuracyByClusterLabel"] = testAccuracy,
            ["clustersUsed"] = assignTrain.Distinct().Count(), ["samplesPerSecond"] = Math.Round(fit.SamplesPerSecond),
        };
        return new ExperimentResult(metrics,
            [new Figure("centres.png", "The 15 centres (dendrites) after one pass of MNIST: prototype digits.")],
            [
                new Comparison("centres look like digits", "yes (centres.png)", "yes (article's picture)"),
                new Comparison("test accuracy, cluster labelled by majority", $"{testAccuracy:P1}", "not reported; k-means with 15 clusters is typically 60-70 %"),
            ]);
    }
}
