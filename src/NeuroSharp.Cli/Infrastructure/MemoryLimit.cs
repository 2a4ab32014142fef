using System.CommandLine;

namespace NeuroSharp.Cli;

/// <summary>
/// <c>--memory-limit</c>, accepted by every command: the most memory one request may allocate
/// (see <see cref="MemoryBudget"/>). Commands read it with <see cref="Read"/> and pass the budget to the
/// library calls that estimate their memory before allocating.
/// </summary>
public static class MemoryLimit
{
    /// <summary>The option, recursive so every subcommand takes it.</summary>
    public static Option<string?> Option { get; } = new("--memory-limit")
    {
        Description = "Most memory one run may allocate, e.g. 16G or 512M (default: three quarters of the machine's memory). " +
                      "Larger requests are refused before anything is allocated.",
        Recursive = true,
    };

    /// <summary>The budget of a parse: the option's value, or <see cref="MemoryBudget.Default"/>.</summary>
    /// <param name="result">The parse result.</param>
    /// <returns>The budget.</returns>
    public static MemoryBudget Read(ParseResult result)
    {
        string? text = result.GetValue(Option);
        return text is null ? MemoryBudget.Default : new MemoryBudget(MemoryBudget.ParseBytes(text, "--memory-limit"));
    }
}
