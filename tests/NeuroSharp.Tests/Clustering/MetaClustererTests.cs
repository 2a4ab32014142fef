using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;
using NeuroSharp.Fitting;

namespace NeuroSharp.Tests.Clustering;

public class MetaClustererTests
{
    private static readonly MetaClustererOptions FiveByFive = new()
    {
        MetaCount = 5, ClusterCount = 5, MaskRate = 0.5f, LearningRate = 0.3f, RandomRate = 0.02f, Init = CentreInit.Zeros,
    };

    [Fact]
    public void NewModel_MasksAreOneOverM_LearnStateIsOneOverM()
    {
        var mc = new MetaClusterer(10, FiveByFive, 1);
        Assert.All(mc.Masks.ToArray(), w => Assert.Equal(0.2f, w));
        Assert.Equal(0.2f, mc.LearnState(), 6);
    }

    [Fact]
    public void Present_FollowsSpecRules_StepByStep()
    {
        // M = 2, K = 1, zero centres, no exploration: the only neuron of each layer wins. By hand, for x = (1, 0):
        // x_m = x W_m = (0.5, 0); c_m = 0 + eta (x_m - 0) = (0.25, 0) with eta 0.5; e_m = |x_m - c_m| = (0.25, 0);
        // W_m = max(0.5 - lambda e_m, floor) = (0.475, 0.5) with lambda 0.1; normalised: (0.5, 0.5) for both.
        var options = new MetaClustererOptions { MetaCount = 2, ClusterCount = 1, MaskRate = 0.1f, LearningRate = 0.5f, RandomRate = 0, Init = CentreInit.Zeros };
        var mc = new MetaClusterer(2, options, 3);
        var code = new int[2];
        mc.Present([1f, 0f], code);
        Assert.Equal([0, 0], code);
        Assert.Equal([0.25f, 0f], mc.Layer(0).Centre(0).ToArray());
        Assert.Equal([0.5f, 0.5f, 0.5f, 0.5f], mc.Masks.ToArray());
        Assert.Equal(1, mc.SamplesSeen);
    }

    [Fact]
    public void Present_DifferentErrors_MoveWeightToTheBetterLayer()
    {
        // Layer 0 already predicts input 0 exactly; layer 1 does not: input 0's weight must shift to layer 0.
        var options = new MetaClustererOptions { MetaCount = 2, ClusterCount = 1, MaskRate = 0.5f, LearningRate = 0.01f, RandomRate = 0, Init = CentreInit.Zeros };
        var mc = new MetaClusterer(1, options, 3);
        mc.Layer(0).MutableCentres[0] = 0.5f; // = x W_0 for x = 1
        mc.Present([1f], default);
        Assert.True(mc.Mask(0)[0] > 0.5f);
        Assert.Equal(1f, mc.Mask(0)[0] + mc.Mask(1)[0], 6);
    }

    [Fact]
    public void Masks_StayNormalisedAndAboveFloor_ThroughoutLearning()
    {
        var planted = Generators.OneHotGroups(OneHotGroupsSpec.Uniform(5, 5), 3000, new RandomStream(2));
        var mc = MetaClusterer.Create(planted.Dataset, FiveByFive, 2);
        for (int i = 0; i < planted.Dataset.RowCount; i++)
        {
            mc.Present(planted.Dataset.Row(i), default);
            if (i % 100 != 0) continue;
            for (int j = 0; j < 25; j++)
            {
                float sum = 0;
                for (int m = 0; m < 5; m++)
                {
                    // The floor applies before normalisation; afterwards a weight can drop to floor / (sum of W at j) >= floor / (1 + M floor).
                    Assert.True(mc.Mask(m)[j] >= 0.001f / 1.005f - 1e-7f);
                    sum += mc.Mask(m)[j];
                }
                Assert.Equal(1f, sum, 5);
            }
            Assert.InRange(mc.LearnState(), 0.2f - 1e-6f, 1f + 1e-6f);
        }
    }

