using NeuroSharp.Data;

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

    /// <summary>What the user asked on the command line (none by default; see <see cref="IParameterizedExperiment"/>).</summary>
    public ExperimentParameters Parameters { get; init; } = ExperimentParameters.None;

    /// <summary>The most memory a run may allocate; experiments that size their model from parameters check it first.</summary>
    public MemoryBudget Memory { get; init; } = MemoryBudget.Default;

    /// <summary>Where the spiking experiments run their engines (<c>--device</c>): null for the CPU loop (docs/gpu.md).</summary>
    public NeuroSharp.Spiking.Simulation.SpikingBackendFactory? Backend { get; init; }
}
