namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The fixed order of one engine step (docs/concepts.md; docs/design.md#the-spiking-engines-step-order). <see cref="SpikingEngine.StepOrder"/>
/// lists it; every step runs these phases in this order and nothing else.
/// </summary>
/// <remarks>
/// Step n covers [n dt, (n + 1) dt); a spike found in step n is stamped n dt (Brian2's convention).
/// Integrate and Threshold run in one pass over each population (the threshold test reads only the
/// neuron's own new state, so fusing them changes nothing observable). Transmitter neurons take
/// their five-phase step, with its own delivery (docs/spiking-transmitter.md), in <see cref="Integrate"/>.
/// </remarks>
public enum StepPhase
{
    /// <summary>External inputs: currents switch on or off, Poisson drive is added to g_e / g_i, transmitter stimuli reach dendrites.</summary>
    Inputs = 0,

    /// <summary>Every neuron advances its state by dt from the values at the start of the step (refractory neurons hold v).</summary>
    Integrate = 1,

    /// <summary>Neurons past threshold (and not refractory) spike; spike sources emit.</summary>
    Threshold = 2,

    /// <summary>
    /// Spikes travel: delayed spikes due now and this step's zero-delay spikes add their weights to the
    /// targets' g_e / g_i (felt from the next step); STDP traces decay and presynaptic arrivals update
    /// x_pre and depress (LTD); short-term plasticity scales each arrival.
    /// </summary>
    Deliver = 3,

    /// <summary>Postsynaptic spikes potentiate (LTP, using x_pre including this step's arrivals) and bump x_post; weight normalisation runs on its schedule.</summary>
    Plasticity = 4,

    /// <summary>Neurons that spiked reset (v = V_r, u += d, w += b, theta += increment) and start their refractory period.</summary>
    Reset = 5,

    /// <summary>Monitors record spikes, rates and state after the step.</summary>
    Monitors = 6,
}
