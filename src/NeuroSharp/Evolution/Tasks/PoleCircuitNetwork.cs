using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution.Tasks;

/// <summary>
/// What the pole tasks' seed circuits (<see cref="PoleFeedbackCircuit"/>, <see cref="PoleVelocityCircuit"/>) share: LIF
/// motor neurons at the pole tasks' engine step, and a network of the sensors, the two motors and the circuit's
/// sensor-to-motor projections, with no hidden neurons.
/// </summary>
internal static class PoleCircuitNetwork
{
    /// <summary>LIF at the pole tasks' 0.25 ms engine step.</summary>
    public static ControllerModel Model { get; } = ControllerModel.Lif with { DtMs = PoleBalancingTask.EngineStepMs };

    /// <summary>The circuit's network: populations "input" (the sensors) and "output" (right and left motor).</summary>
    /// <param name="name">The network's name.</param>
    /// <param name="description">What the circuit is, citing its docs page.</param>
    /// <param name="sensor">The sensor neurons' model (it depends on the sensor code).</param>
    /// <param name="inputs">Sensor count.</param>
    /// <param name="projections">The sensor-to-motor projections.</param>
    /// <returns>The network.</returns>
    public static NetworkSpec Build(string name, string description, NeuronModelSpec sensor, int inputs, List<ProjectionSpec> projections) => new()
    {
        Name = name,
        Description = description,
        DtMs = Model.DtMs,
        Populations =
        [
            new() { Name = IEvolutionTask.InputPopulation, Count = inputs, Model = sensor, Kind = NeuronKind.Mixed },
            new() { Name = IEvolutionTask.OutputPopulation, Count = 2, Model = Model.Neuron, Kind = NeuronKind.Mixed },
        ],
        Projections = projections,
    };
}
