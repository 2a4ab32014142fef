using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace NeuroSharp.Studio.Tests;

/// <summary>A WebSocket client of a live simulation's stream that keeps every message it received.</summary>
internal sealed class StreamClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly List<JsonNode> _messages = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;

    public static async Task<StreamClient> ConnectAsync(Uri server, string path, string? origin = null)
    {
        var client = new StreamClient();
        if (origin is not null) client._socket.Options.SetRequestHeader("Origin", origin);
        var uri = new Uri($"ws://{server.Authority}{path}");
        await client._socket.ConnectAsync(uri, CancellationToken.None);
        client._receiving = client.ReceiveAsync();
        return client;
    }

    public List<JsonNode> Messages
    {
        get
        {
            lock (_messages) return [.. _messages];
        }
    }

    public IEnumerable<JsonNode> Frames => Messages.Where(m => (string?)m["type"] == "frame");

    public Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task WaitForAsync(Func<JsonNode, bool> match, string what, double seconds = 20) =>
        StudioFixture.WaitForAsync(() => Task.FromResult(Messages.Any(match)), what, seconds);

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                var node = JsonNode.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length))!;
                message.SetLength(0);
                lock (_messages) _messages.Add(node);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }
        await _stop.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
    }
}
