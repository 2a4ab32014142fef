using System.Text.Json.Serialization;

namespace NeuroSharp.Learning;

/// <summary>What one epoch of training did.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="LearningRate">eta of the epoch.</param>
/// <param name="TrainLoss">Mean cross-entropy of the training batches as trained (with dropout and spikes).</param>
/// <param name="TrainErrors">Training examples misclassified during the epoch (with dropout and spikes).</param>
/// <param name="TestErrors">Errors on the test set after the epoch, or null without one.</param>
/// <param name="TestLoss">Mean cross-entropy on the test set, or null without one.</param>
/// <param name="Seconds">Wall time of the epoch's training (the test evaluation excluded); 0 when unknown, as for
/// the epochs of a loaded checkpoint (model files store no times, and omit this field).</param>
public sealed record EpochRecord(int Epoch, float LearningRate, double TrainLoss, int TrainErrors, int? TestErrors, double? TestLoss,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double Seconds);
