using NeuroSharp.Data;

namespace NeuroSharp.Clustering.Patches;

/// <summary>
/// Several feature stacks, learned independently (each with its own seed), each read by its own delta-rule readout;
/// the ensemble's label is the highest of the members' outputs averaged (docs/local-receptive-fields.md). No readout sees
/// another's features, so each stays local to its own last layer.
/// </summary>
/// <param name="Members">Each stack's own readout and accuracies, in the order given.</param>
/// <param name="Predicted">The ensemble's label for every test image.</param>
/// <param name="Confusion">The ensemble's counts [true label, predicted label] on the test images.</param>
/// <param name="TrainAccuracy">The ensemble's share of training images read right (the images themselves, not their shifted copies).</param>
/// <param name="TestAccuracy">The ensemble's share of test images read right.</param>
public sealed record FeatureEnsembleResult(IReadOnlyList<FeatureReadoutResult> Members, int[] Predicted, int[,] Confusion, double TrainAccuracy, double TestAccuracy)
{
    /// <summary>
    /// Reads every stack in turn (<see cref="FeatureReadoutResult.Run"/>: encode, learn the readout, read), keeping only the
    /// outputs on the training and test images, so at most one stack's features are held at a time; then averages the outputs.
    /// </summary>
    /// <param name="stacks">One or more learned stacks of the same input size.</param>
    /// <param name="train">Labelled training images.</param>
    /// <param name="test">Labelled test images.</param>
    /// <param name="classCount">L, at least the largest label + 1.</param>
    /// <param name="options">Every readout's options.</param>
    /// <param name="seed">Seed of every readout's example order.</param>
    /// <param name="maxThreads">The most threads; the result does not depend on it.</param>
    /// <param name="memory">The memory budget; null for the default.</param>
    /// <param name="shifts">Shifted copies of the training images every readout also learns from; null for none.</param>
    /// <param name="byteFeatures">Store each stack's training features as one byte per value (<see cref="FeatureStack.EncodeBytes"/>).</param>
    /// <param name="progress">Called with the index of each stack as its reading starts, or null.</param>
    /// <returns>The members and the ensemble's accuracies.</returns>
    /// <exception cref="ArgumentException">No stack, or stacks of different input sizes.</exception>
    public static FeatureEnsembleResult Run(IReadOnlyList<FeatureStack> stacks, Dataset train, Dataset test, int classCount, ReadoutOptions options, ulong seed,
        int maxThreads = 0, MemoryBudget? memory = null, ImageShifts? shifts = null, bool byteFeatures = false, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(stacks);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (stacks.Count == 0) throw new ArgumentException("An ensemble needs at least one stack.", nameof(stacks));
        if (stacks.Any(s => s.InputLength != stacks[0].InputLength)) throw new ArgumentException("The stacks read images of different sizes.", nameof(stacks));
        var members = new List<FeatureReadoutResult>();
        var trainSum = new float[(long)train.RowCount * classCount];
        var testSum = new float[(long)test.RowCount * classCount];
        for (int k = 0; k < stacks.Count; k++)
        {
            progress?.Invoke(k);
            var (member, trainOutputs, testOutputs) = FeatureReadoutResult.RunWithOutputs(stacks[k], train, test, classCount, options, seed, maxThreads, memory, shifts, byteFeatures);
            members.Add(member);
            // A sum in the order of the stacks: the same outputs give the same labels at any thread count.
            System.Numerics.Tensors.TensorPrimitives.Add(trainSum, trainOutputs, trainSum);
            System.Numerics.Tensors.TensorPrimitives.Add(testSum, testOutputs, testSum);
        }
        var (_, trainAccuracy) = FeatureReadoutResult.Read(trainSum, train.Labels, classCount);
        var (predicted, testAccuracy) = FeatureReadoutResult.Read(testSum, test.Labels, classCount);
        return new FeatureEnsembleResult(members, predicted, FeatureReadoutResult.CountConfusion(predicted, test.Labels, classCount), trainAccuracy, testAccuracy);
    }
}
