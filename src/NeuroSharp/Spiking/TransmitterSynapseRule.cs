namespace NeuroSharp.Spiking;

/// <summary>How a transmitter neuron's synapse amount S is shared among its k targets each step (docs/spiking-transmitter.md).</summary>
public enum TransmitterSynapseRule
{
    /// <summary>The article's intent: each target's dendrite gets S / k, and the synapse keeps <c>SynapseRetention</c> x S.</summary>
    Intended = 0,

    /// <summary>
    /// Compatibility with the reference code (Tiques1/HumanNetwork, <c>network.py</c>): <c>tm = neuron.synapse</c>
    /// aliases the list that is then scaled by 0.1, so each target really gets 0.1 S / k, the synapse keeps
    /// 0.1 S, and 80 % of S vanishes.
    /// </summary>
    ReferenceAliasing = 1,
}
