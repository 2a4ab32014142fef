using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Stochastic;
using NeuroSharp.Testing;
using NeuroSharp.Fitting;

namespace NeuroSharp.Tests.Stochastic;

public class ColumnTests
{
    private static readonly ColumnOptions Options = new()
    {
        Hash = new HashLayerOptions { Density = 0.05, Expansion = 20, SynapsesPerNeuron = 8 },
        ClusterCount = 50,
        Threshold = 0.3, // noisy copies of a prototype correlate 0.2-0.7 with it (median 0.46), unrelated codes about 0
    };

    [Fact]
    public void PlantedPrototypes_EachBecomesOnePureCluster()
    {
        // 6 random binary images of 100 pixels, 600 noisy copies (5 % of pixels flipped): the column should form
        // one cluster per prototype and put every copy of a prototype in it.
        var (data, labels) = Planted(6, 100, 600, 0.05, 3);
        var column = Column.Create(100, Options, 1);
        column.Fit(data);
        Assert.Equal(6, column.UsedCount);
        var winners = column.Predict(data);
        Assert.Equal(1.0, ClusteringQuality.Purity(winners, labels, column.Capacity));
        Assert.Equal(6, winners.Distinct().Count());
        var yield = ClusterYield.Measure(winners, labels, column.Capacity);
        Assert.Equal(6, yield.GoodClusters);
        Assert.Equal(1.0, yield.GoodShare);
    }

    [Fact]
    public void FirstCode_Recruits_RepeatLearnsWithCorrelationOne()
    {
        var column = Column.Create(100, Options, 1);
        var x = new float[100];
        new RandomStream(2).FillUniform(x);
        var first = column.Present(x);
        Assert.Equal(new ColumnResponse(0, 0, first.Correlation, ColumnEvent.Recruited), first);
        var output = new BitVector(column.CodeLength);
        var again = column.Present(x, output);
        Assert.Equal(ColumnEvent.Learned, again.Event);
        Assert.Equal(0, again.Winner);
        Assert.Equal(1.0, again.Correlation, 12);
        Assert.Equal(column.Density, again.Activity, 12);
        // The winner's map is the code itself, so the output (h AND s) is the whole code.
        Assert.Equal(column.Hash.ActiveCount, output.PopCount());
        Assert.Equal(2, column.Members[0]);
    }

    [Fact]
    public void Learning_KeepsKBits_TiesKeepTheOldMap()
    {
        var column = Column.Create(100, Options with { Threshold = -1 }, 1); // everything learns into neuron 0
        int n = column.CodeLength, k = column.Hash.ActiveCount;
        var a = CodeWith(n, k, 10);
        var b = CodeWith(n, k, 11);
        column.PresentCode(a.Words);
        column.PresentCode(b.Words);
        // Counts: a AND b -> 2, a only -> 1, b only -> 1. The k bits: the shared ones, then ties from the old map (a).
        Assert.Equal(a.Words.ToArray(), column.Map(0).ToArray());
        column.PresentCode(b.Words);
        // Now b's bits count 2 or 3, a-only bits 1: the map becomes b.
        Assert.Equal(b.Words.ToArray(), column.Map(0).ToArray());
        Assert.Equal(k, BitKernels.PopCount(column.Map(0)));
        Assert.Equal(1, column.UsedCount);
    }

    [Fact]
    public void Output_IsCodeAndWinnerMap()
    {
        var column = Column.Create(100, Options with { Threshold = 0.99 }, 1);
        int n = column.CodeLength, k = column.Hash.ActiveCount;
        var a = CodeWith(n, k, 20);
        var b = CodeWith(n, k, 21);
        column.PresentCode(a.Words);
        var output = new BitVector(n);
        var r = column.PresentCode(b.Words, output);
        Assert.Equal(ColumnEvent.Recruited, r.Event); // b correlates with a at about 0, below 0.99
        Assert.Equal(1, r.Winner);
        var shared = new BitVector(n);
        BitVector.And(a, b, shared);
        Assert.Equal(BitVector.AndPopCount(a, b) / (double)n, r.Activity, 12); // the activity of the best existing neuron
        var o2 = new BitVector(n);
        Assert.Equal(ColumnEvent.Learned, column.PresentCode(a.Words, o2).Event);
        Assert.True(o2.ContentEquals(a)); // a AND s_0 with s_0 = a
    }

