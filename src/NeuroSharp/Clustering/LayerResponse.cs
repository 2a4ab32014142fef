namespace NeuroSharp.Clustering;

/// <summary>What a competitive layer answered to one example.</summary>
/// <param name="Winner">The neuron that fired (the one-hot "unitary code").</param>
/// <param name="Distance">Its distance to the example before learning, in the layer's metric.</param>
/// <param name="Explored">True when the winner was drawn at random rather than the nearest.</param>
public readonly record struct LayerResponse(int Winner, float Distance, bool Explored);
