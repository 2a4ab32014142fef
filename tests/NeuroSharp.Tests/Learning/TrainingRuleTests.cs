using NeuroSharp.Learning;

namespace NeuroSharp.Tests.Learning;

public class TrainingRuleTests
{
    public static TheoryData<TrainingRuleKind, Activation> RulesAndActivations()
    {
        var data = new TheoryData<TrainingRuleKind, Activation>();
        foreach (var rule in Enum.GetValues<TrainingRuleKind>())
        {
            data.Add(rule, Activation.Relu);
            data.Add(rule, Activation.Tanh);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RulesAndActivations))]
    public void EveryRule_PlantedBlobs_LowersLossAndClassifies(TrainingRuleKind rule, Activation activation)
    {
        var data = PlantedClasses.Create(5);
        var spec = new MlpSpec { LayerSizes = [12, 24, 24, 4], HiddenActivation = activation, Init = activation == Activation.Relu ? WeightInit.He : WeightInit.Glorot };
        var trainer = MlpTrainer.Create(spec, new TrainingOptions { Rule = rule, Epochs = 15, BatchSize = 10, LearningRate = 0.02f, Schedule = LearningRateSchedule.Constant }, 3);
        double before = trainer.Network.Evaluate(data).Loss;
        trainer.Fit(data);
        var after = trainer.Network.Evaluate(data);
        // Fixed seeds, so this is deterministic; the bounds are loose (chance loss is ln 4 = 1.39 and the
        // blobs overlap a little): every rule must at least halve the loss and classify 90 % right.
        Assert.True(after.Loss < 0.5 * before, $"{rule}/{activation}: loss {before:F3} -> {after.Loss:F3}");
        Assert.True(after.ErrorRate < 0.1, $"{rule}/{activation}: error rate {after.ErrorRate:P1}");
    }

    [Theory]
    [InlineData(TrainingRuleKind.FeedbackAlignment)]
    [InlineData(TrainingRuleKind.DirectFeedbackAlignment)]
    public void FixedFeedbackRules_AfterTraining_FeedbackMatricesUnchanged(TrainingRuleKind rule)
    {
        var data = PlantedClasses.Create(6);
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [12, 16, 16, 4], HiddenDropout = 0.2f }, new TrainingOptions { Rule = rule, Epochs = 3, BatchSize = 16 }, 9);
        var before = trainer.Rule.FeedbackMatrices.Select(b => b.Values.ToArray()).ToArray();
        var weightsBefore = trainer.Network.Weights(1).ToArray();
        Assert.Equal(2, before.Length);
        trainer.Fit(data);
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i], trainer.Rule.FeedbackMatrices[i].Values.ToArray());
        Assert.NotEqual(weightsBefore, trainer.Network.Weights(1).ToArray()); // the forward weights did learn
    }

    [Fact]
    public void DirectFeedbackAlignment_Matrices_MapOutputToEachHiddenLayer()
    {
        var net = Mlp.Create(new MlpSpec { LayerSizes = [5, 7, 3, 2] }, 1);
        var rule = new DirectFeedbackAlignmentRule(net, 1f, 1);
        Assert.Equal([(2, 7), (2, 3)], rule.FeedbackMatrices.Select(b => (b.Rows, b.Columns)));
        Assert.All(rule.FeedbackMatrices, b => Assert.Equal(3, b.SourceLayer));
    }

    [Theory]
    [InlineData(TrainingRuleKind.AdaptiveFeedback)]
    [InlineData(TrainingRuleKind.TemporalDerivative)]
    public void AdaptiveRules_Training_ChangeFeedbackButKeepItsGain(TrainingRuleKind rule)
    {
        var data = PlantedClasses.Create(7);
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [12, 16, 16, 4] }, new TrainingOptions { Rule = rule, Epochs = 2, BatchSize = 16, FeedbackLearningRate = 0.1f }, 4);
        var before = trainer.Rule.FeedbackMatrices.Select(b => b.Values.ToArray()).ToArray();
        trainer.Fit(data);
        for (int i = 0; i < before.Length; i++)
        {
            var b = trainer.Rule.FeedbackMatrices[i];
            Assert.NotEqual(before[i], b.Values.ToArray());
            // The gain is restored after each step, so the norm stays at its start up to float rounding.
            Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Norm(before[i]), System.Numerics.Tensors.TensorPrimitives.Norm(b.Values), 3);
        }
    }

    [Fact]
    public void AdaptiveFeedback_LearnsToReconstructTheLayerBelow()
    {
        // The wake phase is a least-squares fit: after training, h_{l+1} B reconstructs h_l better than the random start.
        var data = PlantedClasses.Create(8);
        var spec = new MlpSpec { LayerSizes = [12, 16, 16, 4] };
        var options = new TrainingOptions { Rule = TrainingRuleKind.AdaptiveFeedback, Epochs = 4, BatchSize = 16, FeedbackLearningRate = 0.2f, LearningRate = 1e-6f };
        var trainer = MlpTrainer.Create(spec, options, 2);
        double before = ReconstructionCosine(trainer, data);
        trainer.Fit(data);
        double after = ReconstructionCosine(trainer, data);
        Assert.True(after > before + 0.1, $"cosine(h_1, h_2 B_2) {before:F3} -> {after:F3}");
    }

    private static double ReconstructionCosine(MlpTrainer trainer, NeuroSharp.Data.Dataset data)
    {
        // h_1 and h_2 of the (deterministic) network for every row, then cos(h_1, h_2 B_2) over all entries.
        var net = trainer.Network;
        var b = trainer.Rule.FeedbackMatrices[0];
        double dot = 0, nh = 0, nr = 0;
        for (int i = 0; i < data.RowCount; i++)
        {
            var h1 = Layer(data.Row(i).ToArray(), net, 1);
            var h2 = Layer(h1, net, 2);
            for (int j = 0; j < h1.Length; j++)
            {
                double r = 0;
                for (int k = 0; k < h2.Length; k++) r += h2[k] * b.Values[k * b.Columns + j];
                dot += r * h1[j];
                nh += h1[j] * h1[j];
                nr += r * r;
            }
        }
        return dot / Math.Sqrt(nh * nr);
    }

    private static float[] Layer(float[] x, Mlp net, int l)
    {
        var w = net.Weights(l);
        var b = net.Biases(l);
        int nOut = net.LayerSize(l);
        var h = new float[nOut];
        for (int j = 0; j < nOut; j++)
        {
            float z = b[j];
            for (int i = 0; i < x.Length; i++) z += x[i] * w[i * nOut + j];
            h[j] = MathF.Max(0f, z);
        }
        return h;
    }
}
