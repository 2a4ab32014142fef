using NeuroSharp.Clustering;
using NeuroSharp.Clustering.Patches;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Clustering.Patches;

public class FeatureEnsembleTests
{
    private static readonly ReadoutOptions Options = new()
    {
        Rule = ReadoutRule.Delta, Softmax = true, Optimizer = ReadoutOptimizer.Adam, LearningRate = 0.003f, Epochs = 3, BatchSize = 64,
    };

    private static FeatureStack Stack(ulong seed) =>
        FeatureStack.Learn(TestData.MnistTrain().Take(300), new FeatureStackOptions { Layers = PatchLayerSpec.ParseStack("5x5:12/12"), Patches = 2000 }, seed, maxThreads: 1);

    [Fact]
    public void Run_OneStack_EqualsTheStacksOwnReadout()
    {
        var train = TestData.MnistTrain().Take(300);
        var test = TestData.MnistTest().Take(200);
        var stack = Stack(1);
        var shifts = new ImageShifts { Distance = 1 };
        var single = FeatureReadoutResult.Run(stack, train, test, 10, Options, seed: 4, maxThreads: 1, shifts: shifts);
        var ensemble = FeatureEnsembleResult.Run([stack], train, test, 10, Options, seed: 4, maxThreads: 2, shifts: shifts);
        Assert.Equal(single.Predicted, ensemble.Predicted);
        Assert.Equal(single.TestAccuracy, ensemble.TestAccuracy);
        Assert.Equal(single.TrainAccuracy, ensemble.TrainAccuracy);
    }

    [Fact]
    public void Run_TwoStacks_ReadsTheHighestOfTheSummedOutputs()
    {
        var train = TestData.MnistTrain().Take(300);
        var test = TestData.MnistTest().Take(200);
        var stacks = new[] { Stack(1), Stack(2) };
        var ensemble = FeatureEnsembleResult.Run(stacks, train, test, 10, Options, seed: 4, maxThreads: 2);
        Assert.Equal(2, ensemble.Members.Count);
        // By hand: each member's softmax outputs on its own stack's test features, added, then the highest.
        var sum = new float[test.RowCount * 10];
        for (int k = 0; k < 2; k++)
        {
            var outputs = ensemble.Members[k].Readout.OutputsDense(stacks[k].Encode(test, 1), test.RowCount, 1);
            for (int i = 0; i < sum.Length; i++) sum[i] += outputs[i];
        }
        var expected = Enumerable.Range(0, test.RowCount).Select(i => Array.IndexOf(sum, sum.AsSpan(i * 10, 10).ToArray().Max(), i * 10) - i * 10).ToArray();
        Assert.Equal(expected, ensemble.Predicted);
        Assert.Equal(expected.Zip(test.Labels.ToArray()).Count(p => p.First == p.Second) / (double)test.RowCount, ensemble.TestAccuracy);
        // Different stacks disagree somewhere, so the test is not one member read twice.
        Assert.NotEqual(ensemble.Members[0].Predicted, ensemble.Members[1].Predicted);
    }
}
