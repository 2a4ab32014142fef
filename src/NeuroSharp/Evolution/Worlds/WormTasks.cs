using NeuroSharp.Evolution.Worlds.Reflex;
using NeuroSharp.Evolution.Worlds.Worm;

namespace NeuroSharp.Evolution.Worlds;

/// <summary>
/// The tasks of the worlds folder, with their default options, for the evolution registry to list:
/// worm-klinotaxis, worm-withdrawal (docs/world-worm.md) and touch-reflex (docs/world-touch-reflex.md).
/// </summary>
public static class WormTasks
{
    /// <summary>A fresh instance of every task here, in a fixed order.</summary>
    public static IReadOnlyList<IEvolutionTask> All => [new WormKlinotaxisTask(), new WormWithdrawalTask(), new TouchReflexTask()];

    /// <summary>The task with this name, or null.</summary>
    /// <param name="name">A task name (e.g. "worm-klinotaxis").</param>
    /// <returns>A fresh instance, or null if no task here has that name.</returns>
    public static IEvolutionTask? Find(string name) => name switch
    {
        WormKlinotaxisTask.TaskName => new WormKlinotaxisTask(),
        WormWithdrawalTask.TaskName => new WormWithdrawalTask(),
        TouchReflexTask.TaskName => new TouchReflexTask(),
        _ => null,
    };
}
