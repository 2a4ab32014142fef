namespace NeuroSharp.Cli.Tests;

/// <summary>The shape of a refusal: exit 2 and one sentence on stderr, with no stack trace and no .NET type name.</summary>
internal static class CliAssert
{
    /// <summary>Stderr is one line "neurosharp: ..." ending in a newline, containing every word, showing no .NET internals.</summary>
    public static void OneSentence(string stderr, params string[] words)
    {
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Single(lines);
        Assert.StartsWith("neurosharp: ", lines[0]);
        foreach (string w in words) Assert.Contains(w, lines[0]);
        Assert.EndsWith("\n", stderr);
        foreach (string leak in new[] { "System.", "`1", "   at ", "Exception" }) Assert.DoesNotContain(leak, stderr);
    }

    /// <summary>Exit 2 and <see cref="OneSentence"/>.</summary>
    public static void Refused((int Exit, string Out, string Err) r, params string[] words)
    {
        Assert.True(r.Exit == 2, $"exit {r.Exit}: {r.Err}");
        OneSentence(r.Err, words);
    }
}
