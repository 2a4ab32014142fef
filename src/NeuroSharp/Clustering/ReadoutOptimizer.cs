namespace NeuroSharp.Clustering;

/// <summary>
/// How the dense delta rule (<see cref="TeacherReadout.FitDense(ReadOnlySpan{float}, int, ReadOnlySpan{int}, int, ReadoutOptions?, ulong, int)"/>) turns each batch's local update
/// (the error t - y times the input x, summed over the batch) into a change of the weights. Both keep the
/// rule local to the readout: no gradient reaches the layers that made the features.
/// </summary>
public enum ReadoutOptimizer
{
    /// <summary>The normalised delta rule: W += eta_e (t - y) x^T / (|x|^2 + 1), one step size for every weight.</summary>
    Normalized,

    /// <summary>
    /// Adam (Kingma and Ba 2015) on the same update: each weight keeps running means of its update and of
    /// the update's square, and moves by their ratio, so rarely-active or small-valued features get steps
    /// as large as common ones. It converges where the normalised rule crawls on correlated features.
    /// </summary>
    Adam,
}
