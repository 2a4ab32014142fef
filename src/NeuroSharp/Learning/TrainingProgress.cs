namespace NeuroSharp.Learning;

/// <summary>A progress report of <see cref="MlpTrainer"/>.</summary>
/// <param name="Phase">"pretrain" or "train".</param>
/// <param name="Epoch">0-based epoch (of the phase's layer for pre-training).</param>
/// <param name="EpochCount">Epochs of the phase.</param>
/// <param name="Batch">Batches done in the epoch.</param>
/// <param name="BatchCount">Batches in an epoch.</param>
/// <param name="Loss">The running mean loss of the epoch.</param>
public sealed record TrainingProgress(string Phase, int Epoch, int EpochCount, int Batch, int BatchCount, double Loss)
{
    /// <summary>The fraction of the phase done, in [0, 1].</summary>
    public double Fraction => EpochCount == 0 || BatchCount == 0 ? 1 : Math.Clamp((Epoch + (double)Batch / BatchCount) / EpochCount, 0, 1);
}
