using NeuroSharp.Learning;

namespace NeuroSharp.Tests.Learning;

public class AlignmentTests
{
    [Fact]
    public void UpdateAngles_Backprop_Zero()
    {
        var data = PlantedClasses.Create(31);
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [12, 16, 16, 4], HiddenDropout = 0.5f }, new TrainingOptions(), 1);
        // Float rounding of two identical computations: below 0.1 degree.
        Assert.All(trainer.UpdateAngles(data), a => Assert.InRange(a, 0, 0.1));
    }

    [Fact]
    public void UpdateAngles_FeedbackAlignment_FallsBelow90AfterTraining_AndChangesNothing()
    {
        var data = PlantedClasses.Create(32, rows: 400);
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [12, 32, 32, 4] },
            new TrainingOptions { Rule = TrainingRuleKind.FeedbackAlignment, Epochs = 20, BatchSize = 20, LearningRate = 0.02f }, 5);
        var before = trainer.UpdateAngles(data);
        var weights = trainer.Network.Weights(1).ToArray();
        Assert.Equal(before, trainer.UpdateAngles(data)); // no state changed
        Assert.Equal(weights, trainer.Network.Weights(1).ToArray());
        trainer.Fit(data);
        var after = trainer.UpdateAngles(data);
        // Deterministic (fixed seeds). At the start B is unrelated to W (near 90 degrees); training aligns W with B
        // (Lillicrap et al. 2016): the last hidden layer's update comes well within 90 degrees of the gradient.
        Assert.InRange(before[1], 60, 120);
        Assert.True(after[1] < 60, $"angle of layer 2: {before[1]:F1} -> {after[1]:F1} degrees");
        Assert.True(after[0] < 90, $"angle of layer 1: {before[0]:F1} -> {after[0]:F1} degrees");
    }

    [Fact]
    public void UpdateAngles_AdaptiveRule_RestoresFeedback()
    {
        var data = PlantedClasses.Create(33);
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [12, 16, 16, 4] }, new TrainingOptions { Rule = TrainingRuleKind.AdaptiveFeedback, FeedbackLearningRate = 0.5f }, 1);
        var feedback = trainer.Rule.FeedbackMatrices[0].Values.ToArray();
        trainer.UpdateAngles(data);
        Assert.Equal(feedback, trainer.Rule.FeedbackMatrices[0].Values.ToArray());
    }
}
