namespace NeuroSharp.Spiking;

/// <summary>What a neuron releases (Dale's principle: one neuron, one kind of transmitter).</summary>
public enum NeuronKind
{
    /// <summary>No constraint (the article's neuron releases both activator and inhibitor).</summary>
    Mixed = 0,

    /// <summary>Releases only excitatory transmitter: its projections target the excitatory receptor.</summary>
    Excitatory = 1,

    /// <summary>Releases only inhibitory transmitter: its projections target the inhibitory receptor.</summary>
    Inhibitory = 2,
}
