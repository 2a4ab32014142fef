using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NeuroSharp.Formats;
using NeuroSharp.Studio.Hosting;
using NeuroSharp.Studio.Live;

namespace NeuroSharp.Studio.Api;

/// <summary>
/// The live simulation endpoints: create one from a network, replace its network, send commands,
/// read its status, delete it, and its WebSocket stream (network and frame messages out, commands in).
/// </summary>
internal static class SimulationEndpoints
{
    private const int MaxCommandBytes = 4096;

    private const string CommandLimitHint = "a command is a few dozen bytes, e.g. {\"type\": \"step\", \"count\": 10}";

    private static readonly (string Name, string Shape)[] CommandFields =
    [
        ("type", $"one of {string.Join(", ", SimulationCommand.Types)} as a string"),
        ("count", $"a whole number in [1, {SimulationCommand.MaxStepCount}]"),
        ("stepsPerSecond", "a number in (0, 1e9]"),
        ("target", "the name of a neuron or population with a morphology, as a string"),
        ("neuron", "a whole number from 0"),
    ];

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The application.</param>
    /// <param name="studio">The shared state.</param>
    public static void Map(WebApplication app, StudioContext studio)
    {
        app.MapPost("/api/simulations", async (HttpRequest request) =>
        {
            var spec = await NetworkEndpoints.ReadNetworkAsync(request, studio, "network").ConfigureAwait(false);
            var sim = studio.Simulations.Create(spec);
            return ApiResults.Json(StatusJson(sim.Status()), StatusCodes.Status201Created);
        });

        // Every simulation's status (what a script reads to see how fast the runs of open pages go); reading it keeps none alive.
        app.MapGet("/api/simulations", () => ApiResults.Json(new JsonObject
        {
            ["simulations"] = new JsonArray(studio.Simulations.All.Select(s => StatusJson(s.Status())).ToArray()),
        }));

        app.MapGet("/api/simulations/{id}", (string id) =>
        {
            if (Find(studio, id) is not { } sim) return NotFound(id);
            sim.Touch();
            return ApiResults.Json(StatusJson(sim.Status()));
        });

        app.MapPut("/api/simulations/{id}/network", async (string id, HttpRequest request) =>
        {
            if (Find(studio, id) is not { } sim) return NotFound(id);
            var spec = await NetworkEndpoints.ReadNetworkAsync(request, studio, "network").ConfigureAwait(false);
            bool live = studio.Simulations.Replace(sim, spec);
            var status = StatusJson(sim.Status());
            status["applied"] = live ? "live" : "restart";
            return ApiResults.Json(status);
        });

        // The run so far as NWB (the same writer as `neurosharp simulate --format nwb`), as a download.
        app.MapGet("/api/simulations/{id}/nwb", (string id, HttpContext context) =>
        {
            if (Find(studio, id) is not { } sim) return NotFound(id);
            var (file, from, to) = sim.Nwb();
            context.Response.Headers["X-NeuroSharp-Steps"] = FormattableString.Invariant($"{from}-{to}");
            return Results.File(file, "application/x-hdf5", "simulation.nwb");
        });

        app.MapPost("/api/simulations/{id}/commands", async (string id, HttpRequest request) =>
        {
            if (Find(studio, id) is not { } sim) return NotFound(id);
            string text = await RequestBody.ReadTextAsync(request, MaxCommandBytes, CommandLimitHint).ConfigureAwait(false);
            return ApiResults.Json(StatusJson(sim.Apply(ParseCommand(text))));
        });

        app.MapDelete("/api/simulations/{id}", async (string id) =>
            await studio.Simulations.RemoveAsync(id).ConfigureAwait(false) ? Results.NoContent() : NotFound(id));

        app.Map("/api/simulations/{id}/stream", async (string id, HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                await ApiResults.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "This address is a WebSocket; connect with ws://.").ConfigureAwait(false);
                return;
            }
            if (Find(studio, id) is not { } sim)
            {
                await ApiResults.WriteErrorAsync(context, StatusCodes.Status404NotFound, NotFoundMessage(id)).ConfigureAwait(false);
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            // The stream ends with the page, the studio, or the simulation (a deleted one closes its pages' sockets: they make a new one).
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, studio.Stopping.Token, sim.Ended);
            try
            {
                await StreamAsync(sim, socket, studio.Options.FrameSendDelayForTests, ended.Token).ConfigureAwait(false);
            }
            finally
            {
                // A closed page's simulation is stopped and forgotten a few seconds later unless a page connects again.
                _ = studio.Simulations.ReleaseIfClosedAsync(sim, studio.Stopping.Token);
            }
        });
    }

    /// <summary>Parses a command's JSON.</summary>
    /// <param name="text">The JSON text.</param>
    /// <returns>The command (not yet validated).</returns>
    /// <exception cref="InvalidInputException">The text is not a JSON command.</exception>
    public static SimulationCommand ParseCommand(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, StudioJsonContext.Default.SimulationCommand)
                ?? throw new InvalidInputException("The command is null; send {\"type\": \"start\"} or another command.");
        }
        catch (JsonException e)
        {
            throw JsonBodyError.Describe(e, text, "The command", "{\"type\": \"start\"}", CommandFields);
        }
    }

    private static async Task StreamAsync(LiveSimulation sim, WebSocket socket, TimeSpan sendDelay, CancellationToken aborted)
    {
        var client = sim.Attach();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var sending = SendLoopAsync(client, socket, sendDelay, done.Token);
        try
        {
            var buffer = new byte[MaxCommandBytes];
            while (socket.State == WebSocketState.Open)
            {
                int length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"Commands are at most {MaxCommandBytes} bytes.", CancellationToken.None).ConfigureAwait(false);
                        return;
                    }
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), done.Token).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).ConfigureAwait(false);
                    break;
                }
                try
                {
                    sim.Apply(ParseCommand(Encoding.UTF8.GetString(buffer, 0, length)));
                }
                catch (InvalidInputException e)
                {
                    LiveSimulation.SendError(client, e.Message);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The page went away.
        }
        finally
        {
            sim.Detach(client);
            await done.CancelAsync().ConfigureAwait(false);
            try
            {
                await sending.ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }
    }

    private static async Task SendLoopAsync(FrameClient client, WebSocket socket, TimeSpan sendDelay, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            // A frame finished with its spikes lives in the client's buffer until the next call: it is sent before that.
            var message = await client.NextAsync(ct).ConfigureAwait(false);
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
            if (sendDelay > TimeSpan.Zero) await Task.Delay(sendDelay, ct).ConfigureAwait(false);
        }
    }

    private static LiveSimulation? Find(StudioContext studio, string id) => studio.Simulations.Find(id);

    private static IResult NotFound(string id) => ApiResults.Error(StatusCodes.Status404NotFound, NotFoundMessage(id));

    private static string NotFoundMessage(string id) =>
        $"There is no simulation '{id}' (it may have been closed to make room, or forgotten after the studio's --idle-timeout with no page watching it; create one with POST /api/simulations).";

    private static JsonNode StatusJson(SimulationStatus status) =>
        JsonSerializer.SerializeToNode(status, StudioJsonContext.Default.SimulationStatus)!;
}
