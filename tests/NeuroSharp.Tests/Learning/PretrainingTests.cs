using NeuroSharp.Learning;

namespace NeuroSharp.Tests.Learning;

public class PretrainingTests
{
    [Fact]
    public void Pretrain_AdaptiveRule_TopDownWeightsStartFromDecoders()
    {
        var data = PlantedClasses.Create(21);
        var spec = new MlpSpec { LayerSizes = [12, 16, 16, 4] };
        var options = new TrainingOptions { Rule = TrainingRuleKind.AdaptiveFeedback, Epochs = 1, BatchSize = 16, PretrainEpochs = 3, PretrainLearningRate = 0.01f };
        var plain = MlpTrainer.Create(spec, options with { PretrainEpochs = 0 }, 4);
        var trainer = MlpTrainer.Create(spec, options, 4);
        Assert.False(trainer.IsPretrained);
        Assert.True(trainer.Pretrain(data));
        Assert.True(trainer.IsPretrained);
        // Hidden layers moved from the random start; the output layer is left for supervised training.
        Assert.NotEqual(plain.Network.Weights(1).ToArray(), trainer.Network.Weights(1).ToArray());
        Assert.NotEqual(plain.Network.Weights(2).ToArray(), trainer.Network.Weights(2).ToArray());
        Assert.Equal(plain.Network.Weights(3).ToArray(), trainer.Network.Weights(3).ToArray());
        // B_2 (from layer 2 to layer 1) is the second autoencoder's decoder at the random matrix's gain; B_3 stays random.
        Assert.NotEqual(plain.Rule.FeedbackMatrices[0].Values.ToArray(), trainer.Rule.FeedbackMatrices[0].Values.ToArray());
        Assert.Equal(plain.Rule.FeedbackMatrices[1].Values.ToArray(), trainer.Rule.FeedbackMatrices[1].Values.ToArray());
        Assert.Equal(trainer.Rule.FeedbackMatrices[0].Gain, System.Numerics.Tensors.TensorPrimitives.Norm(trainer.Rule.FeedbackMatrices[0].Values), 3);
    }

    [Fact]
    public void Pretrain_EachLayer_ReconstructionErrorFalls()
    {
        var data = PlantedClasses.Create(22, rows: 400);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 20, PretrainEpochs = 6, PretrainLearningRate = 0.01f };
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [12, 32, 24, 4] }, options, 8);
        var epochLoss = new Dictionary<int, double>();
        trainer.Pretrain(data, new Recorder(p => { if (p.Batch == p.BatchCount) epochLoss[p.Epoch] = p.Loss; }));
        Assert.Equal(12, epochLoss.Count); // 2 hidden layers x 6 epochs
        // Deterministic (fixed seeds): the denoising autoencoder of each layer at least thirds its error from the first epoch to the last.
        Assert.True(epochLoss[5] < 0.67 * epochLoss[0], $"layer 1: {epochLoss[0]:F3} -> {epochLoss[5]:F3}");
        Assert.True(epochLoss[11] < 0.67 * epochLoss[6], $"layer 2: {epochLoss[6]:F3} -> {epochLoss[11]:F3}");
    }

    private sealed class Recorder(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }

    [Fact]
    public void Pretrain_Cancelled_ChangesNothing()
    {
        var data = PlantedClasses.Create(23);
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [12, 16, 4] }, new TrainingOptions { PretrainEpochs = 2 }, 1);
        var before = trainer.Network.Weights(1).ToArray();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.False(trainer.Pretrain(data, cancellationToken: cts.Token));
        Assert.False(trainer.IsPretrained);
        Assert.Equal(before, trainer.Network.Weights(1).ToArray());
    }
}
