using System.CommandLine;
using NeuroSharp.Data;
using NeuroSharp.Reports.Experiments;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp experiment list</c> and <c>neurosharp experiment run NAME</c>: the named reproductions of
/// the articles. Experiments that take parameters (<see cref="IParameterizedExperiment"/>) get
/// --neurons, --samples, --epochs, --checkpoint-every, --resume and --param KEY=VALUE; the others refuse them.
/// </summary>
public static class ExperimentCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var experiment = new Command("experiment", "Named reproductions of the source articles.");

        var list = new Command("list", "List the experiments.");
        list.SetAction(_ =>
        {
            // The name column is as wide as the longest name, so every [article] starts in the same column.
            int width = ExperimentCatalog.All.Max(e => e.Name.Length);
            foreach (var e in ExperimentCatalog.All) ctx.Out.WriteLine($"{e.Name.PadRight(width)} [{e.Article}] {e.Title}");
            return 0;
        });

        var run = new Command("run", "Run one experiment: pictures and metrics.json into --out/NAME.");
        var name = new Argument<string>("name") { Description = "The experiment's name (see 'experiment list')." };
        var quick = new Option<bool>("--quick") { Description = "The small version (seconds instead of minutes)." };
        var neurons = new Option<int?>("--neurons") { Description = "Network size, for experiments that take it (stdp-mnist)." };
        var samples = new Option<int?>("--samples") { Description = "Training samples per epoch, for experiments that take it." };
        var epochs = new Option<int?>("--epochs") { Description = "Passes over the training samples, for experiments that take it." };
        var checkpointEvery = new Option<int?>("--checkpoint-every") { Description = "Samples between checkpoints, for experiments that checkpoint." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --out/NAME (same settings); ends as an uninterrupted run would." };
        var param = new Option<string[]>("--param")
        {
            Description = "An experiment-specific setting KEY=VALUE (repeatable), e.g. --param maxRateHz=70; an unknown key lists the known ones.",
            AllowMultipleArgumentsPerToken = false,
        };
        var common = new CommonOptions("out/experiments");
        run.Arguments.Add(name);
        run.Options.Add(quick);
        run.Options.Add(neurons);
        run.Options.Add(samples);
        run.Options.Add(epochs);
        run.Options.Add(checkpointEvery);
        run.Options.Add(resume);
        run.Options.Add(param);
        common.AddTo(run);
        var device = new DeviceOption(withDelivery: true);
        device.AddTo(run);
        run.SetAction(parse =>
        {
            var c = common.Read(parse);
            using var gpu = device.Open(parse);
            var e = ExperimentCatalog.Get(parse.GetValue(name)!);
            var parameters = new ExperimentParameters
            {
                Neurons = parse.GetValue(neurons), Samples = parse.GetValue(samples), Epochs = parse.GetValue(epochs),
                CheckpointEvery = parse.GetValue(checkpointEvery), Resume = parse.GetValue(resume), Values = ParseParams(parse.GetValue(param) ?? []),
            };
            string dir = Path.Combine(c.Out, e.Name);
            // Every check before the header line: a refused run prints only its sentence and makes no folder.
            var context = new ExperimentContext(dir, c.Seed, parse.GetValue(quick), c.Threads, new MnistRepository(), (_, _) => { })
            {
                Parameters = parameters, Memory = c.Memory, Backend = device.Backend(parse, gpu),
            };
            ExperimentRunner.Check(e, context);
            MetricsOutput.Header(ctx, c, $"experiment {e.Name} (seed {c.Seed}{(parse.GetValue(quick) ? ", quick" : "")})", dir);
            bool interruptible = e is IParameterizedExperiment p && p.ParameterNames.Contains("resume");
            using var folder = OutputFolder.Open(dir, $"{dir} (experiment {e.Name} in --out)"); // one run per experiment folder, held until the end
            using var ctrlC = CtrlC.Listen(interruptible); // the experiment saves its checkpoint, then stops
            ExperimentResult result;
            try
            {
                // A status is made only when shown (ReportWhenShown), so that a rate in it covers the last interval.
                result = ProgressDisplay.RunWithStatus(ctx, c, e.Name, report =>
                    ExperimentRunner.Run(e, context with { Report = (fraction, status) => report(fraction, () => status), ReportWhenShown = report, CancellationToken = ctrlC.Token }),
                    lines: true);
            }
            catch (OperationCanceledException oce) when (interruptible)
            {
                ctx.Error.WriteLine($"neurosharp: {oce.Message}");
                return NeuroSharpCli.RunFailed;
            }
            MetricsOutput.Write(ctx, c, result.Metrics, fileName: null);
            if (!c.Json && !c.Quiet)
            {
                foreach (var cmp in result.Comparisons) ctx.Out.WriteLine($"  {cmp.Quantity}: ours {cmp.Ours} | article {cmp.Reference}");
                foreach (var f in result.Figures) ctx.Out.WriteLine($"  wrote {Path.Combine(dir, f.FileName)}");
            }
            return 0;
        });

        experiment.Subcommands.Add(list);
        experiment.Subcommands.Add(run);
        return experiment;
    }

    private static Dictionary<string, string> ParseParams(string[] items)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string item in items)
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == item.Length - 1) throw new InvalidInputException($"--param '{item}' must be KEY=VALUE, e.g. --param maxRateHz=70.");
            if (!values.TryAdd(item[..eq], item[(eq + 1)..])) throw new InvalidInputException($"--param {item[..eq]} is given twice.");
        }
        return values;
    }
}
