using NeuroSharp.Fitting;
using NeuroSharp.Runs;

namespace NeuroSharp.Clustering;

/// <summary>
/// A clustering fit (<see cref="CompetitiveLayer"/>, <see cref="MetaClusterer"/> or any model with the
/// same <c>Fit(data, options, progress, token)</c>) as <see cref="ICheckpointedWork"/>: a unit is one
/// sample presented. Collects the <see cref="FitResult"/> of every chunk into one.
/// </summary>
/// <param name="totalSamples">The samples the whole fit presents, counting those of earlier runs.</param>
/// <param name="samplesSeen">The model's samples presented so far.</param>
/// <param name="fitChunk">Presents the given number of samples (e.g. <c>(n, p, t) => layer.Fit(data, fit with { Samples = n }, p, t)</c>).</param>
/// <param name="save">Writes the model (the checkpoint).</param>
public sealed class CheckpointedFitWork(long totalSamples, Func<long> samplesSeen,
    Func<long, IProgress<FitProgress>, CancellationToken, FitResult> fitChunk, Action save) : ICheckpointedWork
{
    private readonly List<(long, float)> _curve = [];
    private long _samples;
    private double _seconds;

    /// <inheritdoc />
    public long TotalUnits => totalSamples;

    /// <inheritdoc />
    public long DoneUnits => samplesSeen();

    /// <summary>The chunks run so far, merged: samples and seconds summed, curves joined.</summary>
    public FitResult Result => new(_samples, _seconds, _curve.ToList());

    /// <inheritdoc />
    public bool RunChunk(long count, IProgress<WorkProgress> progress, CancellationToken cancellationToken)
    {
        long offset = samplesSeen();
        var r = fitChunk(count, new ProgressCallback<FitProgress>(p =>
            progress.Report(new WorkProgress(offset + p.SamplesSeen, $"learnState {p.LearnState:F3}"))), cancellationToken);
        _samples += r.Samples;
        _seconds += r.Seconds;
        _curve.AddRange(r.Curve);
        return true;
    }

    /// <inheritdoc />
    public void SaveCheckpoint() => save();
}
