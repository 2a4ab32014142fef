namespace NeuroSharp.Stochastic;

/// <summary>The column's answer to one code.</summary>
/// <param name="Winner">The cluster neuron that won (for a recruit, the new neuron).</param>
/// <param name="Activity">The winner's activity countOnes(h AND s) / N before learning (for a recruit, that of the best existing neuron, or 0).</param>
/// <param name="Correlation">The normalised correlation of that activity.</param>
/// <param name="Event">Whether the winner learned, was recruited, or answered without learning.</param>
public readonly record struct ColumnResponse(int Winner, double Activity, double Correlation, ColumnEvent Event);
