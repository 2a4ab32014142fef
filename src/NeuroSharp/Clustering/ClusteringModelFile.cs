using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Clustering;

/// <summary>
/// Saves and loads clustering models as safetensors (tensors <c>centres</c> [M, K, D], <c>wins</c>
/// [M, K], and for a meta-clusterer <c>masks</c> [M, D]) with JSON metadata
/// (<see cref="ClusteringModelMetadata"/>). Writes are atomic; loads check format, version, shapes and
/// ranges and name the file in every error.
/// </summary>
public static class ClusteringModelFile
{
    /// <summary>Format name of a saved meta-clusterer.</summary>
    public const string MetaClustererFormat = "neurosharp.metaclusterer";

    /// <summary>Format name of a saved competitive layer.</summary>
    public const string CompetitiveLayerFormat = "neurosharp.competitive-layer";

    /// <summary>The only version written and read.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The model file kind: metadata JSON, version and the two format names, checked on every load.</summary>
    public static ModelFile<ClusteringModelMetadata> Kind { get; } = new(ClusteringJsonContext.Default.ClusteringModelMetadata, CurrentVersion,
        "model metadata", [MetaClustererFormat, CompetitiveLayerFormat], "a NeuroSharp clustering model");

    /// <summary>Saves a meta-clusterer to <paramref name="path"/> (.safetensors); returns the metadata JSON also written as a sidecar when asked.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The safetensors file.</param>
    /// <param name="imageShape">The image shape of the inputs, if any (kept for pictures).</param>
    /// <param name="sidecar">Whether to write the metadata beside it as well (model.json beside model.safetensors).</param>
    /// <returns>The metadata JSON.</returns>
    public static string Save(MetaClusterer model, string path, ImageShape? imageShape = null, bool sidecar = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = model.Options;
        var meta = new ClusteringModelMetadata
        {
            Format = MetaClustererFormat, Version = CurrentVersion, InputCount = model.InputCount, MetaCount = model.MetaCount,
            ClusterCount = model.ClusterCount, Metric = o.Metric, Init = o.Init, Schedule = o.Schedule, LearningRate = o.LearningRate, RateExponent = o.RateExponent,
            RandomRate = o.RandomRate, MaskRate = o.MaskRate, MaskFloor = o.MaskFloor, Seed = model.Seed, SamplesSeen = model.SamplesSeen,
            LayerStreams = Enumerable.Range(0, model.MetaCount).Select(m => Streams(model.Layer(m))).ToArray(),
            OrderStream = model.OrderState.ToHex(),
            ImageShape = imageShape is { } s ? [s.Height, s.Width] : null,
        };
        var centres = new float[model.MetaCount * model.ClusterCount * model.InputCount];
        var wins = new long[model.MetaCount * model.ClusterCount];
        for (int m = 0; m < model.MetaCount; m++)
        {
            model.Layer(m).Centres.CopyTo(centres.AsSpan(m * model.ClusterCount * model.InputCount));
            model.Layer(m).Wins.CopyTo(wins.AsSpan(m * model.ClusterCount));
        }
        return Kind.Save(path, meta,
        [
            SafetensorsTensor.FromSingle("centres", centres, model.MetaCount, model.ClusterCount, model.InputCount),
            SafetensorsTensor.FromInt64("wins", wins, model.MetaCount, model.ClusterCount),
            SafetensorsTensor.FromSingle("masks", model.Masks, model.MetaCount, model.InputCount),
        ], sidecar);
    }

