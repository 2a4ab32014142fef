using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Reports.Images;
using NeuroSharp.Fitting;

namespace NeuroSharp.Reports.Experiments.Clustering;

/// <summary>Article 000's first meta-clustering picture (docs/articles.md#article-000-clusterizers): two masks divide the MNIST pixels between two clusterizers.</summary>
public sealed class MnistSplit2Experiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "mnist-split2";

    /// <inheritdoc />
    public string Title => "Two masks divide the MNIST pixels between two clusterizers";

    /// <inheritdoc />
    public string Article => "000";

    /// <inheritdoc />
    public string Description =>
        "Two groups of 10 neurons see MNIST through masks that start at 1/2; each mask loses weight where its group's winner erred, " +
        "then the masks are normalised per pixel. The pixels split into two regions; which split depends on the seed (the article: " +
        "'if we rerun the process, we'll get another separation').";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var train = context.Mnist.Load(MnistSplit.Train);
        int samples = context.Quick ? 20_000 : 120_000;
        var options = new MetaClustererOptions
        {
            MetaCount = 2, ClusterCount = 10, MaskRate = 0.2f, LearningRate = 0.02f, RandomRate = 0.1f, Init = CentreInit.Zeros,
        };
        var model = MetaClusterer.Create(train, options, context.Seed);
        model.MaxThreads = context.Threads;
        var fit = model.Fit(train, new FitOptions { Samples = samples, Shuffle = false, ReportEvery = 1000 }, FitReporter.Create(context, 0, 0.9, "mnist-split2"), context.CancellationToken);
        var shape = train.ImageShape!.Value;
        Png.Save(context.PathOf("masks.png"), ClusteringPictures.Masks(model, shape));
        Png.Save(context.PathOf("centres.png"), ClusteringPictures.MetaCentres(model, shape));
        Png.Save(context.PathOf("learnstate.png"), ClusteringPictures.LearnState("mnist-split2: masks settling", [("seed " + context.Seed, fit.Curve)]));
        var partition = model.Partition();
        var lit = PlantedRecovery.OftenLitInputs(train);
        int litCount = lit.Count(b => b), litInFirst = 0;
        for (int j = 0; j < lit.Length; j++)
        {
            if (lit[j] && partition[j] == 0) litInFirst++;
        }
        var test = context.Mnist.Load(MnistSplit.Test).Take(2000);
        var metrics = new JsonObject
        {
            ["samples"] = fit.Samples, ["learnState"] = model.LearnState(), ["oftenLitPixels"] = litCount,
            ["oftenLitPixelsInMask0"] = litInFirst, ["reconstructionErrorTest"] = model.ReconstructionError(test, context.Threads),
            ["samplesPerSecond"] = Math.Round(fit.SamplesPerSecond),
        };
        return new ExperimentResult(metrics,
            [
                new Figure("masks.png", "The two masks (yellow 1, dark 0): each pixel goes to the clusterizer it fits better."),
                new Figure("centres.png", "The 10 centres of each clusterizer, in masked pixel space."),
                new Figure("learnstate.png", "learnState = mean over pixels of the larger mask weight: 0.5 undecided, 1 a hard split."),
            ],
            [
                new Comparison("the masks split the pixels into two parts", $"learnState {model.LearnState():F2}; {litInFirst} of {litCount} often-lit pixels in mask 0",
                    "yes; 'the top clusteriser examines the bottom right' in the article's run"),
            ]);
    }
}
