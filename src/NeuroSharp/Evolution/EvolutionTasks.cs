using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Evolution.Worlds.Reflex;
using NeuroSharp.Evolution.Worlds.Worm;

namespace NeuroSharp.Evolution;

/// <summary>
/// The tasks evolution knows, by command-line name. A new world adds one line to <see cref="Factories"/>.
/// </summary>
public static class EvolutionTasks
{
    private static readonly (string Name, Func<MemoryBudget?, IEvolutionTask> Make)[] Factories =
    [
        ("xor", m => new XorTask(m)),
        ("single-pole", m => new PoleBalancingTask(PoleVariant.SinglePole, memory: m)),
        ("double-pole", m => new PoleBalancingTask(PoleVariant.DoublePole, memory: m)),
        ("double-pole-nv", m => new PoleBalancingTask(PoleVariant.DoublePoleNoVelocity, memory: m)),
        (WormKlinotaxisTask.TaskName, m => new WormKlinotaxisTask(memory: m)),
        (WormWithdrawalTask.TaskName, m => new WormWithdrawalTask(memory: m)),
        (TouchReflexTask.TaskName, m => new TouchReflexTask(memory: m)),
    ];

    /// <summary>Every task name, in registration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Factories.Select(f => f.Name)];

    /// <summary>A new instance of the task with a name.</summary>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <param name="memory">The most each engine the task builds may allocate (the user's <c>--memory-limit</c>); null: <see cref="MemoryBudget.Default"/>.</param>
    /// <returns>The task.</returns>
    /// <exception cref="InvalidInputException">An unknown name.</exception>
    public static IEvolutionTask Create(string name, MemoryBudget? memory = null)
    {
        foreach (var (n, make) in Factories)
        {
            if (string.Equals(n, name, StringComparison.Ordinal)) return make(memory);
        }
        throw new InvalidInputException($"Unknown task '{name}' ({NearestName.DidYouMean(Names, name)}known: {string.Join(", ", Names)}).");
    }

    /// <summary>A new instance of the task with a name, its sensors encoded with a sensor code (<c>--sensor-code</c>).</summary>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <param name="sensorCode">log (every task) or linear (the pole tasks).</param>
    /// <param name="memory">The most each engine the task builds may allocate (the user's <c>--memory-limit</c>); null: <see cref="MemoryBudget.Default"/>.</param>
    /// <returns>The task.</returns>
    /// <exception cref="InvalidInputException">An unknown name or code, or linear for a task that is not a pole task.</exception>
    public static IEvolutionTask Create(string name, string sensorCode, MemoryBudget? memory = null)
    {
        var task = Create(name, memory);
        var code = SensorCodes.Parse(sensorCode);
        if (code == SensorCode.Log) return task;
        if (task is not PoleBalancingTask pole)
            throw new InvalidInputException($"--sensor-code {sensorCode} applies to the pole tasks (single-pole, double-pole, double-pole-nv); task {name} has its own sensors.");
        return new PoleBalancingTask(pole.Variant, pole.SuccessStepCount, pole.TestsEveryNetwork, code, memory);
    }
}
