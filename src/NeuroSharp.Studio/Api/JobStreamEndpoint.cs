using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NeuroSharp.Studio.Hosting;

namespace NeuroSharp.Studio.Api;

/// <summary>
/// The WebSocket stream of a watched run (<see cref="WatchedJob"/>; the clustering and evolution pages): the page gets
/// the run's latest frame at once, then its messages and the newest frames until either side closes.
/// </summary>
internal static class JobStreamEndpoint
{
    /// <summary>Maps the stream at <paramref name="pattern"/> (with an <c>{id}</c>).</summary>
    /// <param name="app">The application.</param>
    /// <param name="studio">The shared state.</param>
    /// <param name="pattern">The address, e.g. <c>/api/evolution/{id}/stream</c>.</param>
    /// <param name="find">The run by id, or null.</param>
    /// <param name="notFoundMessage">The 404's sentence for an id.</param>
    public static void Map(WebApplication app, StudioContext studio, string pattern, Func<string, WatchedJob?> find, Func<string, string> notFoundMessage)
    {
        app.Map(pattern, async (string id, HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                await ApiResults.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "This address is a WebSocket; connect with ws://.").ConfigureAwait(false);
                return;
            }
            if (find(id) is not { } job)
            {
                await ApiResults.WriteErrorAsync(context, StatusCodes.Status404NotFound, notFoundMessage(id)).ConfigureAwait(false);
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

    /// <summary>Reads (and ignores) what the page sends until it closes, then cancels the send loop.</summary>
    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource done)
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
}
