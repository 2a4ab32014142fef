using System.CommandLine;
using System.Globalization;
using NeuroSharp.Data;
using NeuroSharp.Reports.Experiments;
using NeuroSharp.Reports.Tour;

namespace NeuroSharp.Cli.Commands;

/// <summary><c>neurosharp tour [--quick] [--out DIR]</c>: every experiment, one report.html.</summary>
public static class TourCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("tour", "Run every experiment of the five articles and write report.html with the pictures and our numbers beside theirs.");
        var quick = new Option<bool>("--quick") { Description = "The small version of every experiment (about two minutes on 2 cores)." };
        var only = new Option<string[]>("--only") { Description = "Run only these experiments (names from 'experiment list').", AllowMultipleArgumentsPerToken = true };
        var mnistDir = new Option<string?>("--mnist-dir") { Description = "A folder of MNIST IDX files to use instead of the cached download." };
        var common = new CommonOptions("out/tour");
        command.Options.Add(quick);
        command.Options.Add(only);
        command.Options.Add(mnistDir);
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var c = common.Read(parse);
            string[]? names = parse.GetValue(only) is { Length: > 0 } picked ? picked : null;
            // A misspelt name is refused before MNIST is fetched: a bad command line costs no download.
            foreach (string name in names ?? []) ExperimentCatalog.Get(name);
            var mnist = new MnistRepository(dataDirectory: parse.GetValue(mnistDir));
            mnist.EnsureAvailable(l => ctx.Error.WriteLine(l));
            var options = new TourOptions(c.Out, c.Seed, parse.GetValue(quick), c.Threads, mnist, names);
            MetricsOutput.Header(ctx, c, $"tour ({(options.Quick ? "quick" : "full")}, seed {c.Seed})", Path.Combine(c.Out, "report.html"));
            var result = ProgressDisplay.Run(ctx, c, "tour", report => TourRunner.Run(options, report));
            if (!c.Quiet && !c.Json)
            {
                // The name column is as wide as the longest experiment name (transmitter-neurons), so the ok column lines up.
                int width = ExperimentCatalog.All.Max(x => x.Name.Length);
                foreach (var e in result.Entries)
                    ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {e.Experiment.Name.PadRight(width)} {(e.Error is null ? "ok" : "FAILED"),-7} {e.Seconds,7:F1} s{(e.Error is null ? "" : "  " + e.Error)}"));
                ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The tour took {result.Seconds:F1} s. Open {result.ReportPath}"));
            }
            if (c.Json)
            {
                var o = new System.Text.Json.Nodes.JsonObject
                {
                    ["report"] = result.ReportPath, ["seconds"] = Math.Round(result.Seconds, 1), ["quick"] = options.Quick, ["seed"] = c.Seed,
                    ["experiments"] = result.Entries.Count, ["failed"] = new System.Text.Json.Nodes.JsonArray(result.Entries.Where(e => e.Error is not null).Select(e => (System.Text.Json.Nodes.JsonNode?)e.Experiment.Name).ToArray()),
                };
                ctx.Out.WriteLine(o.ToJsonString());
            }
            return result.AllSucceeded ? NeuroSharpCli.Success : NeuroSharpCli.RunFailed;
        });
        return command;
    }
}
