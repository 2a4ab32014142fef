using System.CommandLine;
using NeuroSharp.Data;
using NeuroSharp.Reports.Experiments;

namespace NeuroSharp.Cli.Commands;

/// <summary><c>neurosharp experiment list</c> and <c>neurosharp experiment run NAME</c>: the named reproductions of the articles.</summary>
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
            foreach (var e in ExperimentCatalog.All) ctx.Out.WriteLine($"{e.Name,-18} [{e.Article}] {e.Title}");
            return 0;
        });

        var run = new Command("run", "Run one experiment: pictures and metrics.json into --out/NAME.");
        var name = new Argument<string>("name") { Description = "The experiment's name (see 'experiment list')." };
        var quick = new Option<bool>("--quick") { Description = "The small version (seconds instead of minutes)." };
        var common = new CommonOptions("out/experiments");
        run.Arguments.Add(name);
        run.Options.Add(quick);
        common.AddTo(run);
        run.SetAction(parse =>
        {
            var c = common.Read(parse);
            var e = ExperimentCatalog.Get(parse.GetValue(name)!);
            string dir = Path.Combine(c.Out, e.Name);
            MetricsOutput.Info(ctx, c, $"experiment {e.Name} (seed {c.Seed}{(parse.GetValue(quick) ? ", quick" : "")}) -> {dir}");
            var result = ProgressDisplay.Run(ctx, c, e.Name, report =>
                ExperimentRunner.Run(e, new ExperimentContext(dir, c.Seed, parse.GetValue(quick), c.Threads, new MnistRepository(), report)));
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
}
