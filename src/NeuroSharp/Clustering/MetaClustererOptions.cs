namespace NeuroSharp.Clustering;

/// <summary>Parameters of a meta-clusterer: M competitive layers behind M input masks (docs/meta-clustering.md).</summary>
public sealed record MetaClustererOptions
{
    /// <summary>M, the number of meta-clusters (layers and masks); at least 1.</summary>
    public int MetaCount { get; init; } = 2;

    /// <summary>K, the neurons in each layer; at least 1.</summary>
    public int ClusterCount { get; init; } = 10;

    /// <summary>lambda, how fast a mask loses weight where its layer erred, in (0, 1].</summary>
    public float MaskRate { get; init; } = 0.2f;

    /// <summary>eta, the winners' learning rate, in (0, 1].</summary>
    public float LearningRate { get; init; } = 0.02f;

    /// <summary>The probability that a layer's winner is random (what makes the layers differ), in [0, 1].</summary>
    public float RandomRate { get; init; } = 0.1f;

    /// <summary>The layers' distance (default L1, the reference).</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.L1;

    /// <summary>How centres start (default <see cref="CentreInit.Samples"/>; the reference uses zeros).</summary>
    public CentreInit Init { get; init; } = CentreInit.Samples;

    /// <summary>The winners' rate schedule (default constant eta, the reference).</summary>
    public RateSchedule Schedule { get; init; } = RateSchedule.Constant;

    /// <summary>alpha of <see cref="RateSchedule.InverseCount"/>, in (0, 1].</summary>
    public float RateExponent { get; init; } = 1f;

    /// <summary>The smallest mask weight, applied before normalisation, in (0, 1/M) (reference 0.001).</summary>
    public float MaskFloor { get; init; } = DefaultMaskFloor;

    /// <summary>The default <see cref="MaskFloor"/>, 0.001: it allows up to 999 meta-clusters.</summary>
    public const float DefaultMaskFloor = 0.001f;

    /// <summary>The options of each layer.</summary>
    public CompetitiveLayerOptions LayerOptions => new()
    {
        ClusterCount = ClusterCount,
        Metric = Metric,
        Init = Init,
        LearningRate = LearningRate,
        RandomRate = RandomRate,
        Schedule = Schedule,
        RateExponent = RateExponent,
    };

    /// <summary>Checks every range.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        const string owner = nameof(MetaClustererOptions);
        OptionChecks.AtLeast(owner, nameof(MetaCount), MetaCount, 1);
        OptionChecks.AtLeast(owner, nameof(ClusterCount), ClusterCount, 1);
        OptionChecks.InHalfOpen(owner, nameof(MaskRate), MaskRate, 0, 1);
        OptionChecks.InHalfOpen(owner, nameof(LearningRate), LearningRate, 0, 1);
        OptionChecks.InClosed(owner, nameof(RandomRate), RandomRate, 0, 1);
        OptionChecks.Defined(owner, nameof(Metric), Metric);
        OptionChecks.Defined(owner, nameof(Init), Init);
        OptionChecks.Defined(owner, nameof(Schedule), Schedule);
        OptionChecks.InHalfOpen(owner, nameof(RateExponent), RateExponent, 0, 1);
        // At the default floor the user asked only for M, so M is the value named; a floor set by hand is named itself.
        if (MaskFloor == DefaultMaskFloor && MaskFloor >= 1.0 / MetaCount)
            throw new InvalidOptionException(owner, nameof(MetaCount), $"must be below 1 / mask floor = {(1.0 / MaskFloor).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} (lower the mask floor for more)", MetaCount);
        if (!(MaskFloor > 0 && MaskFloor < 1.0 / MetaCount))
            throw new InvalidOptionException(owner, nameof(MaskFloor), $"must be in (0, 1/M) = (0, {1.0 / MetaCount})", MaskFloor);
    }
}
