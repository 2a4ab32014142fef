using NeuroSharp.Clustering;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Clustering.Patches;

public class DenseReadoutAdamTests
{
    /// <summary>N rows of F standard Gaussian values with labels drawn at random from L classes.</summary>
    private static (float[] X, int[] Y) RandomRows(int n, int f, int l, ulong seed)
    {
        var rng = new RandomStream(seed);
        var x = new float[n * f];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
        var y = new int[n];
        for (int i = 0; i < n; i++) y[i] = rng.NextInt(l);
        return (x, y);
    }

    private static double Accuracy(TeacherReadout r, float[] x, int[] y) => r.PredictDense(x, 1).Zip(y).Count(p => p.First == p.Second) / (double)y.Length;

    [Fact]
    public void FitDenseAdam_RandomLabelsFewerRowsThanFeatures_FitsEveryRow()
    {
        // 30 rows in 60 dimensions are in general position, so any labelling is linearly separable: a converged
        // readout must read all 30 right. Adam gets there in 200 epochs.
        var (x, y) = RandomRows(30, 60, 3, 5);
        var options = new ReadoutOptions { Rule = ReadoutRule.Delta, Softmax = true, Optimizer = ReadoutOptimizer.Adam, LearningRate = 0.01f, Epochs = 200, BatchSize = 8 };
        var readout = TeacherReadout.FitDense(x, 60, y, 3, options, seed: 1);
        Assert.Equal(1.0, Accuracy(readout, x, y));
    }

    [Fact]
    public void FitDenseAdam_SameSeed_SameWeightsAtAnyThreadCount()
    {
        var (x, y) = RandomRows(300, 700, 10, 6);
        var options = new ReadoutOptions { Rule = ReadoutRule.Delta, Softmax = true, Optimizer = ReadoutOptimizer.Adam, LearningRate = 0.001f, Epochs = 2, BatchSize = 64, WeightDecay = 1e-3f };
        var one = TeacherReadout.FitDense(x, 700, y, 10, options, seed: 3, maxThreads: 1);
        var two = TeacherReadout.FitDense(x, 700, y, 10, options, seed: 3, maxThreads: 2);
        Assert.Equal(one.Table.ToArray(), two.Table.ToArray());
        Assert.Equal(one.PredictDense(x, 1), two.PredictDense(x, 2));
    }

    [Fact]
    public void FitDenseAdam_WeightDecay_ShrinksTheWeights()
    {
        // The decay pulls every weight towards 0: the same run with lambda = 0.5 ends with a smaller norm.
        var (x, y) = RandomRows(100, 20, 3, 7);
        ReadoutOptions Options(float decay) => new() { Rule = ReadoutRule.Delta, Softmax = true, Optimizer = ReadoutOptimizer.Adam, LearningRate = 0.01f, Epochs = 20, BatchSize = 10, WeightDecay = decay };
        float free = System.Numerics.Tensors.TensorPrimitives.Norm(TeacherReadout.FitDense(x, 20, y, 3, Options(0), seed: 1).Table);
        float decayed = System.Numerics.Tensors.TensorPrimitives.Norm(TeacherReadout.FitDense(x, 20, y, 3, Options(0.5f), seed: 1).Table);
        Assert.True(decayed < 0.8f * free, $"decayed {decayed}, free {free}");
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    public void ReadoutOptions_BadWeightDecay_Refused(float decay)
    {
        var e = Assert.Throws<InvalidOptionException>(() => new ReadoutOptions { WeightDecay = decay }.Validate());
        Assert.Contains(nameof(ReadoutOptions.WeightDecay), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadoutOptions_UndefinedOptimizer_Refused()
    {
        var e = Assert.Throws<InvalidOptionException>(() => new ReadoutOptions { Optimizer = (ReadoutOptimizer)7 }.Validate());
        Assert.Contains(nameof(ReadoutOptions.Optimizer), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StableSoftmax_HugeLogits_FiniteProbabilitiesSummingToOne()
    {
        // exp(1000) overflows float to infinity; without the shift by the largest logit this row would be inf / inf = NaN.
        float[] row = [1000f, 999f, -1000f, 0f];
        TeacherReadout.StableSoftmax(row);
        Assert.All(row, p => Assert.True(float.IsFinite(p) && p >= 0, $"p = {p}"));
        Assert.Equal(1f, row.Sum(), 5);
        Assert.Equal(1f / (1f + MathF.Exp(-1f)), row[0], 5);
    }
}
