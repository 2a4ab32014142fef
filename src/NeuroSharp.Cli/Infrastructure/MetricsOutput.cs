using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NeuroSharp.Formats;

namespace NeuroSharp.Cli;

/// <summary>Writes a command's metrics: to metrics.json in --out, and to stdout as JSON (--json) or as aligned text.</summary>
public static class MetricsOutput
{
    // A metric can be infinite or NaN (a distance that overflowed on data near float's range, a diverged loss):
    // it is written as the JSON strings "Infinity" / "NaN", as Python's json and JavaScript read them, instead of failing the write.
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes metrics.json atomically and reports the metrics on the console.</summary>
    /// <param name="ctx">The console.</param>
    /// <param name="common">The shared options (--out, --json, --quiet).</param>
    /// <param name="metrics">The metrics object.</param>
    /// <param name="fileName">The file name in --out; null to write no file.</param>
    public static void Write(CliContext ctx, CommonValues common, JsonObject metrics, string? fileName = "metrics.json")
    {
        if (fileName is not null) AtomicFile.WriteAllText(Path.Combine(common.Out, fileName), metrics.ToJsonString(Indented) + "\n");
        if (common.Json)
        {
            ctx.Out.WriteLine(metrics.ToJsonString(Compact));
            return;
        }
        if (common.Quiet) return;
        // One column for the values: 24 wide, or wider where a key is longer (trainRateIncreasesPerImage).
        int width = Math.Max(24, metrics.Where(m => m.Value is JsonValue).Select(m => m.Key.Length).DefaultIfEmpty(0).Max());
        foreach (var (key, value) in metrics)
        {
            if (value is JsonValue v) ctx.Out.WriteLine($"  {key.PadRight(width)} {v.ToJsonString(Compact).Trim('"')}");
        }
    }

    /// <summary>
    /// The line a command that writes files prints as it starts (unless --json or --quiet): what it runs, then
    /// <c>-&gt; FOLDER</c>, the folder its files go to (<c>experiment stdp-mnist (seed 1) -&gt; out/experiments/stdp-mnist</c>).
    /// Every such command prints it through here, after its options are checked, so a refused run prints only its sentence.
    /// </summary>
    /// <param name="ctx">The console.</param>
    /// <param name="common">The shared options.</param>
    /// <param name="what">What runs, e.g. "cluster mnist: 60000 rows x 784 inputs, K=10, seed 1, 60000 samples".</param>
    /// <param name="target">The folder (or file) written.</param>
    public static void Header(CliContext ctx, CommonValues common, string what, string target) => Info(ctx, common, $"{what} -> {target}");

    /// <summary>Writes an informational line unless --json or --quiet.</summary>
    /// <param name="ctx">The console.</param>
    /// <param name="common">The shared options.</param>
    /// <param name="line">The line.</param>
    public static void Info(CliContext ctx, CommonValues common, string line)
    {
        if (!common.Json && !common.Quiet) ctx.Out.WriteLine(line);
    }
}
