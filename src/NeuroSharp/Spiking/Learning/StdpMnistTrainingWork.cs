using NeuroSharp.Data;
using NeuroSharp.Runs;

namespace NeuroSharp.Spiking.Learning;

/// <summary>
/// Training of a <see cref="StdpMnistTrainer"/> as <see cref="ICheckpointedWork"/>: a unit is one image
/// presented; the run ends when <see cref="StdpMnistTrainer.SamplesSeen"/> reaches the total. Sums what
/// every chunk did.
/// </summary>
/// <param name="trainer">The trainer (fresh or resumed).</param>
/// <param name="images">The training images, presented in turn by the global image count.</param>
/// <param name="totalSamples">Images of the whole run (epochs times images per epoch), counting earlier runs.</param>
/// <param name="save">Writes the checkpoint.</param>
public sealed class StdpMnistTrainingWork(StdpMnistTrainer trainer, Dataset images, long totalSamples, Action save) : ICheckpointedWork
{
    /// <inheritdoc />
    public long TotalUnits => totalSamples;

    /// <inheritdoc />
    public long DoneUnits => trainer.SamplesSeen;

    /// <summary>Images presented by this run's chunks.</summary>
    public long Samples { get; private set; }

    /// <summary>Wall time of this run's chunks.</summary>
    public double Seconds { get; private set; }

    /// <summary>Excitatory spikes during this run's chunks.</summary>
    public long Spikes { get; private set; }

    /// <summary>Presentations repeated at a higher rate during this run's chunks.</summary>
    public long RateIncreases { get; private set; }

    // Images per second over the time since the status was last made (on a progress line: since the line before), across
    // chunks: a count divided by the chunk's time would be the chunk's average, which hides a run that slows down.
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private IntervalRate? _rate;

    /// <summary>The time since the work started, for the images/s of its status (tests give their own).</summary>
    internal Func<TimeSpan>? Clock { get; init; }

    /// <inheritdoc />
    public bool RunChunk(long count, IProgress<WorkProgress> progress, CancellationToken cancellationToken)
    {
        long offset = trainer.SamplesSeen;
        _rate ??= new IntervalRate(Clock ?? (() => _clock.Elapsed), offset);
        var rate = _rate;
        var r = trainer.Train(images, count, new ProgressCallback<StdpMnistProgress>(q =>
            progress.Report(new WorkProgress(offset + q.Done, () => Status(offset + q.Done, q, rate)))), cancellationToken);
        Samples += r.Samples;
        Seconds += r.Seconds;
        Spikes += r.Spikes;
        RateIncreases += r.RateIncreases;
        return true;
    }

    /// <inheritdoc />
    public void SaveCheckpoint() => save();

    /// <summary>"image 1200/60000, 3.1 images/s, 18.2 spikes/image, training accuracy 71.3 %" (the accuracy once known).</summary>
    private string Status(long image, StdpMnistProgress q, IntervalRate rate)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        string status = string.Create(culture, $"image {image}/{totalSamples}, {rate.PerSecond(image):F1} images/s, {q.SpikesPerImage:F1} spikes/image");
        return q.TrainingAccuracy is { } a ? status + string.Create(culture, $", training accuracy {a * 100:F1} %") : status;
    }
}
