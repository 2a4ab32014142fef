using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Clustering.Patches;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Fitting;
using NeuroSharp.Runs;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp readout</c>: the teacher of article 000 (docs/articles.md#article-000-clusterizers). Codes of a meta-clusterer (fitted here, or
/// loaded with --model) are associated with labels by counting or by the delta rule; writes
/// metrics.json (train and test accuracy), confusion.csv and readout.npy. Given a feature stack
/// (<c>neurosharp features</c>) as --model, the delta rule reads its dense features instead (FeatureReadout).
/// </summary>
public static class ReadoutCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("readout", "Teach labels to the codes of a meta-clusterer (counting or delta rule; no backpropagation) and report accuracy.");
        var common = new CommonOptions("out/readout");
        var opts = new ClusteringOptionsParser(defaultClusters: 100, defaultRate: 0.05f, defaultRandom: 0f);
        var test = new Option<string>("--test") { Description = "Labelled data to test on (a data spec or file).", DefaultValueFactory = _ => "mnist:test" };
        var model = new Option<string?>("--model")
        {
            Description = "A saved meta-clusterer (model.safetensors) to read codes from, instead of fitting one on --data; or a feature stack, " +
                "or several stacks separated by commas (an ensemble: each read by its own readout, their outputs averaged).",
        };
        var meta = new Option<int>("--meta") { Description = "M, meta-clusters of the fitted model.", DefaultValueFactory = _ => 1 };
        var maskRate = new Option<float>("--mask-rate") { Description = "lambda of the fitted model.", DefaultValueFactory = _ => 0.2f };
        var active = new Option<int>("--active") { Description = "T, neurons that fire per meta-cluster in a code (1: the unitary code).", DefaultValueFactory = _ => 1 };
        var rule = new Option<string>("--rule") { Description = "counts (co-occurrence, naive Bayes) or delta (Widrow-Hoff).", DefaultValueFactory = _ => "counts" };
        rule.AcceptOnlyFromAmong("counts", "delta");
        var readoutEpochs = new Option<int>("--readout-epochs") { Description = "Passes of the delta rule.", DefaultValueFactory = _ => 5 };
        var readoutRate = new Option<float>("--readout-rate") { Description = "eta of the delta rule.", DefaultValueFactory = _ => 0.1f };
        var readoutBatch = new Option<int>("--readout-batch") { Description = "Rows per delta-rule step on the dense features of a feature stack.", DefaultValueFactory = _ => 32 };
        var softmax = new Option<bool>("--softmax") { Description = "On a feature stack's features: the delta rule of softmax outputs instead of linear ones." };
        var optimizer = new Option<string>("--readout-optimizer")
        {
            Description = "On a feature stack's features: how each batch's delta-rule update moves the weights, normalized (eta / (|x|^2 + 1)) or adam (per-weight steps; the default for a feature stack, with --readout-rate 0.001 and --readout-batch 256 unless given).",
        };
        optimizer.AcceptOnlyFromAmong("normalized", "adam");
        var weightDecay = new Option<float>("--weight-decay") { Description = "On a feature stack's features with adam: lambda of the weight decay (>= 0).", DefaultValueFactory = _ => 0f };
        var shifts = new Option<int>("--shifts")
        {
            Description = $"On a feature stack: the readout also learns from copies of each training image moved by 1 to d pixels up, down, left and right (d in [0, {ImageShifts.MaxDistance}]; 4d copies).",
            DefaultValueFactory = _ => 0,
        };
        var shiftDiagonals = new Option<bool>("--shift-diagonals") { Description = "With --shifts d: also the diagonal moves (8d copies in all)." };
        var byteFeatures = new Option<bool>("--byte-features")
        {
            Description = "On a feature stack: hold the training features (shifted copies included) as one byte per value after a per-feature scale, a quarter of the memory of floats.",
        };
        opts.AddTo(command);
        foreach (Option o in new Option[] { test, model, meta, maskRate, active, rule, readoutEpochs, readoutRate, readoutBatch, softmax, optimizer, weightDecay, shifts, shiftDiagonals, byteFeatures }) command.Options.Add(o);
        common.AddTo(command);

        command.SetAction(parse =>
        {
            var c = common.Read(parse);
            var readoutOptions = new ReadoutOptions
            {
                Rule = parse.GetValue(rule) == "delta" ? ReadoutRule.Delta : ReadoutRule.Counts,
                Epochs = parse.GetValue(readoutEpochs), LearningRate = parse.GetValue(readoutRate),
                BatchSize = parse.GetValue(readoutBatch), Softmax = parse.GetValue(softmax),
                Optimizer = parse.GetValue(optimizer) == "adam" ? ReadoutOptimizer.Adam : ReadoutOptimizer.Normalized,
                WeightDecay = parse.GetValue(weightDecay),
            };
            readoutOptions.Validate();
            var imageShifts = new ImageShifts { Distance = parse.GetValue(shifts), Diagonals = parse.GetValue(shiftDiagonals) };
            if (imageShifts.Distance is < 0 or > ImageShifts.MaxDistance)
                throw new InvalidInputException($"--shifts must be a whole number of pixels in [0, {ImageShifts.MaxDistance}] (got {imageShifts.Distance}).");
            if (imageShifts.Diagonals && imageShifts.Distance == 0)
                throw new InvalidInputException("--shift-diagonals adds diagonal moves to --shifts d, so give --shifts 1 or more with it.");
            int t = parse.GetValue(active);
            var load = new DataLoadOptions(c.Seed, opts.ReadGenerate(parse), Log: l => ctx.Error.WriteLine(l), Memory: c.Memory);
            var train = DataSources.Load(parse.GetValue(opts.Data)!, load).Dataset;
            var testData = DataSources.Load(parse.GetValue(test)!, load).Dataset;
            if (!train.HasLabels) throw new InvalidInputException($"{train.Name}: the readout needs labels (a 'label' column, or MNIST).");
            if (!testData.HasLabels) throw new InvalidInputException($"{testData.Name}: the test data needs labels.");
            if (testData.ColumnCount != train.ColumnCount)
                throw new InvalidInputException($"{testData.Name}: {testData.ColumnCount} columns, but {train.Name} has {train.ColumnCount}.");
            // Labels size the readout: a table of features x classes and a classes x classes confusion matrix.
            int classes = Math.Max(train.LabelCount, testData.LabelCount);
            c.Memory.Require($"The labels of {train.Name} and {testData.Name} (up to {classes - 1}, so a {classes} x {classes} confusion matrix)",
                MemoryBudget.Times(classes, classes, sizeof(int)));

            string? modelPath = parse.GetValue(model);
            string[] modelPaths = modelPath is null ? [] : modelPath.Split(',', StringSplitOptions.TrimEntries);
            if (modelPaths.Length > 1)
            {
                foreach (string p in modelPaths)
                {
                    if (p.Length == 0 || !File.Exists(p) || !IsStack(p))
                        throw new InvalidInputException($"--model lists several files, so each must be a feature stack from 'neurosharp features' (got \"{p}\").");
                }
            }
            if (modelPath is not null && FeatureStackFile.IsFeatureStack(modelPaths[0]))
            {
                if (parse.GetResult(rule) is { Implicit: false } && readoutOptions.Rule != ReadoutRule.Delta)
                    throw new InvalidInputException($"--rule counts reads sparse codes; the features of the stack {modelPath} are dense, so use --rule delta.");
                // Adam converges where the normalised rule underfits the dense features (docs/results.md), so it is the stack's default.
                if (parse.GetValue(optimizer) is null)
                {
                    readoutOptions = readoutOptions with
                    {
                        Optimizer = ReadoutOptimizer.Adam,
                        LearningRate = parse.GetResult(readoutRate) is { Implicit: false } ? readoutOptions.LearningRate : 0.001f,
                        BatchSize = parse.GetResult(readoutBatch) is { Implicit: false } ? readoutOptions.BatchSize : 256,
                    };
                }
                return FeatureReadout.Run(ctx, c, modelPaths, train, testData, classes, readoutOptions with { Rule = ReadoutRule.Delta }, imageShifts, parse.GetValue(byteFeatures));
            }
            if (parse.GetValue(byteFeatures))
                throw new InvalidInputException("--byte-features stores the dense features of a feature stack; give --model a stack from 'neurosharp features'.");
            if (imageShifts.Distance > 0)
                throw new InvalidInputException("--shifts moves the images a feature stack reads; a meta-clusterer's codes are not shift-aware, so give --model a stack from 'neurosharp features'.");
            MetaClusterer mc;
            if (modelPath is not null)
            {
                mc = ClusteringModelFile.LoadMetaClusterer(modelPath);
                if (mc.InputCount != train.ColumnCount)
                    throw new InvalidInputException($"{modelPath}: the model has {mc.InputCount} inputs but {train.Name} has {train.ColumnCount} columns.");
            }
            else
            {
                var options = new MetaClustererOptions
                {
                    MetaCount = parse.GetValue(meta), ClusterCount = parse.GetValue(opts.Clusters), MaskRate = parse.GetValue(maskRate),
                    LearningRate = parse.GetValue(opts.Rate), RandomRate = parse.GetValue(opts.Random), Metric = opts.ReadMetric(parse),
                    Init = opts.ReadInit(parse), Schedule = opts.ReadSchedule(parse), RateExponent = parse.GetValue(opts.RateExponent),
                };
                options.Validate();
                var fit = opts.ReadFit(parse, reportEvery: 1000);
                fit.Validate();
                mc = MetaClusterer.Create(train, options, c.Seed, c.Memory);
                mc.MaxThreads = c.Threads;
                ProgressDisplay.Run(ctx, c, "fit", report =>
                    mc.Fit(train, fit, new ProgressCallback<FitProgress>(p => report(p.SamplesSeen / (double)fit.TotalFor(train.RowCount), ""))));
            }
            if (t < 1 || t > mc.ClusterCount) throw new InvalidInputException($"--active must be in [1, {mc.ClusterCount}] (got {t}).");
            c.Memory.Require($"The readout of {mc.FeatureCount} features x {classes} classes (labels up to {classes - 1})",
                MemoryBudget.Times(mc.FeatureCount, classes, sizeof(float)));
            MetricsOutput.Header(ctx, c, $"readout {train.Name} ({train.RowCount} rows, test {testData.Name}) from the codes of M={mc.MetaCount} x K={mc.ClusterCount}, {t} active, rule {readoutOptions.Rule.ToString().ToLowerInvariant()}, seed {c.Seed}", c.Out);
            var trainCodes = mc.EncodeActive(train, t, c.Threads);
            var testCodes = mc.EncodeActive(testData, t, c.Threads);
            var readout = TeacherReadout.Fit(trainCodes, mc.MetaCount * t, train.Labels, mc.FeatureCount, Math.Max(classes, 2), readoutOptions, c.Seed);
            var predicted = readout.Predict(testCodes, mc.MetaCount * t, c.Threads);

            using var folder = OutputFolder.Open(c.Out); // one run per folder while it writes
            var confusion = new int[readout.ClassCount, readout.ClassCount];
            int right = 0;
            for (int i = 0; i < predicted.Length; i++)
            {
                confusion[testData.Labels[i], predicted[i]]++;
                right += predicted[i] == testData.Labels[i] ? 1 : 0;
            }
            var csv = new StringBuilder("label," + string.Join(',', Enumerable.Range(0, readout.ClassCount).Select(l => $"predicted{l}")) + "\n");
            for (int a = 0; a < readout.ClassCount; a++)
                csv.Append(CultureInfo.InvariantCulture, $"{a},{string.Join(',', Enumerable.Range(0, readout.ClassCount).Select(b => confusion[a, b]))}\n");
            AtomicFile.WriteAllText(Path.Combine(c.Out, "confusion.csv"), csv.ToString());
            NpyFile.Write(Path.Combine(c.Out, "readout.npy"), readout.Table, readout.FeatureCount, readout.ClassCount);
            var metrics = new JsonObject
            {
                ["command"] = "readout", ["data"] = train.Name, ["test"] = testData.Name, ["metaCount"] = mc.MetaCount, ["clusterCount"] = mc.ClusterCount,
                ["active"] = t, ["rule"] = readoutOptions.Rule.ToString(), ["seed"] = c.Seed,
                ["trainAccuracy"] = readout.Accuracy(trainCodes, mc.MetaCount * t, train.Labels, c.Threads),
                ["testAccuracy"] = predicted.Length == 0 ? 0 : (double)right / predicted.Length,
            };
            MetricsOutput.Write(ctx, c, metrics);
            return 0;
        });
        return command;
    }

    /// <summary>Whether a file is a saved feature stack; a file that is not safetensors at all is not one.</summary>
    private static bool IsStack(string path)
    {
        try
        {
            return FeatureStackFile.IsFeatureStack(path);
        }
        catch (InvalidInputException)
        {
            return false;
        }
    }
}