    /// <summary>Saves a competitive layer.</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="path">The safetensors file.</param>
    /// <param name="seed">The seed it was built with (recorded).</param>
    /// <param name="imageShape">The image shape of the inputs, if any.</param>
    /// <param name="sidecar">Whether to write the metadata beside it as well (model.json beside model.safetensors).</param>
    /// <returns>The metadata JSON.</returns>
    public static string Save(CompetitiveLayer layer, string path, ulong seed, ImageShape? imageShape = null, bool sidecar = false)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var o = layer.Options;
        var meta = new ClusteringModelMetadata
        {
            Format = CompetitiveLayerFormat, Version = CurrentVersion, InputCount = layer.InputCount, MetaCount = 1,
            ClusterCount = layer.ClusterCount, Metric = o.Metric, Init = o.Init, Schedule = o.Schedule, LearningRate = o.LearningRate, RateExponent = o.RateExponent,
            RandomRate = o.RandomRate, Seed = seed, SamplesSeen = layer.SamplesSeen, LayerStreams = [Streams(layer)],
            ImageShape = imageShape is { } s ? [s.Height, s.Width] : null,
        };
        return Kind.Save(path, meta,
        [
            SafetensorsTensor.FromSingle("centres", layer.Centres, 1, layer.ClusterCount, layer.InputCount),
            SafetensorsTensor.FromInt64("wins", layer.Wins, 1, layer.ClusterCount),
        ], sidecar);
    }

    /// <summary>Reads only the metadata of a saved model.</summary>
    /// <param name="path">The safetensors file.</param>
    /// <returns>The validated metadata.</returns>
    /// <exception cref="InvalidInputException">The file is missing, malformed, or its metadata is not a valid clustering model's.</exception>
    public static ClusteringModelMetadata ReadMetadata(string path) => Read(path, null).Metadata;

    /// <summary>Loads a saved meta-clusterer, ready to encode or to go on learning.</summary>
    /// <param name="path">The safetensors file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidInputException">The file is not a valid meta-clusterer of a supported version.</exception>
    public static MetaClusterer LoadMetaClusterer(string path)
    {
        var (content, meta) = Read(path, MetaClustererFormat);
        int m = meta.MetaCount, k = meta.ClusterCount, d = meta.InputCount;
        var options = new MetaClustererOptions
        {
            MetaCount = m, ClusterCount = k, Metric = meta.Metric, Init = meta.Init, Schedule = meta.Schedule,
            LearningRate = meta.LearningRate, RandomRate = meta.RandomRate, RateExponent = meta.RateExponent,
            MaskRate = meta.MaskRate ?? throw new InvalidInputException($"{path}: metadata field 'maskRate' is missing."),
            MaskFloor = meta.MaskFloor ?? throw new InvalidInputException($"{path}: metadata field 'maskFloor' is missing."),
        };
        Validate(path, options.Validate);
        var centres = content.Require("centres", SafetensorsDataType.F32, m, k, d).ToSingleArray();
        var wins = content.Require("wins", SafetensorsDataType.I64, m, k).ToInt64Array();
        var masks = content.Require("masks", SafetensorsDataType.F32, m, d).ToSingleArray();
        CheckFinite(path, "centres", centres);
        CheckFinite(path, "masks", masks);
        if (meta.LayerStreams.Length != m) throw new InvalidInputException($"{path}: layerStreams has {meta.LayerStreams.Length} entries for {m} layers.");
        var layers = new CompetitiveLayer[m];
        for (int i = 0; i < m; i++)
            layers[i] = RestoreLayer(path, d, options.LayerOptions, centres.AsSpan(i * k * d, k * d).ToArray(), wins.AsSpan(i * k, k).ToArray(), meta.LayerStreams[i]);
        var order = ParseState(path, "orderStream", meta.OrderStream ?? throw new InvalidInputException($"{path}: metadata field 'orderStream' is missing."));
        return MetaClusterer.Restore(d, options, meta.Seed, layers, masks, order, meta.SamplesSeen);
    }

    /// <summary>Loads a saved competitive layer.</summary>
    /// <param name="path">The safetensors file.</param>
    /// <returns>The layer.</returns>
    /// <exception cref="InvalidInputException">The file is not a valid competitive layer of a supported version.</exception>
    public static CompetitiveLayer LoadCompetitiveLayer(string path)
    {
        var (content, meta) = Read(path, CompetitiveLayerFormat);
        if (meta.MetaCount != 1) throw new InvalidInputException($"{path}: metaCount of a competitive layer must be 1 (got {meta.MetaCount}).");
        var options = new CompetitiveLayerOptions
        {
            ClusterCount = meta.ClusterCount, Metric = meta.Metric, Init = meta.Init, Schedule = meta.Schedule,
            LearningRate = meta.LearningRate, RandomRate = meta.RandomRate, RateExponent = meta.RateExponent,
        };
        Validate(path, options.Validate);
        var centres = content.Require("centres", SafetensorsDataType.F32, 1, meta.ClusterCount, meta.InputCount).ToSingleArray();
        var wins = content.Require("wins", SafetensorsDataType.I64, 1, meta.ClusterCount).ToInt64Array();
        CheckFinite(path, "centres", centres);
        if (meta.LayerStreams.Length != 1) throw new InvalidInputException($"{path}: layerStreams must have 1 entry (got {meta.LayerStreams.Length}).");
        return RestoreLayer(path, meta.InputCount, options, centres, wins, meta.LayerStreams[0]);
    }

    /// <summary>Reads the file, checks format, version and type (<see cref="Kind"/>), then the fields of a clustering model.</summary>
    private static (SafetensorsContent Content, ClusteringModelMetadata Metadata) Read(string path, string? expectedFormat)
    {
        var (content, meta) = Kind.Read(path, expectedFormat);
        if (meta.InputCount < 1) throw new InvalidInputException($"{path}: inputCount must be at least 1 (got {meta.InputCount}).");
        if (meta.MetaCount < 1) throw new InvalidInputException($"{path}: metaCount must be at least 1 (got {meta.MetaCount}).");
        if (meta.SamplesSeen < 0) throw new InvalidInputException($"{path}: samplesSeen must be at least 0 (got {meta.SamplesSeen}).");
        if (meta.ImageShape is { } shape
            && (shape.Length != 2 || shape[0] < 1 || shape[1] < 1 || (long)shape[0] * shape[1] != meta.InputCount))
            throw new InvalidInputException($"{path}: imageShape [{string.Join(", ", shape)}] is not [height, width] of the {meta.InputCount} inputs.");
        for (int m = 0; m < meta.LayerStreams.Length; m++)
        {
            if (meta.LayerStreams[m] is null || meta.LayerStreams[m].Any(s => s is null))
                throw new InvalidInputException($"{path}: layerStreams[{m}] holds null; each entry needs 3 stream states.");
        }
        return (content, meta);
    }

    private static CompetitiveLayer RestoreLayer(string path, int d, CompetitiveLayerOptions options, float[] centres, long[] wins, string[][] streams)
    {
        if (streams.Length != 3) throw new InvalidInputException($"{path}: each layerStreams entry needs 3 stream states (got {streams.Length}).");
        return new CompetitiveLayer(d, options, centres, wins,
            ParseState(path, "layerStreams", streams[0]), ParseState(path, "layerStreams", streams[1]), ParseState(path, "layerStreams", streams[2]));
    }

    private static string[][] Streams(CompetitiveLayer layer) =>
        [layer.ExploreState.ToHex(), layer.InitState.ToHex(), layer.OrderState.ToHex()];

    private static RandomStreamState ParseState(string path, string field, string[] words)
    {
        try
        {
            return RandomStreamState.FromHex(words);
        }
        catch (FormatException e)
        {
            throw new InvalidInputException($"{path}: {field}: {e.Message}", e);
        }
    }

    private static void Validate(string path, Action validate)
    {
        try
        {
            validate();
        }
        catch (InvalidOptionException e)
        {
            throw new InvalidInputException($"{path}: {e.Message}", e);
        }
    }

    private static void CheckFinite(string path, string tensor, ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) throw new InvalidInputException($"{path}: tensor '{tensor}' element {i} is {values[i]}; values must be finite.");
        }
    }

}
