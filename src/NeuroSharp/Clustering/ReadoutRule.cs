namespace NeuroSharp.Clustering;

/// <summary>How a teacher readout learns to map codes to labels, without backpropagation.</summary>
public enum ReadoutRule
{
    /// <summary>
    /// Counting (Hebbian co-occurrence): each active feature counts the labels it was seen with; a code
    /// is read as the label of highest log P(label) + sum over active f of log P(f | label) (naive Bayes, Laplace smoothing).
    /// </summary>
    Counts,

    /// <summary>
    /// The delta rule (Widrow-Hoff LMS) on the one-hot code: y_l = sum over active f of W_fl, then
    /// W_fl += eta (t_l - y_l) / A for each active f, with t the one-hot label and A the active count.
    /// </summary>
    Delta,
}