    [Fact]
    public void NoFreeNeuron_WinnerAnswersWithoutLearning()
    {
        var column = Column.Create(100, Options with { ClusterCount = 2, Threshold = 0.99 }, 1);
        int n = column.CodeLength, k = column.Hash.ActiveCount;
        column.PresentCode(CodeWith(n, k, 1).Words);
        column.PresentCode(CodeWith(n, k, 2).Words);
        var map0 = column.Map(0).ToArray();
        var r = column.PresentCode(CodeWith(n, k, 3).Words);
        Assert.Equal(ColumnEvent.Unlearned, r.Event);
        Assert.Equal(1, column.UnlearnedCount);
        Assert.Equal(map0, column.Map(0).ToArray());
        Assert.Equal(2, column.UsedCount);
    }

    [Fact]
    public void SameSeed_SameClusters_AnyThreadCount()
    {
        var (data, _) = Planted(4, 60, 200, 0.1, 5);
        var a = Column.Create(60, Options, 3);
        a.MaxThreads = 1;
        a.Fit(data, new FitOptions { Epochs = 2 });
        var b = Column.Create(60, Options, 3);
        b.MaxThreads = 3;
        b.Fit(data, new FitOptions { Epochs = 2 });
        Assert.Equal(a.UsedCount, b.UsedCount);
        Assert.Equal(a.Members.ToArray(), b.Members.ToArray());
        Assert.Equal(a.Predict(data), b.Predict(data));
    }

    [Fact]
    public void FitCodes_RecordsEachRowsWinner()
    {
        var (data, labels) = Planted(3, 60, 90, 0.05, 6);
        var column = Column.Create(60, Options, 3);
        var winners = new int[data.RowCount];
        column.FitCodes(data, column.Hash.HashAll(data), new FitOptions(), null, default, winners);
        Assert.Equal(1.0, ClusteringQuality.Purity(winners, labels, column.Capacity));
    }

    [Fact]
    public void Options_OutOfRange_NameTheOption()
    {
        Assert.Contains("Threshold", Assert.Throws<InvalidOptionException>(() => (Options with { Threshold = 1.5 }).Validate()).Message);
        Assert.Contains("ClusterCount", Assert.Throws<InvalidOptionException>(() => (Options with { ClusterCount = 0 }).Validate()).Message);
        Assert.Contains("Density", Assert.Throws<InvalidOptionException>(() => (Options with { Hash = new HashLayerOptions { Density = 0 } }).Validate()).Message);
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void MnistSubset_ClustersMostlyGood_ReadoutBeatsChance()
    {
        // 1 000 committed MNIST images; one column with the experiment's settings. Tolerances are loose floors
        // (about 15 points under what seeds 1-3 give) because the subset is small: purity > 0.7, readout > 0.6.
        var train = TestData.MnistTrain();
        var column = Column.Create(train.ColumnCount, new ColumnOptions { Hash = new HashLayerOptions { Density = 0.05, Expansion = 10, SynapsesPerNeuron = 12 }, ClusterCount = 500, Threshold = 0.35 }, 1);
        column.Fit(train, new FitOptions { Epochs = 2 });
        var winners = column.Predict(train);
        var yield = ClusterYield.Measure(winners, train.Labels, column.Capacity);
        Assert.True(yield.Purity > 0.7, $"purity {yield.Purity}");
        var test = TestData.MnistTest();
        double accuracy = ClusterReadout.Fit(winners, train.Labels, column.Capacity).Accuracy(column.Predict(test), test.Labels);
        Assert.True(accuracy > 0.6, $"readout accuracy {accuracy}");
    }

    internal static BitVector CodeWith(int length, int ones, ulong seed) => CorrelationNeuronTests.RandomCode(length, ones, seed);

    /// <summary>Binary prototypes and noisy copies (each pixel flipped with probability noise), labelled by prototype.</summary>
    internal static (Dataset Data, int[] Labels) Planted(int prototypes, int pixels, int rows, double noise, ulong seed)
    {
        var rng = new RandomStream(seed);
        var protos = new bool[prototypes, pixels];
        for (int p = 0; p < prototypes; p++)
        {
            for (int j = 0; j < pixels; j++) protos[p, j] = rng.NextBernoulli(0.3);
        }
        var values = new float[rows * pixels];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int p = r % prototypes;
            labels[r] = p;
            for (int j = 0; j < pixels; j++) values[r * pixels + j] = protos[p, j] ^ rng.NextBernoulli(noise) ? 1f : 0f;
        }
        return (new Dataset("planted", values, rows, pixels, labels), labels);
    }
}
