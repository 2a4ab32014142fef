using NeuroSharp.Spiking.Learning;

namespace NeuroSharp.Tests.Spiking.Learning;

/// <summary>The training accuracy STDP-MNIST reports while it learns: labels from one window, predictions over the next.</summary>
public class RunningAccuracyTests
{
    [Fact]
    public void Add_LabelsFromTheWindowBefore_PredictTheNext_KnownAnswers()
    {
        var accuracy = new RunningAccuracy(neurons: 2, window: 2);
        accuracy.Add([5, 0], 0);
        Assert.Null(accuracy.Accuracy);
        accuracy.Add([0, 5], 1); // the first window: neuron 0 is labelled 0, neuron 1 is labelled 1
        Assert.Null(accuracy.Accuracy);
        accuracy.Add([4, 0], 0); // right
        Assert.Equal(1.0, accuracy.Accuracy);
        accuracy.Add([3, 0], 1); // wrong; the window closes at 1 of 2: neuron 0 is labelled 0 now, neuron 1 (silent) nothing
        Assert.Equal(0.5, accuracy.Accuracy);
        accuracy.Add([0, 2], 1); // only the unlabelled neuron fires: no class scores, wrong
        Assert.Equal(0.0, accuracy.Accuracy);
    }

    [Fact]
    public void WindowFor_AFifthOfTheRun_Between50And1000()
    {
        Assert.Equal(50, RunningAccuracy.WindowFor(20));
        Assert.Equal(180, RunningAccuracy.WindowFor(900));
        Assert.Equal(1000, RunningAccuracy.WindowFor(60_000));
    }

    [Fact]
    public void Train_ReportsTheAccuracyOnceAWindowIsLabelled_AndTheReportChangesNoWeight()
    {
        // 120 planted images: windows of 50, so the accuracy is known from image 51 on.
        var data = PlantedPatterns.Data();
        var reports = new List<StdpMnistProgress>();
        var watched = new StdpMnistTrainer(PlantedPatterns.Options, 4);
        watched.Train(data, 120, new SynchronousProgress<StdpMnistProgress>(reports.Add));
        var plain = new StdpMnistTrainer(PlantedPatterns.Options, 4);
        plain.Train(data, 120);

        Assert.Equal(plain.InputWeights(), watched.InputWeights());
        Assert.All(reports.Where(r => r.Done <= 50), r => Assert.Null(r.TrainingAccuracy));
        var last = reports[^1];
        Assert.Equal(120, last.Done);
        Assert.NotNull(last.TrainingAccuracy);
        Assert.InRange(last.TrainingAccuracy!.Value, 0.0, 1.0);
    }

    private sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
