using System.Text.Json.Serialization;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Clustering.Patches;

/// <summary>The JSON metadata of a saved feature stack (docs/formats.md, "Feature stack"). Version 1.</summary>
public sealed record FeatureStackMetadata : IModelMetadata
{
    /// <summary>"neurosharp.feature-stack".</summary>
    public required string Format { get; init; }

    /// <summary>The format version, 1.</summary>
    public required int Version { get; init; }

    /// <summary>[height, width] of the images.</summary>
    public required int[] ImageShape { get; init; }

    /// <summary>Values per image pixel.</summary>
    public required int Channels { get; init; }

    /// <summary>The layers in the text form of --layers (e.g. "5x5:64/2,3x3:256/2").</summary>
    public required string Layers { get; init; }

    /// <summary>The online rule of the prototypes (its cluster count is each layer's own).</summary>
    public required DistanceMetric Metric { get; init; }

    /// <summary>The prototypes' initialisation.</summary>
    public required CentreInit Init { get; init; }

    /// <summary>The rate schedule.</summary>
    public required RateSchedule Schedule { get; init; }

    /// <summary>eta of the constant schedule.</summary>
    public required float LearningRate { get; init; }

    /// <summary>alpha of the inverse-count schedule.</summary>
    public required float RateExponent { get; init; }

    /// <summary>The exploration probability.</summary>
    public required float RandomRate { get; init; }

    /// <summary>The seed the stack was learned with.</summary>
    public required ulong Seed { get; init; }

    /// <summary>epsilon of the patches' ZCA whitening (tensors <c>layer{l}.whiten.mean</c> [D] and <c>layer{l}.whiten.matrix</c> [D, D]); 0 or absent: raw patches.</summary>
    public float Whitening { get; init; }

    /// <summary>Per layer: the explore, init and order stream states of its prototypes.</summary>
    public required string[][][] LayerStreams { get; init; }
}

/// <summary>Source-generated JSON for <see cref="FeatureStackMetadata"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    UseStringEnumConverter = true, NumberHandling = JsonNumberHandling.Strict, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(FeatureStackMetadata))]
internal sealed partial class FeatureStackJsonContext : JsonSerializerContext;

/// <summary>
/// Saves and loads a <see cref="FeatureStack"/>: per layer l (from 0) the tensors <c>layer{l}.centres</c> [K, D]
/// and <c>layer{l}.wins</c> [K], with <see cref="FeatureStackMetadata"/> as JSON.
/// </summary>
public static class FeatureStackFile
{
    /// <summary>The format name.</summary>
    public const string Format = "neurosharp.feature-stack";

    /// <summary>The only version written and read.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The model file kind, checked on every load.</summary>
    public static ModelFile<FeatureStackMetadata> Kind { get; } = new(FeatureStackJsonContext.Default.FeatureStackMetadata, CurrentVersion, "feature stack metadata", [Format]);

    /// <summary>Whether a safetensors file holds a feature stack (reads only its metadata format).</summary>
    /// <param name="path">The file.</param>
    /// <returns>True for a feature stack.</returns>
    public static bool IsFeatureStack(string path)
    {
        var content = SafetensorsFile.Read(path);
        return content.Metadata.TryGetValue(ModelFile<FeatureStackMetadata>.MetadataKey, out string? json) && json.Contains($"\"{Format}\"", StringComparison.Ordinal);
    }

