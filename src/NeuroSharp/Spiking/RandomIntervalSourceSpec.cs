namespace NeuroSharp.Spiking;

/// <summary>
/// A population of renewal spike sources (NeuroML's spikeGeneratorRandom and spikeGeneratorRefPoisson, docs/formats.md): each
/// source draws its intervals independently, each interval <see cref="MinIsiMs"/> plus a random part: uniform in
/// [0, <see cref="MaxIsiMs"/> - MinIsiMs) when MaxIsiMs is given, or exponential of mean 1000 / <see cref="RateHz"/> - MinIsiMs
/// when RateHz is given (a Poisson train with a dead time whose mean rate is RateHz). The first spike is one interval after 0;
/// a source spikes in the first step whose start time is past its next spike time, and the next time is that time plus a new
/// interval (as NeuroML's LEMS definitions run it).
/// </summary>
public sealed record RandomIntervalSourceSpec : NeuronModelSpec
{
    /// <summary>The shortest interval in ms, at least 0.</summary>
    public double MinIsiMs { get; init; }

    /// <summary>The longest interval in ms (uniform intervals), or null.</summary>
    public double? MaxIsiMs { get; init; }

    /// <summary>The mean rate in Hz (a dead time and then an exponential interval), or null.</summary>
    public double? RateHz { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        const string owner = nameof(RandomIntervalSourceSpec);
        SpecChecks.NonNegative(owner, nameof(MinIsiMs), MinIsiMs);
        if ((MaxIsiMs is null) == (RateHz is null))
            throw new InvalidOptionException(owner, nameof(MaxIsiMs), "must be given alone (uniform intervals) or be left out for rateHz (a Poisson train with a dead time), not both nor neither", MaxIsiMs);
        if (MaxIsiMs is { } max)
        {
            SpecChecks.Finite(owner, nameof(MaxIsiMs), max);
            if (!(max >= MinIsiMs)) throw new InvalidOptionException(owner, nameof(MaxIsiMs), $"must be at least minIsiMs ({InvalidOptionException.Format(MinIsiMs)})", max);
            if (!(max > 0)) throw new InvalidOptionException(owner, nameof(MaxIsiMs), "must be above 0 (a source would spike in every step)", max);
        }
        if (RateHz is { } rate)
        {
            SpecChecks.Positive(owner, nameof(RateHz), rate);
            if (!(1000 / rate >= MinIsiMs))
                throw new InvalidOptionException(owner, nameof(RateHz), $"must be at most 1000 / minIsiMs ({InvalidOptionException.Format(1000 / MinIsiMs)} Hz): the mean interval cannot be below the shortest", rate);
        }
    }

    /// <summary>An interval in ms from a uniform <paramref name="u"/> in [0, 1).</summary>
    /// <param name="u">The uniform draw.</param>
    /// <returns>MinIsiMs + (MaxIsiMs - MinIsiMs) u, or MinIsiMs - (1000 / RateHz - MinIsiMs) ln(1 - u).</returns>
    public double Interval(double u) => MaxIsiMs is { } max
        ? MinIsiMs + (max - MinIsiMs) * u
        : MinIsiMs - (1000 / RateHz!.Value - MinIsiMs) * Math.Log(1 - u);

    /// <summary>The model's name, parameter table and reading (<see cref="NeuronModels.All"/>).</summary>
    public static NeuronModelDescriptor<RandomIntervalSourceSpec> Descriptor { get; } = new NeuronModelDescriptor<RandomIntervalSourceSpec>(
            NeuronModels.RandomIntervals, "spike source with random intervals (uniform, or a dead time and an exponential)", isSource: true)
        .Listed(new ModelParameter("minIsiMs", "ms", ModelParameterKind.Number, "0", "the shortest interval"), optional: false)
        .Listed(new ModelParameter("maxIsiMs", "ms", ModelParameterKind.Number, "", "the longest interval: intervals uniform in [minIsiMs, maxIsiMs] (give this or rateHz)"), optional: true)
        .Listed(new ModelParameter("rateHz", "Hz", ModelParameterKind.Number, "", "the mean rate: intervals minIsiMs + an exponential (give this or maxIsiMs)"), optional: true)
        .ReadWith(p => new RandomIntervalSourceSpec { MinIsiMs = p.Number("minIsiMs", null), MaxIsiMs = p.OptionalNumber("maxIsiMs"), RateHz = p.OptionalNumber("rateHz") })
        .WriteWith((w, s) =>
        {
            w.WriteNumber("minIsiMs", s.MinIsiMs);
            if (s.MaxIsiMs is { } max) w.WriteNumber("maxIsiMs", max);
            if (s.RateHz is { } rate) w.WriteNumber("rateHz", rate);
        });
}
