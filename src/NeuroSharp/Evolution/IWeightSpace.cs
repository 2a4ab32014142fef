using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution;

/// <summary>
/// What a fixed-topology algorithm (CMA-ES, CoSyNE) searches: a vector of real numbers, each vector one network.
/// <see cref="FixedTopology"/> is the fully connected shape built from the task's sensor and motor counts;
/// <see cref="CircuitTemplate"/> is a hand-designed circuit whose named parameters evolution tunes.
/// </summary>
public interface IWeightSpace
{
    /// <summary>The vector's length.</summary>
    int Dimension { get; }

    /// <summary>The genome that carries a vector (link k holds component k, innovation k).</summary>
    /// <param name="id">The genome's id.</param>
    /// <param name="weights">The vector, <see cref="Dimension"/> long.</param>
    /// <returns>The genome.</returns>
    Genome ToGenome(long id, ReadOnlySpan<double> weights);

    /// <summary>The network of a genome made by <see cref="ToGenome"/>.</summary>
    /// <param name="genome">The genome.</param>
    /// <param name="model">The run's neuron model (a circuit brings its own neurons and ignores it).</param>
    /// <param name="name">The network's name, or null.</param>
    /// <returns>The network.</returns>
    NetworkSpec Decode(Genome genome, ControllerModel model, string? name = null);
}
