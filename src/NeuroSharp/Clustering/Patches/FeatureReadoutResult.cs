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
    /// <param name="shifts">Shifted copies of the training images the readout also learns from; null for none. The training accuracy is read on the images themselves.</param>
    /// <param name="byteFeatures">Store the training features as one byte per value after a per-feature scale (<see cref="FeatureStack.EncodeBytes"/>): a quarter of the memory.</param>
    /// <returns>The readout and its accuracies.</returns>
    public static FeatureReadoutResult Run(FeatureStack stack, Dataset train, Dataset test, int classCount, ReadoutOptions options, ulong seed,
        int maxThreads = 0, MemoryBudget? memory = null, ImageShifts? shifts = null, bool byteFeatures = false) =>
        RunWithOutputs(stack, train, test, classCount, options, seed, maxThreads, memory, shifts, byteFeatures).Result;

    /// <summary><see cref="Run"/>, also returning the readout's outputs on the training images (copy 0) and the test images, N x L each.</summary>
    internal static (FeatureReadoutResult Result, float[] TrainOutputs, float[] TestOutputs) RunWithOutputs(FeatureStack stack, Dataset train, Dataset test,
        int classCount, ReadoutOptions options, ulong seed, int maxThreads, MemoryBudget? memory, ImageShifts? shifts, bool byteFeatures)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (!train.HasLabels) throw new InvalidInputException($"{train.Name}: the readout needs labels.");
        if (!test.HasLabels) throw new InvalidInputException($"{test.Name}: the test data needs labels.");
        memory ??= MemoryBudget.Default;
        shifts ??= ImageShifts.None;
        shifts.Validate();
        long trainRows = (long)train.RowCount * shifts.CopiesPerImage;
        long trainBytes = byteFeatures ? ByteFeatureRows.MemoryEstimate(trainRows, stack.FeatureCount) : MemoryBudget.Times(trainRows, stack.FeatureCount, sizeof(float));
        memory.Require($"The features of {train.Name}{(shifts.CopiesPerImage > 1 ? $" with {shifts.CopiesPerImage - 1} shifted copies" : "")}{(byteFeatures ? " (one byte each)" : "")} and {test.Name} ({trainRows + test.RowCount} x {stack.FeatureCount})",
            MemoryBudget.Plus(trainBytes, MemoryBudget.Times(test.RowCount, stack.FeatureCount, sizeof(float))));
        var clock = Stopwatch.StartNew();
        var trainLabels = shifts.CopiesPerImage == 1 ? train.Labels : shifts.RepeatLabels(train.Labels);
        TeacherReadout readout;
        float[] trainOutputs, testOutputs;
        double encode, learn;
        if (byteFeatures)
        {
            var trainFeatures = stack.EncodeBytes(train, shifts, maxThreads, memory);
            var testFeatures = stack.Encode(test, maxThreads, memory);
            encode = clock.Elapsed.TotalSeconds;
            clock.Restart();
            readout = TeacherReadout.FitDense(trainFeatures, trainLabels, classCount, options, seed, maxThreads);
            learn = clock.Elapsed.TotalSeconds;
            trainOutputs = readout.OutputsDense(trainFeatures, train.RowCount, maxThreads);
            testOutputs = readout.OutputsDense(testFeatures, test.RowCount, maxThreads);
        }
        else
        {
            var trainFeatures = stack.Encode(train, shifts, maxThreads, memory);
            var testFeatures = stack.Encode(test, maxThreads, memory);
            encode = clock.Elapsed.TotalSeconds;
            clock.Restart();
            readout = TeacherReadout.FitDense(trainFeatures, stack.FeatureCount, trainLabels, classCount, options, seed, maxThreads);
            learn = clock.Elapsed.TotalSeconds;
            // Copy 0 of every image comes first: the training accuracy is read on the images themselves.
            trainOutputs = readout.OutputsDense(trainFeatures, train.RowCount, maxThreads);
            testOutputs = readout.OutputsDense(testFeatures, test.RowCount, maxThreads);
        }
        var (_, trainAccuracy) = Read(trainOutputs, train.Labels, classCount);
        var (predicted, testAccuracy) = Read(testOutputs, test.Labels, classCount);
        var result = new FeatureReadoutResult(readout, predicted, CountConfusion(predicted, test.Labels, classCount), trainAccuracy, testAccuracy, encode, learn);
        return (result, trainOutputs, testOutputs);
    }

    /// <summary>The label of each row of N x L outputs (the highest, lowest on ties) and the share equal to <paramref name="labels"/>.</summary>
    internal static (int[] Predicted, double Accuracy) Read(ReadOnlySpan<float> outputs, ReadOnlySpan<int> labels, int classCount)
    {
        var predicted = new int[labels.Length];
        int right = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            predicted[i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(outputs.Slice(i * classCount, classCount));
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return (predicted, predicted.Length == 0 ? 0 : (double)right / predicted.Length);
    }

    /// <summary>Counts [true label, predicted label].</summary>
    internal static int[,] CountConfusion(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels, int classCount)
    {
        var confusion = new int[classCount, classCount];
        for (int i = 0; i < predicted.Length; i++) confusion[labels[i], predicted[i]]++;
        return confusion;
    }
}
