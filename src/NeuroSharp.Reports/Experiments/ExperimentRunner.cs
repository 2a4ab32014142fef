using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using NeuroSharp.Formats;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Reports.Experiments;

/// <summary>Runs one experiment: makes its folder, times it, records seed and duration, writes metrics.json.</summary>
public static class ExperimentRunner
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs the experiment into <c>context.OutputDirectory</c>.</summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="context">Its context.</param>
    /// <returns>The result, with "device", "experiment", "seed", "quick" and "seconds" added to the metrics.</returns>
    public static ExperimentResult Run(IExperiment experiment, ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(context);
        Check(experiment, context);
        Directory.CreateDirectory(context.OutputDirectory);
        var clock = Stopwatch.StartNew();
        int onDevice = context.Backend?.EnginesOnDevice ?? 0, onCpu = context.Backend?.EnginesOnCpu ?? 0;
        var result = experiment.Run(context);
        var metrics = result.Metrics;
        metrics["device"] = SpikingBackendFactory.DeviceUsed(context.Backend, onDevice, onCpu); // what ran its engines: "cpu" unless a device did
        metrics["experiment"] = experiment.Name;
        metrics["article"] = experiment.Article;
        metrics["seed"] = context.Seed;
        metrics["quick"] = context.Quick;
        metrics["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
        AtomicFile.WriteAllText(context.PathOf("metrics.json"), metrics.ToJsonString(Indented) + "\n");
        return result;
    }

    /// <summary>
    /// Everything that is checked before an experiment runs, in one place: the parameters it takes
    /// (<see cref="CheckParameters"/>), then the experiment's own checks of their values (<see cref="IExperiment.Check"/>).
    /// Nothing is loaded or written; the command line calls it before it prints its header line.
    /// </summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="context">What it would run with.</param>
    /// <exception cref="InvalidInputException">A parameter it does not take, or a value it refuses.</exception>
    public static void Check(IExperiment experiment, ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(context);
        CheckParameters(experiment, context.Parameters);
        experiment.Check(context);
    }

    /// <summary>Refuses parameters the experiment does not take, before any work.</summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="parameters">What was asked.</param>
    /// <exception cref="InvalidInputException">A parameter is not taken; the message lists the ones that are.</exception>
    public static void CheckParameters(IExperiment experiment, ExperimentParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(parameters);
        var taken = (experiment as IParameterizedExperiment)?.ParameterNames ?? [];
        foreach (var (name, flag) in parameters.Given())
        {
            if (taken.Any(t => string.Equals(t, name, StringComparison.OrdinalIgnoreCase))) continue; // as --param applies them
            string known = taken.Count == 0 ? "it takes none" : $"it takes: {string.Join(", ", taken)}";
            // Named as it was typed: "--samples", or "--param foo" (the bare key once read as if --samples were a --param key).
            throw new InvalidInputException($"Experiment '{experiment.Name}' does not take {flag} ({known}).");
        }
    }
}
