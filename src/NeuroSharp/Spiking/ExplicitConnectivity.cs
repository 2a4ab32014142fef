namespace NeuroSharp.Spiking;

/// <summary>
/// An explicit list of synapses: <c>Sources[k] -&gt; Targets[k]</c>, optionally with their own weights and
/// delays (otherwise the projection's).
/// </summary>
public sealed record ExplicitConnectivity : ConnectivitySpec
{
    /// <summary>The source index of each synapse.</summary>
    public IReadOnlyList<int> Sources { get; init; } = [];

    /// <summary>The target index of each synapse (as long as <see cref="Sources"/>).</summary>
    public IReadOnlyList<int> Targets { get; init; } = [];

    /// <summary>Per-synapse weights, or null for the projection's weight.</summary>
    public IReadOnlyList<double>? Weights { get; init; }

    /// <summary>Per-synapse delays in ms, or null for the projection's delay.</summary>
    public IReadOnlyList<double>? DelaysMs { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        const string owner = nameof(ExplicitConnectivity);
        if (Targets.Count != Sources.Count)
            throw new InvalidOptionException(owner, nameof(Targets), $"must have one target per source ({Sources.Count} sources)", Targets.Count);
        if (Weights is not null && Weights.Count != Sources.Count)
            throw new InvalidOptionException(owner, nameof(Weights), $"must have one weight per synapse ({Sources.Count} synapses)", Weights.Count);
        if (DelaysMs is not null && DelaysMs.Count != Sources.Count)
            throw new InvalidOptionException(owner, nameof(DelaysMs), $"must have one delay per synapse ({Sources.Count} synapses)", DelaysMs.Count);
        for (int k = 0; k < Sources.Count; k++)
        {
            SpecChecks.AtLeast(owner, $"{nameof(Sources)}[{k}]", Sources[k], 0);
            SpecChecks.AtLeast(owner, $"{nameof(Targets)}[{k}]", Targets[k], 0);
            if (Weights is not null) SpecChecks.NonNegative(owner, $"{nameof(Weights)}[{k}]", Weights[k]);
            if (DelaysMs is not null) SpecChecks.NonNegative(owner, $"{nameof(DelaysMs)}[{k}]", DelaysMs[k]);
        }
    }
}
