using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Clustering.Patches;
using NeuroSharp.Data;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Reports.Experiments.Clustering;

/// <summary>
/// Clusterizers with local receptive fields on MNIST (docs/local-receptive-fields.md): a stack of patch
/// clusterizers learned without labels, then the delta rule on the last layer's pooled features.
/// </summary>
public sealed class ReadoutPatchesExperiment : IExperiment
{
    /// <summary>The full run's first stack (whitened 7x7 patches).</summary>
    public const string FullLayers = "7x7:400/6";

    /// <summary>The full run's second stack: larger patches, so its errors differ from the first's and the two readouts' sum helps.</summary>
    public const string FullSecondLayers = "11x11:400/6";

    /// <summary>eps of the full run's ZCA whitening of the patches (the quick run's patches stay raw).</summary>
    public const float FullWhitening = 0.3f;

    /// <summary>The quick run's stack.</summary>
    public const string QuickLayers = "5x5:48/6";

    /// <inheritdoc />
    public string Name => "readout-patches";

    /// <inheritdoc />
    public string Title => "Patch clusterizers and a delta-rule teacher read MNIST";

    /// <inheritdoc />
    public string Article => "000";

    /// <inheritdoc />
    public string Description =>
        "The competitive layer repeated over small patches (5x5 in the quick run) with shared prototypes (as cortical columns repeat), learned without labels; " +
        "each position is coded by Coates and Ng's triangle code of its distances to the prototypes, average-pooled over 6x6 regions, " +
        "and a teacher learns labels by the delta rule, with Adam's per-weight steps, on those features alone (no gradient reaches the clusterizers). " +
        "The full run reads two stacks of ZCA-whitened patches (7x7 and 11x11), each from the training images and their eight one-pixel moves held as one byte per feature, and sums the two readouts' outputs.";

    /// <summary>
    /// Writes a picture of every layer of every stack (layer1.png, ... for the first stack; stack2-layer1.png, ... for the
    /// second) and returns their figures.
    /// </summary>
    /// <param name="stacks">The learned stacks.</param>
    /// <param name="pathOf">The path a file name is written to.</param>
    /// <returns>One figure per picture, in the order written.</returns>
    internal static List<Figure> PrototypeFigures(IReadOnlyList<FeatureStack> stacks, Func<string, string> pathOf)
    {
        var figures = new List<Figure>();
        for (int k = 0; k < stacks.Count; k++)
        {
            for (int l = 0; l < stacks[k].Layers.Count; l++)
            {
                var layer = stacks[k].Layers[l];
                string name = k == 0 ? $"layer{l + 1}.png" : $"stack{k + 1}-layer{l + 1}.png";
                Png.Save(pathOf(name), FeaturePictures.Prototypes(layer));
                var spec = layer.Geometry.Spec;
                string space = layer.Whitening is null ? ": strokes, edges and corners" : " after ZCA whitening (mid-grey is the mean patch): thin strokes, edges and corners";
                figures.Add(new Figure(name, $"The {layer.ClusterCount} shared {spec.PatchHeight}x{spec.PatchWidth} prototypes of layer {l + 1}" +
                    $"{(stacks.Count > 1 ? $" of stack {k + 1}" : "")}, learned from unlabelled patches{space}."));
            }
        }
        return figures;
    }

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var train = context.Mnist.Load(MnistSplit.Train);
        var test = context.Mnist.Load(MnistSplit.Test);
        if (context.Quick)
        {
            train = train.Take(Math.Min(train.RowCount, 5000));
            test = test.Take(Math.Min(test.RowCount, 1000));
        }
        var options = new FeatureStackOptions
        {
            Layers = PatchLayerSpec.ParseStack(context.Quick ? QuickLayers : FullLayers),
            Patches = context.Quick ? 20_000 : 100_000,
            Whitening = context.Quick ? 0 : FullWhitening,
        };
        // Adam's per-weight steps on the delta rule's update: the normalised rule underfits the full run's 6 400 features (docs/results.md).
        var readoutOptions = new ReadoutOptions
        {
            Rule = ReadoutRule.Delta, Softmax = true, Optimizer = ReadoutOptimizer.Adam,
            LearningRate = context.Quick ? 0.003f : 0.001f, BatchSize = context.Quick ? 128 : 256, Epochs = context.Quick ? 10 : 12,
        };
        // The full run: two stacks (whitened 7x7 and 11x11 patches), each read from the training images and their eight one-pixel moves held as bytes.
        var shifts = context.Quick ? ImageShifts.None : new ImageShifts { Distance = 1, Diagonals = true };
        var clock = Stopwatch.StartNew();
        var stacks = new List<FeatureStack>();
        foreach (string layers in context.Quick ? new[] { QuickLayers } : new[] { FullLayers, FullSecondLayers })
        {
            int done = stacks.Count, count = context.Quick ? 1 : 2;
            stacks.Add(FeatureStack.Learn(train, options with { Layers = PatchLayerSpec.ParseStack(layers) }, context.Seed, context.Threads, context.Memory,
                (f, s) => context.Report(0.1 * (done + f) / count, s), context.CancellationToken));
        }
        var stack = stacks[0];
        double learnSeconds = clock.Elapsed.TotalSeconds;
        context.Report(0.1, "encode and read out");
        var result = FeatureEnsembleResult.Run(stacks, train, test, 10, readoutOptions, context.Seed, context.Threads, context.Memory, shifts, byteFeatures: !context.Quick);
        var figures = PrototypeFigures(stacks, context.PathOf);
        Png.Save(context.PathOf("confusion.png"), FeaturePictures.Confusion(result.Confusion));
        figures.Add(new Figure("confusion.png", "The test confusion matrix (rows: the true digit, top to bottom; columns: the predicted digit; colour: square root of the row's share)."));
        var metrics = new JsonObject
        {
            ["layers"] = PatchLayerSpec.Format(options.Layers), ["featureCount"] = stack.FeatureCount, ["patches"] = options.Patches, ["whitening"] = options.Whitening,
            ["trainImages"] = train.RowCount, ["testImages"] = test.RowCount, ["readoutEpochs"] = readoutOptions.Epochs,
            ["readoutOptimizer"] = readoutOptions.Optimizer.ToString(), ["readoutRate"] = readoutOptions.LearningRate, ["readoutBatch"] = readoutOptions.BatchSize,
            ["trainAccuracy"] = result.TrainAccuracy, ["testAccuracy"] = result.TestAccuracy,
            ["learnSeconds"] = Math.Round(learnSeconds, 1), ["encodeSeconds"] = Math.Round(result.Members.Sum(m => m.EncodeSeconds), 1),
            ["readoutSeconds"] = Math.Round(result.Members.Sum(m => m.ReadoutSeconds), 1),
            ["stacks"] = string.Join(" + ", stacks.Select(k => PatchLayerSpec.Format(k.Layers.Select(l => l.Geometry.Spec)))),
            ["shifts"] = shifts.Distance, ["shiftDiagonals"] = shifts.Diagonals,
        };
        return new ExperimentResult(metrics, figures,
        [
            new Comparison("MNIST test accuracy", $"{result.TestAccuracy:P2} on {test.RowCount} images ({string.Join(" + ", stacks.Select(k => PatchLayerSpec.Format(k.Layers.Select(l => l.Geometry.Spec))))})",
                "Coates & Ng-style k-means features ~99.0-99.2 %; SoftHebb 99.35 %; whole-image clusterizers 95.8 % (docs/results.md)"),
        ]);
    }
}
