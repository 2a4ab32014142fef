namespace NeuroSharp.Spiking;

/// <summary>
/// The synaptic channel a projection feeds on its target. Weights are magnitudes (at least 0); the
/// receptor gives the sign: excitatory input depolarises, inhibitory input hyperpolarises.
/// </summary>
public enum Receptor
{
    /// <summary>The excitatory channel (g_e, time constant <c>TauExcMs</c>).</summary>
    Excitatory = 0,

    /// <summary>The inhibitory channel (g_i, time constant <c>TauInhMs</c>).</summary>
    Inhibitory = 1,
}
