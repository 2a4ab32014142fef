using System.CommandLine;
using NeuroSharp.Cli.Commands;

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
        root.Subcommands.Add(StudioCommand.Create(ctx));
        ParseErrors.RequireFiniteNumbers(root);
        return root;
    }

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="interactive">True when progress bars may be drawn.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false)
    {
        var ctx = new CliContext(output, error, interactive);
        var root = Build(ctx);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One sentence: the most specific problem (an unknown word before "a command is required").
            var chosen = parse.Errors.FirstOrDefault(e => !e.Message.StartsWith("Required command", StringComparison.Ordinal)) ?? parse.Errors[0];
            string sentence = ParseErrors.OneLine(ParseErrors.Describe(chosen));
            error.WriteLine($"neurosharp: {(sentence.EndsWith('.') ? sentence : sentence + ".")}");
            return BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
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
            error.WriteLine($"neurosharp: {ParseErrors.OneLine(e.Message)}");
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
