namespace NeuroSharp.Spiking;

/// <summary>
/// A population of independent Poisson spike sources (Brian2's PoissonGroup): in each step of length
/// dt, source i spikes with probability rate_i x dt. One rate for all, or one per source (rate coding
/// of an image: see <see cref="FromIntensities"/>). The sources are on at the steps from <see cref="StartMs"/> until <see cref="StopMs"/>
/// (the whole run by default; PyNN's SpikeSourcePoisson start and start + duration), as a Poisson input's window.
/// </summary>
public sealed record PoissonSourceSpec : NeuronModelSpec
{
    /// <summary>The rate of every source in Hz, at least 0 (used when <see cref="RatesHz"/> is null).</summary>
    public double RateHz { get; init; } = 10;

    /// <summary>One rate per source in Hz (its length must equal the population's count), or null.</summary>
    public IReadOnlyList<double>? RatesHz { get; init; }

    /// <summary>When the sources start, in ms (at least 0; 0 by default): no source spikes in an earlier step (step k is on when k &gt;= round(startMs / dt)).</summary>
    public double StartMs { get; init; }

    /// <summary>When they stop, in ms, or null (the default) for never: no source spikes in step round(stopMs / dt) or later.</summary>
    public double? StopMs { get; init; }

    /// <summary>Rate coding: intensity x in [0, 1] becomes rate x * maxRateHz (Diehl and Cook 2015 use 63.75 Hz for a pixel of 255).</summary>
    /// <param name="intensities">The intensities, e.g. pixels scaled to [0, 1].</param>
    /// <param name="maxRateHz">The rate of intensity 1.</param>
    /// <returns>The spec.</returns>
    public static PoissonSourceSpec FromIntensities(ReadOnlySpan<float> intensities, double maxRateHz)
    {
        var rates = new double[intensities.Length];
        for (int i = 0; i < rates.Length; i++) rates[i] = Math.Clamp(intensities[i], 0f, 1f) * maxRateHz;
        return new PoissonSourceSpec { RatesHz = rates };
    }

    /// <inheritdoc />
    public override void Validate()
    {
        const string owner = nameof(PoissonSourceSpec);
        SpecChecks.NonNegative(owner, nameof(RateHz), RateHz);
        SpecChecks.NonNegative(owner, nameof(StartMs), StartMs);
        if (StopMs is { } stop)
        {
            SpecChecks.Finite(owner, nameof(StopMs), stop);
            if (stop < StartMs) throw new InvalidOptionException(owner, nameof(StopMs), $"must be at least startMs ({InvalidOptionException.Format(StartMs)})", stop);
        }
        if (RatesHz is null) return;
        for (int i = 0; i < RatesHz.Count; i++) SpecChecks.NonNegative(owner, $"{nameof(RatesHz)}[{i}]", RatesHz[i]);
    }

    /// <summary>The model's name, parameter table and reading (<see cref="NeuronModels.All"/>): "rateHz" for all, or "ratesHz", one per source.</summary>
    public static NeuronModelDescriptor<PoissonSourceSpec> Descriptor { get; } = new NeuronModelDescriptor<PoissonSourceSpec>(
            NeuronModels.Poisson, "Poisson spike source", isSource: true)
        .Listed(new ModelParameter("rateHz", "Hz", ModelParameterKind.Number, "10", "rate of every source, at least 0 (needed unless ratesHz is given)"), optional: false)
        .Listed(new ModelParameter("ratesHz", "Hz", ModelParameterKind.Numbers, "", "one rate per source (optional; replaces rateHz)"), optional: true)
        .Listed(new ModelParameter("startMs", "ms", ModelParameterKind.Number, "0", "when the sources start, at least 0 (optional)"), optional: true)
        .Listed(new ModelParameter("stopMs", "ms", ModelParameterKind.Number, "", "when they stop, at least startMs (optional; absent: never)"), optional: true)
        .ReadWith(p =>
        {
            var rates = p.OptionalNumbers("ratesHz");
            return new PoissonSourceSpec
            {
                RatesHz = rates, RateHz = rates is null ? p.Number("rateHz", null) : p.OptionalNumber("rateHz") ?? 0,
                StartMs = p.OptionalNumber("startMs") ?? 0, StopMs = p.OptionalNumber("stopMs"),
            };
        })
        .WriteWith((w, p) =>
        {
            if (p.RatesHz is { } rates) NetworkFileWriter.Numbers(w, "ratesHz", rates);
            else w.WriteNumber("rateHz", p.RateHz);
            if (p.StartMs != 0) w.WriteNumber("startMs", p.StartMs);
            if (p.StopMs is { } stop) w.WriteNumber("stopMs", stop);
        });
}
