namespace NeuroSharp.Studio.Live;

/// <summary>
/// A control message for a live simulation, sent as JSON over HTTP (<c>POST /api/simulations/ID/commands</c>)
/// or the WebSocket: <c>{"type": "start" | "pause" | "step" | "reset" | "speed" | "watch", "count": n, "stepsPerSecond": s,
/// "target": NAME, "neuron": i}</c>; "watch" chooses the cell whose compartments' v the frames carry (docs/studio.md, "The morphology view").
/// </summary>
public sealed record SimulationCommand
{
    /// <summary>The most steps one "step" command takes.</summary>
    public const int MaxStepCount = 100_000;

    /// <summary>The fastest speed in steps per second (at this value the simulation runs as fast as it can).</summary>
    public const double MaxStepsPerSecond = 1e9;

    /// <summary>The command names.</summary>
    public static IReadOnlyList<string> Types { get; } = ["start", "pause", "step", "reset", "speed", "watch"];

    /// <summary>The command: start, pause, step, reset or speed.</summary>
    public string? Type { get; init; }

    /// <summary>For "step": how many steps, in [1, 100000] (default 1).</summary>
    public int? Count { get; init; }

    /// <summary>For "speed" (or "start"): steps per simulated run second, in (0, 1e9].</summary>
    public double? StepsPerSecond { get; init; }

    /// <summary>For "watch": the population or single neuron with a morphology.</summary>
    public string? Target { get; init; }

    /// <summary>For "watch": the neuron's index in the target (default 0).</summary>
    public int? Neuron { get; init; }

    /// <summary>Checks the command.</summary>
    /// <exception cref="InvalidInputException">The type is unknown or a value is out of range.</exception>
    public void Validate()
    {
        if (Type is null || !Types.Contains(Type))
            throw new InvalidInputException($"The command's type must be one of {string.Join(", ", Types)} (got {(Type is null ? "none" : $"\"{Type}\"")}).");
        if (Count is { } n && (n < 1 || n > MaxStepCount))
            throw new InvalidInputException($"The command's count must be in [1, {MaxStepCount}] (got {n}).");
        if (StepsPerSecond is { } s && !(s > 0 && s <= MaxStepsPerSecond))
            throw new InvalidInputException($"The command's stepsPerSecond must be in (0, {MaxStepsPerSecond:0e0}] (got {InvalidOptionException.Format(s)}).");
        if (Type == "speed" && StepsPerSecond is null) throw new InvalidInputException("The speed command needs stepsPerSecond.");
        if (Type == "watch" && string.IsNullOrEmpty(Target)) throw new InvalidInputException("The watch command needs target: a neuron or population with a morphology.");
    }
}
