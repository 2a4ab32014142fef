namespace NeuroSharp.Spiking;

/// <summary>
/// A timed change of a population's model parameters (a network file's <c>changes</c>): from step round(<see cref="AtMs"/> / dt)
/// on, the population runs with <see cref="Model"/>, its state, step count and random streams going on (PyNN's
/// <c>Population.set()</c> between two <c>run()</c>s). The file gives only the parameters that change; the reader merges them
/// onto the population's model as the earlier changes left it, so <see cref="Model"/> is the whole spec.
/// </summary>
public sealed record ModelChangeSpec
{
    /// <summary>When the change applies, in ms (at least 0): before the step round(atMs / dt), that step included.</summary>
    public double AtMs { get; init; }

    /// <summary>The population (or single neuron) whose parameters change.</summary>
    public required string Population { get; init; }

    /// <summary>The whole model from then on: the population's model with the changed parameters (same model, same shape).</summary>
    public required NeuronModelSpec Model { get; init; }
}
