using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Clustering.Patches;
using NeuroSharp.Data;
using NeuroSharp.Reports;
using NeuroSharp.Reports.Images;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp features</c>: learns a stack of clusterizers with local receptive fields, without labels
/// (docs/local-receptive-fields.md), and saves it as model.safetensors + model.json with a picture of
/// each layer's prototypes (layer1.png, ...) and metrics.json. <c>neurosharp readout --model</c> reads it.
/// </summary>
public static class FeaturesCommand
{
    /// <summary>The default stack: Coates and Ng's single layer, 5 x 5 patches, 4-quadrant pooling.</summary>
    public const string DefaultLayers = "5x5:400/12";

    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("features", "Learn a stack of patch clusterizers (shared prototypes over positions, like convolution) without labels, and save it.");
        var common = new CommonOptions("out/features");
        var data = new Option<string>("--data") { Description = "Training images (a data spec or file with an image shape).", DefaultValueFactory = _ => "mnist:train" };
        var layers = new Option<string>("--layers")
        {
            Description = "Layers, input first, comma-separated: HxW[sS][pP]:K[/Q[avg|max]], e.g. 5x5:64/2,3x3:256/2 (patch HxW, stride S, padding P, K prototypes, QxQ pooling).",
            DefaultValueFactory = _ => DefaultLayers,
        };
        var patches = new Option<int>("--patches") { Description = "Patches sampled to learn each layer.", DefaultValueFactory = _ => 200_000 };
        var perImage = new Option<int>("--patches-per-image") { Description = "Patches sampled per training image.", DefaultValueFactory = _ => 16 };
        var epochs = new Option<int>("--epochs") { Description = "Passes of the online rule over each layer's patches.", DefaultValueFactory = _ => 1 };
        var exponent = new Option<float>("--rate-exponent") { Description = "alpha of the prototypes' rate n^-alpha (1: each prototype is the mean of the patches it won).", DefaultValueFactory = _ => 1f };
        var whiten = new Option<float>("--whiten")
        {
            Description = "epsilon of the ZCA whitening of every layer's patches before the prototypes learn and read them (Coates and Ng; e.g. 0.1); 0 leaves them raw.",
            DefaultValueFactory = _ => 0f,
        };
        var imageShape = new Option<string?>("--image-shape") { Description = "HxW of the images, for data that does not carry its shape (CSV, .npy), e.g. 28x28." };
        foreach (Option o in new Option[] { data, layers, patches, perImage, epochs, exponent, whiten, imageShape }) command.Options.Add(o);
        common.AddTo(command);
        OptionNames.Register("FeatureStackOptions.Patches", "--patches");
        OptionNames.Register("FeatureStackOptions.PatchesPerImage", "--patches-per-image");
        OptionNames.Register("FeatureStackOptions.Epochs", "--epochs");
        OptionNames.Register("FeatureStackOptions.Whitening", "--whiten");

        command.SetAction(parse =>
        {
            var c = common.Read(parse);
            var specs = PatchLayerSpec.ParseStack(parse.GetValue(layers)!);
            var defaults = new FeatureStackOptions();
            var options = new FeatureStackOptions
            {
                Layers = specs, Patches = parse.GetValue(patches), PatchesPerImage = parse.GetValue(perImage), Epochs = parse.GetValue(epochs),
                Whitening = parse.GetValue(whiten),
                Learning = defaults.Learning with { RateExponent = parse.GetValue(exponent) },
            };
            options.Validate();
            var train = DataSources.Load(parse.GetValue(data)!, new DataLoadOptions(c.Seed, Log: l => ctx.Error.WriteLine(l), Memory: c.Memory)).Dataset;
            if (parse.GetValue(imageShape) is { } shapeText) train = WithShape(train, ParseShape(shapeText));
            MetricsOutput.Header(ctx, c, $"features {train.Name}: {train.RowCount} rows, layers {parse.GetValue(layers)}, seed {c.Seed}", c.Out);
            // The folder and its model file before the learning, not after it (OutputFile).
            using var folder = OutputFolder.Open(c.Out);
            OutputFile.CheckWritable(Path.Combine(c.Out, "model.safetensors"));
            var (stack, seconds) = Learn(ctx, c, train, options);
            var (paths, metrics) = Save(stack, c.Out);
            metrics["command"] = "features";
            metrics["data"] = train.Name;
            metrics["patches"] = options.Patches;
            metrics["seed"] = c.Seed;
            metrics["threads"] = ParallelBlocks.ThreadCount(c.Threads);
            metrics["learnSeconds"] = Math.Round(seconds, 2);
            metrics["pictures"] = new JsonArray([.. paths.Select(p => (JsonNode)Path.GetFileName(p))]);
            MetricsOutput.Write(ctx, c, metrics);
            return 0;
        });
        return command;
    }

    private static ImageShape ParseShape(string text)
    {
        var parts = text.Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int h)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int w) && h > 0 && w > 0)
            return new ImageShape(h, w);
        throw new InvalidInputException($"--image-shape '{text}' is not HxW with whole numbers of at least 1 (e.g. 28x28).");
    }

    private static Dataset WithShape(Dataset data, ImageShape shape)
    {
        if (data.ColumnCount % (shape.Height * shape.Width) != 0)
            throw new InvalidInputException($"--image-shape {shape.Height}x{shape.Width}: {data.Name} has {data.ColumnCount} columns, not whole {shape.Height}x{shape.Width} images.");
        return new Dataset(data.Name, data.Values.ToArray(), data.RowCount, data.ColumnCount, data.HasLabels ? data.Labels.ToArray() : null, shape);
    }

    /// <summary>Learns a stack with a progress bar.</summary>
    internal static (FeatureStack Stack, double Seconds) Learn(CliContext ctx, CommonValues c, Dataset train, FeatureStackOptions options)
    {
        // Check the geometry before loading work starts, so a bad stack is one sentence at once.
        if (train.ImageShape is { } shape) FeatureStack.Plan(shape, Math.Max(1, train.ColumnCount / (shape.Height * shape.Width)), options.Layers);
        var clock = Stopwatch.StartNew();
        var stack = ProgressDisplay.Run(ctx, c, "features", report => FeatureStack.Learn(train, options, c.Seed, c.Threads, c.Memory, report));
        return (stack, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Saves a stack and its pictures into a folder; returns the pictures and the stack's metrics.</summary>
    internal static (List<string> Pictures, JsonObject Metrics) Save(FeatureStack stack, string folder)
    {
        FeatureStackFile.Save(stack, Path.Combine(folder, "model.safetensors"), sidecar: true);
        var pictures = new List<string>();
        for (int l = 0; l < stack.Layers.Count; l++)
        {
            string path = Path.Combine(folder, $"layer{l + 1}.png");
            Png.Save(path, FeaturePictures.Prototypes(stack.Layers[l]));
            pictures.Add(path);
        }
        var metrics = new JsonObject
        {
            ["layers"] = PatchLayerSpec.Format(stack.Layers.Select(l => l.Geometry.Spec)),
            ["featureCount"] = stack.FeatureCount,
            ["prototypesUsed"] = new JsonArray([.. stack.Layers.Select(l => (JsonNode)CountUsed(l.Prototypes))]),
        };
        return (pictures, metrics);
    }

    private static int CountUsed(CompetitiveLayer layer)
    {
        int used = 0;
        foreach (long w in layer.Wins) used += w > 0 ? 1 : 0;
        return used;
    }
}
