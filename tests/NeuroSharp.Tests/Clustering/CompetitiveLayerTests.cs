using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;
using NeuroSharp.Fitting;

namespace NeuroSharp.Tests.Clustering;

public class CompetitiveLayerTests
{
    private static CompetitiveLayer LayerWith(float[][] centres, CompetitiveLayerOptions options)
    {
        var rows = centres.SelectMany(c => c).ToArray();
        var data = new Dataset("centres", rows, centres.Length, centres[0].Length);
        var layer = new CompetitiveLayer(centres[0].Length, options with { ClusterCount = centres.Length }, new RandomStream(0));
        // Initialise from exactly these rows: with K = rows, every row is drawn once, in some order.
        layer.InitialiseFromRows(data, null);
        return layer;
    }

    [Fact]
    public void Present_NearestWins_OnlyWinnerMovesByEta_ErrorMeasuredAfterMove()
    {
        var options = new CompetitiveLayerOptions { LearningRate = 0.25f };
        var layer = LayerWith([[0f, 0f], [10f, 10f], [4f, 0f]], options);
        var before = layer.Centres.ToArray();
        int near = Enumerable.Range(0, 3).First(k => layer.Centre(k)[0] == 4f);
        var error = new float[2];
        var r = layer.Present([6f, 2f], error);
        Assert.Equal(near, r.Winner);
        Assert.False(r.Explored);
        Assert.Equal((2f + 2f) / 2f, r.Distance); // L1 mean: (|4-6| + |0-2|) / 2
        // c_w += eta (x - c_w): (4, 0) + 0.25 (2, 2) = (4.5, 0.5); error after = |x - c_w| = (1.5, 1.5).
        Assert.Equal([4.5f, 0.5f], layer.Centre(near).ToArray());
        Assert.Equal([1.5f, 1.5f], error);
        for (int k = 0; k < 3; k++)
        {
            if (k != near) Assert.Equal(before.AsSpan(k * 2, 2).ToArray(), layer.Centre(k).ToArray());
        }
        Assert.Equal(1, layer.Wins[near]);
        Assert.Equal(1, layer.SamplesSeen);
    }

