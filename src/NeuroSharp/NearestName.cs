namespace NeuroSharp;

/// <summary>
/// The known name nearest a misspelled one, for the "did you mean" of a refusal (<c>--cluster</c> -> <c>--clusters</c>,
/// <c>stdp-mnst</c> -> <c>stdp-mnist</c>): a name the word starts (by at least three letters besides dashes) when exactly
/// one does, else the one name with the same first letter within two edits (one for words of four letters or fewer; an
/// edit inserts, deletes or changes a letter or swaps two neighbours, case ignored) when no other is as near.
/// </summary>
public static class NearestName
{
    /// <summary>The name to suggest for a word, or null when none is near or two are equally near.</summary>
    /// <param name="names">The known names.</param>
    /// <param name="word">The word given.</param>
    /// <returns>The nearest name, or null.</returns>
    public static string? Among(IEnumerable<string> names, string word)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(word);
        var distinct = names.Where(n => n != word).Distinct(StringComparer.Ordinal).ToArray();
        int bare = word.TrimStart('-').Length;
        var prefixed = distinct.Where(n => bare >= 3 && n.Length > word.Length && n.StartsWith(word, StringComparison.Ordinal)).ToArray();
        if (prefixed.Length == 1) return prefixed[0];
        int limit = bare <= 4 ? 1 : 2, bestDistance = int.MaxValue;
        string? best = null;
        bool tie = false;
        foreach (string name in distinct)
        {
            // A typo seldom changes the first letter, and a guess that does misleads (gelu is not relu).
            if (char.ToLowerInvariant(First(name)) != char.ToLowerInvariant(First(word))) continue;
            int d = Distance(word, name);
            if (d < bestDistance) (best, bestDistance, tie) = (name, d, false);
            else if (d == bestDistance) tie = true;
        }
        return bestDistance <= limit && !tie ? best : null;
    }

    /// <summary>" (did you mean NAME?)" for the nearest name, or "" when none is near: the end of a sentence before its full stop.</summary>
    /// <param name="names">The known names.</param>
    /// <param name="word">The word given.</param>
    /// <returns>The clause, with its leading space, or an empty string.</returns>
    public static string Hint(IEnumerable<string> names, string word) => Among(names, word) is { } near ? $" (did you mean {near}?)" : "";

    /// <summary>"did you mean NAME? " for the nearest name, or "" when none is near: the start of a "(known: ...)" list.</summary>
    /// <param name="names">The known names.</param>
    /// <param name="word">The word given.</param>
    /// <returns>The question, with its trailing space, or an empty string.</returns>
    public static string DidYouMean(IEnumerable<string> names, string word) => Among(names, word) is { } near ? $"did you mean {near}? " : "";

    private static char First(string s) => s.TrimStart('-') is { Length: > 0 } t ? t[0] : '\0';

    /// <summary>Edit distance with adjacent swaps (optimal string alignment), case-insensitive.</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
