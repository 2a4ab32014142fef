namespace NeuroSharp.Spiking;

/// <summary>
/// The article's "skin" (its controller class): an amount of transmitter put on a transmitter neuron's
/// dendrite at the start of each listed step, before the neurons step.
/// </summary>
public sealed record TransmitterStimulusSpec : InputSpec
{
    /// <summary>The steps (0-based) at which the amount arrives.</summary>
    public IReadOnlyList<int> Steps { get; init; } = [];

    /// <summary>Every how many steps it repeats after the last listed step, or 0 for no repeat.</summary>
    public int EverySteps { get; init; }

    /// <summary>The amount added to the dendrite.</summary>
    public TransmitterAmount Amount { get; init; } = new(20, 0);

    /// <summary>Checks the parameters.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(TransmitterStimulusSpec);
        for (int k = 0; k < Steps.Count; k++) SpecChecks.AtLeast(owner, $"{nameof(Steps)}[{k}]", Steps[k], 0);
        SpecChecks.AtLeast(owner, nameof(EverySteps), EverySteps, 0);
        SpecChecks.Finite(owner, nameof(Amount), Amount.Activator);
        SpecChecks.Finite(owner, nameof(Amount), Amount.Inhibitor);
    }
}
