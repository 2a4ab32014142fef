using NeuroSharp.Spiking.Learning;

namespace NeuroSharp.Tests.Spiking.Learning;

/// <summary>Labelling (class of highest mean response) and voting (class of highest mean rate of its neurons), by hand.</summary>
public class StdpMnistReadoutTests
{
    [Fact]
    public void AssignLabels_UsesTheMeanPerClass_NotTheTotal()
    {
        // Neuron 0: class 0 images (3 of them) give 2 spikes each (mean 2), the single class 1 image gives 3 (mean 3):
        // the total favours class 0 (6 > 3), the mean class 1. Neuron 1 never fires: -1. Neuron 2: tie -> lower class.
        var r = new StdpMnistResponses(4, 3, [2, 0, 1, 2, 0, 0, 2, 0, 0, 3, 0, 3], [0, 0, 0, 0]);
        Assert.Equal([1, -1, 1], StdpMnistReadout.AssignLabels(r, [0, 0, 0, 1], classCount: 2));
        var tie = new StdpMnistResponses(2, 1, [4, 4], [0, 0]);
        Assert.Equal([0], StdpMnistReadout.AssignLabels(tie, [0, 1], classCount: 2));
    }

    [Fact]
    public void Predict_ClassWithTheHighestMeanOfItsNeurons()
    {
        // Class 0 has neurons 0, 1 (counts 6, 0: mean 3); class 1 has neuron 2 (count 4: mean 4) -> 1.
        int[] assignments = [0, 0, 1, -1];
        Assert.Equal(1, StdpMnistReadout.Predict([6, 0, 4, 100], assignments, 2));
        Assert.Equal(0, StdpMnistReadout.Predict([6, 4, 4, 0], assignments, 2));
        Assert.Equal(-1, StdpMnistReadout.Predict([0, 0, 0, 9], assignments, 2)); // only an unassigned neuron fired
    }

    [Fact]
    public void Evaluate_CountsCorrectUnansweredAndConfusion()
    {
        var r = new StdpMnistResponses(3, 2, [5, 0, 0, 5, 0, 0], [0, 0, 0]);
        var e = StdpMnistReadout.Evaluate(r, [0, 0, 1], [0, 1], 2);
        Assert.Equal([0, 1, -1], e.Predictions);
        Assert.Equal(1, e.Correct);
        Assert.Equal(1, e.Unanswered);
        Assert.Equal(1.0 / 3, e.Accuracy, 12);
        Assert.Equal([1, 1, 0, 0], e.Confusion);
    }
}
