namespace NeuroSharp.Learning;

/// <summary>How a network does on a labelled set.</summary>
/// <param name="Count">Examples evaluated.</param>
/// <param name="Errors">Examples whose most probable class is not the label.</param>
/// <param name="Loss">Mean cross-entropy, -log p(label), in nats.</param>
public sealed record MlpEvaluation(int Count, int Errors, double Loss)
{
    /// <summary>Errors / Count (0 for an empty set).</summary>
    public double ErrorRate => Count == 0 ? 0 : (double)Errors / Count;
}
