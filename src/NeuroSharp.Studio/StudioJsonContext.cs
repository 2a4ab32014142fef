using System.Text.Json.Serialization;
using NeuroSharp.Studio.Clustering;
using NeuroSharp.Studio.Live;

namespace NeuroSharp.Studio;

/// <summary>Source-generated JSON for the API's records (camelCase; unknown fields refused).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(SimulationCommand))]
[JsonSerializable(typeof(SimulationStatus))]
[JsonSerializable(typeof(ClusteringRequest))]
[JsonSerializable(typeof(ClusteringStatus))]
[JsonSerializable(typeof(NeuroSharp.Studio.Evolution.EvolutionRequest))]
internal sealed partial class StudioJsonContext : JsonSerializerContext;
