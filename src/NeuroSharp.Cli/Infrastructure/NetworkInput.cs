using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Sonata;

namespace NeuroSharp.Cli;

/// <summary>
/// Reads the network file a command names (simulate, convert, evolve --network, play) as <see cref="NetworkFormats.Load"/> does, and for a SONATA config also
/// prints its warnings on stderr (a type table column that looks like a misspelt one NeuroSharp reads, docs/sonata.md)
/// and leaves run.tstop unread where the command is given the run's length itself.
/// </summary>
internal static class NetworkInput
{
    /// <summary>Loads the network.</summary>
    /// <param name="ctx">The console; warnings go to its stderr as "neurosharp: warning: SENTENCE".</param>
    /// <param name="path">The network file.</param>
    /// <param name="memory">The memory limit for parsing.</param>
    /// <param name="runLengthGiven">True when --duration-ms or --steps sets the run's length (SONATA's run.tstop is then not read).</param>
    /// <returns>The validated network.</returns>
    public static NetworkSpec Load(CliContext ctx, string path, MemoryBudget memory, bool runLengthGiven = false) =>
        SonataFile.IsSonata(path)
            ? SonataFile.Load(path, memory, warning => ctx.Error.WriteLine($"neurosharp: warning: {warning}"), runLengthGiven)
            : NetworkFormats.Load(path, memory);
}
