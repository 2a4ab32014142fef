using NeuroSharp.Data;
using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Kernels;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Stochastic;

namespace NeuroSharp.Tests.Stochastic;

public class SimilaritySearchTests
{
    [Fact]
    public void AveragePrecision_PaperExample()
    {
        // The comment in the 2017 script: hits at ranks 1, 4, 5, 6 -> mean(1/1, 2/4, 3/5, 4/6).
        double ap = SimilaritySearch.AveragePrecision([10, 20, 30, 40, 50, 60], [10, 40, 50, 60, 99, 98]);
        Assert.Equal((1.0 + 2.0 / 4 + 3.0 / 5 + 4.0 / 6) / 4, ap, 12);
        Assert.Equal(0, SimilaritySearch.AveragePrecision([1, 2], [3, 4]));
    }

    [Fact]
    public void ExactDistances_GiveMapOne_RandomDistancesGiveLittle()
    {
        var data = HashLayerTests.RandomData(400, 10, 1);
        int[] queries = [0, 5, 77, 300];
        var truth = SimilaritySearch.GroundTruth(data, queries, 8);
        double exact = SimilaritySearch.MeanAveragePrecision(truth, data.RowCount, (q, d) =>
        {
            for (int j = 0; j < d.Length; j++) d[j] = Kernels.SumSquaredDiff(data.Row(q), data.Row(j));
        });
        Assert.Equal(1.0, exact, 12);
        var noise = new RandomStream(3);
        var random = new float[400 * 400];
        noise.FillUniform(random);
        double chance = SimilaritySearch.MeanAveragePrecision(truth, data.RowCount, (q, d) => random.AsSpan(q * 400, 400).CopyTo(d));
        Assert.True(chance < 0.3, $"random ranking mAP {chance}");
    }

    [Fact]
    public void GroundTruth_ExcludesSelfAndDuplicates()
    {
        var values = new float[] { 0, 0, 1, 1, 0, 0, 5, 5, 2, 2 }; // rows 0 and 2 are duplicates
        var data = new Dataset("tiny", values, 5, 2);
        var truth = SimilaritySearch.GroundTruth(data, [0], 2);
        Assert.Equal([0, 2], truth.Excluded[0]);
        Assert.Equal([1, 4], truth.Neighbours[0]);
    }

    [Fact]
    public void FlyHash_FindsNeighboursFarAboveChance_OnMnistSubset()
    {
        // Locality check on the committed subset (not the paper's comparison, which the experiment runs):
        // 50 queries, 20 neighbours of 1 000; chance mAP is about 0.02-0.05.
        var data = NeuroSharp.Testing.TestData.MnistTrain();
        var truth = SimilaritySearch.GroundTruth(data, new RandomStream(1).SampleWithoutReplacement(50, data.RowCount), 20);
        var layer = HashLayer.Create(784, new HashLayerOptions { NeuronCount = 2000, Density = 32.0 / 2000, SynapsesPerNeuron = 12 }, 2);
        var codes = layer.HashAll(data);
        double map = SimilaritySearch.MeanAveragePrecision(truth, data.RowCount, (q, d) =>
        {
            for (int j = 0; j < d.Length; j++) d[j] = BitKernels.XorPopCount(codes.Row(q), codes.Row(j));
        });
        Assert.True(map > 0.3, $"fly hash mAP {map}");
    }

    [Fact]
    public void RandomProjection_IsMatrixTimesInput_SignCodesFollowCentre()
    {
        var lsh = new RandomProjectionLsh(5, 3, new RandomStream(4));
        float[] x = [1, 2, 3, 4, 5];
        var y = new float[3];
        lsh.Project(x, y);
        for (int i = 0; i < 3; i++)
        {
            float expected = 0;
            for (int j = 0; j < 5; j++) expected += lsh.Projection[i * 5 + j] * x[j];
            Assert.Equal(expected, y[i], 4);
        }
        var data = new Dataset("one", x, 1, 5);
        var codes = lsh.SignCodes(data, ReadOnlySpan<float>.Empty);
        for (int i = 0; i < 3; i++) Assert.Equal(y[i] > 0, codes[0, i]);
        var atCentre = lsh.SignCodes(data, x); // x - c = 0: no projection is above 0
        Assert.Equal(0, atCentre.PopCount(0));
    }
}
