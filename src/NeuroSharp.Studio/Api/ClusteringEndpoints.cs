using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NeuroSharp.Formats;
using NeuroSharp.Studio.Clustering;
using NeuroSharp.Studio.Hosting;
using NeuroSharp.Studio.Live;

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
            ClusteringRequest? body;
            try
            {
                body = JsonSerializer.Deserialize(text, StudioJsonContext.Default.ClusteringRequest);
            }
            catch (JsonException e)
            {
                throw JsonBodyError.Describe(e, text, "The clustering request", "{\"data\": \"side-by-side:mnist\", \"meta\": 2, \"clusters\": 10}", RequestFields);
            }
            var job = studio.Clustering.Start(body ?? throw new InvalidInputException("The clustering request is null."));
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

        app.Map("/api/clustering/{id}/stream", async (string id, HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                await ApiResults.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "This address is a WebSocket; connect with ws://.").ConfigureAwait(false);
                return;
            }
            if (studio.Clustering.Find(id) is not { } job)
            {
                await ApiResults.WriteErrorAsync(context, StatusCodes.Status404NotFound, NotFoundMessage(id)).ConfigureAwait(false);
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var client = job.Attach();
            using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, studio.Stopping.Token);
            var receiving = DrainAsync(socket, done);
            try
            {
                while (socket.State == WebSocketState.Open && !done.IsCancellationRequested)
                {
                    var message = await client.NextAsync(done.Token).ConfigureAwait(false);
                    await socket.SendAsync(message, WebSocketMessageType.Text, true, done.Token).ConfigureAwait(false);
                    job.Delivered(message);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
            finally
            {
                job.Detach(client);
                await done.CancelAsync().ConfigureAwait(false);
                await receiving.ConfigureAwait(false);
            }
        });
    }

    /// <summary>Reads (and ignores) what the page sends until it closes, then cancels the send loop (the clustering and evolution streams).</summary>
    internal static async Task DrainAsync(WebSocket socket, CancellationTokenSource done)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var r = await socket.ReceiveAsync(buffer.AsMemory(), done.Token).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        await done.CancelAsync().ConfigureAwait(false);
    }

    private static IResult NotFound(string id) => ApiResults.Error(StatusCodes.Status404NotFound, NotFoundMessage(id));

    private static string NotFoundMessage(string id) =>
        $"There is no clustering run '{id}' (an ended run is forgotten once its result was read and no page shows it, or after the studio's --idle-timeout; start one with POST /api/clustering).";

    private static JsonNode StatusJson(ClusteringStatus status) => JsonSerializer.SerializeToNode(status, StudioJsonContext.Default.ClusteringStatus)!;
}
