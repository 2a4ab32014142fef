using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Fitting;

namespace NeuroSharp.Reports.Experiments.Memory;

/// <summary>The side-by-side meta-clusterer that the analogy and imagination experiments remember with.</summary>
internal static class SideBySideModel
{
    public static MetaClusterer Train(ExperimentContext context, int clusterCount, out PlantedDataset pairs, out PlantedDataset queries)
    {
        var train = context.Mnist.Load(MnistSplit.Train);
        var test = context.Mnist.Load(MnistSplit.Test);
        var root = new RandomStream(context.Seed).Fork(DataSources.DataStreamId);
        pairs = Generators.SideBySide(train, context.Quick ? 20_000 : 60_000, root.Fork(1));
        queries = Generators.SideBySide(test, 2000, root.Fork(2));
        var options = new MetaClustererOptions
        {
            MetaCount = 2, ClusterCount = clusterCount, MaskRate = 0.2f, LearningRate = 0.02f, RandomRate = 0.01f, Init = CentreInit.Zeros,
        };
        var model = MetaClusterer.Create(pairs.Dataset, options, context.Seed);
        model.MaxThreads = context.Threads;
        model.Fit(pairs.Dataset, new FitOptions { Samples = context.Quick ? 60_000 : 300_000, ReportEvery = 10_000 },
            FitReporter.Create(context, 0, 0.8, "side-by-side model"), context.CancellationToken);
        return model;
    }

    /// <summary>The meta-cluster that holds most of the left half's often-lit pixels.</summary>
    public static int LeftMeta(MetaClusterer model, PlantedDataset pairs) =>
        PartitionMetrics.MajorityShares(model.Partition(), pairs.InputGroups, PlantedRecovery.OftenLitInputs(pairs.Dataset))[0].Meta;
}
