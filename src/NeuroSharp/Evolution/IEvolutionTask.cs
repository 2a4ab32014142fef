using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution;

/// <summary>
/// A world and the way a network is bound to it: what evolution scores. A network that a task evaluates
/// has a population named <see cref="InputPopulation"/> with <see cref="InputCount"/> neurons, which the
/// world's sensors drive (currents or spike rates, as the task's page in docs/ says), and a population
/// named <see cref="OutputPopulation"/> with <see cref="OutputCount"/> neurons, whose spikes in a window
/// become the world's actions. Other populations are free.
/// </summary>
/// <remarks>
/// <see cref="Evaluate"/> must be safe to call from several threads at once (one network per call) and
/// must depend only on its arguments, so that evaluation is deterministic at any thread count.
/// A network of transmitter neurons (article 002), which has single neurons and no populations, binds by
/// neuron id instead: transmitter neurons "input.0" .. "input.{InputCount-1}" take the sensors (each step,
/// sensor value x a task's amount of transmitter on the dendrite) and the releases of "output.0" ..
/// "output.{OutputCount-1}" are the motor spikes (Worlds/NetworkBinding; docs/world-worm.md, "Binding").
/// </remarks>
public interface IEvolutionTask
{
    /// <summary>The name of the sensor population of an evaluated network.</summary>
    public const string InputPopulation = "input";

    /// <summary>The name of the motor population of an evaluated network.</summary>
    public const string OutputPopulation = "output";

    /// <summary>The task's name on the command line (e.g. "xor", "double-pole-nv").</summary>
    string Name { get; }

    /// <summary>Sensor neurons the network must have.</summary>
    int InputCount { get; }

    /// <summary>Motor neurons the network must have.</summary>
    int OutputCount { get; }

    /// <summary>
    /// The decoding this task's genomes use, given the one chosen on the command line: the model itself unless the
    /// task's page in docs/ says otherwise (XOR scales the weights up so that one inhibitory neuron can veto two
    /// sensors; docs/evolution-xor.md).
    /// </summary>
    /// <param name="model">The chosen model.</param>
    /// <returns>The model genomes decode with.</returns>
    ControllerModel DecodingModel(ControllerModel model) => model;

    /// <summary>The neurons genomes decode to when none are chosen: LIF unless the task's page in docs/ says otherwise.</summary>
    ControllerModel DefaultModel => ControllerModel.Lif;

    /// <summary>Whether the task binds networks of transmitter neurons too (by neuron id, <c>Worlds/NetworkBinding</c>),
    /// so that genomes may decode with <see cref="ControllerModel.Transmitter"/>.</summary>
    bool BindsTransmitterNeurons => false;

    /// <summary>NEAT's options for this task when none are given: NEAT's defaults unless the task's page in docs/ says otherwise.</summary>
    NeatOptions NeatDefaults => new();

    /// <summary>
    /// A documented hand-designed circuit whose parameters CMA-ES or CoSyNE may tune instead of a blank fully connected
    /// network (<c>evolve --circuit</c>), or null when the task has none (its page in docs/ describes it).
    /// </summary>
    CircuitTemplate? Circuit => null;

    /// <summary>
    /// A documented start topology for NEAT (<c>evolve --algorithm neat --circuit</c>): the links of the first genomes instead
    /// of NEAT's minimal start, with their delays, lanes and start weights, or null when the task has none. NEAT then evolves the weights and grows
    /// structure on it (its page in docs/ describes it).
    /// </summary>
    IReadOnlyList<SeedLink>? NeatStartLinks => null;

    /// <summary>
    /// The task's mirror symmetry for NEAT's mirror-tied genes (<c>evolve --algorithm neat --mirror</c>,
    /// <see cref="NeatOptions.Mirror"/>): the image of each sensor and motor id, or null when the task has none (its page in
    /// docs/ describes it).
    /// </summary>
    IReadOnlyList<int>? NeatMirror => null;

    /// <summary>
    /// Whether success is decided by <see cref="TestChampion"/> on each generation's fittest network only, after the whole
    /// generation's fitness evaluations, instead of inside <see cref="Evaluate"/> (whose <see cref="TaskEvaluation.Solved"/>
    /// is then always false). double-pole-nv does this, as the reference NEAT code runs Gruau et al.'s protocol
    /// (docs/evolution-pole-balancing.md, "Cost and early ending"): a solution is then counted at the end of its generation.
    /// </summary>
    bool TestsGenerationChampion => false;

    /// <summary>The success test a generation's fittest network gets when <see cref="TestsGenerationChampion"/> is true.</summary>
    /// <param name="network">The network.</param>
    /// <param name="cancellationToken">Stops a long test (an <see cref="OperationCanceledException"/> follows).</param>
    /// <returns>Whether it solves the task.</returns>
    bool TestChampion(NetworkSpec network, CancellationToken cancellationToken = default) => false;

    /// <summary>
    /// Whether an evaluated network also takes <see cref="TestChampion"/> when a run tests every candidate
    /// (<see cref="EvolutionRun.TestAllCandidates"/>; <c>evolve --test-all-balanced</c>), not only the generation's fittest one.
    /// double-pole-nv: a network that balanced the whole 1 000-step fitness episode. False by default.
    /// </summary>
    /// <param name="evaluation">The network's evaluation in this generation.</param>
    /// <returns>Whether it is a candidate.</returns>
    bool IsTestCandidate(TaskEvaluation evaluation) => false;

    /// <summary>Scores one network; higher is better.</summary>
    /// <param name="network">The network (a decoded genome); it is not changed.</param>
    /// <param name="random">This evaluation's own stream (forked from seed, generation and genome id).</param>
    /// <param name="observer">Sees the world after each of its steps (for <c>play</c> and the studio), or null.</param>
    /// <param name="cancellationToken">Stops a long episode.</param>
    /// <returns>The fitness and whether the task counts as solved.</returns>
    TaskEvaluation Evaluate(NetworkSpec network, RandomStream random, IWorldObserver? observer = null,
        CancellationToken cancellationToken = default);
}

/// <summary>The outcome of one evaluation.</summary>
/// <param name="Fitness">Higher is better; finite.</param>
/// <param name="Solved">Whether it meets the task's success criterion (e.g. 100 000 balanced steps).</param>
/// <param name="WorldSteps">World steps simulated (for evaluations per second and cost reports).</param>
public readonly record struct TaskEvaluation(double Fitness, bool Solved, long WorldSteps);

/// <summary>Watches an episode: the world's state after each world step, and the motor spikes that drove it.</summary>
public interface IWorldObserver
{
    /// <summary>Called after each world step.</summary>
    /// <param name="step">The world step, from 0.</param>
    /// <param name="state">The world's state variables, in the order its docs/ page lists them.</param>
    /// <param name="outputSpikeCounts">Spikes of each motor neuron in the window that chose this step's action.</param>
    void OnWorldStep(int step, ReadOnlySpan<double> state, ReadOnlySpan<int> outputSpikeCounts);
}
