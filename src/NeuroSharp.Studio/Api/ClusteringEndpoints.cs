using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NeuroSharp.Formats;
using NeuroSharp.Studio.Clustering;
using NeuroSharp.Studio.Hosting;

namespace NeuroSharp.Studio.Api;

/// <summary>The meta-clustering endpoints: start a run, read its status, stop it, and its WebSocket stream of pictures.</summary>
internal static class ClusteringEndpoints
{
    private static readonly (string Name, string Shape)[] RequestFields =
    [
        ("data", "a data spec as a string"),
        ("meta", "a whole number"),
        ("clusters", "a whole number"),
        ("maskRate", "a number"),
        ("rate", "a number"),
        ("random", "a number"),
        ("metric", "\"l1\" or \"l2\""),
        ("init", "\"zeros\", \"samples\" or \"plusplus\""),
        ("samples", "a whole number in [1, 100000000]"),
        ("seed", "a whole number of at least 0"),
    ];

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The application.</param>
    /// <param name="studio">The shared state.</param>
    public static void Map(WebApplication app, StudioContext studio)
    {
        app.MapPost("/api/clustering", async (HttpRequest request) =>
        {
            string text = await RequestBody.ReadTextAsync(request, 16 * 1024, "a clustering request is a few hundred bytes").ConfigureAwait(false);
            var job = studio.Clustering.Start(JsonBodyError.Parse(text, StudioJsonContext.Default.ClusteringRequest, "The clustering request", "{\"data\": \"side-by-side:mnist\", \"meta\": 2, \"clusters\": 10}", RequestFields));
            return ApiResults.Json(StatusJson(job.Status()), StatusCodes.Status201Created);
        });

        app.MapGet("/api/clustering/{id}", (string id) =>
            studio.Clustering.Find(id) is { } job ? ApiResults.Json(StatusJson(job.Status(read: true))) : NotFound(id));

        app.MapPost("/api/clustering/{id}/stop", (string id) =>
        {
            if (studio.Clustering.Find(id) is not { } job) return NotFound(id);
            job.Stop();
            return ApiResults.Json(StatusJson(job.Status()));
        });

        JobStreamEndpoint.Map(app, studio, "/api/clustering/{id}/stream", id => studio.Clustering.Find(id), NotFoundMessage);
    }

    private static IResult NotFound(string id) => ApiResults.Error(StatusCodes.Status404NotFound, NotFoundMessage(id));

    private static string NotFoundMessage(string id) =>
        $"There is no clustering run '{id}' (an ended run is forgotten once its result was read and no page shows it, or after the studio's --idle-timeout; start one with POST /api/clustering).";

    private static JsonNode StatusJson(ClusteringStatus status) => JsonSerializer.SerializeToNode(status, StudioJsonContext.Default.ClusteringStatus)!;
}
