using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Reports.Images;
using NeuroSharp.Fitting;

namespace NeuroSharp.Reports.Experiments.Clustering;

/// <summary>Article 000's first picture (docs/articles.md#article-000-clusterizers): 25 neurons as online k-means on uniform 2-D points (reference constants).</summary>
public sealed class Points2DExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "points2d";

    /// <inheritdoc />
    public string Title => "A group of 25 neurons clusters random 2-D points";

    /// <inheritdoc />
    public string Article => "000";

    /// <inheritdoc />
    public string Description =>
        "Uniform points in the unit square; 25 neurons start at 0 (the reference), the nearest fires and moves 10 % towards each point. " +
        "The centres spread over the square like k-means centres.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        int samples = context.Quick ? 5_000 : 20_000;
        var data = Generators.UniformPoints(2, samples, new RandomStream(context.Seed).Fork(DataSources.DataStreamId));
        var options = new CompetitiveLayerOptions { ClusterCount = 25, LearningRate = 0.1f, RandomRate = 0f, Init = CentreInit.Zeros };
        var layer = CompetitiveLayer.Create(data, options, context.Seed);
        var fit = layer.Fit(data, new FitOptions { Shuffle = false, ReportEvery = 500 }, FitReporter.Create(context, 0, 0.9, "points2d"), context.CancellationToken);
        Png.Save(context.PathOf("points.png"), ClusteringPictures.Points2D(layer, data));
        int used = layer.Predict(data, context.Threads).Distinct().Count();
        double inertia = ClusteringQuality.Inertia(layer.Centres, layer.ClusterCount, data, context.Threads) / data.RowCount;
        // Reference point: the expected squared distance to the nearest of 25 centres on a perfect 5x5 grid is 2 x (0.2^2 / 12).
        double gridInertia = 2 * 0.2 * 0.2 / 12;
        var metrics = new JsonObject
        {
            ["samples"] = fit.Samples, ["clustersUsed"] = used, ["inertiaPerPoint"] = inertia,
            ["gridInertiaPerPoint"] = gridInertia, ["samplesPerSecond"] = Math.Round(fit.SamplesPerSecond),
        };
        return new ExperimentResult(metrics,
            [new Figure("points.png", $"{samples} uniform points coloured by the neuron that wins them; black diamonds are the 25 centres.")],
            [
                new Comparison("neurons that win points", $"{used} of 25", "all 25 (article's picture)"),
                new Comparison("mean squared distance to the winner", $"{inertia:F4}", $"{gridInertia:F4} for an ideal 5 x 5 grid"),
            ]);
    }
}
