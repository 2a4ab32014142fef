namespace NeuroSharp.Spiking;

/// <summary>
/// Records state variables of chosen neurons every N steps, after the step (Brian2's StateMonitor).
/// Variables by model: LIF and conductance LIF <c>v, ge, gi</c> (+ <c>theta</c> with an adaptive
/// threshold); Izhikevich <c>v, u, ge, gi</c>; AdEx <c>v, w, ge, gi</c>.
/// </summary>
public sealed record StateMonitorSpec : MonitorSpec
{
    /// <summary>The variables recorded.</summary>
    public IReadOnlyList<string> Variables { get; init; } = ["v"];

    /// <summary>The neurons recorded (null: all).</summary>
    public IReadOnlyList<int>? Indices { get; init; }

    /// <summary>Record every this many steps, at least 1.</summary>
    public int EverySteps { get; init; } = 1;
}
