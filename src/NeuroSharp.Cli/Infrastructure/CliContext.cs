using NeuroSharp.Distributed;

namespace NeuroSharp.Cli;

/// <summary>What every command writes to: the output and error writers, and whether a terminal can show progress.</summary>
/// <param name="Out">Results (text, or the --json object).</param>
/// <param name="Error">Errors and warnings.</param>
/// <param name="Interactive">True when a progress bar may be drawn.</param>
public sealed record CliContext(TextWriter Out, TextWriter Error, bool Interactive)
{
    /// <summary>The job this process belongs to: one rank without mpiexec (docs/distributed.md).</summary>
    public ICommunicator Job { get; init; } = SingleProcess.Instance;
}
