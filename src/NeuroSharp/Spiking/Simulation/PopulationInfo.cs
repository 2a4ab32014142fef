namespace NeuroSharp.Spiking.Simulation;

/// <summary>A population or single neuron of a built engine.</summary>
/// <param name="Name">Its name (a single neuron's id).</param>
/// <param name="Model">The model's file name, e.g. "lif".</param>
/// <param name="Count">Its neurons.</param>
/// <param name="Kind">What it releases.</param>
/// <param name="IsSingleNeuron">True for a neuron listed under $.neurons.</param>
public sealed record PopulationInfo(string Name, string Model, int Count, NeuronKind Kind, bool IsSingleNeuron);
