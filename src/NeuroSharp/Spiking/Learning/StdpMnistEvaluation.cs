namespace NeuroSharp.Spiking.Learning;

/// <summary>The classification of a set of images by <see cref="StdpMnistReadout.Evaluate"/>.</summary>
/// <param name="Count">Images.</param>
/// <param name="Correct">Images classified as their label.</param>
/// <param name="Unanswered">Images with no prediction (no assigned neuron fired).</param>
/// <param name="Predictions">Each image's class, or -1.</param>
/// <param name="Confusion">Row-major [label, prediction] counts of the answered images.</param>
/// <param name="ClassCount">Classes.</param>
public sealed record StdpMnistEvaluation(int Count, int Correct, int Unanswered, int[] Predictions, int[] Confusion, int ClassCount)
{
    /// <summary>Correct / Count.</summary>
    public double Accuracy => Count > 0 ? Correct / (double)Count : 0;
}
