using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution;

/// <summary>
/// A task whose evaluation runs the network through a <see cref="SpikingController"/>, and which can be handed one that
/// is already built: evolution then keeps a controller per worker and loads each next network's weights into it
/// (<see cref="SpikingController.TryLoad"/>) instead of building a network and engine per evaluation when the shape is
/// the same (the fixed-topology algorithms' genomes mostly are). The result is the same bit for bit: the task resets the
/// controller before each episode, and a loaded controller is the one a fresh build would be.
/// </summary>
public interface IControllerTask : IEvolutionTask
{
    /// <summary>A new controller of a network, bound as this task binds networks (its sensors, motors and sensor code).</summary>
    /// <param name="network">The network.</param>
    /// <returns>The controller.</returns>
    SpikingController BuildController(NetworkSpec network);

    /// <summary>Scores the network a controller holds, as <see cref="IEvolutionTask.Evaluate"/> scores that network.</summary>
    /// <param name="controller">A controller from <see cref="BuildController"/>, of the network or loaded with it.</param>
    /// <param name="random">This evaluation's own stream.</param>
    /// <param name="observer">Sees the world after each of its steps, or null.</param>
    /// <param name="cancellationToken">Stops a long episode.</param>
    /// <returns>The fitness and whether the task counts as solved.</returns>
    TaskEvaluation EvaluateWith(SpikingController controller, RandomStream random, IWorldObserver? observer = null, CancellationToken cancellationToken = default);
}
