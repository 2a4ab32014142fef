using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Reports;
using NeuroSharp.Reports.Images;
using NeuroSharp.Fitting;
using NeuroSharp.Gpu;
using NeuroSharp.Gpu.Clustering;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp metacluster</c>: fit M competitive layers behind learned input masks (article 000, docs/articles.md#article-000-clusterizers) and
/// write model.safetensors + model.json, masks.npy, partition.csv, masks.png, metrics.json.
/// </summary>
public static class MetaclusterCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("metacluster", "Meta-clustering: M groups of K neurons whose input masks learn to split the inputs by error.");
        var common = new CommonOptions("out/metacluster");
        var opts = new ClusteringOptionsParser(defaultClusters: 10, defaultRate: 0.02f, defaultRandom: 0.1f);
        var meta = new Option<int>("--meta") { Description = "M, the number of meta-clusters (masks and groups).", DefaultValueFactory = _ => 2 };
        var maskRate = new Option<float>("--mask-rate") { Description = "lambda, how fast a mask loses weight where its group erred, in (0, 1].", DefaultValueFactory = _ => 0.2f };
        var maskFloor = new Option<float>("--mask-floor") { Description = "Smallest mask weight before normalisation.", DefaultValueFactory = _ => 0.001f };
        opts.AddTo(command);
        command.Options.Add(meta);
        command.Options.Add(maskRate);
        command.Options.Add(maskFloor);
        opts.AddCheckpointOptionsTo(command);
        common.AddTo(command);
        var device = new DeviceOption();
        device.AddTo(command);

        command.SetAction(parse =>
        {
            var c = common.Read(parse);
            using var gpu = device.Open(parse);
            var options = new MetaClustererOptions
            {
                MetaCount = parse.GetValue(meta), ClusterCount = parse.GetValue(opts.Clusters), MaskRate = parse.GetValue(maskRate),
                LearningRate = parse.GetValue(opts.Rate), RandomRate = parse.GetValue(opts.Random), Metric = opts.ReadMetric(parse),
                Init = opts.ReadInit(parse), Schedule = opts.ReadSchedule(parse), RateExponent = parse.GetValue(opts.RateExponent), MaskFloor = parse.GetValue(maskFloor),
            };
            options.Validate();
            var fit = opts.ReadFit(parse, reportEvery: 1000);
            fit.Validate();
            long every = opts.ReadCheckpointEvery(parse);
            string spec = parse.GetValue(opts.Data)!;
            var loaded = opts.LoadData(parse, c, ctx);
            var data = loaded.Dataset;
            using var folder = OutputFolder.Open(c.Out); // one run per folder, held until the end
            OutputFile.CheckWritable(Path.Combine(c.Out, "model.safetensors")); // before the fit, not after it
            bool resumed = parse.GetValue(opts.Resume) && File.Exists(Path.Combine(c.Out, "model.safetensors"));
            var model = opts.ResumeOrCreate(parse, ctx, c, data, ClusteringModelFile.LoadMetaClusterer, m => m.InputCount, m => m.SamplesSeen,
                () => MetaClusterer.Create(data, options, c.Seed, c.Memory));
            if (resumed)
            {
                ResumeCheck.SameSeed(c.Out, model.Seed, c.Seed);
                ResumeCheck.Same(c.Out, model.Options, options);
            }
            model.MaxThreads = c.Threads;
            long total = fit.TotalFor(data.RowCount);
            long remaining = Math.Max(0, total - model.SamplesSeen);
            MetricsOutput.Header(ctx, c, $"metacluster {data.Name}: {data.RowCount} rows x {data.ColumnCount} inputs, M={model.MetaCount}, K={model.ClusterCount}, seed {c.Seed}, {remaining} samples", c.Out);

            var work = new CheckpointedFitWork(model.SamplesSeen + remaining, () => model.SamplesSeen,
                (n, progress, token) => model.Fit(data, fit with { Samples = n }, progress, token),
                () => SaveModel(model, c.Out, data.ImageShape));
            var outcome = CheckpointedRun.Run(ctx, c, "metacluster", work, every);

            WriteOutputs(model, data, c.Out);
            var metrics = Metrics(model, loaded, spec, c, work.Result, gpu);
            MetricsOutput.Write(ctx, c, metrics);
            return CheckpointedRun.Finish(ctx, outcome, model.SamplesSeen);
        });
        return command;
    }

    private static void SaveModel(MetaClusterer model, string outDir, ImageShape? shape)
    {
        ClusteringModelFile.Save(model, Path.Combine(outDir, "model.safetensors"), shape, sidecar: true);
    }

    private static void WriteOutputs(MetaClusterer model, Dataset data, string outDir)
    {
        SaveModel(model, outDir, data.ImageShape);
        NpyFile.Write(Path.Combine(outDir, "masks.npy"), model.Masks, model.MetaCount, model.InputCount);
        var partition = model.Partition();
        var csv = new StringBuilder("input,metaCluster\n");
        for (int j = 0; j < partition.Length; j++) csv.Append(CultureInfo.InvariantCulture, $"{j},{partition[j]}\n");
        AtomicFile.WriteAllText(Path.Combine(outDir, "partition.csv"), csv.ToString());
        Png.Save(Path.Combine(outDir, "masks.png"), ClusteringPictures.Masks(model, data.ImageShape));
        if (data.ImageShape is { } shape) Png.Save(Path.Combine(outDir, "centres.png"), ClusteringPictures.MetaCentres(model, shape));
    }

    private static JsonObject Metrics(MetaClusterer model, LoadedData loaded, string spec, CommonValues c, FitResult r, GpuDevice? gpu)
    {
        var data = loaded.Dataset;
        var evalSet = data.RowCount > 10_000 ? data.Take(10_000) : data;
        // With a device, the codes (each layer's winner per row) come from its batch winner search.
        double error = gpu is null ? model.ReconstructionError(evalSet, c.Threads)
            : model.ReconstructionError(evalSet, GpuWinnerSearch.Encode(model, evalSet, gpu), c.Threads);
        var o = new JsonObject
        {
            ["command"] = "metacluster", ["data"] = spec, ["rows"] = data.RowCount, ["inputs"] = data.ColumnCount,
            ["metaCount"] = model.MetaCount, ["clusterCount"] = model.ClusterCount, ["maskRate"] = model.Options.MaskRate,
            ["learningRate"] = model.Options.LearningRate, ["randomRate"] = model.Options.RandomRate,
            ["metric"] = model.Options.Metric.ToString(), ["init"] = model.Options.Init.ToString(), ["schedule"] = model.Options.Schedule.ToString(),
            ["seed"] = c.Seed, ["threads"] = ParallelBlocks.ThreadCount(c.Threads), ["device"] = gpu?.Description ?? "cpu", ["samples"] = r.Samples, ["samplesSeen"] = model.SamplesSeen,
            ["seconds"] = Math.Round(r.Seconds, 3), ["samplesPerSecond"] = Math.Round(r.Samples > 0 ? r.SamplesPerSecond : 0, 1),
            ["learnState"] = model.LearnState(), ["reconstructionError"] = error,
            ["reconstructionErrorRows"] = evalSet.RowCount,
        };
        if (loaded.InputGroups is { } groups)
            o["partitionMatchesPlanted"] = PartitionMetrics.MatchesUpToPermutation(model.Partition(), groups);
        return o;
    }
}
