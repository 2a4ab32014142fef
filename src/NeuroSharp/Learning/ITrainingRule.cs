namespace NeuroSharp.Learning;

/// <summary>
/// A way of sending the output error down a dense network. After the forward pass the trainer sets
/// delta_L = p - t; the rule fills delta_l for every hidden layer l = L-1..1 (and may adapt its own
/// feedback matrices); the trainer then applies the same SGD update, dW_l = -eta h_{l-1}^T delta_l / B,
/// for every rule. Backpropagation is the rule whose delta_l is the exact gradient dE/dz_l.
/// </summary>
public interface ITrainingRule
{
    /// <summary>Which rule this is.</summary>
    TrainingRuleKind Kind { get; }

    /// <summary>The rule's own top-down matrices (empty for backpropagation); saved with checkpoints.</summary>
    IReadOnlyList<FeedbackMatrix> FeedbackMatrices { get; }

    /// <summary>Fills <see cref="TrainingBatch.Delta"/> for layers L-1 down to 1.</summary>
    /// <param name="batch">The batch after its forward pass, with delta_L set.</param>
    void ComputeDeltas(TrainingBatch batch);
}
