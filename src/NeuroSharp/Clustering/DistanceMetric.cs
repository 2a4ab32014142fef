namespace NeuroSharp.Clustering;

/// <summary>How a neuron compares its dendrites (centre) with an example.</summary>
public enum DistanceMetric
{
    /// <summary>Mean absolute difference, mean_j |c_j - x_j| (the reference E2mc rule).</summary>
    L1,

    /// <summary>Squared Euclidean distance, sum_j (c_j - x_j)^2 (k-means' own metric).</summary>
    SquaredL2,
}
