namespace NeuroSharp.Clustering.Patches;

/// <summary>How a <see cref="FeatureStack"/> is built and learned (docs/local-receptive-fields.md).</summary>
public sealed record FeatureStackOptions
{
    /// <summary>The layers, 1 to <see cref="PatchLayerSpec.MaxLayers"/>, input first.</summary>
    public IReadOnlyList<PatchLayerSpec> Layers { get; init; } = [new PatchLayerSpec()];

    /// <summary>
    /// The online rule of every layer's prototypes (metric, initialisation, rate schedule, exploration);
    /// its ClusterCount is replaced by each layer's K. Default: squared L2, k-means++ seeding, eta = n^-1
    /// (MacQueen's running mean, so a prototype is the mean of the patches it won).
    /// </summary>
    public CompetitiveLayerOptions Learning { get; init; } = new()
    {
        Metric = DistanceMetric.SquaredL2, Init = CentreInit.PlusPlus, Schedule = RateSchedule.InverseCount, RateExponent = 1f,
    };

    /// <summary>Patches sampled to learn each layer (at random positions of random training images).</summary>
    public int Patches { get; init; } = 200_000;

    /// <summary>Patches sampled per image.</summary>
    public int PatchesPerImage { get; init; } = 16;

    /// <summary>Passes of the online rule over each layer's patches.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>
    /// epsilon of the ZCA whitening of every layer's patches (<see cref="PatchWhitening"/>), added to the covariance's
    /// eigenvalues; 0 (the default) leaves the patches raw.
    /// </summary>
    public float Whitening { get; init; }

    /// <summary>Checks every range.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(FeatureStackOptions);
        ArgumentNullException.ThrowIfNull(Layers);
        ArgumentNullException.ThrowIfNull(Learning);
        if (Layers.Count is < 1 or > PatchLayerSpec.MaxLayers)
            throw new InvalidOptionException(owner, nameof(Layers), $"must hold 1 to {PatchLayerSpec.MaxLayers} layers", Layers.Count);
        foreach (var l in Layers) l.Validate();
        Learning.Validate();
        OptionChecks.AtLeast(owner, nameof(Patches), Patches, 1);
        OptionChecks.AtLeast(owner, nameof(PatchesPerImage), PatchesPerImage, 1);
        OptionChecks.AtLeast(owner, nameof(Epochs), Epochs, 1);
        if (!float.IsFinite(Whitening) || Whitening < 0)
            throw new InvalidOptionException(owner, nameof(Whitening), "must be 0 (no whitening) or a positive epsilon", Whitening);
    }
}
