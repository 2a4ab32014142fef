using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuroSharp.Cli.Sweeps;
using NeuroSharp.Distributed;
using NeuroSharp.Formats;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp sweep SWEEP.json</c>: runs one command over a grid of option values and seeds and gathers
/// one table (sweep.csv, with sweep.png). Under <c>mpiexec -n N</c> the points are spread over the ranks
/// round-robin and gathered in point order, so the table equals a one-process run's. Each finished point
/// leaves its folder and a done.json; --resume skips those points, which is how a job that lost a rank
/// goes on (MPI ends the whole job when one rank dies). docs/distributed.md.
/// </summary>
public static class SweepCommand
{
    /// <summary>The file a finished point leaves in its folder.</summary>
    public const string DoneFileName = "done.json";

    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("sweep", "Run a command over a grid of option values and seeds (a sweep file), one table out; spreads over MPI ranks under mpiexec.");
        var file = new Argument<string>("SWEEP") { Description = "The sweep file: {\"command\": [...], \"grid\": {\"--seed\": [1, 2, 3]}, \"metrics\": [...]} (docs/formats.md)." };
        var resume = new Option<bool>("--resume") { Description = "Skip the points that finished in an earlier run into the same --out." };
        var common = new CommonOptions("out/sweep");
        command.Arguments.Add(file);
        command.Options.Add(resume);
        common.AddTo(command);
        // A sweep draws nothing and runs each point with the point's own options: its own --seed and --threads would
        // reach no point, so they are not offered, and given anyway they are refused rather than silently dropped.
        common.Seed.Hidden = true;
        common.Threads.Hidden = true;
        command.SetAction(parse =>
        {
            foreach (var unused in new Option[] { common.Seed, common.Threads })
            {
                if (parse.GetResult(unused) is { Implicit: false })
                    throw new InvalidInputException($"sweep: {unused.Name} does not reach the points; set it in the sweep file's command or grid (\"grid\": {{\"{unused.Name}\": [1, 2]}}).");
            }
            return Run(ctx, parse.GetValue(file)!, parse.GetValue(resume), common.Read(parse));
        });
        return command;
    }

    private static int Run(CliContext ctx, string path, bool resume, CommonValues c)
    {
        var root = NeuroSharpCli.Build(ctx);
        var read = SweepFile.Read(path);
        // Relative paths in the file are read from the file's folder (docs/formats.md, "Sweep files"); the leading words
        // that name the command (cluster; experiment run) are never paths.
        int commandWords = root.Parse([.. read.Command]).Tokens.TakeWhile(t => t.Type == TokenType.Command).Count();
        var sweep = read.WithPathsFrom(Path.GetDirectoryName(Path.GetFullPath(path))!, commandWords);
        var job = ctx.Job;
        string pointsRoot = Path.Combine(c.Out, "points");
        int count = sweep.PointCount;
        // Every point's command line must parse before any runs: one sentence naming the point, never a half-run sweep.
        for (int i = 0; i < count; i++)
        {
            var args = sweep.ArgumentsOf(i, PointFolder(pointsRoot, i, count));
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
                throw new InvalidInputException($"{path}: point {i} ({string.Join(' ', args[..^2])}) is not a valid command: {ParseErrors.OneLine(ParseErrors.Describe(ParseErrors.MostSpecific(parse.Errors))).TrimEnd('.')}.");
        }

        // A point runs quiet (its progress lines would otherwise end up in its error sentence) where its command takes --quiet;
        // the flag is added to the run, not to the arguments that done.json records and a resume compares.
        var pointCommand = root.Parse(sweep.ArgumentsOf(0, PointFolder(pointsRoot, 0, count))).CommandResult.Command;
        string[] quiet = pointCommand.Options.Any(o => o.Name == "--quiet") && !sweep.ArgumentsOf(0, "").Contains("--quiet") ? ["--quiet"] : [];

        using var folder = job.Rank == 0 ? OutputFolder.Open(c.Out) : null;
        job.Barrier(); // the folder exists before any rank writes into it
        MetricsOutput.Header(ctx, c, $"sweep {path}: {count} points of '{string.Join(' ', sweep.Command)}' over {job.Size} rank(s){(resume ? ", resuming" : "")}", c.Out);
        var clock = Stopwatch.StartNew();
        var results = RoundRobin.Map(count, job, i =>
        {
            var point = RunPoint(sweep, i, PointFolder(pointsRoot, i, count), resume, c, quiet);
            if (job.Rank == 0 && !c.Quiet && !c.Json) ctx.Out.WriteLine($"  point {i + 1}/{count} (rank 0): exit {point["exitCode"]}");
            return Encoding.UTF8.GetBytes(point.ToJsonString());
        });
        var points = results.Select(r => JsonNode.Parse(r)!.AsObject()).ToList();

        var metricNames = sweep.Metrics.Count > 0 ? sweep.Metrics : NumericFields(points);
        int failed = points.Count(p => (int)p["exitCode"]! != NeuroSharpCli.Success);
        if (job.Rank == 0)
        {
            // The table shows the grid values as the file writes them, not the full paths they were read as.
            SweepTable.Write(Path.Combine(c.Out, "sweep.csv"), read, points, metricNames);
            bool plotted = SweepTable.Plot(Path.Combine(c.Out, "sweep.png"), read, points, metricNames);
            var metrics = new JsonObject
            {
                ["command"] = "sweep", ["file"] = path, ["points"] = count, ["failed"] = failed, ["ranks"] = job.Size,
                ["pointsRunHere"] = points.Count(p => (bool?)p["skipped"] != true),
                ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3), ["communicationSeconds"] = Math.Round(job.CommunicationSeconds, 3),
                ["table"] = "sweep.csv", ["plot"] = plotted ? "sweep.png" : null,
            };
            MetricsOutput.Write(ctx, c, metrics);
        }
        if (failed == 0) return NeuroSharpCli.Success;
        var first = points.First(p => (int)p["exitCode"]! != NeuroSharpCli.Success);
        ctx.Error.WriteLine($"neurosharp: {failed} of {count} sweep points failed; the first, point {(int)first["point"]!}, said: {((string?)first["error"] ?? "(nothing)").TrimEnd('.')} (see {Path.Combine(c.Out, "sweep.csv")}).");
        return NeuroSharpCli.RunFailed;
    }

    internal static string PointFolder(string root, int index, int count) =>
        Path.Combine(root, index.ToString(new string('0', Math.Max(4, (count - 1).ToString(CultureInfo.InvariantCulture).Length)), CultureInfo.InvariantCulture));

    private static JsonObject RunPoint(SweepFile sweep, int index, string folder, bool resume, CommonValues c, string[] quiet)
    {
        string donePath = Path.Combine(folder, DoneFileName);
        var args = sweep.ArgumentsOf(index, folder);
        if (resume && File.Exists(donePath))
        {
            try
            {
                var earlier = JsonNode.Parse(File.ReadAllText(donePath))!.AsObject();
                if (earlier["arguments"]?.ToJsonString() == new JsonArray([.. args.Select(a => (JsonNode)a!)]).ToJsonString())
                {
                    earlier["skipped"] = true;
                    return earlier;
                }
            }
            catch (JsonException)
            {
                // A done.json that does not parse was not written by a finished point (writes are atomic): run it again.
            }
        }
        var error = new StringWriter();
        // The point runs in this process with its own output and error, quiet: the sweep reports it in its table.
        // The sweep's own --memory-limit holds for each point (it is a global option, so it goes first).
        string[] memory = ReferenceEquals(c.Memory, MemoryBudget.Default) ? [] : ["--memory-limit", c.Memory.LimitBytes.ToString(CultureInfo.InvariantCulture)];
        int code = NeuroSharpCli.Run([.. memory, .. args, .. quiet], TextWriter.Null, error);
        var point = new JsonObject
        {
            ["point"] = index,
            ["arguments"] = new JsonArray([.. args.Select(a => (JsonNode)a!)]),
            ["exitCode"] = code,
            ["error"] = code == NeuroSharpCli.Success ? null : ParseErrors.OneLine(error.ToString().Trim()).Replace("neurosharp: ", "", StringComparison.Ordinal),
            ["metrics"] = ReadMetrics(folder),
        };
        if (code == NeuroSharpCli.Success)
        {
            Directory.CreateDirectory(folder);
            AtomicFile.WriteAllText(donePath, point.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        return point;
    }

    /// <summary>The point's metrics.json (the first one found, for commands that write into a subfolder such as experiment run).</summary>
    private static JsonNode? ReadMetrics(string folder)
    {
        if (!Directory.Exists(folder)) return null;
        string? file = File.Exists(Path.Combine(folder, "metrics.json")) ? Path.Combine(folder, "metrics.json")
            : Directory.EnumerateFiles(folder, "metrics.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();
        if (file is null) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<string> NumericFields(List<JsonObject> points)
    {
        var names = new List<string>();
        foreach (var p in points)
        {
            if (p["metrics"] is not JsonObject m) continue;
            foreach (var (key, value) in m)
            {
                if (value is JsonValue v && v.TryGetValue<double>(out _) && !names.Contains(key)) names.Add(key);
            }
        }
        return names;
    }
}
