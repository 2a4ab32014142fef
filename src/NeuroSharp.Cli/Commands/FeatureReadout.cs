using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Clustering.Patches;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Reports;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Cli.Commands;

/// <summary>The readout of a feature stack (<c>neurosharp readout --model stack.safetensors</c>): the delta rule on its dense features.</summary>
internal static class FeatureReadout
{
    /// <summary>
    /// Loads the stack (or the stacks of an ensemble), reads its features with the delta rule, writes metrics.json, confusion.csv,
    /// confusion.png and readout.npy (readout-1.npy, readout-2.npy, ... for an ensemble).
    /// </summary>
    public static int Run(CliContext ctx, CommonValues c, IReadOnlyList<string> modelPaths, Dataset train, Dataset test, int classes, ReadoutOptions options, ImageShifts shifts, bool byteFeatures)
    {
        var stacks = modelPaths.Select(FeatureStackFile.Load).ToArray();
        for (int k = 0; k < stacks.Length; k++)
        {
            var stack = stacks[k];
            if (train.ColumnCount != stack.InputLength)
                throw new InvalidInputException($"{modelPaths[k]}: the stack reads images of {stack.InputLength} values but {train.Name} has {train.ColumnCount} columns.");
            int smallerSide = Math.Min(stack.ImageShape.Height, stack.ImageShape.Width);
            if (shifts.Distance >= smallerSide)
                throw new InvalidInputException($"--shifts {shifts.Distance} would move the {stack.ImageShape} images of {modelPaths[k]} out of the frame; use fewer than {smallerSide} pixels.");
        }
        int n = stacks.Length;
        MetricsOutput.Header(ctx, c, $"readout {train.Name} ({train.RowCount} rows, test {test.Name}) from the features of {(n == 1 ? modelPaths[0] : $"{n} stacks")}, seed {c.Seed}", c.Out);
        var result = ProgressDisplay.Run(ctx, c, "readout", report => FeatureEnsembleResult.Run(stacks, train, test, Math.Max(classes, 2), options, c.Seed, c.Threads, c.Memory, shifts, byteFeatures,
            k => report(k / (double)n, n == 1 ? "" : $"stack {k + 1} of {n}")));
        using var folder = OutputFolder.Open(c.Out);
        // MNIST's classes are digits; Fashion-MNIST's and a CSV file's are classes.
        WriteConfusion(c.Out, result.Confusion, train.Name.StartsWith("mnist", StringComparison.Ordinal) ? "digit" : "class");
        for (int k = 0; k < n; k++)
        {
            var r = result.Members[k].Readout;
            NpyFile.Write(Path.Combine(c.Out, n == 1 ? "readout.npy" : $"readout-{k + 1}.npy"), r.Table, r.FeatureCount, r.ClassCount);
        }
        var metrics = new JsonObject
        {
            ["command"] = "readout", ["data"] = train.Name, ["test"] = test.Name, ["model"] = string.Join(',', modelPaths),
            ["layers"] = PatchLayerSpec.Format(stacks[0].Layers.Select(l => l.Geometry.Spec)), ["featureCount"] = stacks[0].FeatureCount,
            ["rule"] = options.Rule.ToString(), ["softmax"] = options.Softmax, ["readoutEpochs"] = options.Epochs, ["readoutRate"] = options.LearningRate,
            ["readoutBatch"] = options.BatchSize, ["readoutOptimizer"] = options.Optimizer.ToString(), ["weightDecay"] = options.WeightDecay,
            ["shifts"] = shifts.Distance, ["shiftDiagonals"] = shifts.Diagonals, ["byteFeatures"] = byteFeatures, ["trainRows"] = (long)train.RowCount * shifts.CopiesPerImage,
            ["seed"] = c.Seed, ["threads"] = ParallelBlocks.ThreadCount(c.Threads),
            ["trainAccuracy"] = result.TrainAccuracy, ["testAccuracy"] = result.TestAccuracy,
            ["encodeSeconds"] = Math.Round(result.Members.Sum(m => m.EncodeSeconds), 2), ["readoutSeconds"] = Math.Round(result.Members.Sum(m => m.ReadoutSeconds), 2),
        };
        if (n > 1)
        {
            var members = new JsonArray();
            for (int k = 0; k < n; k++)
            {
                var m = result.Members[k];
                members.Add(new JsonObject
                {
                    ["model"] = modelPaths[k], ["layers"] = PatchLayerSpec.Format(stacks[k].Layers.Select(l => l.Geometry.Spec)), ["stackSeed"] = stacks[k].Seed,
                    ["trainAccuracy"] = m.TrainAccuracy, ["testAccuracy"] = m.TestAccuracy,
                    ["encodeSeconds"] = Math.Round(m.EncodeSeconds, 2), ["readoutSeconds"] = Math.Round(m.ReadoutSeconds, 2),
                });
            }
            metrics["members"] = members;
        }
        MetricsOutput.Write(ctx, c, metrics);
        return 0;
    }

    /// <summary>confusion.csv (label, predicted0..) and confusion.png (its axes "true CLASSNOUN" and "predicted CLASSNOUN") into a folder.</summary>
    public static void WriteConfusion(string folder, int[,] confusion, string classNoun)
    {
        int l = confusion.GetLength(0);
        var csv = new StringBuilder("label," + string.Join(',', Enumerable.Range(0, l).Select(b => $"predicted{b}")) + "\n");
        for (int a = 0; a < l; a++)
            csv.Append(CultureInfo.InvariantCulture, $"{a},{string.Join(',', Enumerable.Range(0, l).Select(b => confusion[a, b]))}\n");
        AtomicFile.WriteAllText(Path.Combine(folder, "confusion.csv"), csv.ToString());
        Png.Save(Path.Combine(folder, "confusion.png"), FeaturePictures.Confusion(confusion, classNoun));
    }
}
