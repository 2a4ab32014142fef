using System.CommandLine;
using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Gpu.Clustering;
using NeuroSharp.Reports;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp cluster</c>: one group of K competing neurons as an online k-means clusterizer
/// (article 000, docs/articles.md#article-000-clusterizers). Writes model.safetensors + model.json, centres.npy, assignments.npy, a picture
/// (centres.png for images, points.png for 2-D data) and metrics.json.
/// </summary>
public static class ClusterCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("cluster", "Online k-means with one group of competing neurons (winner-take-all; the winner moves towards each example).");
        var common = new CommonOptions("out/cluster");
        var opts = new ClusteringOptionsParser(defaultClusters: 10, defaultRate: 0.05f, defaultRandom: 0f);
        opts.AddTo(command);
        opts.AddCheckpointOptionsTo(command);
        common.AddTo(command);
        var device = new DeviceOption();
        device.AddTo(command);

        command.SetAction(parse =>
        {
            var c = common.Read(parse);
            using var gpu = device.Open(parse);
            var options = new CompetitiveLayerOptions
            {
                ClusterCount = parse.GetValue(opts.Clusters), LearningRate = parse.GetValue(opts.Rate), RandomRate = parse.GetValue(opts.Random),
                Metric = opts.ReadMetric(parse), Init = opts.ReadInit(parse), Schedule = opts.ReadSchedule(parse), RateExponent = parse.GetValue(opts.RateExponent),
            };
            options.Validate();
            var fit = opts.ReadFit(parse, reportEvery: 1000);
            fit.Validate();
            long every = opts.ReadCheckpointEvery(parse);
            string spec = parse.GetValue(opts.Data)!;
            var data = opts.LoadData(parse, c, ctx).Dataset;
            using var folder = OutputFolder.Open(c.Out); // one run per folder, held until the end
            string modelPath = Path.Combine(c.Out, "model.safetensors");
            OutputFile.CheckWritable(modelPath); // before the fit, not after it
            bool resumed = parse.GetValue(opts.Resume) && File.Exists(modelPath);
            var layer = opts.ResumeOrCreate(parse, ctx, c, data, ClusteringModelFile.LoadCompetitiveLayer, l => l.InputCount, l => l.SamplesSeen,
                () => CompetitiveLayer.Create(data, options, c.Seed, c.Memory));
            if (resumed)
            {
                ResumeCheck.SameSeed(c.Out, ClusteringModelFile.ReadMetadata(modelPath).Seed, c.Seed);
                ResumeCheck.Same(c.Out, layer.Options, options);
            }
            long remaining = Math.Max(0, fit.TotalFor(data.RowCount) - layer.SamplesSeen);
            MetricsOutput.Header(ctx, c, $"cluster {data.Name}: {data.RowCount} rows x {data.ColumnCount} inputs, K={layer.ClusterCount}, seed {c.Seed}, {remaining} samples", c.Out);

            void Save()
            {
                ClusteringModelFile.Save(layer, modelPath, c.Seed, data.ImageShape, sidecar: true);
            }

            var work = new CheckpointedFitWork(layer.SamplesSeen + remaining, () => layer.SamplesSeen,
                (n, progress, token) => layer.Fit(data, fit with { Samples = n }, progress, token), Save);
            var outcome = CheckpointedRun.Run(ctx, c, "cluster", work, every);
            Save();
            int[] assignments = gpu is null ? layer.Predict(data, c.Threads) : GpuWinnerSearch.Predict(layer, data, gpu);
            NpyFile.Write(Path.Combine(c.Out, "centres.npy"), layer.Centres, layer.ClusterCount, layer.InputCount);
            NpyFile.Write(Path.Combine(c.Out, "assignments.npy"), assignments, assignments.Length);
            if (data.ImageShape is { } shape) Png.Save(Path.Combine(c.Out, "centres.png"), ClusteringPictures.Centres(layer, shape));
            else if (data.ColumnCount == 2) Png.Save(Path.Combine(c.Out, "points.png"), ClusteringPictures.Points2D(layer, data));

            var r = work.Result;
            double inertia = ClusteringQuality.Inertia(layer.Centres, layer.ClusterCount, data, c.Threads);
            var metrics = new JsonObject
            {
                ["command"] = "cluster", ["data"] = spec, ["rows"] = data.RowCount, ["inputs"] = data.ColumnCount,
                ["clusterCount"] = layer.ClusterCount, ["learningRate"] = options.LearningRate, ["randomRate"] = options.RandomRate,
                ["metric"] = options.Metric.ToString(), ["init"] = options.Init.ToString(), ["schedule"] = options.Schedule.ToString(),
                ["seed"] = c.Seed, ["threads"] = ParallelBlocks.ThreadCount(c.Threads), ["device"] = gpu?.Description ?? "cpu", ["samples"] = r.Samples, ["samplesSeen"] = layer.SamplesSeen,
                ["seconds"] = Math.Round(r.Seconds, 3), ["samplesPerSecond"] = Math.Round(r.Samples > 0 ? r.SamplesPerSecond : 0, 1),
                ["inertiaPerRow"] = inertia / data.RowCount,
                ["clustersUsed"] = assignments.Distinct().Count(),
            };
            if (data.HasLabels) metrics["purity"] = ClusteringQuality.Purity(assignments, data.Labels, layer.ClusterCount);
            MetricsOutput.Write(ctx, c, metrics);
            return CheckpointedRun.Finish(ctx, outcome, layer.SamplesSeen);
        });
        return command;
    }
}
