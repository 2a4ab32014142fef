namespace NeuroSharp.Studio.Tests.Api;

/// <summary>Messages speak the API's words (JSON paths, expected shapes), never .NET type names.</summary>
public sealed class MessageWordingTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    private static void AssertNoTypeNames(string message)
    {
        Assert.DoesNotContain("System.", message);
        Assert.DoesNotContain("NeuroSharp.", message);
        Assert.DoesNotContain("Nullable", message);
        Assert.DoesNotContain(".NET", message);
    }

    [Theory]
    [InlineData("""{"type": 5}""", "The command's $.type must be one of start, pause, step, reset, speed, watch as a string (got 5).")]
    [InlineData("""{"type": "step", "count": "ten"}""", "The command's $.count must be a whole number in [1, 100000] (got \"ten\").")]
    [InlineData("""{"type": "step", "count": 2.5}""", "The command's $.count must be a whole number in [1, 100000] (got 2.5).")]
    [InlineData("""{"type": "speed", "stepsPerSecond": "fast"}""", "The command's $.stepsPerSecond must be a number in (0, 1e9] (got \"fast\").")]
    [InlineData("""[1, 2]""", "The command must be a JSON object such as {\"type\": \"start\"} (got an array).")]
    [InlineData("""{"type": "start", "colour": 1}""", "The command has an unknown field \"colour\" (known: type, count, stepsPerSecond, target, neuron).")]
    [InlineData("""{"type": "x"}""", "The command's type must be one of start, pause, step, reset, speed, watch (got \"x\").")]
    public async Task Command_WrongJsonShape_IsRefusedInTheApisWords(string command, string expected)
    {
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        var (status, body) = await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", command);
        Assert.Equal(400, status);
        string error = (string)body!["error"]!;
        Assert.Equal(expected, error);
        AssertNoTypeNames(error);
    }

    [Fact]
    public async Task Command_WrongJsonShapeOnTheSocket_IsAnsweredInTheApisWords()
    {
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await using var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream");
        await page.SendAsync("""{"type": "step", "count": null}""");
        await page.SendAsync("""{"type": "step", "count": true}""");
        await page.WaitForAsync(m => (string?)m["type"] == "error" && ((string)m["message"]!).Contains("(got true)"), "the second error");
        var errors = page.Messages.Where(m => (string?)m["type"] == "error").Select(m => (string)m["message"]!).ToList();
        Assert.Contains("The command's $.count must be a whole number in [1, 100000] (got true).", errors);
        Assert.All(errors, AssertNoTypeNames);
    }

    [Theory]
    [InlineData("""{"meta": "two"}""", "The clustering request's $.meta must be a whole number (got \"two\").")]
    [InlineData("""{"seed": -1}""", "The clustering request's $.seed must be a whole number of at least 0 (got -1).")]
    [InlineData("""{"maskRate": [0.2]}""", "The clustering request's $.maskRate must be a number (got an array).")]
    [InlineData("""{"data": 7}""", "The clustering request's $.data must be a data spec as a string (got 7).")]
    [InlineData("""{"data": null}""", "data must be a data spec such as \"side-by-side:mnist\" (got null;")]
    [InlineData("""{"colour": 1}""", "The clustering request has an unknown field \"colour\" (known: data, meta, clusters,")]
    [InlineData("""42""", "The clustering request must be a JSON object such as {\"data\": \"side-by-side:mnist\", \"meta\": 2, \"clusters\": 10} (got 42).")]
    [InlineData("""{"meta": 2,""", "The clustering request is not valid JSON (")]
    public async Task ClusteringRequest_WrongJsonShape_IsRefusedInTheApisWords(string request, string expected)
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/clustering", request);
        Assert.Equal(400, status);
        string error = (string)body!["error"]!;
        Assert.StartsWith(expected, error);
        AssertNoTypeNames(error);
    }

    [Theory]
    [InlineData("""[1]""")]
    [InlineData("""{"format": "neurosharp.network", "version": "1"}""")]
    [InlineData("""{"format": "neurosharp.network", "version": 1, "dtMs": "x"}""")]
    [InlineData("""{"format": "neurosharp.network", "version": 1, "neurons": {}}""")]
    [InlineData("""{"format": "neurosharp.network", "version": 1, "neurons": [{"id": 5, "model": "transmitter"}]}""")]
    [InlineData("""{"format": "neurosharp.network", "version": 1, "neurons": [{"id": "a", "model": "lif", "params": {"tauM": "x"}}]}""")]
    [InlineData("""{"format": "neurosharp.network", "version": 1, "populations": [{"name": "p", "model": "lif", "count": 1e12}]}""")]
    public async Task Network_WrongJsonShape_IsRefusedWithoutTypeNames(string network)
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/simulations", network);
        Assert.Equal(400, status);
        AssertNoTypeNames((string)body!["error"]!);
    }

    [Fact]
    public async Task CommandBody_OverItsLimit_SaysACommandIsSmall()
    {
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        var (status, body) = await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", "{\"type\": \"" + new string('x', 5000) + "\"}");
        Assert.Equal(413, status);
        Assert.Contains("a command is a few dozen bytes", (string)body!["error"]!);
    }
}