    [Fact]
    public void Reconstruct_SumsTheWinnersCentres_AndPartitionIsArgmax()
    {
        var planted = Generators.OneHotGroups(OneHotGroupsSpec.Uniform(3, 4), 2000, new RandomStream(5));
        var mc = MetaClusterer.Create(planted.Dataset, FiveByFive with { MetaCount = 3, ClusterCount = 4 }, 5);
        mc.Fit(planted.Dataset);
        int[] code = [1, 3, 0];
        var xhat = new float[12];
        mc.Reconstruct(code, xhat);
        for (int j = 0; j < 12; j++)
        {
            float expected = mc.Layer(0).Centre(1)[j] + mc.Layer(1).Centre(3)[j] + mc.Layer(2).Centre(0)[j];
            Assert.Equal(expected, xhat[j], 6);
        }
        var partition = mc.Partition();
        for (int j = 0; j < 12; j++)
        {
            for (int m = 0; m < 3; m++) Assert.True(mc.Mask(partition[j])[j] >= mc.Mask(m)[j]);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => mc.Reconstruct([0, 4, 0], xhat));
    }

    [Fact]
    public void OneMetaCluster_BehavesLikeOneCompetitiveLayer()
    {
        // With M = 1 the mask stays 1 after normalisation, so the layer sees x itself.
        var data = TestData.MnistTrain().Take(300);
        var mc = MetaClusterer.Create(data, new MetaClustererOptions { MetaCount = 1, ClusterCount = 6, RandomRate = 0.05f }, 9);
        var layer = new CompetitiveLayer(784, mc.Options.LayerOptions, new RandomStream(9).Fork(0));
        layer.InitialiseFromRows(data, Enumerable.Repeat(1f, 784).ToArray());
        for (int i = 0; i < data.RowCount; i++)
        {
            mc.Present(data.Row(i), default);
            layer.Present(data.Row(i));
        }
        Assert.Equal(layer.Centres.ToArray(), mc.Layer(0).Centres.ToArray());
        Assert.All(mc.Masks.ToArray(), w => Assert.Equal(1f, w));
    }

    [Fact]
    public void SameSeed_SameModel_AtAnyThreadCount_OtherSeedDiffers()
    {
        // Large enough (K x D = 100 x 784) for the layers to run on threads.
        var data = TestData.MnistTrain();
        var options = new MetaClustererOptions { MetaCount = 4, ClusterCount = 100 };
        MetaClusterer Train(ulong seed, int threads)
        {
            var mc = MetaClusterer.Create(data, options, seed);
            mc.MaxThreads = threads;
            mc.Fit(data, new FitOptions { Samples = 400 });
            return mc;
        }
        var one = Train(4, 1);
        var many = Train(4, 4);
        Assert.Equal(one.Masks.ToArray(), many.Masks.ToArray());
        for (int m = 0; m < 4; m++) Assert.Equal(one.Layer(m).Centres.ToArray(), many.Layer(m).Centres.ToArray());
        Assert.Equal(one.Encode(data, 1), many.Encode(data, 3));
        Assert.Equal(one.ReconstructionError(data, 1), many.ReconstructionError(data, 4));
        Assert.NotEqual(one.Masks.ToArray(), Train(5, 1).Masks.ToArray());
    }

    [Fact]
    public void Options_OutOfRange_NameTheOptionAndValue()
    {
        Assert.Contains("MetaCount must be at least 1 (got 0)", Assert.Throws<InvalidOptionException>(() => new MetaClusterer(3, new MetaClustererOptions { MetaCount = 0 }, 1)).Message);
        Assert.Contains("MaskRate must be in (0, 1] (got 2)", Assert.Throws<InvalidOptionException>(() => new MetaClusterer(3, new MetaClustererOptions { MaskRate = 2 }, 1)).Message);
        Assert.Contains("MaskFloor must be in (0, 1/M)", Assert.Throws<InvalidOptionException>(() => new MetaClusterer(3, new MetaClustererOptions { MetaCount = 4, MaskFloor = 0.3f }, 1)).Message);
    }

    [Fact]
    public void Fit_WrongColumnCount_NamesDataAndCounts()
    {
        var mc = new MetaClusterer(5, FiveByFive, 1);
        var e = Assert.Throws<InvalidInputException>(() => mc.Fit(Generators.UniformPoints(3, 10, new RandomStream(1))));
        Assert.Contains("3 columns, but the model has 5 inputs", e.Message);
    }
}
