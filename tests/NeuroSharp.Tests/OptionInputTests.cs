using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Learning;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Stochastic;

namespace NeuroSharp.Tests;

/// <summary>
/// Library users get the same protection as the command line: sizes are estimated against a
/// <see cref="MemoryBudget"/> before anything is allocated, and out-of-range values are named in the user's words.
/// </summary>
public class OptionInputTests
{
    private static readonly MemoryBudget OneMiB = new(1 << 20);

    [Fact]
    public void DataSources_UniformOverBudget_ThrowsNamingSpecEstimateAndLimit()
    {
        var e = Assert.Throws<InvalidInputException>(() => DataSources.Load("uniform:dims=1000,samples=1000", new DataLoadOptions(Memory: OneMiB)));
        Assert.Contains("uniform:dims=1000,samples=1000", e.Message);
        Assert.Contains("3.8 MiB", e.Message);
        Assert.Contains("1 MiB", e.Message);
    }

    [Fact]
    public void DataSources_OneHotHugeGroups_ThrowsBeforeListingGroups()
    {
        var e = Assert.Throws<InvalidInputException>(() => DataSources.Load("onehot:groups=2147483647,size=100000"));
        Assert.Contains("onehot:groups=2147483647,size=100000", e.Message);
        Assert.Contains("memory", e.Message);
    }

    [Fact]
    public void DataSources_SampleCountZero_ThrowsNamingIt()
    {
        var e = Assert.Throws<InvalidOptionException>(() => DataSources.Load("uniform:dims=2", new DataLoadOptions(SampleCount: 0)));
        Assert.Equal("SampleCount", e.Property);
    }

    [Fact]
    public void DataSources_NoiseNaN_NamesNoiseKey()
    {
        var e = Assert.Throws<InvalidInputException>(() => DataSources.Load("onehot:groups=2,size=3,noise=NaN"));
        Assert.Contains("noise", e.Message);
        Assert.DoesNotContain("FlipProbability", e.Message);
    }

    [Fact]
    public void Generators_MoreValuesThanOneArray_ThrowsInvalidInput()
    {
        var e = Assert.Throws<InvalidInputException>(() => Generators.UniformPoints(4, int.MaxValue, new RandomStream(1)));
        Assert.Contains("one array", e.Message);
    }

    [Fact]
    public void OneHotGroupsSpec_NoiseOutOfRange_NamesSpecKey()
    {
        var e = Assert.Throws<InvalidOptionException>(() => new OneHotGroupsSpec([3, 3], FlipProbability: 0.7).Validate());
        Assert.Equal("onehot.noise must be in [0, 0.5) (got 0.7).", e.Message);
    }

    [Fact]
    public void CompetitiveLayer_OverBudget_ThrowsBeforeAllocating()
    {
        var options = new CompetitiveLayerOptions { ClusterCount = 1000 };
        var e = Assert.Throws<InvalidInputException>(() => new CompetitiveLayer(1000, options, new RandomStream(1), OneMiB));
        Assert.Contains("K = 1000 clusters of 1000 inputs", e.Message);
        Assert.Contains("1 MiB", e.Message);
    }

    [Fact]
    public void CompetitiveLayer_IntMaxClusters_ThrowsInvalidInput()
    {
        var options = new CompetitiveLayerOptions { ClusterCount = int.MaxValue };
        var e = Assert.Throws<InvalidInputException>(() => new CompetitiveLayer(2, options, new RandomStream(1)));
        Assert.Contains("K = 2147483647", e.Message);
    }

    [Fact]
    public void MetaClusterer_OverBudget_ThrowsNamingMAndK()
    {
        var options = new MetaClustererOptions { MetaCount = 100, ClusterCount = 100 };
        var e = Assert.Throws<InvalidInputException>(() => new MetaClusterer(784, options, 1, OneMiB));
        Assert.Contains("M = 100 meta-clusters of K = 100 clusters of 784 inputs", e.Message);
    }

    [Fact]
    public void MetaClustererOptions_MetaTooLargeForFloor_BlamesMetaCount()
    {
        var e = Assert.Throws<InvalidOptionException>(() => new MetaClustererOptions { MetaCount = 1_000_000 }.Validate());
        Assert.Equal("MetaCount", e.Property);
        Assert.Contains("below 1 / mask floor = 1000", e.Message);
    }

    [Fact]
    public void MetaClustererOptions_FloorSetTooLargeForM_BlamesMaskFloor()
    {
        var e = Assert.Throws<InvalidOptionException>(() => new MetaClustererOptions { MetaCount = 4, MaskFloor = 0.3f }.Validate());
        Assert.Equal("MaskFloor", e.Property);
    }

    [Fact]
    public void MlpTrainer_HugeHiddenLayers_ThrowsBeforeAllocating()
    {
        var spec = new MlpSpec { LayerSizes = [4, 100_000, 100_000, 3] };
        var e = Assert.Throws<InvalidInputException>(() => MlpTrainer.Create(spec, new TrainingOptions(), 1, new MemoryBudget(1L << 30)));
        Assert.Contains("4,100000,100000,3", e.Message);
        Assert.Contains("1 GiB", e.Message);
    }

    [Fact]
    public void Mlp_LayerOverOneArray_ThrowsInvalidInput()
    {
        var spec = new MlpSpec { LayerSizes = [1 << 20, 1 << 20, 2] };
        var e = Assert.Throws<InvalidInputException>(() => Mlp.Create(spec, 1, new MemoryBudget(long.MaxValue / 2)));
        Assert.Contains("one array", e.Message);
    }

    [Fact]
    public void HashLayer_OverBudget_ThrowsNamingN()
    {
        var options = new HashLayerOptions { NeuronCount = 1_000_000, SynapsesPerNeuron = 2 };
        var e = Assert.Throws<InvalidInputException>(() => new HashLayer(4, options, new RandomStream(1), OneMiB));
        Assert.Contains("N = 1000000 hash neurons", e.Message);
    }

    [Fact]
    public void Column_ManyClusterNeurons_OverBudget_Throws()
    {
        var options = new ColumnOptions { ClusterCount = 2_000_000_000, Hash = new HashLayerOptions { SynapsesPerNeuron = 2 } };
        var e = Assert.Throws<InvalidInputException>(() => Column.Create(4, options, 1, OneMiB));
        Assert.Contains("2000000000 cluster neurons", e.Message);
    }
}
