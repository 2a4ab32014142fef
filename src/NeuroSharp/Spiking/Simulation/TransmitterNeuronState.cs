namespace NeuroSharp.Spiking.Simulation;

/// <summary>A snapshot of one transmitter neuron after a step: every state value that docs/spiking-transmitter.md lists.</summary>
/// <param name="Phase">The branch it took in the last step (Collecting before the first step).</param>
/// <param name="StepsToActivation">sta.</param>
/// <param name="StepsToRecovery">str.</param>
/// <param name="Dendrite">What reached the dendrite and was not yet collected.</param>
/// <param name="Synapse">What is left in the synapse after the delivery.</param>
/// <param name="Accumulated">The store produced and not yet released.</param>
/// <param name="Current">current: collected this cycle.</param>
/// <param name="Last">last: current as it was at the end of the step, read by the threshold test.</param>
public readonly record struct TransmitterNeuronState(
    TransmitterPhase Phase,
    int StepsToActivation,
    int StepsToRecovery,
    TransmitterAmount Dendrite,
    TransmitterAmount Synapse,
    TransmitterAmount Accumulated,
    TransmitterAmount Current,
    TransmitterAmount Last);
