using NeuroSharp.Data;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Reports.Experiments;

/// <summary>What an experiment runs with.</summary>
/// <param name="OutputDirectory">The folder for its files (created by the runner).</param>
/// <param name="Seed">The seed; repeated seeds of a multi-seed experiment derive from it.</param>
/// <param name="Quick">True for the small version (the quick tour); false for the full reproduction.</param>
/// <param name="Threads">The most threads (0: all cores); results do not depend on it.</param>
/// <param name="Mnist">Where MNIST comes from.</param>
/// <param name="Report">Receives (fraction done, status).</param>
/// <param name="CancellationToken">Stops the run early.</param>
public sealed record ExperimentContext(
    string OutputDirectory,
    ulong Seed,
    bool Quick,
    int Threads,
    MnistRepository Mnist,
    Action<double, string> Report,
    CancellationToken CancellationToken = default)
{
    /// <summary>The path of a file in the output folder.</summary>
    /// <param name="fileName">The file name.</param>
    /// <returns>The full path.</returns>
    public string PathOf(string fileName) => Path.Combine(OutputDirectory, fileName);

    /// <summary>
    /// Where it is set (the CLI's experiment run), receives (fraction done, status maker) in place of <see cref="Report"/>, and
    /// makes the status only when it shows it, so that a rate in the status covers the time since it was last shown
    /// (<see cref="Runs.IntervalRate"/>). Experiments report through <see cref="ReportStatus"/>, which falls back to <see cref="Report"/>.
    /// </summary>
    public Action<double, Func<string>>? ReportWhenShown { get; init; }

    /// <summary>Reports progress whose status is made only when shown (<see cref="ReportWhenShown"/>), else at once to <see cref="Report"/>.</summary>
    /// <param name="fraction">The fraction done, in [0, 1].</param>
    /// <param name="makeStatus">Makes the status.</param>
    public void ReportStatus(double fraction, Func<string> makeStatus)
    {
        ArgumentNullException.ThrowIfNull(makeStatus);
        if (ReportWhenShown is { } lazy) lazy(fraction, makeStatus);
        else Report(fraction, makeStatus());
    }

    /// <summary>What the user asked on the command line (none by default; see <see cref="IParameterizedExperiment"/>).</summary>
    public ExperimentParameters Parameters { get; init; } = ExperimentParameters.None;

    /// <summary>The most memory a run may allocate; experiments that size their model from parameters check it first.</summary>
    public MemoryBudget Memory { get; init; } = MemoryBudget.Default;

    /// <summary>Where the spiking experiments run their engines (<c>--device</c>): null for the CPU loop (docs/gpu.md).</summary>
    public SpikingBackendFactory? Backend { get; init; }

    /// <summary>
    /// The one place a spiking experiment builds an engine: on <see cref="Backend"/> (<c>--device</c>; a network the
    /// device does not run is refused with one sentence naming what, or stays on the CPU with <c>auto</c>) and
    /// within <see cref="Memory"/>.
    /// </summary>
    /// <param name="spec">The network.</param>
    /// <param name="options">Seeds and threads; its Backend is replaced by the context's.</param>
    /// <returns>The engine.</returns>
    /// <exception cref="InvalidInputException">The network is invalid, over the memory budget, or refused by the device.</exception>
    public SpikingEngine CreateEngine(NetworkSpec spec, SimulationOptions options) =>
        new(spec, options with { Backend = Backend }, Memory);

    /// <summary>
    /// For an experiment whose engines only the CPU loop can run (a closed loop that steps one step at a time):
    /// refuses <c>--device gpu</c> with one sentence; <c>auto</c> stays on the CPU.
    /// </summary>
    /// <param name="experiment">The experiment's name.</param>
    /// <param name="why">What it does that the device does not run, e.g. "steps its networks one step at a time in a closed loop".</param>
    /// <exception cref="InvalidInputException">A device was asked for without fallback.</exception>
    public void RequireCpuLoop(string experiment, string why)
    {
        if (Backend is { FallBackToCpu: false })
            throw new InvalidInputException($"Experiment {experiment} {why}, which --device gpu does not run; use --device cpu or auto.");
    }
}
