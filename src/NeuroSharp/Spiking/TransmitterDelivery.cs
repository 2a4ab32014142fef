namespace NeuroSharp.Spiking;

/// <summary>When a transmitter neuron's release reaches its targets' dendrites (docs/spiking-transmitter.md).</summary>
public enum TransmitterDelivery
{
    /// <summary>
    /// The default: every neuron steps, then every neuron delivers; what is delivered in step t is
    /// seen from step t + 1. Independent of the neurons' order, so the neuron steps can run in parallel.
    /// </summary>
    Synchronous = 0,

    /// <summary>
    /// The reference's order: each neuron steps and delivers at once, so a target later in the order
    /// collects the delivery in the same step and an earlier one in the next step.
    /// </summary>
    Sequential = 1,
}
