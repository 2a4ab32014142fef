using NeuroSharp.Learning;

namespace NeuroSharp.Tests.Learning;

public class TemporalDerivativeTests
{
    [Fact]
    public void SymmetricTopDownWeights_SmallNudge_StepEqualsBackprop()
    {
        // With B_{l+1} = W_{l+1}^T held fixed, the measured change of activity is -beta delta_BP + O(beta^2),
        // so one step of the temporal rule matches one step of backprop (Hinton's "it is backprop" claim).
        var data = PlantedClasses.Create(11, rows: 32, dims: 8, classes: 3);
        var spec = new MlpSpec { LayerSizes = [8, 10, 9, 3], HiddenActivation = Activation.Tanh, Init = WeightInit.Glorot };
        var step = new TrainingOptions { Epochs = 1, BatchSize = 32, LearningRate = 0.5f, Momentum = 0f, Schedule = LearningRateSchedule.Constant };
        var bp = MlpTrainer.Create(spec, step, 3);
        var temporal = MlpTrainer.Create(spec, step with { Rule = TrainingRuleKind.TemporalDerivative, FeedbackLearningRate = 0f, NudgeStrength = 1e-3f }, 3);
        foreach (var b in temporal.Rule.FeedbackMatrices)
        {
            // B (above x below) = W^T, with W stored below x above.
            var w = temporal.Network.Weights(b.SourceLayer);
            for (int i = 0; i < b.Columns; i++)
            {
                for (int j = 0; j < b.Rows; j++) b.Values[j * b.Columns + i] = w[i * b.Rows + j];
            }
        }
        var start = bp.Network.Weights(1).ToArray();
        bp.Fit(data);
        temporal.Fit(data);
        var moveBp = bp.Network.Weights(1).ToArray().Zip(start, (a, s) => a - s).ToArray();
        var moveTd = temporal.Network.Weights(1).ToArray().Zip(start, (a, s) => a - s).ToArray();
        double dot = 0, nb = 0, nt = 0;
        for (int i = 0; i < moveBp.Length; i++)
        {
            dot += moveBp[i] * moveTd[i];
            nb += moveBp[i] * moveBp[i];
            nt += moveTd[i] * moveTd[i];
        }
        // Same direction within float noise of a finite difference (beta = 1e-3), and the same length within 2 %.
        Assert.True(dot / Math.Sqrt(nb * nt) > 0.999, $"cosine {dot / Math.Sqrt(nb * nt):F5}");
        Assert.InRange(Math.Sqrt(nt / nb), 0.98, 1.02);
    }

    [Fact]
    public void RandomTopDownWeights_SmallNudge_StepEqualsFeedbackAlignment()
    {
        // Same random B (same seed), fixed: the temporal rule is feedback alignment measured in time.
        var data = PlantedClasses.Create(12, rows: 32, dims: 8, classes: 3);
        var spec = new MlpSpec { LayerSizes = [8, 10, 9, 3], HiddenActivation = Activation.Tanh, Init = WeightInit.Glorot };
        var step = new TrainingOptions { Epochs = 1, BatchSize = 32, LearningRate = 0.5f, Momentum = 0f, Schedule = LearningRateSchedule.Constant };
        var fa = MlpTrainer.Create(spec, step with { Rule = TrainingRuleKind.FeedbackAlignment }, 3);
        var temporal = MlpTrainer.Create(spec, step with { Rule = TrainingRuleKind.TemporalDerivative, FeedbackLearningRate = 0f, NudgeStrength = 1e-3f }, 3);
        fa.Fit(data);
        temporal.Fit(data);
        var a = fa.Network.Weights(1).ToArray();
        var b = temporal.Network.Weights(1).ToArray();
        // Weights near 0.5 after a step of about 1e-2; the finite difference adds a relative error near 1e-3 to the step.
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 3);
    }
}
