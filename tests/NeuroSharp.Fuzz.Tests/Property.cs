namespace NeuroSharp.Fuzz.Tests;

/// <summary>
/// The property every fuzzed run must have: it finishes in time, and it either succeeds (exit 0) or
/// refuses with exit 2 and one sentence on stderr ("neurosharp: ...", one line ending in a full stop and
/// a newline, with no stack trace and no .NET type names). An allocation past the heap cap shows up as an
/// OutOfMemoryException, so as a crash or an internal error: both break the property.
/// </summary>
internal static class Property
{
    /// <summary>Why <paramref name="r"/> breaks the property, or null when it holds.</summary>
    /// <param name="r">The run.</param>
    /// <param name="allowRunFailure">True where exit 1 with one sentence is a fair answer (a training run that diverges).</param>
    public static string? Violation(CliResult r, bool allowRunFailure = false)
    {
        if (r.TimedOut) return "no exit within the time limit";
        if (r.Exit == 0) return null;
        if (r.Exit == 2 || (r.Exit == 1 && allowRunFailure)) return SentenceProblem(r.Err);
        return $"exit {r.Exit}: {FirstLines(r.Err)}";
    }

    private static string? SentenceProblem(string err)
    {
        if (!err.EndsWith('\n')) return $"message without a final newline: {FirstLines(err)}";
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != 1) return $"{lines.Length} lines on stderr: {FirstLines(err)}";
        string line = lines[0].TrimEnd('\r');
        if (!line.StartsWith("neurosharp: ", StringComparison.Ordinal)) return $"not a neurosharp message: {line}";
        if (!line.EndsWith('.')) return $"not one sentence (no full stop at the end): {line}";
        if (line.Contains("internal error", StringComparison.Ordinal)) return $"internal error: {line}";
        foreach (string leak in new[] { "System.", "`1", "Exception", "   at ", "NeuroSharp." })
            if (line.Contains(leak, StringComparison.Ordinal)) return $"message shows '{leak}': {line}";
        return null;
    }

    private static string FirstLines(string s)
    {
        var lines = s.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(" | ", lines.Take(3)).Trim();
    }
}
