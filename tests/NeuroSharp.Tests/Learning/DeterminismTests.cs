using NeuroSharp.Learning;

namespace NeuroSharp.Tests.Learning;

public class DeterminismTests
{
    [Theory]
    [InlineData(TrainingRuleKind.Backprop)]
    [InlineData(TrainingRuleKind.DirectFeedbackAlignment)]
    [InlineData(TrainingRuleKind.TemporalDerivative)]
    public void SameSeed_AnyThreadCount_BitIdenticalWeights(TrainingRuleKind rule)
    {
        // 120 x 160 x 64 products are above the GEMM's parallel threshold, so 2 and 3 threads really split the work.
        var data = PlantedClasses.Create(3, rows: 240, dims: 64, classes: 5);
        var spec = new MlpSpec { LayerSizes = [64, 160, 160, 5], HiddenDropout = 0.5f, InputDropout = 0.1f, SpikeCount = rule == TrainingRuleKind.Backprop ? 4f : 0f };
        var options = new TrainingOptions { Rule = rule, Epochs = 2, BatchSize = 120 };
        float[][] Train(int threads, ulong seed)
        {
            var trainer = MlpTrainer.Create(spec, options, seed);
            trainer.MaxThreads = threads;
            trainer.Fit(data);
            return Enumerable.Range(1, 3).Select(l => trainer.Network.Weights(l).ToArray()).ToArray();
        }
        var one = Train(1, 42);
        var two = Train(2, 42);
        var three = Train(3, 42);
        for (int l = 0; l < 3; l++)
        {
            Assert.Equal(one[l], two[l]);
            Assert.Equal(one[l], three[l]);
        }
        Assert.NotEqual(one[0], Train(1, 43)[0]);
    }

    [Theory]
    [InlineData(TrainingRuleKind.Backprop, 0)]
    [InlineData(TrainingRuleKind.AdaptiveFeedback, 0)]
    [InlineData(TrainingRuleKind.TemporalDerivative, 1)]
    public void Checkpoint_InterruptedMidEpochAndResumed_SameWeightsAsUninterrupted(TrainingRuleKind rule, int pretrainEpochs)
    {
        var data = PlantedClasses.Create(4);
        var spec = new MlpSpec { LayerSizes = [12, 16, 16, 4], HiddenDropout = 0.5f, SpikeCount = 3f };
        var options = new TrainingOptions { Rule = rule, Epochs = 3, BatchSize = 16, PretrainEpochs = pretrainEpochs, MaxNorm = 2f, WeightDecay = 1e-4f };
        var straight = MlpTrainer.Create(spec, options, 5);
        straight.Fit(data);

        using var dir = new NeuroSharp.Testing.TempDirectory();
        string path = dir.File("model.safetensors");
        var first = MlpTrainer.Create(spec, options, 5);
        using var cts = new CancellationTokenSource();
        // Stop after batch 7 of epoch 2 (of 15 per epoch): the middle of an epoch.
        var stopper = new Stopper(p => { if (p.Phase == "train" && p.Epoch == 1 && p.Batch == 7) cts.Cancel(); });
        first.Fit(data, progress: stopper, cancellationToken: cts.Token);
        Assert.Equal(1, first.EpochsDone);
        Assert.Equal(7, first.BatchesDone);
        MlpFile.Save(first, path);

        var resumed = MlpFile.LoadTrainer(path);
        Assert.Equal(7, resumed.BatchesDone);
        resumed.Fit(data);
        Assert.True(resumed.IsComplete);
        for (int l = 1; l <= 3; l++)
        {
            Assert.Equal(straight.Network.Weights(l).ToArray(), resumed.Network.Weights(l).ToArray());
            Assert.Equal(straight.Network.Biases(l).ToArray(), resumed.Network.Biases(l).ToArray());
        }
        for (int i = 0; i < straight.Rule.FeedbackMatrices.Count; i++)
            Assert.Equal(straight.Rule.FeedbackMatrices[i].Values.ToArray(), resumed.Rule.FeedbackMatrices[i].Values.ToArray());
        Assert.Equal(straight.History.Select(r => (r.TrainLoss, r.TrainErrors)), resumed.History.Select(r => (r.TrainLoss, r.TrainErrors)));
    }

    [Fact]
    public void Minibatch_OnOneThread_AllocatesNothing()
    {
        // An epoch allocates its permutation (4 bytes a row) and its record; the minibatches themselves nothing.
        var small = PlantedClasses.Create(2, rows: 100);
        var large = PlantedClasses.Create(2, rows: 1000);
        var trainer = MlpTrainer.Create(new MlpSpec { LayerSizes = [12, 32, 32, 4], HiddenDropout = 0.5f, SpikeCount = 2f },
            new TrainingOptions { Rule = TrainingRuleKind.TemporalDerivative, Epochs = 10, BatchSize = 10 }, 1);
        trainer.TrainEpoch(large); // warm-up: JIT, thread-static GEMM buffers, rule scratch
        long smallBytes = NeuroSharp.Testing.Allocations.Least(() => trainer.TrainEpoch(small), tries: 3); // 1 + 3 + 3 of the 10 epochs
        long largeBytes = NeuroSharp.Testing.Allocations.Least(() => trainer.TrainEpoch(large), tries: 3);
        // 90 more minibatches may only cost the larger permutation (3 600 bytes) and slack for its array header.
        Assert.True(largeBytes - smallBytes <= 4 * 900 + 256, $"10 batches: {smallBytes} B, 100 batches: {largeBytes} B");
    }

    private sealed class Stopper(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
