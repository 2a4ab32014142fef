using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;
using NeuroSharp.Fitting;

namespace NeuroSharp.Tests.Docs;

/// <summary>The C# example of README.md, run as written (on the committed MNIST subset instead of the download).</summary>
public class ReadmeExampleTests
{
    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void ReadmeExample_SeparatesLeftFromRight()
    {
        using var dir = new TempDirectory();
        var digits = TestData.MnistSubset.Load(MnistSplit.Train);
        var pairs = Generators.SideBySide(digits, 60_000, new RandomStream(1));
        var model = MetaClusterer.Create(pairs.Dataset, new MetaClustererOptions
        {
            MetaCount = 2, ClusterCount = 10, MaskRate = 0.2f, LearningRate = 0.02f, RandomRate = 0.01f, Init = CentreInit.Zeros,
        }, seed: 1);
        model.Fit(pairs.Dataset, new FitOptions { Samples = 300_000 });
        int[] partition = model.Partition();
        ClusteringModelFile.Save(model, dir.File("model.safetensors"));

        // The README promises left digit vs right digit: 95 % of the often-lit pixels of each half in its own meta-cluster.
        var shares = PartitionMetrics.MajorityShares(partition, pairs.InputGroups, PlantedRecovery.OftenLitInputs(pairs.Dataset));
        Assert.True(shares[0].Share >= 0.95 && shares[1].Share >= 0.95 && shares[0].Meta != shares[1].Meta,
            $"left {shares[0].Share:P1} in {shares[0].Meta}, right {shares[1].Share:P1} in {shares[1].Meta}");
        Assert.True(File.Exists(dir.File("model.safetensors")));
    }
}