    /// <summary>Saves a stack atomically, with its sidecar JSON when asked.</summary>
    /// <param name="stack">The stack.</param>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="sidecar">Whether to write model.json beside it.</param>
    /// <returns>The metadata JSON.</returns>
    public static string Save(FeatureStack stack, string path, bool sidecar = true)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var o = stack.Layers[0].Prototypes.Options;
        var meta = new FeatureStackMetadata
        {
            Format = Format, Version = CurrentVersion, ImageShape = [stack.ImageShape.Height, stack.ImageShape.Width], Channels = stack.Channels,
            Layers = PatchLayerSpec.Format(stack.Layers.Select(l => l.Geometry.Spec)), Metric = o.Metric, Init = o.Init, Schedule = o.Schedule,
            LearningRate = o.LearningRate, RateExponent = o.RateExponent, RandomRate = o.RandomRate, Seed = stack.Seed,
            Whitening = stack.Layers[0].Whitening?.Epsilon ?? 0,
            LayerStreams = [.. stack.Layers.Select(l => new[] { l.Prototypes.ExploreState.ToHex(), l.Prototypes.InitState.ToHex(), l.Prototypes.OrderState.ToHex() })],
        };
        var tensors = new List<SafetensorsTensor>();
        for (int l = 0; l < stack.Layers.Count; l++)
        {
            var p = stack.Layers[l].Prototypes;
            tensors.Add(SafetensorsTensor.FromSingle($"layer{l}.centres", p.Centres, p.ClusterCount, p.InputCount));
            tensors.Add(SafetensorsTensor.FromInt64($"layer{l}.wins", p.Wins, p.ClusterCount));
            if (stack.Layers[l].Whitening is { } w)
            {
                tensors.Add(SafetensorsTensor.FromSingle($"layer{l}.whiten.mean", w.Mean, w.Length));
                tensors.Add(SafetensorsTensor.FromSingle($"layer{l}.whiten.matrix", w.Matrix, w.Length, w.Length));
            }
        }
        return Kind.Save(path, meta, tensors, sidecar);
    }

    /// <summary>Loads a stack and checks its metadata, layers and tensors.</summary>
    /// <param name="path">The .safetensors file.</param>
    /// <returns>The stack, ready to encode.</returns>
    /// <exception cref="InvalidInputException">The file is not a valid feature stack; the message names the file and the field.</exception>
    public static FeatureStack Load(string path)
    {
        var (content, meta) = Kind.Read(path, Format);
        if (meta.ImageShape.Length != 2 || meta.ImageShape[0] < 1 || meta.ImageShape[1] < 1)
            throw new InvalidInputException($"{path}: imageShape [{string.Join(", ", meta.ImageShape)}] is not [height, width].");
        if (!float.IsFinite(meta.Whitening) || meta.Whitening < 0)
            throw new InvalidInputException($"{path}: whitening must be 0 or a positive epsilon (got {meta.Whitening}).");
        if (meta.Channels < 1) throw new InvalidInputException($"{path}: channels must be at least 1 (got {meta.Channels}).");
        var specs = PatchLayerSpec.ParseStack(meta.Layers, $"{path}: layers");
        var plan = FeatureStack.Plan(new ImageShape(meta.ImageShape[0], meta.ImageShape[1]), meta.Channels, specs);
        if (meta.LayerStreams.Length != plan.Length)
            throw new InvalidInputException($"{path}: layerStreams has {meta.LayerStreams.Length} entries for {plan.Length} layers.");
        var layers = new List<PatchLayer>();
        for (int l = 0; l < plan.Length; l++)
        {
            var g = plan[l];
            int k = g.Spec.ClusterCount, d = g.PatchLength;
            var options = new CompetitiveLayerOptions
            {
                ClusterCount = k, Metric = meta.Metric, Init = meta.Init, Schedule = meta.Schedule, LearningRate = meta.LearningRate,
                RateExponent = meta.RateExponent, RandomRate = meta.RandomRate,
            };
            try
            {
                options.Validate();
            }
            catch (InvalidOptionException e)
            {
                throw new InvalidInputException($"{path}: {e.Message}", e);
            }
            var centres = content.Require($"layer{l}.centres", SafetensorsDataType.F32, k, d).ToSingleArray();
            var wins = content.Require($"layer{l}.wins", SafetensorsDataType.I64, k).ToInt64Array();
            for (int i = 0; i < centres.Length; i++)
            {
                if (!float.IsFinite(centres[i])) throw new InvalidInputException($"{path}: tensor 'layer{l}.centres' element {i} is {centres[i]}; values must be finite.");
            }
            var streams = meta.LayerStreams[l];
            if (streams is null || streams.Length != 3 || streams.Any(s => s is null))
                throw new InvalidInputException($"{path}: layerStreams[{l}] needs 3 stream states.");
            var prototypes = new CompetitiveLayer(d, options, centres, wins, State(path, streams[0]), State(path, streams[1]), State(path, streams[2]));
            PatchWhitening? whitening = null;
            if (meta.Whitening > 0)
            {
                var mean = Finite(path, $"layer{l}.whiten.mean", content.Require($"layer{l}.whiten.mean", SafetensorsDataType.F32, d).ToSingleArray());
                var matrix = Finite(path, $"layer{l}.whiten.matrix", content.Require($"layer{l}.whiten.matrix", SafetensorsDataType.F32, d, d).ToSingleArray());
                whitening = new PatchWhitening(mean, matrix, meta.Whitening);
            }
            layers.Add(new PatchLayer(g, prototypes, whitening));
        }
        return new FeatureStack(new ImageShape(meta.ImageShape[0], meta.ImageShape[1]), meta.Channels, layers, meta.Seed);
    }

    private static float[] Finite(string path, string tensor, float[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) throw new InvalidInputException($"{path}: tensor '{tensor}' element {i} is {values[i]}; values must be finite.");
        }
        return values;
    }

    private static RandomStreamState State(string path, string[] words)
    {
        try
        {
            return RandomStreamState.FromHex(words);
        }
        catch (FormatException e)
        {
            throw new InvalidInputException($"{path}: layerStreams: {e.Message}", e);
        }
    }
}
