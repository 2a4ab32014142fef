using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution;

/// <summary>
/// The neurons a decoded genome is made of: the model of its hidden and motor neurons, the engine step, and
/// the scale that turns a genome's weight into the model's input unit. Sensors are always
/// <see cref="SensorNeuron"/> (an encoder whose rate rises with its current), so that every task's
/// encoding is the same whatever the motor model; see docs/evolution-neat.md.
/// </summary>
/// <param name="Name">The model's name in <see cref="NeuronModels"/> (lif, conductanceLif, izhikevich, adex, transmitter).</param>
/// <param name="Neuron">The model and parameters of hidden and motor neurons.</param>
/// <param name="WeightScale">Input units per unit of genome weight (mV for lif, dimensionless conductance for conductanceLif, ...).</param>
/// <param name="DtMs">The engine step this model is integrated with.</param>
public sealed record ControllerModel(string Name, NeuronModelSpec Neuron, double WeightScale, double DtMs)
{
    /// <summary>
    /// Whether links from a sensor straight to a motor neuron are expressed (true, NEAT's usual start). A task
    /// whose anatomy has no such synapse (the skin does not reach the muscle but through neurons:
    /// docs/world-touch-reflex.md) sets it false, so a genome acts only through hidden neurons.
    /// </summary>
    public bool SensorToMotorLinks { get; init; } = true;

    /// <summary>Whether genomes decode to transmitter neurons (article 002) rather than spiking populations.</summary>
    public bool IsTransmitter => Neuron is TransmitterNeuronSpec;

    /// <summary>
    /// The sensor neuron: LIF with tau_m 5 ms, rest and reset -65 mV, threshold -55 mV, refractory 1 ms, so that
    /// its rheobase is 10 mV (<see cref="SensorRheobase"/>) and it fires up to about 470 Hz at 50 mV.
    /// </summary>
    public static LifNeuronSpec SensorNeuron { get; } = new()
    {
        TauMs = 5, RestMv = -65, ResetMv = -65, ThresholdMv = -55, RefractoryMs = 1, TauExcMs = 5, TauInhMs = 5,
    };

    /// <summary>
    /// The sensor of <see cref="SensorCode.Linear"/>: <see cref="SensorNeuron"/> with no refractory period, so that the
    /// linear code's accumulator can fire it on any engine step (up to one spike a step).
    /// </summary>
    public static LifNeuronSpec LinearSensorNeuron { get; } = SensorNeuron with { RefractoryMs = 0 };

    /// <summary>The sensor neuron of a code.</summary>
    /// <param name="code">The code.</param>
    /// <returns><see cref="LinearSensorNeuron"/> for <see cref="SensorCode.Linear"/>, else <see cref="SensorNeuron"/>.</returns>
    public static LifNeuronSpec SensorNeuronFor(SensorCode code) => code == SensorCode.Linear ? LinearSensorNeuron : SensorNeuron;

    /// <summary>The sensors' model in networks decoded with this model (<see cref="SensorNeuron"/> unless a task's sensor code asks otherwise).</summary>
    public LifNeuronSpec Sensor { get; init; } = SensorNeuron;

    /// <summary>The sensor's rheobase in mV: a current at or below it never fires the sensor.</summary>
    public const double SensorRheobase = 10;

    /// <summary>The current above rheobase that a sensor value of 1 adds, in mV.</summary>
    public const double SensorGain = 40;

    /// <summary>Current-based LIF (tau_m 10 ms, rest and reset -65 mV, threshold -55 mV, refractory 1 ms, tau_e = tau_i = 5 ms), dt 1 ms, 5 mV per weight unit.</summary>
    public static ControllerModel Lif { get; } = new(NeuronModels.Lif, new LifNeuronSpec
    {
        TauMs = 10, RestMv = -65, ResetMv = -65, ThresholdMv = -55, RefractoryMs = 1, TauExcMs = 5, TauInhMs = 5,
    }, 5, 1);

    /// <summary>Conductance LIF (COBA defaults with rest -65 mV, threshold -55 mV, refractory 1 ms), dt 1 ms, conductance 0.1 per weight unit.</summary>
    public static ControllerModel ConductanceLif { get; } = new(NeuronModels.ConductanceLif, new ConductanceLifNeuronSpec
    {
        TauMs = 10, RestMv = -65, ResetMv = -65, ThresholdMv = -55, RefractoryMs = 1, TauExcMs = 5, TauInhMs = 5,
    }, 0.1, 1);

    /// <summary>Izhikevich regular spiking, dt 0.5 ms, 5 current units per weight unit.</summary>
    public static ControllerModel Izhikevich { get; } = new(NeuronModels.Izhikevich, IzhikevichNeuronSpec.RegularSpiking, 5, 0.5);

    /// <summary>AdEx tonic (Naud et al. 2008), dt 0.1 ms, 200 pA per weight unit.</summary>
    public static ControllerModel AdEx { get; } = new(NeuronModels.AdEx, AdExNeuronSpec.Tonic, 200, 0.1);

    /// <summary>
    /// The transmitter neuron of article 002 (docs/spiking-transmitter.md), one step per engine step: excitatory
    /// neurons are the <c>excitatory</c> preset ([5, 0] a step), inhibitory ones produce [0, -5]. Its links carry no
    /// weight and no delay, so genomes decode by topology and kinds alone (<see cref="GenomeDecoder"/>); the weight
    /// scale is unused.
    /// </summary>
    public static ControllerModel Transmitter { get; } = new(NeuronModels.Transmitter, TransmitterNeuronSpec.Excitatory, 1, 1);

    /// <summary>Every controller model, by name.</summary>
    public static IReadOnlyList<ControllerModel> All { get; } = [Lif, ConductanceLif, Izhikevich, AdEx, Transmitter];

    /// <summary>The model with a name.</summary>
    /// <param name="name">lif, conductanceLif, izhikevich, adex or transmitter.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidInputException">An unknown name.</exception>
    public static ControllerModel Named(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidInputException($"Unknown neuron model '{name}' for evolution (known: {string.Join(", ", All.Select(m => m.Name))}).");
}
