using System.Text.Json.Serialization;
using NeuroSharp.Formats;

namespace NeuroSharp.Learning;

/// <summary>
/// The JSON metadata of a saved network and its training state (stored in the safetensors header
/// under <c>neurosharp</c>, and beside it as <c>model.json</c>). Format <c>neurosharp.mlp</c>, version 1.
/// </summary>
public sealed record MlpFileMetadata : IModelMetadata
{
    /// <summary>"neurosharp.mlp".</summary>
    public required string Format { get; init; }

    /// <summary>The format version, 1.</summary>
    public required int Version { get; init; }

    /// <summary>The network description.</summary>
    public required MlpSpec Network { get; init; }

    /// <summary>The training options.</summary>
    public required TrainingOptions Training { get; init; }

    /// <summary>The run's seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Whether the autoencoder pre-training has run (or none was asked for).</summary>
    public required bool Pretrained { get; init; }

    /// <summary>Completed epochs.</summary>
    public required int EpochsDone { get; init; }

    /// <summary>Minibatches done in the unfinished epoch.</summary>
    public required int BatchesDone { get; init; }

    /// <summary>Sum of the training loss over the unfinished epoch's rows.</summary>
    public double EpochLossSum { get; init; }

    /// <summary>Training errors of the unfinished epoch.</summary>
    public int EpochErrors { get; init; }

    /// <summary>Wall seconds of the unfinished epoch (no longer written: model files hold no times; older files may have it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double EpochSeconds { get; init; }

    /// <summary>The dropout stream of the unfinished epoch (five hex words), or null between epochs.</summary>
    public string[]? DropoutStream { get; init; }

    /// <summary>The spike stream of the unfinished epoch, or null between epochs.</summary>
    public string[]? SpikeStream { get; init; }

    /// <summary>One record per completed epoch.</summary>
    public required IReadOnlyList<EpochRecord> History { get; init; }
}

/// <summary>Source-generated JSON for <see cref="MlpFileMetadata"/> (camelCase, enums as names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    UseStringEnumConverter = true, NumberHandling = JsonNumberHandling.Strict, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(MlpFileMetadata))]
internal sealed partial class LearningJsonContext : JsonSerializerContext;
