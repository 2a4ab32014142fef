namespace NeuroSharp.Spiking;

/// <summary>
/// A population of sources that spike at given times (Brian2's SpikeGeneratorGroup): source
/// <c>Indices[k]</c> spikes at <c>TimesMs[k]</c>. A time falls in the step <c>round(t / dt)</c>.
/// </summary>
public sealed record SpikeTimesSourceSpec : NeuronModelSpec
{
    /// <summary>The source of each spike, in [0, count).</summary>
    public IReadOnlyList<int> Indices { get; init; } = [];

    /// <summary>The time of each spike in ms, at least 0; as long as <see cref="Indices"/>.</summary>
    public IReadOnlyList<double> TimesMs { get; init; } = [];

    /// <inheritdoc />
    public override void Validate()
    {
        const string owner = nameof(SpikeTimesSourceSpec);
        if (Indices.Count != TimesMs.Count)
            throw new InvalidOptionException(owner, nameof(TimesMs), $"must have one time per index ({Indices.Count} indices)", TimesMs.Count);
        for (int k = 0; k < Indices.Count; k++)
        {
            SpecChecks.AtLeast(owner, $"{nameof(Indices)}[{k}]", Indices[k], 0);
            SpecChecks.NonNegative(owner, $"{nameof(TimesMs)}[{k}]", TimesMs[k]);
        }
    }
}
