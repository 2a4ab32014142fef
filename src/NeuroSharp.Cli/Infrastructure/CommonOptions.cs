using System.CommandLine;

namespace NeuroSharp.Cli;

/// <summary>The options every command spells the same way: --seed, --out, --json, --quiet, --threads.</summary>
public sealed class CommonOptions
{
    /// <summary>Creates the shared options; <paramref name="defaultOut"/> is the --out default of this command.</summary>
    /// <param name="defaultOut">The default output folder.</param>
    public CommonOptions(string defaultOut)
    {
        Seed = new Option<ulong>("--seed") { Description = "Seed of every random choice; the same seed gives the same result.", DefaultValueFactory = _ => 1 };
        Out = new Option<string>("--out") { Description = "Folder for the files written.", DefaultValueFactory = _ => defaultOut };
        Json = new Option<bool>("--json") { Description = "Print the metrics as one JSON object on stdout (nothing else)." };
        Quiet = new Option<bool>("--quiet") { Description = "Print nothing but errors." };
        Threads = new Option<int>("--threads") { Description = "Most threads to use (0: all cores). Results do not depend on it.", DefaultValueFactory = _ => 0 };
    }

    /// <summary>--seed.</summary>
    public Option<ulong> Seed { get; }

    /// <summary>--out.</summary>
    public Option<string> Out { get; }

    /// <summary>--json.</summary>
    public Option<bool> Json { get; }

    /// <summary>--quiet.</summary>
    public Option<bool> Quiet { get; }

    /// <summary>--threads.</summary>
    public Option<int> Threads { get; }

    /// <summary>Adds all five to a command.</summary>
    /// <param name="command">The command.</param>
    public void AddTo(Command command)
    {
        command.Options.Add(Seed);
        command.Options.Add(Out);
        command.Options.Add(Json);
        command.Options.Add(Quiet);
        command.Options.Add(Threads);
    }

    /// <summary>Reads the values of a parse.</summary>
    /// <param name="result">The parse result.</param>
    /// <returns>The values.</returns>
    public CommonValues Read(ParseResult result)
    {
        int threads = result.GetValue(Threads);
        if (threads < 0) throw new InvalidInputException($"--threads must be 0 (all cores) or more (got {threads}).");
        string output = result.GetValue(Out) ?? "";
        if (string.IsNullOrWhiteSpace(output)) throw new InvalidInputException($"--out must name a folder (got \"{output}\").");
        return new CommonValues(result.GetValue(Seed), output, result.GetValue(Json), result.GetValue(Quiet), threads) { Memory = MemoryLimit.Read(result) };
    }
}

/// <summary>The values of the shared options.</summary>
/// <param name="Seed">--seed.</param>
/// <param name="Out">--out.</param>
/// <param name="Json">--json.</param>
/// <param name="Quiet">--quiet.</param>
/// <param name="Threads">--threads.</param>
public sealed record CommonValues(ulong Seed, string Out, bool Json, bool Quiet, int Threads)
{
    /// <summary>The budget of the global --memory-limit option (<see cref="MemoryBudget.Default"/> when not given).</summary>
    public MemoryBudget Memory { get; init; } = MemoryBudget.Default;
}
