namespace NeuroSharp.Clustering;

/// <summary>How the winner's learning rate evolves.</summary>
public enum RateSchedule
{
    /// <summary>A constant eta (the reference rule): recent examples weigh more; the centres keep adapting.</summary>
    Constant,

    /// <summary>
    /// eta = n^-alpha for the neuron's n-th example (counting a sample-initialised centre as its first).
    /// alpha = 1 is MacQueen's (1967) running mean; alpha in (0.5, 1) forgets the early, poorly placed
    /// examples faster and gives lower one-pass inertia (alpha 0.75 on MNIST; docs/results.md).
    /// </summary>
    InverseCount,
}
