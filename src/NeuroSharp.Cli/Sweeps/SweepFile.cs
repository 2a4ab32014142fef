using System.Globalization;
using System.Text.Json;
using NeuroSharp.Formats;

namespace NeuroSharp.Cli.Sweeps;

/// <summary>
/// A sweep file (docs/formats.md, "Sweep files"): one command line and a grid of option values; every
/// combination is one point, run as that command with its own --out. Points are ordered as nested loops
/// over the grid's keys in file order, the last key fastest.
/// </summary>
/// <param name="Command">The command line without --out, e.g. ["cluster", "--data", "blobs:n=2000,k=5"].</param>
/// <param name="Grid">Option name and its values, in file order.</param>
/// <param name="Metrics">The metrics.json fields to tabulate; empty: every top-level number.</param>
public sealed record SweepFile(IReadOnlyList<string> Command, IReadOnlyList<(string Option, IReadOnlyList<string> Values)> Grid, IReadOnlyList<string> Metrics)
{
    /// <summary>The most points a sweep may have.</summary>
    public const int MaxPoints = 1_000_000;

    /// <summary>The number of points (the product of the grid's value counts).</summary>
    public int PointCount => Grid.Aggregate(1, (n, g) => n * g.Values.Count);

    /// <summary>The option values of point <paramref name="index"/>, one per grid key.</summary>
    /// <param name="index">The point, in [0, PointCount).</param>
    /// <returns>Its values, in grid order.</returns>
    public string[] ValuesOf(int index)
    {
        var values = new string[Grid.Count];
        for (int k = Grid.Count - 1; k >= 0; k--)
        {
            int n = Grid[k].Values.Count;
            values[k] = Grid[k].Values[index % n];
            index /= n;
        }
        return values;
    }

    /// <summary>The full command line of point <paramref name="index"/>, writing into <paramref name="outFolder"/>.</summary>
    /// <param name="index">The point.</param>
    /// <param name="outFolder">Its --out.</param>
    /// <returns>The arguments.</returns>
    public string[] ArgumentsOf(int index, string outFolder)
    {
        var args = new List<string>(Command);
        var values = ValuesOf(index);
        for (int k = 0; k < Grid.Count; k++)
        {
            args.Add(Grid[k].Option);
            args.Add(values[k]);
        }
        args.Add("--out");
        args.Add(outFolder);
        return [.. args];
    }

    /// <summary>
    /// The sweep with relative paths read from <paramref name="folder"/> (the sweep file's folder, as a network file's
    /// references are read from its own): every word after the command's names (<paramref name="commandWords"/> of them,
    /// e.g. 1 for cluster, 2 for experiment run) that is not an option name, every option's =value, and every grid value,
    /// that has a / or a . in it and names an existing file or folder relative to <paramref name="folder"/>, becomes that
    /// full path. Other words (data specs such as uniform:dims=2, numbers, names, paths that exist only relative to the
    /// current folder) stay as written.
    /// </summary>
    /// <param name="folder">The sweep file's folder.</param>
    /// <param name="commandWords">How many leading words of <see cref="Command"/> name the command and its subcommands.</param>
    /// <returns>The sweep with those words resolved.</returns>
    public SweepFile WithPathsFrom(string folder, int commandWords)
    {
        var command = Command.Select((w, i) => i < commandWords ? w : ResolveWord(w, folder)).ToList();
        var grid = Grid.Select(g => (g.Option, (IReadOnlyList<string>)[.. g.Values.Select(v => Resolve(v, folder))])).ToList();
        return this with { Command = command, Grid = grid };
    }

    /// <summary>A command word: an option name is kept, its =value resolved; any other word resolved.</summary>
    private static string ResolveWord(string word, string folder)
    {
        if (!word.StartsWith('-')) return Resolve(word, folder);
        int eq = word.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 ? string.Concat(word.AsSpan(0, eq + 1), Resolve(word[(eq + 1)..], folder)) : word;
    }

    /// <summary>A value: its full path where it names an existing file or folder relative to <paramref name="folder"/>, else itself.</summary>
    private static string Resolve(string value, string folder)
    {
        // A path has a folder or a file extension in it: a bare word (an experiment's name, a task) is never taken for one.
        if (value.Length == 0 || Path.IsPathRooted(value) || value.Contains('\0') || !(value.Contains('/') || value.Contains('.'))) return value;
        try
        {
            string candidate = Path.GetFullPath(Path.Combine(folder, value));
            return File.Exists(candidate) || Directory.Exists(candidate) ? candidate : value;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return value;
        }
    }

