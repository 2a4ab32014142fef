namespace NeuroSharp.Clustering;

/// <summary>How the centres start.</summary>
public enum CentreInit
{
    /// <summary>Every centre is 0 (the reference E2mc code); random exploration breaks the ties.</summary>
    Zeros,

    /// <summary>K distinct training rows drawn at random (what k-means users expect).</summary>
    Samples,

    /// <summary>
    /// k-means++ seeding (Arthur and Vassilvitskii 2007) on a random subsample of the rows: each next
    /// centre is a row drawn with probability proportional to its squared distance to the nearest
    /// centre so far. Spreads the centres; lowers the inertia of a one-pass fit.
    /// </summary>
    PlusPlus,
}