    [Fact]
    public void Present_TiesGoToLowestIndex_ZeroInitIsAllZero()
    {
        var layer = new CompetitiveLayer(3, new CompetitiveLayerOptions { ClusterCount = 4, Init = CentreInit.Zeros }, new RandomStream(1));
        Assert.All(layer.Centres.ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(0, layer.Present([1f, 1f, 1f]).Winner); // all centres equal: neuron 0 fires first
    }

    [Fact]
    public void SquaredL2_ReportsSumOfSquares()
    {
        var layer = LayerWith([[1f, 1f]], new CompetitiveLayerOptions { Metric = DistanceMetric.SquaredL2 });
        Assert.Equal(1f + 4f, layer.Present([2f, 3f]).Distance);
    }

    [Fact]
    public void InverseCount_CentreIsRunningMeanOfWhatItWon()
    {
        // One neuron from zeros with eta = 1/n: after x1..x3 its centre is their mean (MacQueen).
        var layer = new CompetitiveLayer(1, new CompetitiveLayerOptions { ClusterCount = 1, Init = CentreInit.Zeros, Schedule = RateSchedule.InverseCount }, new RandomStream(1));
        layer.Present([3f]);
        layer.Present([6f]);
        layer.Present([9f]);
        Assert.Equal(6f, layer.Centre(0)[0], 5);
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void RandomRate_ExploresAtThatRate()
    {
        // 20 000 presentations with randomRate 0.2: explored count ~ Binomial(20000, 0.2), sd 57; tolerance 5 sd.
        var layer = new CompetitiveLayer(2, new CompetitiveLayerOptions { ClusterCount = 5, RandomRate = 0.2f, Init = CentreInit.Zeros }, new RandomStream(4));
        int explored = 0;
        for (int i = 0; i < 20_000; i++) explored += layer.Present([0.5f, 0.5f]).Explored ? 1 : 0;
        Assert.InRange(explored, 4000 - 285, 4000 + 285);
    }

    [Fact]
    public void SamplesInit_UsesDistinctRows()
    {
        var data = Generators.UniformPoints(4, 30, new RandomStream(2));
        var layer = CompetitiveLayer.Create(data, new CompetitiveLayerOptions { ClusterCount = 30 }, 7);
        var rows = Enumerable.Range(0, 30).Select(i => string.Join(',', data.Row(i).ToArray())).ToHashSet();
        var centres = Enumerable.Range(0, 30).Select(k => string.Join(',', layer.Centre(k).ToArray())).ToHashSet();
        Assert.Equal(rows, centres);
        var e = Assert.Throws<InvalidInputException>(() => CompetitiveLayer.Create(data, new CompetitiveLayerOptions { ClusterCount = 31 }, 7));
        Assert.Contains("30 rows cannot initialise 31 clusters", e.Message);
    }

    [Fact]
    public void PlusPlus_SpreadsCentresOverPlantedBlobs()
    {
        // Four tight, far-apart blobs: k-means++ puts one centre in each (with probability ~1).
        var rng = new RandomStream(3);
        var values = new float[400 * 2];
        float[][] blobs = [[0, 0], [100, 0], [0, 100], [100, 100]];
        for (int i = 0; i < 400; i++)
        {
            values[2 * i] = blobs[i % 4][0] + rng.NextSingle();
            values[2 * i + 1] = blobs[i % 4][1] + rng.NextSingle();
        }
        var data = new Dataset("blobs", values, 400, 2);
        var layer = CompetitiveLayer.Create(data, new CompetitiveLayerOptions { ClusterCount = 4, Init = CentreInit.PlusPlus }, 1);
        var hit = Enumerable.Range(0, 4).Select(k => (int)MathF.Round(layer.Centre(k)[0] / 100) * 2 + (int)MathF.Round(layer.Centre(k)[1] / 100)).ToHashSet();
        Assert.Equal(4, hit.Count);
    }

    [Theory]
    [InlineData(0, 0.1f, 0f, "ClusterCount must be at least 1 (got 0)")]
    [InlineData(3, 0f, 0f, "LearningRate must be in (0, 1] (got 0)")]
    [InlineData(3, 1.5f, 0f, "LearningRate must be in (0, 1] (got 1.5)")]
    [InlineData(3, 0.1f, -0.1f, "RandomRate must be in [0, 1] (got -0.1)")]
    public void Options_OutOfRange_NameTheOptionAndValue(int k, float eta, float random, string expected)
    {
        var options = new CompetitiveLayerOptions { ClusterCount = k, LearningRate = eta, RandomRate = random };
        var e = Assert.Throws<InvalidOptionException>(options.Validate);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Fit_InChunks_EqualsOneFit()
    {
        var data = Generators.UniformPoints(3, 500, new RandomStream(6));
        var options = new CompetitiveLayerOptions { ClusterCount = 7, RandomRate = 0.1f };
        var whole = CompetitiveLayer.Create(data, options, 11);
        whole.Fit(data, new FitOptions { Samples = 1234 });
        var parts = CompetitiveLayer.Create(data, options, 11);
        parts.Fit(data, new FitOptions { Samples = 500 });
        parts.Fit(data, new FitOptions { Samples = 734 });
        Assert.Equal(whole.Centres.ToArray(), parts.Centres.ToArray());
    }

    [Theory]
    [InlineData(3, 7, DistanceMetric.SquaredL2, RateSchedule.InverseCount, 1000)]
    [InlineData(37, 10, DistanceMetric.SquaredL2, RateSchedule.InverseCount, 7)]
    [InlineData(37, 10, DistanceMetric.L1, RateSchedule.Constant, 1000)]
    [InlineData(50, 12, DistanceMetric.SquaredL2, RateSchedule.Constant, 13)]
    public void Fit_InBlocks_EqualsPresentingOneAtATime_BitForBit(int dims, int k, DistanceMetric metric, RateSchedule schedule, int reportEvery)
    {
        // Fit reads the centres once per block of examples and refreshes the distances to each moved winner;
        // the result must be exactly that of presenting the rows one by one (same winners, same bits).
        var data = Generators.UniformPoints(dims, 300, new RandomStream(8));
        var options = new CompetitiveLayerOptions { ClusterCount = k, Metric = metric, Schedule = schedule, RandomRate = 0.05f, RateExponent = 0.75f };
        var blocks = CompetitiveLayer.Create(data, options, 5);
        blocks.Fit(data, new FitOptions { Shuffle = false, ReportEvery = reportEvery, Samples = 450 });
        var single = CompetitiveLayer.Create(data, options, 5);
        for (int i = 0; i < 450; i++) single.Present(data.Row(i % data.RowCount));
        Assert.Equal(single.Wins.ToArray(), blocks.Wins.ToArray());
        Assert.Equal(single.Centres.ToArray().Select(BitConverter.SingleToInt32Bits), blocks.Centres.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Predict_SameAnswerAtAnyThreadCount()
    {
        var data = TestData.MnistTrain();
        var layer = CompetitiveLayer.Create(data, new CompetitiveLayerOptions { ClusterCount = 20 }, 3);
        layer.Fit(data);
        Assert.Equal(layer.Predict(data, 1), layer.Predict(data, 4));
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void Fit_OnPlantedBlobs_RecoversThem()
    {
        // Five well-separated Gaussian blobs (sd 0.05, centres 1 apart): purity of the assignment must be 1,
        // allowing no mistakes: a point is 10 sd from a wrong centre.
        var rng = new RandomStream(8);
        var values = new float[1000 * 2];
        var labels = new int[1000];
        for (int i = 0; i < 1000; i++)
        {
            labels[i] = i % 5;
            values[2 * i] = labels[i] + 0.05f * (float)rng.NextGaussian();
            values[2 * i + 1] = (labels[i] % 2) + 0.05f * (float)rng.NextGaussian();
        }
        var data = new Dataset("blobs", values, 1000, 2, labels);
        var layer = CompetitiveLayer.Create(data, new CompetitiveLayerOptions { ClusterCount = 5, Init = CentreInit.PlusPlus, Metric = DistanceMetric.SquaredL2 }, 2);
        layer.Fit(data, new FitOptions { Epochs = 3 });
        Assert.Equal(1.0, ClusteringQuality.Purity(layer.Predict(data), data.Labels, 5));
    }
}
