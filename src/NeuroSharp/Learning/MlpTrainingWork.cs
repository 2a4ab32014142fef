using NeuroSharp.Data;
using NeuroSharp.Runs;

namespace NeuroSharp.Learning;

/// <summary>
/// Training of an <see cref="MlpTrainer"/> as <see cref="ICheckpointedWork"/>: a unit is one epoch
/// (pre-training, when asked for, runs first in the first chunk). A chunk cut short by cancellation
/// leaves the trainer mid-epoch, which its checkpoint keeps; a diverged trainer stops the run unsaved
/// (<see cref="MlpTrainer.Divergence"/> says where).
/// </summary>
/// <param name="trainer">The trainer (fresh or resumed).</param>
/// <param name="train">Labelled training rows.</param>
/// <param name="test">Labelled test rows evaluated after each epoch, or null.</param>
/// <param name="save">Writes the checkpoint.</param>
/// <param name="afterEpoch">Called after each completed epoch with its record (e.g. to log it), or null.</param>
public sealed class MlpTrainingWork(MlpTrainer trainer, Dataset train, Dataset? test, Action save, Action<EpochRecord>? afterEpoch = null) : ICheckpointedWork
{
    private string _lastTest = "";

    /// <inheritdoc />
    public long TotalUnits => trainer.Options.Epochs;

    /// <inheritdoc />
    public long DoneUnits => trainer.EpochsDone;

    /// <inheritdoc />
    public bool RunChunk(long count, IProgress<WorkProgress> progress, CancellationToken cancellationToken)
    {
        var p = new ProgressCallback<TrainingProgress>(q => progress.Report(new WorkProgress(
            q.Phase == "pretrain" ? trainer.EpochsDone : q.Epoch + (double)q.Batch / q.BatchCount,
            $"{q.Phase} epoch {q.Epoch + 1}/{q.EpochCount} loss {q.Loss:F4}{_lastTest}")));
        if (!trainer.Pretrain(train, p, cancellationToken)) return true; // cancelled: saved, and pre-training reruns on resume
        for (long i = 0; i < count && !trainer.IsComplete && !cancellationToken.IsCancellationRequested; i++)
        {
            var record = trainer.TrainEpoch(train, test, p, cancellationToken);
            if (record is null) return trainer.Divergence is null; // cancelled mid-epoch (save) or diverged (do not)
            _lastTest = record.TestErrors is { } e ? $", test errors {e}" : "";
            afterEpoch?.Invoke(record);
        }
        return true;
    }

    /// <inheritdoc />
    public void SaveCheckpoint() => save();
}
