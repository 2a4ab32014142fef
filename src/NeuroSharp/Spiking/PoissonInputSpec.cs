namespace NeuroSharp.Spiking;

/// <summary>
/// External drive (Brian2's PoissonInput): every target neuron receives <see cref="SourceCount"/>
/// independent Poisson spike trains of <see cref="RateHz"/> through synapses of <see cref="Weight"/>.
/// The number of input spikes per step is drawn as Binomial(N, rate x dt), without simulating the
/// sources one by one. The input is on at the steps from <see cref="StartMs"/> until <see cref="StopMs"/> (the whole run by default).
/// </summary>
public sealed record PoissonInputSpec : InputSpec
{
    /// <summary>N, the number of sources per target neuron, at least 1.</summary>
    public int SourceCount { get; init; } = 1;

    /// <summary>The rate of each source in Hz, at least 0.</summary>
    public double RateHz { get; init; } = 10;

    /// <summary>The weight of each input spike (at least 0).</summary>
    public double Weight { get; init; } = 1;

    /// <summary>The receptor the spikes feed.</summary>
    public Receptor Receptor { get; init; }

    /// <summary>The target's receptor port (1, 2, ...) for models with several ports (glif); 0 (the default) for the model's own channels (a glif's port 1).</summary>
    public int Port { get; init; }

    /// <summary>
    /// The compartment of a multi-compartment target whose synaptic channel the spikes reach (null: the cell's inputCompartment;
    /// docs/spiking-multicompartment.md, "Inputs"); only on a population with a morphology.
    /// </summary>
    public string? Compartment { get; init; }

    /// <summary>When the input starts, in ms (at least 0; 0 by default): no spike arrives in an earlier step.</summary>
    public double StartMs { get; init; }

    /// <summary>When it stops, in ms, or null (the default) for never: no spike arrives in this step or later.</summary>
    public double? StopMs { get; init; }

    /// <summary>Checks the parameters.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(PoissonInputSpec);
        SpecChecks.AtLeast(owner, nameof(SourceCount), SourceCount, 1);
        SpecChecks.NonNegative(owner, nameof(RateHz), RateHz);
        SpecChecks.NonNegative(owner, nameof(Weight), Weight);
        OptionChecks.Defined(owner, nameof(Receptor), Receptor);
        SpecChecks.NonNegative(owner, nameof(StartMs), StartMs);
        if (StopMs is { } stop)
        {
            SpecChecks.Finite(owner, nameof(StopMs), stop);
            if (stop < StartMs) throw new InvalidOptionException(owner, nameof(StopMs), $"must be at least startMs ({InvalidOptionException.Format(StartMs)})", stop);
        }
    }
}
