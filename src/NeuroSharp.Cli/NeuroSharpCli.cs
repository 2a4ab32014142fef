using System.CommandLine;
using NeuroSharp.Cli.Commands;
using NeuroSharp.Distributed;

namespace NeuroSharp.Cli;

/// <summary>
/// The <c>neurosharp</c> command line: builds the command tree and runs it, mapping outcomes to exit
/// codes: 0 done, 1 the run failed, 2 bad usage or bad input (one sentence on stderr).
/// </summary>
public static class NeuroSharpCli
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a run that failed for a reason other than its input.</summary>
    public const int RunFailed = 1;

    /// <summary>Exit code of bad usage or bad input.</summary>
    public const int BadInput = 2;

    /// <summary>Builds the root command with every subcommand.</summary>
    /// <param name="ctx">Where commands write.</param>
    /// <returns>The root command.</returns>
    public static RootCommand Build(CliContext ctx)
    {
        var root = new RootCommand("NeuroSharp: brain-inspired learning without backpropagation, and spiking network simulation.");
        root.Options.Add(MemoryLimit.Option);
        root.Subcommands.Add(TourCommand.Create(ctx));
        root.Subcommands.Add(DataCommand.Create(ctx));
        root.Subcommands.Add(ClusterCommand.Create(ctx));
        root.Subcommands.Add(MetaclusterCommand.Create(ctx));
        root.Subcommands.Add(ReadoutCommand.Create(ctx));
        root.Subcommands.Add(FeaturesCommand.Create(ctx));
        root.Subcommands.Add(HashCommand.Create(ctx));
        root.Subcommands.Add(ColumnCommand.Create(ctx));
        root.Subcommands.Add(TrainCommand.Create(ctx));
        root.Subcommands.Add(ExperimentCommand.Create(ctx));
        root.Subcommands.Add(BenchCommand.Create(ctx));
        root.Subcommands.Add(SimulateCommand.Create(ctx));
        root.Subcommands.Add(ConvertCommand.Create(ctx));
        root.Subcommands.Add(StudioCommand.Create(ctx));
        root.Subcommands.Add(EvolveCommand.Create(ctx));
        root.Subcommands.Add(PlayCommand.Create(ctx));
        root.Subcommands.Add(SweepCommand.Create(ctx));
        root.Subcommands.Add(JobCommand.Create(ctx));
        root.Subcommands.Add(MpirunCommand.Create(ctx));
        ParseErrors.RequireFiniteNumbers(root);
        return root;
    }

    /// <summary>
    /// True when the ranks of an MPI job stopped together and know it (they agreed at their first collective:
    /// <see cref="AgreeingCommunicator"/>): then no rank waits in a collective, and each may finalize MPI and exit
    /// with the agreed code instead of exiting abruptly, which would make the launcher kill the others and report their signal.
    /// </summary>
    internal static bool EveryRankRefused { get; set; }

    /// <summary>The commands that spread their work over the ranks of an MPI job (docs/distributed.md).</summary>
    public static IReadOnlyList<string> DistributedCommands { get; } = ["simulate", "sweep", "evolve", "job"];

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="interactive">True when progress bars may be drawn.</param>
    /// <param name="job">The MPI job this process is a rank of (null: a single process). Every rank runs the
    /// same command line; only rank 0 prints results and bad-input sentences.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false, ICommunicator? job = null)
    {
        job ??= SingleProcess.Instance;
        EveryRankRefused = false;
        // With several ranks, the ranks agree at their first collective whether any stopped before it (docs/distributed.md).
        var agreeing = job.Size > 1 ? new AgreeingCommunicator(job) : null;
        if (job.Rank == 0) return Ended(Agreed(RunOnRank(args, output, error, interactive, agreeing ?? job), agreeing, error), agreeing, "");
        // Other ranks print nothing of their own but the failures only they can see.
        var errors = new StringWriter();
        int code = Agreed(RunOnRank(args, TextWriter.Null, errors, interactive: false, agreeing ?? job), agreeing, TextWriter.Null);
        bool ownSentence = errors.GetStringBuilder().Length > 0;
        string own = string.Join('\n', errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Replace("neurosharp: ", $"neurosharp (rank {job.Rank}): ", StringComparison.Ordinal)));
        bool afterFirstTalk = agreeing is { Agreed: true, AgreedCode: Success } && !EveryRankRefused && code != Success;
        if (ownSentence && !afterFirstTalk && (code == RunFailed || (agreeing is { Agreed: true, RankZeroCode: 0 } && code != Success)))
            error.WriteLine(own);
        return Ended(code, agreeing, own);
    }

    /// <summary>
    /// The end of a rank that went past the ranks' first collective (docs/distributed.md, "When a rank fails"): a rank
    /// that stops with an error after it tells the others (rank 0 printing the sentence: its own, or the one that came
    /// with the first notice it receives), and they end with its code at their next collective; a rank that succeeded
    /// waits in one last all-reduce, so that it is still there to hear of a rank that fails later (rank 0 writing the
    /// files), and every rank can finalize MPI and exit with the job's code.
    /// </summary>
    private static int Ended(int code, AgreeingCommunicator? agreeing, string sentence)
    {
        if (agreeing is null || EveryRankRefused) return code;
        if (code != Success)
        {
            agreeing.AnnounceFailure(code, sentence);
            return code;
        }
        Span<long> codes = [Success];
        agreeing.AllReduce(codes, ReductionOperation.Max);
        return (int)codes[0];
    }

    /// <summary>
    /// A rank that stopped before its first collective meets the others there (<see cref="AgreeingCommunicator.Agree"/>);
    /// if any rank stopped, all return the largest code together.
    /// </summary>
    private static int Agreed(int code, AgreeingCommunicator? agreeing, TextWriter error)
    {
        if (agreeing is null) return code;
        if (!agreeing.Agreed)
        {
            agreeing.Agree(code);
            if (agreeing.AgreedCode == Success) return code;
        }
        else if (code != StoppedByAnother) return code; // stopped after the ranks first talked: alone (Ended tells the others)
        EveryRankRefused = agreeing.AgreedCode != Success;
        if (code == StoppedByAnother || (code == Success && agreeing.AgreedCode != Success))
            error.WriteLine($"neurosharp: another rank of this MPI job stopped before the ranks first exchanged anything; its message names the problem.");
        return agreeing.AgreedCode;
    }

    /// <summary>What <see cref="RunOnRank"/> returns when another rank stopped at the first collective (never an exit code).</summary>
    private const int StoppedByAnother = -1;

    private static int RunOnRank(string[] args, TextWriter output, TextWriter error, bool interactive, ICommunicator job)
    {
        var ctx = new CliContext(output, error, interactive) { Job = job };
        var root = Build(ctx);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One sentence: the most specific problem (an unknown word before "a command is required").
            string sentence = ParseErrors.OneLine(ParseErrors.Describe(ParseErrors.MostSpecific(parse.Errors)));
            error.WriteLine($"neurosharp: {(sentence.EndsWith('.') ? sentence : sentence + ".")}");
            return BadInput;
        }
        if (job.Size > 1 && !DistributedCommands.Contains(parse.CommandResult.Command.Name))
        {
            error.WriteLine($"neurosharp: '{parse.CommandResult.Command.Name}' runs in one process, but this is rank {job.Rank} of an MPI job of {job.Size}: "
                + $"run it without mpiexec (the commands that spread over ranks are {string.Join(", ", DistributedCommands)}).");
            return BadInput;
        }
        // A rank holds a Ctrl+C that comes before its run listens, so that the ranks stop together at the run's first step;
        // a command that never listens ends at once instead (Program, docs/distributed.md "Ctrl+C").
        CtrlC.HoldOutside(parse.CommandResult.Command.Name is "simulate" or "evolve");
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (StoppedByAnotherRankException)
        {
            return StoppedByAnother;
        }
        catch (InvalidOptionException e)
        {
            error.WriteLine($"neurosharp: {ParseErrors.OneLine(OptionNames.Describe(e))}");
            return BadInput;
        }
        catch (InvalidInputException e)
        {
            error.WriteLine($"neurosharp: {ParseErrors.OneLine(e.Message)}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("neurosharp: cancelled.");
            return RunFailed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The writers name their file (FileProblemException); anything else still gets the path and the reason in words.
            error.WriteLine($"neurosharp: {ParseErrors.OneLine(NeuroSharp.Formats.FileErrors.Describe(e))}");
            return RunFailed;
        }
        catch (Exception e)
        {
            // The safety net: validation should have turned every bad input into exit 2 before this.
            error.WriteLine($"neurosharp: internal error: {e.GetType().FullName}: {ParseErrors.OneLine(e.Message)} (please report it)");
            return RunFailed;
        }
    }
}
