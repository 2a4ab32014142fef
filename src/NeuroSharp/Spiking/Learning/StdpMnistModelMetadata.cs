using System.Text.Json.Serialization;
using NeuroSharp.Formats;

namespace NeuroSharp.Spiking.Learning;

/// <summary>
/// The JSON metadata of a saved STDP-MNIST network (in the safetensors header under <c>neurosharp</c>,
/// and beside it as a .json file): everything needed to rebuild the trainer and continue. Version 1.
/// </summary>
public sealed record StdpMnistModelMetadata : IModelMetadata
{
    /// <summary>"neurosharp.stdp-mnist".</summary>
    public required string Format { get; init; }

    /// <summary>The format version, 1.</summary>
    public required int Version { get; init; }

    /// <summary>The trainer's seed (initial weights and every Poisson train derive from it).</summary>
    public required ulong Seed { get; init; }

    /// <summary>Images learned from.</summary>
    public required long SamplesSeen { get; init; }

    /// <summary>The network and protocol, every constant.</summary>
    public required StdpMnistOptions Options { get; init; }

    /// <summary>Labelled images behind the stored assignments, or null when none are stored.</summary>
    public int? LabelSamples { get; init; }
}

/// <summary>Source-generated JSON for <see cref="StdpMnistModelMetadata"/> (camelCase, enums as names, numbers strict).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    UseStringEnumConverter = true, NumberHandling = JsonNumberHandling.Strict, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(StdpMnistModelMetadata))]
internal sealed partial class StdpMnistJsonContext : JsonSerializerContext;
