using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Testing;

namespace NeuroSharp.Studio.Tests;

/// <summary>A real studio server on 127.0.0.1 with a free port and a temporary workspace, shared by a test class.</summary>
/// <remarks>A subclass changes the options with <see cref="Configure"/> (e.g. a short idle timeout).</remarks>
public class StudioFixture : IAsyncLifetime
{
    private readonly TempDirectory _workspace = new();

    public StudioServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string Workspace => Server.Workspace;

    public string ExamplesDirectory => FindExamples();

    public async Task InitializeAsync()
    {
        Server = await StudioServer.StartAsync(Configure(new StudioOptions
        {
            Port = 0,
            Workspace = Path.Combine(_workspace.Path, "ws"),
            MaxUploadBytes = 64 * 1024,
            MaxSimulations = 64,
            Mnist = TestData.MnistSubset,
        }));
        Http = new HttpClient { BaseAddress = Server.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        _workspace.Dispose();
    }

    /// <summary>The options of this fixture's server (the defaults above, as they are).</summary>
    protected virtual StudioOptions Configure(StudioOptions options) => options;

    /// <summary>The server's /api/info.</summary>
    public async Task<JsonNode> InfoAsync() => (await SendAsync(HttpMethod.Get, "/api/info")).Body!;

    public static StringContent Json(string text) => new(text, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string url, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = Json(json);
        using var response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task<string> CreateSimulationAsync(string networkJson)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/simulations", networkJson);
        Assert.True(status == 201, $"POST /api/simulations answered {status}: {body}");
        return (string)body!["id"]!;
    }

    public static string ReadExample(string name) => File.ReadAllText(Path.Combine(FindExamples(), name + ".json"));

    /// <summary>Waits for a condition (no timing asserts: a generous limit only to fail instead of hanging).</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, double seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up waiting for {what} after {seconds} s.");
            await Task.Delay(50);
        }
    }

    private static string FindExamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "examples", "networks");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("examples/networks was not found above the test's folder.");
    }
}
