using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Numerics.Bits;
using NeuroSharp.Reports.Experiments.Stochastic;
using NeuroSharp.Reports.Images;
using NeuroSharp.Stochastic;
using NeuroSharp.Fitting;
using NeuroSharp.Runs;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp column</c>: the cortical column of article 003 (docs/articles.md#article-003-correlation-neuron; hash layer + correlation neurons) clusters a
/// dataset online. Writes maps.safetensors (the cluster maps and member counts), assignments.npy (the
/// winner of every row), clusters.csv, clusters.png (mean image of the largest clusters, for images) and
/// metrics.json with the share of good clusters and, given --test, the readout accuracy.
/// </summary>
public static class ColumnCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("column", "Cortical column: hash codes, correlation neurons that learn or recruit, the winner inhibits the hash layer outside its map.");
        var common = new CommonOptions("out/column");
        var data = new Option<string>("--data") { Description = "Training data spec: mnist, mnist:test, onehot:..., or a .npy/.csv/IDX path.", Required = true };
        var test = new Option<string?>("--test") { Description = "Labelled data to read out (e.g. mnist:test): each cluster is named by its majority training label." };
        var rows = new Option<int?>("--rows") { Description = "Use only the first N training rows." };
        var hash = new HashCommand.HashFlags(defaultSynapses: 12);
        var clusters = new Option<int>("--clusters") { Description = "Cluster (correlation) neurons available for recruiting.", DefaultValueFactory = _ => 4000 };
        var threshold = new Option<double>("--threshold") { Description = "Normalised correlation (a - rho^2) / (rho - rho^2) the winner needs to learn; below it a free neuron is recruited. In [-1, 1].", DefaultValueFactory = _ => 0.4 };
        var samples = new Option<long?>("--samples") { Description = "Presentations (default: --epochs passes)." };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the data when --samples is not given.", DefaultValueFactory = _ => 1 };
        var noShuffle = new Option<bool>("--no-shuffle") { Description = "Present rows in file order instead of a fresh random order each pass." };
        foreach (Option o in new Option[] { data, test, rows }) command.Options.Add(o);
        hash.AddTo(command);
        foreach (Option o in new Option[] { clusters, threshold, samples, epochs, noShuffle }) command.Options.Add(o);
        common.AddTo(command);

        command.SetAction(parse =>
        {
            var c = common.Read(parse);
            var options = new ColumnOptions { Hash = hash.Read(parse), ClusterCount = parse.GetValue(clusters), Threshold = parse.GetValue(threshold) };
            HashCommand.HashFlags.Validated(options.Validate);
            var fit = new FitOptions { Samples = parse.GetValue(samples), Epochs = parse.GetValue(epochs), Shuffle = !parse.GetValue(noShuffle), ReportEvery = 1000 };
            fit.Validate();
            string spec = parse.GetValue(data)!;
            var train = HashCommand.LoadRows(spec, parse.GetValue(rows), c, ctx);
            string? testSpec = parse.GetValue(test);
            var testSet = testSpec is null ? null : DataSources.Load(testSpec, new DataLoadOptions(c.Seed, Log: l => ctx.Error.WriteLine(l), Memory: c.Memory)).Dataset;
            if (testSet is not null && testSet.ColumnCount != train.ColumnCount)
                throw new InvalidInputException($"--test {testSpec} has {testSet.ColumnCount} columns but --data {spec} has {train.ColumnCount}.");
            if (testSet is not null && (!testSet.HasLabels || !train.HasLabels))
                throw new InvalidInputException($"--test needs labels on both {spec} and {testSpec} to read clusters out.");

            Column column = null!;
            HashCommand.HashFlags.Validated(() => column = Column.Create(train.ColumnCount, options, c.Seed, c.Memory));
            column.MaxThreads = c.Threads;
            MetricsOutput.Header(ctx, c, $"column {train.Name}: {train.RowCount} rows x {train.ColumnCount} inputs into N={column.CodeLength} bits, k={column.Hash.ActiveCount} (rho {column.Density:G4}), c={column.Hash.SynapsesPerNeuron}, {column.Capacity} cluster neurons, threshold {options.Threshold}, seed {c.Seed}", c.Out);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var codes = column.Hash.HashAll(train, c.Threads);
            double hashSeconds = clock.Elapsed.TotalSeconds;
            long total = fit.TotalFor(train.RowCount);
            var result = ProgressDisplay.Run(ctx, c, "column", report =>
                column.FitCodes(train, codes, fit, new ProgressCallback<FitProgress>(p =>
                    report(p.SamplesSeen / (double)Math.Max(1, total), $"{column.UsedCount} clusters, {p.LearnState:P0} learned"))));
            var assignments = column.PredictCodes(codes);
            double seconds = clock.Elapsed.TotalSeconds;

            using var folder = OutputFolder.Open(c.Out); // one run per folder while it writes
            WriteFiles(column, train, assignments, spec, c);
            var metrics = new JsonObject
            {
                ["command"] = "column", ["data"] = spec, ["rows"] = train.RowCount, ["inputs"] = train.ColumnCount,
                ["neurons"] = column.CodeLength, ["active"] = column.Hash.ActiveCount, ["density"] = column.Density, ["synapsesPerNeuron"] = column.Hash.SynapsesPerNeuron,
                ["clusterCapacity"] = column.Capacity, ["threshold"] = options.Threshold, ["seed"] = c.Seed, ["threads"] = ParallelBlocks.ThreadCount(c.Threads),
                ["samples"] = result.Samples, ["clustersUsed"] = column.UsedCount, ["recruited"] = column.RecruitedCount,
                ["learned"] = column.LearnedCount, ["unlearned"] = column.UnlearnedCount,
                ["hashSeconds"] = Math.Round(hashSeconds, 3), ["learnSeconds"] = Math.Round(result.Seconds, 3), ["seconds"] = Math.Round(seconds, 3),
                ["hashRowsPerSecond"] = Math.Round(train.RowCount / Math.Max(hashSeconds, 1e-9), 1),
                ["learnSamplesPerSecond"] = Math.Round(result.Samples / Math.Max(result.Seconds, 1e-9), 1),
                ["samplesPerSecond"] = Math.Round(result.Samples / Math.Max(hashSeconds + result.Seconds, 1e-9), 1),
            };
            if (train.HasLabels)
            {
                var y = ClusterYield.Measure(assignments, train.Labels, column.Capacity);
                metrics["formedClusters"] = y.FormedClusters;
                metrics["goodClusters"] = y.GoodClusters;
                metrics["goodShare"] = Math.Round(y.GoodShare, 4);
                metrics["rowsInGoodClusters"] = Math.Round(y.RowsInGoodClusters, 4);
                metrics["purity"] = Math.Round(y.Purity, 4);
                if (testSet is not null)
                {
                    var readout = ClusterReadout.Fit(assignments, train.Labels, column.Capacity);
                    metrics["test"] = testSpec;
                    metrics["testAccuracy"] = Math.Round(readout.Accuracy(column.Predict(testSet), testSet.Labels), 4);
                }
            }
            MetricsOutput.Write(ctx, c, metrics);
            return NeuroSharpCli.Success;
        });
        return command;
    }

    private static void WriteFiles(Column column, Dataset train, int[] assignments, string spec, CommonValues c)
    {
        var maps = new BitMatrix(column.UsedCount, column.CodeLength);
        for (int m = 0; m < column.UsedCount; m++) column.Map(m).CopyTo(maps.Row(m));
        BitCodesFile.Save(Path.Combine(c.Out, "maps.safetensors"), maps, new Dictionary<string, string>
        {
            ["data"] = spec, ["seed"] = c.Seed.ToString(CultureInfo.InvariantCulture), ["density"] = column.Density.ToString("R", CultureInfo.InvariantCulture),
            ["threshold"] = column.Options.Threshold.ToString("R", CultureInfo.InvariantCulture),
        }, [SafetensorsTensor.FromInt64("members", column.Members, column.UsedCount)]);
        NpyFile.Write(Path.Combine(c.Out, "assignments.npy"), assignments, assignments.Length);
        var csv = new StringBuilder("cluster,members,rows,majorityLabel,majorityShare\n");
        var rows = new int[column.Capacity];
        foreach (int a in assignments)
        {
            if (a >= 0) rows[a]++;
        }
        var readout = train.HasLabels ? ClusterReadout.Fit(assignments, train.Labels, column.Capacity) : null;
        var majority = new int[column.Capacity];
        if (train.HasLabels)
        {
            for (int i = 0; i < assignments.Length; i++)
            {
                if (assignments[i] >= 0 && train.Labels[i] == readout!.Labels[assignments[i]]) majority[assignments[i]]++;
            }
        }
        for (int m = 0; m < column.UsedCount; m++)
        {
            string label = readout is null || readout.Labels[m] < 0 ? "" : readout.Labels[m].ToString(CultureInfo.InvariantCulture);
            string share = readout is null || rows[m] == 0 ? "" : ((double)majority[m] / rows[m]).ToString("F4", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{m},{column.Members[m]},{rows[m]},{label},{share}\n");
        }
        AtomicFile.WriteAllText(Path.Combine(c.Out, "clusters.csv"), csv.ToString());
        if (StochasticPictures.ClusterMeans(train, assignments, column.Capacity) is { } png) Png.Save(Path.Combine(c.Out, "clusters.png"), png);
    }
}
