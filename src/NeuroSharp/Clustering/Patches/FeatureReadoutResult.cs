using System.Diagnostics;
using NeuroSharp.Data;

namespace NeuroSharp.Clustering.Patches;

/// <summary>What a teacher read from a feature stack: the readout, its test predictions and accuracies, and the time each step took.</summary>
/// <param name="Readout">The delta-rule readout of the last layer's features.</param>
/// <param name="Predicted">The label read for every test image.</param>
/// <param name="Confusion">Counts [true label, predicted label] on the test images.</param>
/// <param name="TrainAccuracy">The share of training images read right.</param>
/// <param name="TestAccuracy">The share of test images read right.</param>
/// <param name="EncodeSeconds">Seconds to encode the training and test images.</param>
/// <param name="ReadoutSeconds">Seconds to learn the readout.</param>
public sealed record FeatureReadoutResult(TeacherReadout Readout, int[] Predicted, int[,] Confusion, double TrainAccuracy, double TestAccuracy,
    double EncodeSeconds, double ReadoutSeconds)
{
    /// <summary>Encodes training and test images through a stack and teaches labels to the last layer's features by the delta rule (no gradient reaches the stack).</summary>
    /// <param name="stack">The learned stack.</param>
    /// <param name="train">Labelled training images.</param>
    /// <param name="test">Labelled test images.</param>
    /// <param name="classCount">L, at least the largest label + 1.</param>
    /// <param name="options">The delta rule's options.</param>
    /// <param name="seed">Seed of the readout's example order.</param>
    /// <param name="maxThreads">The most threads; the result does not depend on it.</param>
    /// <param name="memory">The memory budget; null for the default.</param>
    /// <returns>The readout and its accuracies.</returns>
    public static FeatureReadoutResult Run(FeatureStack stack, Dataset train, Dataset test, int classCount, ReadoutOptions options, ulong seed,
        int maxThreads = 0, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (!train.HasLabels) throw new InvalidInputException($"{train.Name}: the readout needs labels.");
        if (!test.HasLabels) throw new InvalidInputException($"{test.Name}: the test data needs labels.");
        memory ??= MemoryBudget.Default;
        memory.Require($"The features of {train.Name} and {test.Name} ({train.RowCount + test.RowCount} x {stack.FeatureCount})",
            MemoryBudget.Times(train.RowCount + (long)test.RowCount, stack.FeatureCount, sizeof(float)));
        var clock = Stopwatch.StartNew();
        var trainFeatures = stack.Encode(train, maxThreads, memory);
        var testFeatures = stack.Encode(test, maxThreads, memory);
        double encode = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var readout = TeacherReadout.FitDense(trainFeatures, stack.FeatureCount, train.Labels, classCount, options, seed, maxThreads);
        double learn = clock.Elapsed.TotalSeconds;
        var trainPredicted = readout.PredictDense(trainFeatures, maxThreads);
        var predicted = readout.PredictDense(testFeatures, maxThreads);
        var confusion = new int[classCount, classCount];
        int right = 0, trainRight = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            confusion[test.Labels[i], predicted[i]]++;
            right += predicted[i] == test.Labels[i] ? 1 : 0;
        }
        for (int i = 0; i < trainPredicted.Length; i++) trainRight += trainPredicted[i] == train.Labels[i] ? 1 : 0;
        return new FeatureReadoutResult(readout, predicted, confusion, train.RowCount == 0 ? 0 : (double)trainRight / train.RowCount,
            test.RowCount == 0 ? 0 : (double)right / test.RowCount, encode, learn);
    }
}
