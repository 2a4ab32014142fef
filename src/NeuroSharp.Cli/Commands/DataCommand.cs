using System.CommandLine;
using System.Text.Json.Nodes;
using NeuroSharp.Data;

namespace NeuroSharp.Cli.Commands;

/// <summary><c>neurosharp data fetch mnist|fashion-mnist</c> and <c>neurosharp data info SPEC</c>.</summary>
public static class DataCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var data = new Command("data", "Fetch, verify and inspect datasets.");

        var fetch = new Command("fetch", "Fetch a dataset into the cache and verify its checksums.");
        var name = new Argument<string>("name") { Description = "The dataset to fetch: mnist, or fashion-mnist (from Debian's dataset-fashion-mnist)." };
        name.AcceptOnlyFromAmong("mnist", "fashion-mnist");
        var cache = new Option<string?>("--cache") { Description = "Cache folder (default $NEUROSHARP_CACHE or ~/.cache/neurosharp)." };
        fetch.Arguments.Add(name);
        fetch.Options.Add(cache);
        fetch.SetAction(parse =>
        {
            string dir = parse.GetValue(name) == "fashion-mnist"
                ? new FashionMnistRepository(parse.GetValue(cache)).EnsureAvailable(line => ctx.Error.WriteLine(line))
                : new MnistRepository(parse.GetValue(cache)).EnsureAvailable(line => ctx.Error.WriteLine(line));
            ctx.Out.WriteLine(dir);
            return 0;
        });

        var info = new Command("info", "Load a data spec and describe it (rows, columns, labels, range).");
        var spec = new Argument<string>("spec") { Description = "mnist, mnist:test, fashion-mnist, fashion-mnist:test, side-by-side:mnist, onehot:groups=G,size=S, uniform:dims=D, or a .npy/.csv/IDX file." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of generated data.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        info.Arguments.Add(spec);
        info.Options.Add(seed);
        info.Options.Add(json);
        info.SetAction(parse =>
        {
            var loaded = DataSources.Load(parse.GetValue(spec)!, new DataLoadOptions(parse.GetValue(seed), Log: line => ctx.Error.WriteLine(line), Memory: MemoryLimit.Read(parse)));
            var d = loaded.Dataset;
            float min = d.RowCount == 0 ? 0 : System.Numerics.Tensors.TensorPrimitives.Min(d.Values);
            float max = d.RowCount == 0 ? 0 : System.Numerics.Tensors.TensorPrimitives.Max(d.Values);
            var o = new JsonObject
            {
                ["name"] = d.Name, ["rows"] = d.RowCount, ["columns"] = d.ColumnCount, ["labels"] = d.HasLabels ? d.LabelCount : 0,
                ["imageShape"] = d.ImageShape?.ToString(), ["min"] = min, ["max"] = max,
                ["plantedGroups"] = loaded.InputGroups is null ? 0 : loaded.InputGroups.Max() + 1,
            };
            if (parse.GetValue(json)) ctx.Out.WriteLine(o.ToJsonString());
            // A text value as it is (ToJsonString would escape it: onehot:sizes=5\u002B5), a number as JSON writes it.
            else foreach (var (k, v) in o) ctx.Out.WriteLine($"  {k,-14} {(v is JsonValue t && t.TryGetValue(out string? text) ? text : v?.ToJsonString() ?? "-")}");
            return 0;
        });

        data.Subcommands.Add(fetch);
        data.Subcommands.Add(info);
        return data;
    }
}
