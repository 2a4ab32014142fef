using System.Text.Json.Serialization;
using NeuroSharp.Formats;

namespace NeuroSharp.Clustering;

/// <summary>
/// The JSON metadata of a saved clustering model (stored in the safetensors header under
/// <c>neurosharp</c>, and beside it as <c>model.json</c>). Version 1.
/// </summary>
public sealed record ClusteringModelMetadata : IModelMetadata
{
    /// <summary>"neurosharp.metaclusterer" or "neurosharp.competitive-layer".</summary>
    public required string Format { get; init; }

    /// <summary>The format version, 1.</summary>
    public required int Version { get; init; }

    /// <summary>D.</summary>
    public required int InputCount { get; init; }

    /// <summary>M (1 for a single layer).</summary>
    public required int MetaCount { get; init; }

    /// <summary>K.</summary>
    public required int ClusterCount { get; init; }

    /// <summary>The distance metric.</summary>
    public required DistanceMetric Metric { get; init; }

    /// <summary>The centre initialisation.</summary>
    public required CentreInit Init { get; init; }

    /// <summary>The rate schedule.</summary>
    public required RateSchedule Schedule { get; init; }

    /// <summary>eta.</summary>
    public required float LearningRate { get; init; }

    /// <summary>The exploration probability.</summary>
    public required float RandomRate { get; init; }

    /// <summary>alpha of the inverse-count schedule (1 when absent).</summary>
    public float RateExponent { get; init; } = 1f;

    /// <summary>lambda (meta-clusterer only).</summary>
    public float? MaskRate { get; init; }

    /// <summary>The mask floor (meta-clusterer only).</summary>
    public float? MaskFloor { get; init; }

    /// <summary>The seed the model was built with.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Examples learned from.</summary>
    public required long SamplesSeen { get; init; }

    /// <summary>Per layer: the explore, init and order stream states (five hex words each), so a resumed fit continues the same sequences.</summary>
    public required string[][][] LayerStreams { get; init; }

    /// <summary>The meta-clusterer's sample-order stream, or null for a single layer.</summary>
    public string[]? OrderStream { get; init; }

    /// <summary>[height, width] of the images the model was trained on, or null.</summary>
    public int[]? ImageShape { get; init; }
}

/// <summary>Source-generated JSON for <see cref="ClusteringModelMetadata"/> (camelCase, enums as names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    UseStringEnumConverter = true, NumberHandling = JsonNumberHandling.Strict, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ClusteringModelMetadata))]
internal sealed partial class ClusteringJsonContext : JsonSerializerContext;
