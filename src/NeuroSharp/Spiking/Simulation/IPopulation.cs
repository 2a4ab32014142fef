using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// What the engine steps and monitors: a population of neurons of one model, state as arrays. The
/// engine calls each method once per population per phase (never once per neuron), so a backend that
/// partitions or ports populations (MPI ranks, GPU kernels) implements these few calls over its arrays.
/// Phases in the order of <see cref="SpikingEngine.StepOrder"/> (docs/concepts.md): Integrate and
/// Threshold in <see cref="IntegrateAndThreshold"/>, Reset in <see cref="ApplyReset"/>; the spikes of
/// the step are read between the two (delivery, plasticity) and by the monitors after Reset.
/// </summary>
/// <remarks>
/// Spiking populations (<see cref="NeuronGroup"/>: LIF, conductance LIF, Izhikevich, AdEx, sources) and
/// the transmitter neurons of a network (<see cref="TransmitterPopulation"/>) implement it.
/// </remarks>
internal interface IPopulation
{
    /// <summary>The population's name (a single neuron's id; "transmitters" for the transmitter neurons).</summary>
    string Name { get; }

    /// <summary>Its neurons.</summary>
    int Count { get; }

    /// <summary>Integrate and Threshold: advances every neuron by one step and collects the step's spikes.</summary>
    /// <param name="step">The step.</param>
    /// <param name="maxThreads">The most threads to use (results do not depend on it).</param>
    void IntegrateAndThreshold(int step, int maxThreads);

    /// <summary>Reset: the neurons that spiked this step reset (nothing for models that reset inside their step).</summary>
    /// <param name="step">The step.</param>
    void ApplyReset(int step);

    /// <summary>This step's spikes: neuron indices, ascending.</summary>
    ReadOnlySpan<int> StepSpikes { get; }

    /// <summary>Sets the initial state; <paramref name="build"/> draws initial values, <paramref name="run"/> the run's randomness.</summary>
    /// <param name="build">This population's stream of the build seed.</param>
    /// <param name="run">This population's stream of the run seed.</param>
    void Initialize(RandomStream build, RandomStream run);

    /// <summary>As <see cref="Initialize"/>, but keeps what the population learned (adaptive thresholds).</summary>
    /// <param name="build">This population's stream of the build seed.</param>
    /// <param name="run">This population's stream of the run seed.</param>
    void InitializeDynamics(RandomStream build, RandomStream run);

    /// <summary>A handle for a recordable state variable (for <see cref="CopyVariable"/>), or -1 if the model has no such variable.</summary>
    /// <param name="name">The variable's name, as state monitors name it (e.g. "v", "phase").</param>
    /// <returns>The handle or -1.</returns>
    int VariableId(string name);

    /// <summary>Copies a state variable of the neurons <paramref name="neurons"/> (after the step), as float.</summary>
    /// <param name="variable">A handle from <see cref="VariableId"/>.</param>
    /// <param name="neurons">Neuron indices.</param>
    /// <param name="destination">One value per index.</param>
    void CopyVariable(int variable, ReadOnlySpan<int> neurons, Span<float> destination);

    /// <summary>
    /// Visits every state array of the population by name, for a checkpoint (<see cref="StateVisitor"/>): what the next step
    /// reads that the build does not make (potentials, conductances, gates, counters, random streams, this step's spikes).
    /// </summary>
    /// <param name="visitor">The checkpoint's writer or reader.</param>
    void VisitState(StateVisitor visitor);
}
