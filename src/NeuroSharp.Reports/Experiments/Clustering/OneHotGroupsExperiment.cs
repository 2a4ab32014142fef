using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Reports.Images;
using NeuroSharp.Fitting;

namespace NeuroSharp.Reports.Experiments.Clustering;

/// <summary>
/// Article 000's planted one-hot groups (docs/articles.md#article-000-clusterizers): G groups of S inputs, one 1 per group; G meta-clusters of S
/// neurons should recover the groups exactly. Also the article's counting argument: G x S neurons
/// reconstruct what a single clusterizer would need S^G neurons for.
/// </summary>
public abstract class OneHotGroupsExperiment : IExperiment
{
    /// <summary>Creates the experiment for G groups of S inputs.</summary>
    /// <param name="groups">G.</param>
    /// <param name="size">S.</param>
    /// <param name="fullSamples">Examples per seed in the full run.</param>
    /// <param name="quickSamples">Examples per seed in the quick run.</param>
    protected OneHotGroupsExperiment(int groups, int size, int fullSamples, int quickSamples)
    {
        Groups = groups;
        Size = size;
        FullSamples = fullSamples;
        QuickSamples = quickSamples;
    }

    /// <summary>G, the planted groups.</summary>
    public int Groups { get; }

    /// <summary>S, the inputs per group.</summary>
    public int Size { get; }

    /// <summary>Examples per seed in the full run.</summary>
    public int FullSamples { get; }

    /// <summary>Examples per seed in the quick run.</summary>
    public int QuickSamples { get; }

    /// <inheritdoc />
    public string Name => $"onehot-{Groups}x{Size}";

    /// <inheritdoc />
    public string Title => $"{Groups} meta-clusters recover {Groups} planted one-hot groups of {Size}";

    /// <inheritdoc />
    public string Article => "000";

    /// <inheritdoc />
    public string Description =>
        $"{Groups * Size} inputs in {Groups} groups of {Size}; every example has exactly one 1 per group. With the reference constants " +
        "(lambda 0.5, eta 0.3, 2 % random winners, zero centres) the masks should put each group into its own meta-cluster. " +
        "'Settled at' is the example count from which the partition matched at every check (each 1 000 examples).";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        int seeds = context.Quick ? 3 : 10;
        int samples = context.Quick ? QuickSamples : FullSamples;
        var options = new MetaClustererOptions
        {
            MetaCount = Groups, ClusterCount = Size, MaskRate = 0.5f, LearningRate = 0.3f, RandomRate = 0.02f, Init = CentreInit.Zeros,
        };
        var perSeed = new JsonArray();
        var settled = new List<long>();
        int recovered = 0;
        double metaError = 0, singleError = 0;
        for (int s = 0; s < seeds; s++)
        {
            ulong seed = context.Seed + (ulong)s;
            var planted = Generators.OneHotGroups(OneHotGroupsSpec.Uniform(Groups, Size), samples, new RandomStream(seed).Fork(DataSources.DataStreamId));
            var model = MetaClusterer.Create(planted.Dataset, options, seed);
            var r = PlantedRecovery.Fit(model, planted, new FitOptions { Shuffle = false, ReportEvery = 1000 }, context.CancellationToken);
            context.Report((s + 1.0) / seeds, $"{Name} seed {seed}");
            if (r.Recovered) recovered++;
            if (r.SettledAt is { } at) settled.Add(at);
            perSeed.Add(new JsonObject { ["seed"] = seed, ["recovered"] = r.Recovered, ["settledAt"] = r.SettledAt, ["learnState"] = model.LearnState() });
            if (s == 0)
            {
                Png.Save(context.PathOf("masks.png"), ClusteringPictures.Masks(model, null));
                // The counting argument: same neuron budget G x S in one clusterizer.
                var test = Generators.OneHotGroups(OneHotGroupsSpec.Uniform(Groups, Size), 2000, new RandomStream(seed).Fork(99)).Dataset;
                metaError = model.ReconstructionError(test, context.Threads);
                var single = CompetitiveLayer.Create(planted.Dataset, new CompetitiveLayerOptions { ClusterCount = Groups * Size, LearningRate = 0.3f, RandomRate = 0.02f }, seed);
                single.Fit(planted.Dataset, new FitOptions { Shuffle = false }, null, context.CancellationToken);
                singleError = SingleLayerReconstructionError(single, test);
            }
        }
        settled.Sort();
        var metrics = new JsonObject
        {
            ["groups"] = Groups, ["size"] = Size, ["seeds"] = seeds, ["samplesPerSeed"] = samples, ["seedsRecovered"] = recovered,
            ["settledAtMedian"] = settled.Count > 0 ? settled[settled.Count / 2] : null, ["settledAtMax"] = settled.Count > 0 ? settled[^1] : null,
            ["metaReconstructionError"] = metaError, ["singleClusterizerReconstructionError"] = singleError, ["perSeed"] = perSeed,
        };
        string settledText = settled.Count > 0 ? $"median {settled[settled.Count / 2]:N0}, max {settled[^1]:N0}" : "never";
        return new ExperimentResult(metrics,
            [new Figure("masks.png", $"The {Groups} masks of the first seed (rows) over the {Groups * Size} inputs (columns): each row lights one group.")],
            [
                new Comparison("seeds whose partition equals the planted groups", $"{recovered} of {seeds} after {samples:N0} examples", "'Works!' (article's pictures)"),
                new Comparison("examples until the partition settles", settledText, "not reported"),
                new Comparison($"reconstruction error, {Groups} x {Size} meta vs 1 x {Groups * Size} clusterizer",
                    $"{metaError:F4} vs {singleError:F4}", $"{Groups} x {Size} = {Groups * Size} clusters instead of {Size}^{Groups}"),
            ]);
    }

    private static double SingleLayerReconstructionError(CompetitiveLayer layer, Dataset data)
    {
        int[] w = layer.Predict(data, 1);
        double sum = 0;
        for (int i = 0; i < data.RowCount; i++) sum += NeuroSharp.Numerics.Kernels.Kernels.SumAbsDiff(layer.Centre(w[i]), data.Row(i));
        return sum / ((double)data.RowCount * data.ColumnCount);
    }
}

/// <summary>The article's 5 groups of 5 (our target, docs/articles.md#article-000-clusterizers: settled within 20 000 examples).</summary>
public sealed class OneHot5x5Experiment() : OneHotGroupsExperiment(5, 5, fullSamples: 20_000, quickSamples: 20_000);

/// <summary>The article's 10 groups of 10 (needs on the order of 10^5 examples with the reference rules).</summary>
public sealed class OneHot10x10Experiment() : OneHotGroupsExperiment(10, 10, fullSamples: 300_000, quickSamples: 100_000);
