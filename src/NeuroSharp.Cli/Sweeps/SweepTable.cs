using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Formats;
using NeuroSharp.Reports.Charts;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Cli.Sweeps;

/// <summary>The gathered table of a sweep (one row per point, in point order) and its plot.</summary>
internal static class SweepTable
{
    /// <summary>
    /// Writes sweep.csv: point, the grid's options (without their dashes), exit code, then each metric
    /// (empty where a point did not write it), then the error sentence of a failed point (RFC 4180 quoting).
    /// </summary>
    public static void Write(string path, SweepFile sweep, IReadOnlyList<JsonObject> points, IReadOnlyList<string> metrics)
    {
        var csv = new StringBuilder();
        var header = new List<string> { "point" };
        header.AddRange(sweep.Grid.Select(g => g.Option.TrimStart('-')));
        header.Add("exitCode");
        header.AddRange(metrics);
        header.Add("error");
        csv.AppendJoin(',', header.Select(Quote)).Append('\n');
        foreach (var p in points)
        {
            int index = (int)p["point"]!;
            var row = new List<string> { index.ToString(CultureInfo.InvariantCulture) };
            row.AddRange(sweep.ValuesOf(index));
            row.Add(((int)p["exitCode"]!).ToString(CultureInfo.InvariantCulture));
            var m = p["metrics"] as JsonObject;
            row.AddRange(metrics.Select(name => m?[name] is JsonValue v ? Cell(v) : ""));
            row.Add((string?)p["error"] ?? "");
            csv.AppendJoin(',', row.Select(Quote)).Append('\n');
        }
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    /// <summary>
    /// Plots the first metric against the first numeric grid option other than --seed, averaged over seeds,
    /// one line per combination of the other options. Returns false (and writes nothing) when no such option
    /// or metric exists.
    /// </summary>
    public static bool Plot(string path, SweepFile sweep, IReadOnlyList<JsonObject> points, IReadOnlyList<string> metrics)
    {
        if (metrics.Count == 0) return false;
        int x = -1;
        for (int k = 0; k < sweep.Grid.Count && x < 0; k++)
        {
            if (sweep.Grid[k].Option != "--seed" && sweep.Grid[k].Values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))) x = k;
        }
        if (x < 0) return false;
        string metric = metrics[0];
        var groups = new SortedDictionary<string, SortedDictionary<double, (double Sum, int Count)>>(StringComparer.Ordinal);
        foreach (var p in points)
        {
            if ((p["metrics"] as JsonObject)?[metric] is not JsonValue v || !v.TryGetValue<double>(out double y) || !double.IsFinite(y)) continue;
            var values = sweep.ValuesOf((int)p["point"]!);
            string series = string.Join(", ", sweep.Grid.Select((g, k) => (g, k)).Where(t => t.k != x && t.g.Option != "--seed").Select(t => $"{t.g.Option.TrimStart('-')}={values[t.k]}"));
            double xv = double.Parse(values[x], CultureInfo.InvariantCulture);
            var line = groups.TryGetValue(series, out var l) ? l : groups[series] = [];
            line[xv] = line.TryGetValue(xv, out var acc) ? (acc.Sum + y, acc.Count + 1) : (y, 1);
        }
        if (groups.Count == 0) return false;
        var seriesList = groups.Select(g => (Name: g.Key.Length == 0 ? metric : g.Key, X: g.Value.Keys.ToArray(), Y: g.Value.Values.Select(a => a.Sum / a.Count).ToArray()));
        string xName = sweep.Grid[x].Option.TrimStart('-');
        bool seeds = sweep.Grid.Any(g => g.Option == "--seed");
        Png.Save(path, Charts.Lines($"{metric} against {xName}{(seeds ? " (mean over seeds)" : "")}", xName, metric, seriesList));
        return true;
    }

    private static string Cell(JsonValue v) => v.TryGetValue<double>(out double d) ? d.ToString("R", CultureInfo.InvariantCulture)
        : v.TryGetValue<bool>(out bool b) ? (b ? "true" : "false") : v.ToString();

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
