using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Reports.Images;
using NeuroSharp.Fitting;

namespace NeuroSharp.Reports.Experiments.Clustering;

/// <summary>Article 000's side-by-side digits (docs/articles.md#article-000-clusterizers): the masks find the one best split, left digit against right digit.</summary>
public sealed class SideBySideExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "side-by-side";

    /// <inheritdoc />
    public string Title => "Two digits side by side: the masks separate left from right";

    /// <inheritdoc />
    public string Article => "000";

    /// <inheritdoc />
    public string Description =>
        "Each example is two random MNIST digits side by side (28 x 56). With the reference constants (2 x 10, lambda 0.2, eta 0.02, " +
        "1 % random winners, zero centres) one mask takes the left digit and the other the right, every run; only which mask takes which side is random. " +
        "Scored over the pixels lit (above 0.1) in at least 1 % of the examples.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var mnist = context.Mnist.Load(MnistSplit.Train);
        int seeds = context.Quick ? 1 : 10;
        int samples = context.Quick ? 60_000 : 300_000;
        var options = new MetaClustererOptions
        {
            MetaCount = 2, ClusterCount = 10, MaskRate = 0.2f, LearningRate = 0.02f, RandomRate = 0.01f, Init = CentreInit.Zeros,
        };
        var perSeed = new JsonArray();
        int passes = 0;
        var curves = new List<(string, IReadOnlyList<(long, float)>)>();
        for (int s = 0; s < seeds; s++)
        {
            ulong seed = context.Seed + (ulong)s;
            var planted = Generators.SideBySide(mnist, 60_000, new RandomStream(seed).Fork(DataSources.DataStreamId));
            var model = MetaClusterer.Create(planted.Dataset, options, seed);
            model.MaxThreads = context.Threads;
            var fit = model.Fit(planted.Dataset, new FitOptions { Samples = samples, ReportEvery = 5000 },
                FitReporter.Create(context, (double)s / seeds, 1.0 / seeds, $"side-by-side seed {seed}"), context.CancellationToken);
            var lit = PlantedRecovery.OftenLitInputs(planted.Dataset);
            var shares = PartitionMetrics.MajorityShares(model.Partition(), planted.InputGroups, lit);
            bool pass = shares[0].Share >= 0.95 && shares[1].Share >= 0.95 && shares[0].Meta != shares[1].Meta;
            if (pass) passes++;
            perSeed.Add(new JsonObject
            {
                ["seed"] = seed, ["leftMeta"] = shares[0].Meta, ["leftShare"] = shares[0].Share, ["rightMeta"] = shares[1].Meta,
                ["rightShare"] = shares[1].Share, ["pass"] = pass, ["learnState"] = model.LearnState(), ["samplesPerSecond"] = Math.Round(fit.SamplesPerSecond),
            });
            curves.Add(($"seed {seed}", fit.Curve));
            if (s == 0)
            {
                var shape = planted.Dataset.ImageShape!.Value;
                Png.Save(context.PathOf("masks.png"), ClusteringPictures.Masks(model, shape));
                Png.Save(context.PathOf("centres.png"), ClusteringPictures.MetaCentres(model, shape));
                Png.Save(context.PathOf("examples.png"), ImageGrid.RenderPng(planted.Dataset.Values[..(8 * shape.PixelCount)], 8, shape.Height, shape.Width,
                    new ImageGridOptions { Columns = 4, Scale = 2 }));
            }
        }
        Png.Save(context.PathOf("learnstate.png"), ClusteringPictures.LearnState("side-by-side: learnState per seed", curves));
        var metrics = new JsonObject
        {
            ["seeds"] = seeds, ["samplesPerSeed"] = samples, ["seedsPassing"] = passes, ["criterion"] = "both halves >= 95 % in different meta-clusters",
            ["perSeed"] = perSeed,
        };
        return new ExperimentResult(metrics,
            [
                new Figure("examples.png", "Examples: two random digits side by side."),
                new Figure("masks.png", "The two masks of the first seed: one per digit."),
                new Figure("centres.png", "Each group's 10 centres: left digits for one, right digits for the other."),
                new Figure("learnstate.png", "learnState over the examples, one curve per seed."),
            ],
            [
                new Comparison("runs that separate left from right (both halves >= 95 %)", $"{passes} of {seeds} after {samples:N0} examples",
                    "'every time, the separation is the same' (article)"),
            ]);
    }
}
