namespace NeuroSharp.Clustering;

/// <summary>Parameters of one group of competing neurons (an online k-means clusterizer), docs/competitive-layer.md.</summary>
public sealed record CompetitiveLayerOptions
{
    /// <summary>K, the number of neurons (clusters); at least 1.</summary>
    public int ClusterCount { get; init; } = 10;

    /// <summary>How distances are measured (default L1, the reference).</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.L1;

    /// <summary>How centres start (default <see cref="CentreInit.Samples"/>).</summary>
    public CentreInit Init { get; init; } = CentreInit.Samples;

    /// <summary>eta, the winner's step towards the example, in (0, 1]; used by <see cref="RateSchedule.Constant"/>.</summary>
    public float LearningRate { get; init; } = 0.05f;

    /// <summary>The probability that a uniformly random neuron wins instead of the nearest, in [0, 1].</summary>
    public float RandomRate { get; init; }

    /// <summary>Constant eta (reference) or 1/n per neuron (MacQueen).</summary>
    public RateSchedule Schedule { get; init; } = RateSchedule.Constant;

    /// <summary>alpha of <see cref="RateSchedule.InverseCount"/>, eta = n^-alpha, in (0, 1]; 1 is MacQueen's running mean.</summary>
    public float RateExponent { get; init; } = 1f;

    /// <summary>Checks every range.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        const string owner = nameof(CompetitiveLayerOptions);
        OptionChecks.AtLeast(owner, nameof(ClusterCount), ClusterCount, 1);
        OptionChecks.Defined(owner, nameof(Metric), Metric);
        OptionChecks.Defined(owner, nameof(Init), Init);
        OptionChecks.Defined(owner, nameof(Schedule), Schedule);
        OptionChecks.InHalfOpen(owner, nameof(LearningRate), LearningRate, 0, 1);
        OptionChecks.InClosed(owner, nameof(RandomRate), RandomRate, 0, 1);
        OptionChecks.InHalfOpen(owner, nameof(RateExponent), RateExponent, 0, 1);
    }
}
