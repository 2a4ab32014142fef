namespace NeuroSharp.Learning;

/// <summary>
/// Where training diverged: a minibatch's loss, or the weights or test loss at an epoch's end, were not
/// finite (usually a learning rate too large for the data's scale). Training stops there; the trainer's
/// weights are then unusable, and the last checkpoint saved before it is the result to keep.
/// </summary>
/// <param name="Epoch">1-based epoch in which it happened.</param>
/// <param name="Batch">1-based minibatch of that epoch, or 0 when found at the epoch's end.</param>
/// <param name="Loss">The mean loss that was not finite (infinity or NaN), or the epoch's training loss when the weights were found non-finite.</param>
public sealed record TrainingDivergence(int Epoch, int Batch, double Loss);
