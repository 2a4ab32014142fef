using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Studio.Files;
using NeuroSharp.Studio.Hosting;

namespace NeuroSharp.Studio.Api;

/// <summary>
/// The network endpoints: the model catalog, the shipped examples, validation of an uploaded network,
/// and network files in the workspace (list, load, save). docs/studio.md lists them with examples.
/// </summary>
internal static class NetworkEndpoints
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The application.</param>
    /// <param name="studio">The shared state.</param>
    public static void Map(WebApplication app, StudioContext studio)
    {
        app.MapGet("/api/info", () => ApiResults.Json(new JsonObject
        {
            ["name"] = "NeuroSharp studio",
            ["version"] = StaticAssets.Version,
            ["workspace"] = studio.Workspace.Root,
            ["maxUploadBytes"] = studio.Options.MaxUploadBytes,
            ["frameRateHz"] = studio.Options.FrameRateHz,
            ["maxSimulations"] = studio.Options.MaxSimulations,
            ["idleTimeoutSeconds"] = studio.Options.IdleTimeout.TotalSeconds,
            ["memoryLimitBytes"] = studio.Memory.Budget.LimitBytes,
            ["memoryHeldBytes"] = studio.Memory.HeldBytes,
            ["simulations"] = studio.Simulations.Count,
            ["clusteringRuns"] = studio.Clustering.Count,
            ["frontEndBuilt"] = studio.Assets.IsBuilt,
        }));

        app.MapGet("/api/models", () => ApiResults.Json(ModelCatalog.Json.DeepClone()));

        app.MapGet("/api/examples", () => ApiResults.Json(new JsonObject { ["examples"] = ExampleNetworks.List() }));

        app.MapGet("/api/examples/{name}", (string name) =>
        {
            string? text = ExampleNetworks.Text(name);
            if (text is null) return ApiResults.Error(StatusCodes.Status404NotFound, $"No example '{name}' (known: {string.Join(", ", ExampleNetworks.Names)}).");
            NetworkFile.Parse(text, name + ".json");
            return ApiResults.Json(new JsonObject { ["name"] = name, ["network"] = JsonNode.Parse(text, null, Lenient) });
        });

        app.MapPost("/api/networks/validate", async (HttpRequest request) =>
        {
            var spec = await ReadNetworkAsync(request, studio, "upload").ConfigureAwait(false);
            return ApiResults.Json(new JsonObject { ["network"] = Canonical(spec), ["summary"] = Summary(spec) });
        });

        app.MapGet("/api/files", () => ApiResults.Json(new JsonObject
        {
            ["workspace"] = studio.Workspace.Root,
            ["files"] = new JsonArray(studio.Workspace.ListNetworkFiles().Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
        }));

        app.MapGet("/api/file", (HttpRequest request) =>
        {
            string? path = request.Query["path"];
            string full = studio.Workspace.Resolve(path, neuroMl: true);
            if (!File.Exists(full)) return ApiResults.Error(StatusCodes.Status404NotFound, $"There is no file '{path}' in the workspace.");
            var info = new FileInfo(full);
            if (info.Length > studio.Options.MaxUploadBytes)
                throw new InvalidInputException($"{path}: the file is {info.Length} bytes, over the studio's limit of {studio.Options.MaxUploadBytes} bytes.");
            string text = File.ReadAllText(full);
            // NeuroML (c302's connectomes, converted champions) comes to the page as the network JSON it imports to.
            if (WorkspaceFolder.IsNeuroMl(full))
                return ApiResults.Json(new JsonObject { ["path"] = path, ["network"] = Canonical(NeuroMlFile.Load(full, studio.Memory.Budget)), ["imported"] = "neuroml" });
            NetworkFile.Parse(text, path!);
            return ApiResults.Json(new JsonObject { ["path"] = path, ["network"] = JsonNode.Parse(text, null, Lenient) });
        });

        app.MapPut("/api/file", async (HttpRequest request) =>
        {
            string? path = request.Query["path"];
            string full = studio.Workspace.Resolve(path);
            var spec = await ReadNetworkAsync(request, studio, path!).ConfigureAwait(false);
            // A page asks its user before replacing a file; without overwrite=true an existing file is kept.
            if (File.Exists(full) && !string.Equals(request.Query["overwrite"], "true", StringComparison.Ordinal))
                return ApiResults.Error(StatusCodes.Status409Conflict, $"The workspace already has a file '{path}'; saving replaces it only when told to (overwrite=true).");
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            NetworkFile.Save(full, spec);
            return ApiResults.Json(new JsonObject { ["path"] = path, ["bytes"] = new FileInfo(full).Length });
        });
    }

    /// <summary>
    /// Reads and validates the network of a request body: NeuroML 2 when the source name ends in .nml or the text starts
    /// with '&lt;' (through the NeuroML importer), else the network JSON; errors use the readers' sentences.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="studio">The shared state (for the size limit).</param>
    /// <param name="fallbackSource">The name in messages when the request gives no <c>source</c>.</param>
    /// <returns>The network.</returns>
    public static async Task<NetworkSpec> ReadNetworkAsync(HttpRequest request, StudioContext studio, string fallbackSource)
    {
        string text = await RequestBody.ReadTextAsync(request, studio.Options.MaxUploadBytes).ConfigureAwait(false);
        string source = RequestBody.SourceName(request, fallbackSource);
        if (WorkspaceFolder.IsNeuroMl(source) || text.AsSpan().TrimStart().StartsWith("<", StringComparison.Ordinal))
            return NeuroMlFile.Parse(text, source, studio.Memory.Budget);
        return NetworkFile.Parse(text, source);
    }

    /// <summary>The canonical JSON of a network (every parameter written out).</summary>
    /// <param name="spec">The network.</param>
    /// <returns>The JSON object.</returns>
    public static JsonNode Canonical(NetworkSpec spec) => JsonNode.Parse(NetworkFile.ToJson(spec))!;

    private static JsonObject Summary(NetworkSpec spec) => new()
    {
        ["name"] = spec.Name,
        ["neurons"] = spec.Neurons.Count,
        ["links"] = spec.Links.Count,
        ["populations"] = spec.Populations.Count,
        ["populationNeurons"] = spec.Populations.Sum(p => p.Count),
        ["projections"] = spec.Projections.Count,
        ["inputs"] = spec.Inputs.Count,
    };
}
