using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace NeuroSharp.Studio.Tests.Api;

public sealed class SimulationApiTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    private async Task<JsonNode> StatusAsync(string id) => (await studio.SendAsync(HttpMethod.Get, $"/api/simulations/{id}")).Body!;

    [Fact]
    public async Task StepCommand_TakesThatManySteps()
    {
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        var (status, body) = await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", """{"type": "step", "count": 45}""");
        Assert.Equal(200, status);
        Assert.Equal(45, (long)body!["step"]!);
        Assert.False((bool)body["running"]!);
        var (_, reset) = await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", """{"type": "reset"}""");
        Assert.Equal(0, (long)reset!["step"]!);
    }

    [Fact]
    public async Task List_GivesTheStatusOfEverySimulation()
    {
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", """{"type": "step", "count": 3}""");
        var (status, body) = await studio.SendAsync(HttpMethod.Get, "/api/simulations");
        Assert.Equal(200, status);
        var mine = body!["simulations"]!.AsArray().Single(s => (string)s!["id"]! == id)!;
        Assert.Equal(3, (long)mine["step"]!);
        Assert.Equal("two", (string)mine["name"]!);
    }

    [Theory]
    [InlineData("""{"type": "jump"}""", "must be one of start, pause, step, reset, speed, watch (got \"jump\")")]
    [InlineData("""{"type": "step", "count": 0}""", "count must be in [1, 100000]")]
    [InlineData("""{"type": "speed", "stepsPerSecond": -3}""", "stepsPerSecond must be in (0")]
    [InlineData("""{"type": "speed"}""", "needs stepsPerSecond")]
    [InlineData("""{"type": "watch"}""", "The watch command needs target: a neuron or population with a morphology.")]
    [InlineData("""{"type": "watch", "target": "a"}""", "The command's target must be a neuron or population with a morphology (this network has none) (got \"a\").")]
    [InlineData("""{"type": "start", "colour": 1}""", "unknown field \"colour\" (known: type, count, stepsPerSecond, target, neuron)")]
    [InlineData("""[1, 2""", "The command must be a JSON object such as {\"type\": \"start\"}")]
    [InlineData("""{"type": "start",""", "The command is not valid JSON (")]
    public async Task BadCommand_IsRefused_AndTheRunGoesOn(string command, string expected)
    {
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", """{"type": "start", "stepsPerSecond": 1000}""");
        var (status, body) = await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", command);
        Assert.Equal(400, status);
        Assert.Contains(expected, (string)body!["error"]!);
        long before = (long)(await StatusAsync(id))["step"]!;
        await StudioFixture.WaitForAsync(async () => (long)(await StatusAsync(id))["step"]! > before + 10, "the run to go on after a bad command");
        Assert.True((bool)(await StatusAsync(id))["running"]!);
    }

    [Fact]
    public async Task BadNetwork_WhileRunning_IsRefused_AndTheRunGoesOn()
    {
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", """{"type": "start", "stepsPerSecond": 1000}""");
        var (status, body) = await studio.SendAsync(HttpMethod.Put, $"/api/simulations/{id}/network", Networks.BadLink);
        Assert.Equal(400, status);
        Assert.Contains("$.links[0].to names no neuron ('ghost'", (string)body!["error"]!);
        var (notJson, _) = await studio.SendAsync(HttpMethod.Put, $"/api/simulations/{id}/network", "{");
        Assert.Equal(400, notJson);
        long before = (long)(await StatusAsync(id))["step"]!;
        await StudioFixture.WaitForAsync(async () => (long)(await StatusAsync(id))["step"]! > before + 10, "the run to go on after a bad network");
        var after = await StatusAsync(id);
        Assert.True((bool)after["running"]!);
        Assert.Equal("two", (string?)after["name"]);
    }

    [Fact]
    public async Task ReplaceNetwork_WhileRunning_KeepsRunningTheNewNetwork()
    {
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", """{"type": "start", "stepsPerSecond": 1000}""");
        var (status, body) = await studio.SendAsync(HttpMethod.Put, $"/api/simulations/{id}/network", StudioFixture.ReadExample("reflex-arc"));
        Assert.Equal(200, status);
        Assert.Equal("reflex-arc", (string?)body!["name"]);
        Assert.True((bool)body["running"]!);
    }

    [Fact]
    public async Task UnknownSimulation_Is404()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/simulations/0123/commands", """{"type": "start"}""");
        Assert.Equal(404, status);
        Assert.Contains("no simulation '0123'", (string)body!["error"]!);
    }

    [Fact]
    public async Task Stream_TwoClients_BothGetTheNetworkAndFrames_AndShareCommands()
    {
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await using var first = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream");
        await using var second = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream");
        foreach (var c in new[] { first, second })
        {
            await c.WaitForAsync(m => (string?)m["type"] == "network", "the network message");
            var network = c.Messages.First(m => (string?)m["type"] == "network");
            Assert.Equal(["a", "b"], network["neurons"]!.AsArray().Select(n => (string)n!["id"]!));
        }
        // A command from one page moves what both see.
        await first.SendAsync("""{"type": "start", "stepsPerSecond": 500}""");
        foreach (var c in new[] { first, second })
            await c.WaitForAsync(m => (string?)m["type"] == "frame" && (long)m["step"]! >= 20, "frames of a running simulation");
        Assert.Equal(2, (int)(await StatusAsync(id))["clients"]!);
    }

    [Fact]
    public async Task Stream_Frames_ShowTheReleaseAndTheActiveLink()
    {
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await using var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream");
        await page.WaitForAsync(m => (string?)m["type"] == "frame", "the first frame");
        // Step by step: a (autostart, sta = 5) releases in step index 4; the link a -> b carries it.
        // One step at a time, each waiting for its frame, so that every step has a frame of its own.
        for (int s = 1; s <= 12; s++)
        {
            await page.SendAsync("""{"type": "step"}""");
            await page.WaitForAsync(m => (string?)m["type"] == "frame" && (long)m["step"]! == s, $"the frame after step {s}");
        }
        var frames = page.Frames.ToList();
        Assert.Contains(frames, f => f["activeLinks"]!.AsArray().Any(k => (int)k! == 0));
        Assert.Contains(frames, f => f["spikes"]!["rows"]!.AsArray().Any(r => (int)r! == 0) && f["spikes"]!["steps"]!.AsArray().Any(s => (int)s! == 4));
        // b collected a's release and activated (ACTIVATING is reached only by input above threshold).
        Assert.Contains(frames, f => (string?)f["neurons"]![1]!["phase"] == "activating");
        var trace = frames.SelectMany(f => f["trace"]!["steps"]!.AsArray().Select(s => (int)s!)).ToList();
        Assert.Equal(Enumerable.Range(0, 12), trace);
    }

    [Fact]
    public async Task Stream_BadCommand_AnswersWithAnError_AndTheRunGoesOn()
    {
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await using var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream");
        await page.SendAsync("""{"type": "start", "stepsPerSecond": 1000}""");
        await page.SendAsync("""{"type": "fly"}""");
        await page.SendAsync("not json");
        await page.WaitForAsync(m => (string?)m["type"] == "error" && ((string)m["message"]!).Contains("not valid JSON"), "the error message");
        Assert.Contains(page.Messages, m => (string?)m["type"] == "error" && ((string)m["message"]!).Contains("(got \"fly\")"));
        await page.WaitForAsync(m => (string?)m["type"] == "frame" && (bool)m["running"]! && (long)m["step"]! > 50, "frames after the bad commands");
    }

    [Fact]
    public async Task Stream_FromAnotherOrigin_IsRefused()
    {
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        var e = await Assert.ThrowsAsync<WebSocketException>(() => StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream", "http://attacker.example"));
        Assert.Contains("403", e.Message);
    }

    [Fact]
    public async Task Stream_AtFullSpeed_SendsFarFewerFramesThanSteps()
    {
        // Frames are bounded by the frame rate and dropped for a slow page; steps never wait for them.
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await using var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream");
        await page.SendAsync("""{"type": "start", "stepsPerSecond": 1e9}""");
        await page.WaitForAsync(m => (string?)m["type"] == "frame" && (long)m["step"]! > 200_000, "200 000 steps");
        long frames = page.Frames.Count();
        long steps = (long)page.Frames.Last()["step"]!;
        Assert.True(frames * 100 < steps, $"{frames} frames for {steps} steps");
    }

    [Fact]
    public async Task HugeNetwork_IsRefusedBeforeItIsBuilt_AndTheRunGoesOn()
    {
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", """{"type": "start", "stepsPerSecond": 1000}""");
        const string huge = """
            { "format": "neurosharp.network", "version": 1,
              "populations": [ { "name": "p", "count": 1000000, "model": "lif", "preset": "cuba" } ],
              "projections": [ { "source": "p", "target": "p", "receptor": "excitatory", "connectivity": { "rule": "allToAll" }, "weight": 1 } ] }
            """;
        var (status, body) = await studio.SendAsync(HttpMethod.Put, $"/api/simulations/{id}/network", huge);
        Assert.Equal(400, status);
        Assert.Contains("1000000 neurons; the studio runs at most 200000 live", (string)body!["error"]!);
        long before = (long)(await StatusAsync(id))["step"]!;
        await StudioFixture.WaitForAsync(async () => (long)(await StatusAsync(id))["step"]! > before + 10, "the run to go on after a huge network");
    }

    [Fact]
    public async Task WatchCommand_OverTheStream_MakesTheFramesCarryThatCellOnly()
    {
        var spec = NeuroSharp.Spiking.NetworkFile.Parse(StudioFixture.ReadExample("hh-axon"));
        string three = NeuroSharp.Spiking.NetworkFile.ToJson(spec with { Populations = [spec.Populations[0] with { Count = 3 }] });
        string id = await studio.CreateSimulationAsync(three);
        await using var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream");
        await page.WaitForAsync(m => (string?)m["type"] == "network", "the network message");
        var network = page.Messages.First(m => (string?)m["type"] == "network");
        Assert.Equal("axon", (string)network["morphologyCells"]![0]!["target"]!);
        Assert.Equal(100, network["morphologyCells"]![0]!["compartments"]!.AsArray().Count);
        Assert.Equal(0, (int)network["cell"]!["neuron"]!);

        await page.SendAsync("""{"type": "watch", "target": "axon", "neuron": 2}""");
        await page.SendAsync("""{"type": "step", "count": 5}""");
        await page.WaitForAsync(m => (string?)m["type"] == "frame" && (int?)m["cell"]?["neuron"] == 2 && (int?)m["step"] == 5, "a frame of cell 2 at step 5");
        var frame = page.Frames.Last(m => (int?)m["cell"]?["neuron"] == 2);
        Assert.Equal(100, frame["cell"]!["now"]!.AsArray().Count);
        Assert.All(frame["cell"]!["v"]!.AsArray(), row => Assert.Equal(100, row!.AsArray().Count));

        await page.SendAsync("""{"type": "watch", "target": "axon", "neuron": 3}""");
        await page.WaitForAsync(m => (string?)m["type"] == "error", "the refusal");
        Assert.Equal("The command's neuron must be in [0, 2] for \"axon\" (got 3).", (string)page.Messages.Last(m => (string?)m["type"] == "error")["message"]!);
    }
}
