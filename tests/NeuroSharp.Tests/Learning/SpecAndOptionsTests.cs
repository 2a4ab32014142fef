using NeuroSharp.Learning;

namespace NeuroSharp.Tests.Learning;

public class SpecAndOptionsTests
{
    [Theory]
    [InlineData(new[] { 784 }, "LayerSizes")]
    [InlineData(new[] { 784, 0, 10 }, "LayerSizes")]
    [InlineData(new[] { 784, 1 }, "at least 2 classes")]
    public void MlpSpec_BadLayers_NamesField(int[] sizes, string words)
    {
        var e = Assert.Throws<InvalidOptionException>(() => new MlpSpec { LayerSizes = sizes }.Validate());
        Assert.Contains(words, e.Message);
    }

    [Fact]
    public void MlpSpec_DropoutOne_RejectedWithValue()
    {
        var e = Assert.Throws<InvalidOptionException>(() => new MlpSpec { LayerSizes = [2, 2], HiddenDropout = 1f }.Validate());
        Assert.Equal("HiddenDropout", e.Property);
        Assert.Contains("(got 1)", e.Message);
    }

    [Fact]
    public void MlpSpec_SpikesWithTanh_Rejected()
    {
        var e = Assert.Throws<InvalidOptionException>(() => new MlpSpec { LayerSizes = [2, 2, 2], HiddenActivation = Activation.Tanh, SpikeCount = 5 }.Validate());
        Assert.Contains("tanh", e.Message);
    }

    [Theory]
    [InlineData("Epochs")]
    [InlineData("BatchSize")]
    [InlineData("LearningRate")]
    [InlineData("Momentum")]
    [InlineData("NudgeStrength")]
    public void TrainingOptions_OutOfRange_NamesProperty(string property)
    {
        var bad = property switch
        {
            "Epochs" => new TrainingOptions { Epochs = 0 },
            "BatchSize" => new TrainingOptions { BatchSize = 0 },
            "LearningRate" => new TrainingOptions { LearningRate = -1 },
            "Momentum" => new TrainingOptions { Momentum = 1 },
            _ => new TrainingOptions { NudgeStrength = 0 },
        };
        var e = Assert.Throws<InvalidOptionException>(bad.Validate);
        Assert.Equal(property, e.Property);
    }

    [Fact]
    public void LearningRateAt_Schedules_KnownValues()
    {
        var o = new TrainingOptions { LearningRate = 0.1f, Epochs = 4, LearningRateDecay = 0.5f };
        Assert.Equal(0.1f, (o with { Schedule = LearningRateSchedule.Constant }).LearningRateAt(3));
        Assert.Equal(0.0125f, (o with { Schedule = LearningRateSchedule.Exponential }).LearningRateAt(3), 6);
        Assert.Equal(0.1f, (o with { Schedule = LearningRateSchedule.Cosine }).LearningRateAt(0), 6);
        Assert.Equal(0.05f, (o with { Schedule = LearningRateSchedule.Cosine }).LearningRateAt(2), 6);
    }

    [Theory]
    [InlineData(WeightInit.UniformFanIn, 100, 50, 0.1)]
    [InlineData(WeightInit.Glorot, 100, 50, 0.2)]
    [InlineData(WeightInit.He, 600, 10, 0.1)]
    public void Mlp_Init_WeightsWithinHalfWidth(WeightInit init, int fanIn, int fanOut, double halfWidth)
    {
        var net = Mlp.Create(new MlpSpec { LayerSizes = [fanIn, fanOut], Init = init }, 3);
        var w = net.Weights(1).ToArray();
        Assert.All(w, v => Assert.InRange(v, -halfWidth, halfWidth));
        // Uniform on (-a, a): the largest |w| of 5 000 draws is within 0.2 % of a.
        Assert.True(w.Max(Math.Abs) > 0.99 * halfWidth);
        Assert.All(net.Biases(1).ToArray(), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void Mlp_SameSeed_SameWeights_OtherSeedDiffers()
    {
        var spec = new MlpSpec { LayerSizes = [5, 4, 3] };
        Assert.Equal(Mlp.Create(spec, 1).Weights(2).ToArray(), Mlp.Create(spec, 1).Weights(2).ToArray());
        Assert.NotEqual(Mlp.Create(spec, 1).Weights(2).ToArray(), Mlp.Create(spec, 2).Weights(2).ToArray());
    }

    [Fact]
    public void Evaluate_WrongWidth_SaysWhat()
    {
        var net = Mlp.Create(new MlpSpec { LayerSizes = [5, 3] }, 1);
        var e = Assert.Throws<InvalidInputException>(() => net.Evaluate(PlantedClasses.Create(1, dims: 4, classes: 3)));
        Assert.Contains("4 columns", e.Message);
        Assert.Contains("5 inputs", e.Message);
    }
}