    /// <summary>Reads and checks a sweep file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The sweep.</returns>
    /// <exception cref="InvalidInputException">Not readable, not JSON, or a field is wrong (the sentence names it).</exception>
    public static SweepFile Read(string path)
    {
        string text;
        try
        {
            if (!File.Exists(path)) throw new InvalidInputException($"{path}: no such sweep file.");
            if (new FileInfo(path).Length > 1 << 20) throw new InvalidInputException($"{path}: a sweep file is a few lines of JSON, but this one has {new FileInfo(path).Length} bytes (at most 1 MiB).");
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot be read: {NeuroSharp.Formats.FileErrors.Reason(path, e)}.", e);
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: is not JSON at line {(e.LineNumber ?? 0) + 1} ({JsonErrorText.FirstSentence(e.Message)}).", e);
        }
        using (doc) return Parse(path, doc.RootElement);
    }

    private static SweepFile Parse(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw Fail(path, "$", "must be an object with \"command\" and \"grid\"");
        foreach (var p in root.EnumerateObject())
        {
            if (p.Name is not ("command" or "grid" or "metrics"))
                throw Fail(path, $"$.{p.Name}", $"is not a known field ({NearestName.DidYouMean(["command", "grid", "metrics"], p.Name)}known: command, grid, metrics)");
        }
        if (!root.TryGetProperty("command", out var command)) throw Fail(path, "$.command", "is missing (the command line to sweep, as a list of words)");
        var words = Strings(path, "$.command", command);
        if (words.Count == 0) throw Fail(path, "$.command", "must name a command (got an empty list)");
        if (words[0] == "sweep") throw Fail(path, "$.command[0]", "must not be sweep (a sweep does not run sweeps)");
        int outAt = words.FindIndex(w => w == "--out" || w.StartsWith("--out=", StringComparison.Ordinal));
        if (outAt >= 0) throw Fail(path, $"$.command[{outAt}]", "must not set --out (each point writes into the sweep's OUT/points/NNNN)");

        if (!root.TryGetProperty("grid", out var grid)) throw Fail(path, "$.grid", "is missing (an object of option names and their lists of values)");
        if (grid.ValueKind != JsonValueKind.Object) throw Fail(path, "$.grid", $"must be an object of option names and lists of values (got {Kind(grid)})");
        var keys = new List<(string, IReadOnlyList<string>)>();
        long points = 1;
        foreach (var p in grid.EnumerateObject())
        {
            string at = $"$.grid[\"{p.Name}\"]";
            if (!p.Name.StartsWith("--", StringComparison.Ordinal) || p.Name.Length < 3)
                throw Fail(path, at, "must be an option name starting with -- (e.g. \"--seed\")");
            if (p.Name == "--out") throw Fail(path, at, "must not be --out (each point writes into the sweep's OUT/points/NNNN)");
            if (words.Contains(p.Name)) throw Fail(path, at, "is also set in $.command: set it in one place");
            if (p.Value.ValueKind != JsonValueKind.Array || p.Value.GetArrayLength() == 0)
                throw Fail(path, at, $"must be a non-empty list of values (got {Kind(p.Value)})");
            var values = new List<string>();
            int i = 0;
            foreach (var v in p.Value.EnumerateArray())
            {
                values.Add(v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString()!,
                    JsonValueKind.Number => v.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => throw Fail(path, $"{at}[{i}]", $"must be a number, text, true or false (got {Kind(v)})"),
                });
                i++;
            }
            keys.Add((p.Name, values));
            points *= values.Count;
            if (points > MaxPoints) throw Fail(path, "$.grid", $"makes more than {MaxPoints} points");
        }
        if (keys.Count == 0) throw Fail(path, "$.grid", "must name at least one option to vary");
        var metrics = root.TryGetProperty("metrics", out var m) ? Strings(path, "$.metrics", m) : [];
        return new SweepFile(words, keys, metrics);
    }

    private static List<string> Strings(string path, string at, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array) throw Fail(path, at, $"must be a list of text (got {Kind(e)})");
        var list = new List<string>();
        int i = 0;
        foreach (var v in e.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.String) throw Fail(path, $"{at}[{i}]", $"must be text (got {Kind(v)})");
            list.Add(v.GetString()!);
            i++;
        }
        return list;
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => e.GetArrayLength() == 0 ? "an empty list" : "a list",
        JsonValueKind.String => $"\"{e.GetString()}\"",
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        _ => "null",
    };

    private static InvalidInputException Fail(string path, string at, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{path}: {at} {what}."));
}
