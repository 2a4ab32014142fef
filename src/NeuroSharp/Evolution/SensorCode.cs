namespace NeuroSharp.Evolution;

/// <summary>
/// How a <see cref="SpikingController"/> turns sensor values in [0, 1] into sensor spikes (docs/evolution-pole-balancing.md,
/// "Sensor codes").
/// </summary>
public enum SensorCode
{
    /// <summary>
    /// The default: value s drives the LIF sensor (<see cref="ControllerModel.SensorNeuron"/>) with current
    /// <see cref="ControllerModel.SensorRheobase"/> + <see cref="ControllerModel.SensorGain"/> s, so its rate rises with
    /// the logarithm near zero (about 55 Hz at 0.01) and saturates near 470 Hz.
    /// </summary>
    Log = 0,

    /// <summary>
    /// A linear rate code: value s fires its sensor at r = <see cref="SpikingController.LinearMaxRateHz"/> s by a phase
    /// accumulator (phi += r dt each engine step; a spike and phi -= 1 when phi reaches 1), so a window of T ms counts
    /// r T / 1000 spikes within one, and the remainder carries to the next window. The sensors are
    /// <see cref="ControllerModel.LinearSensorNeuron"/> (no refractory period), forced to fire on the accumulator's steps.
    /// </summary>
    Linear = 1,
}

/// <summary>Names of <see cref="SensorCode"/> on the command line.</summary>
public static class SensorCodes
{
    /// <summary>The names, in enum order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["log", "linear"];

    /// <summary>The code with a name.</summary>
    /// <param name="name">log or linear.</param>
    /// <returns>The code.</returns>
    /// <exception cref="InvalidInputException">An unknown name.</exception>
    public static SensorCode Parse(string name) => name switch
    {
        "log" => SensorCode.Log,
        "linear" => SensorCode.Linear,
        _ => throw new InvalidInputException($"--sensor-code must be log or linear (got '{name}')."),
    };

    /// <summary>The command-line name of a code.</summary>
    /// <param name="code">The code.</param>
    /// <returns>log or linear.</returns>
    public static string NameOf(SensorCode code) => code == SensorCode.Linear ? "linear" : "log";
}
