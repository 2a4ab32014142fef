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

    /// <summary>The model's name, parameter table and reading (<see cref="NeuronModels.All"/>).</summary>
    public static NeuronModelDescriptor<SpikeTimesSourceSpec> Descriptor { get; } = new NeuronModelDescriptor<SpikeTimesSourceSpec>(
            NeuronModels.SpikeTimes, "spikes at listed times", isSource: true)
        .Listed(new ModelParameter("indices", "", ModelParameterKind.Ints, "", "the neuron of each spike"), optional: false)
        .Listed(new ModelParameter("timesMs", "ms", ModelParameterKind.Numbers, "", "the time of each spike"), optional: false)
        .ReadWith(p =>
        {
            const string model = NeuronModels.SpikeTimes;
            var indices = p.OptionalInts("indices") ?? throw p.MissingList("indices", $"is missing (model '{model}' needs indices, timesMs).");
            var times = p.OptionalNumbers("timesMs") ?? throw p.MissingList("timesMs", $"is missing (model '{model}' needs indices, timesMs).");
            return new SpikeTimesSourceSpec { Indices = indices, TimesMs = times };
        })
        .WriteWith((w, s) =>
        {
            NetworkFileWriter.Ints(w, "indices", s.Indices);
            NetworkFileWriter.Numbers(w, "timesMs", s.TimesMs);
        });
}
