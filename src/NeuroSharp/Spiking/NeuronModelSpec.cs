namespace NeuroSharp.Spiking;

/// <summary>
/// The parameters of one neuron model: an immutable description with no state. The engine
/// (<c>SpikingEngine</c>) turns it into struct-of-arrays state for a population.
/// </summary>
/// <remarks>
/// Models: <see cref="TransmitterNeuronSpec"/> (article 002, docs/spiking-transmitter.md), <see cref="LifNeuronSpec"/> (current-based LIF),
/// <see cref="ConductanceLifNeuronSpec"/>, <see cref="IzhikevichNeuronSpec"/>, <see cref="AdExNeuronSpec"/>,
/// and the spike sources <see cref="PoissonSourceSpec"/> and <see cref="SpikeTimesSourceSpec"/>.
/// </remarks>
public abstract record NeuronModelSpec
{
    /// <summary>Checks every parameter.</summary>
    /// <exception cref="InvalidOptionException">A parameter is out of range; the message names it and its value.</exception>
    public abstract void Validate();
}
