using System.Net;
using System.Text.Json.Nodes;
using NeuroSharp.Spiking;

namespace NeuroSharp.Studio.Tests.Api;

public sealed class NetworkApiTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    [Fact]
    public async Task Server_Url_IsLoopbackOnly()
    {
        Assert.Equal("127.0.0.1", studio.Server.Url.Host);
        var (status, body) = await studio.SendAsync(HttpMethod.Get, "/api/info");
        Assert.Equal(200, status);
        Assert.Equal(studio.Workspace, (string)body!["workspace"]!);
        Assert.True((bool)body["frontEndBuilt"]!, "The front end was not built into the Studio assembly (is npm installed?).");
    }

    [Fact]
    public async Task Models_ListEveryModel_WithPresetParameters()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Get, "/api/models");
        Assert.Equal(200, status);
        var models = body!["models"]!.AsArray();
        Assert.Equal(NeuronModels.Names, models.Select(m => (string)m!["name"]!));
        var repository = models[0]!["presets"]!.AsArray().Single(p => (string)p!["name"]! == "repository")!;
        Assert.Equal([5.0, -0.1], repository["params"]!["reproductivity"]!.AsArray().Select(v => (double)v!));
        Assert.Equal("excitatory", (string)models[0]!["presets"]!.AsArray().Single(p => (string)p!["name"]! == "excitatory")!["kind"]!);
    }

    /// <summary>
    /// The unit a current step's amplitude has on each model (its docs page), as the side panel names it; null for the
    /// models a current does not drive. One entry per model the network format has: a new model without one fails here.
    /// </summary>
    private static readonly Dictionary<string, string?> CurrentUnits = new()
    {
        ["transmitter"] = null, ["lif"] = "mV (R I)", ["conductanceLif"] = "mV (R I)", ["izhikevich"] = "model units",
        ["izhikevich2007"] = "pA", ["adex"] = "pA", ["glif"] = "pA", ["gif"] = "pA", ["hh"] = "pA",
        ["equations"] = "the unit of I in its equations", ["poisson"] = null, ["spikeTimes"] = null, ["randomIntervals"] = null,
    };

    [Fact]
    public async Task Models_EveryModel_NamesTheUnitOfItsCurrentInputs()
    {
        foreach (string name in NeuronModels.Names)
            Assert.True(CurrentUnits.ContainsKey(name), $"model '{name}' has no current unit here: add it to ModelCatalog.CurrentUnitOf and NetworkApiTests.CurrentUnits");
        var (_, body) = await studio.SendAsync(HttpMethod.Get, "/api/models");
        foreach (var model in body!["models"]!.AsArray())
        {
            string name = (string)model!["name"]!;
            Assert.True(model.AsObject().ContainsKey("currentUnit"), $"model '{name}' has no currentUnit in the catalog");
            Assert.Equal(CurrentUnits[name], (string?)model["currentUnit"]);
            // Exactly the models a current input drives have a unit (transmitter neurons take stimuli; sources take nothing).
            var descriptor = NeuronModels.Find(name)!;
            Assert.Equal(!descriptor.IsSource && name != NeuronModels.Transmitter, CurrentUnits[name] is not null);
        }
    }

    [Fact]
    public async Task Examples_EachOne_LoadsAndBuildsALiveSimulation()
    {
        var (_, list) = await studio.SendAsync(HttpMethod.Get, "/api/examples");
        var names = list!["examples"]!.AsArray().Select(e => (string)e!["name"]!).ToList();
        Assert.Contains("reflex-arc", names);
        Assert.Contains("mutual-inhibition", names);
        Assert.Contains("central-pattern-generator", names);
        Assert.Contains("ei-network", names);
        foreach (string name in names)
        {
            var (status, body) = await studio.SendAsync(HttpMethod.Get, $"/api/examples/{name}");
            Assert.Equal(200, status);
            string id = await studio.CreateSimulationAsync(body!["network"]!.ToJsonString());
            var (stepStatus, stepped) = await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", """{"type": "step", "count": 3}""");
            Assert.Equal(200, stepStatus);
            Assert.Equal(3, (long)stepped!["step"]!);
            await studio.SendAsync(HttpMethod.Delete, $"/api/simulations/{id}");
        }
    }

    [Fact]
    public async Task Examples_Unknown_Is404NamingTheKnownOnes()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Get, "/api/examples/nope");
        Assert.Equal(404, status);
        Assert.Contains("reflex-arc", (string)body!["error"]!);
    }

    [Fact]
    public async Task Validate_BadLink_Is400WithTheReadersSentence()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/networks/validate?source=mine.json", Networks.BadLink);
        Assert.Equal(400, status);
        string error = (string)body!["error"]!;
        Assert.StartsWith("mine.json: $.links[0].to names no neuron ('ghost'", error);
    }

    [Fact]
    public async Task Validate_NotJson_Is400WithTheLine()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/networks/validate", "{\n  \"format\": ");
        Assert.Equal(400, status);
        Assert.Contains("not valid JSON at line", (string)body!["error"]!);
    }

    [Fact]
    public async Task Validate_Good_ReturnsTheCanonicalNetwork()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/networks/validate", Networks.TwoLinked);
        Assert.Equal(200, status);
        Assert.Equal(5.0, (double)body!["network"]!["neurons"]![0]!["params"]!["reproductivity"]![0]!);
        Assert.Equal(1, (int)body["summary"]!["links"]!);
    }

    [Fact]
    public async Task Upload_OverTheLimit_Is413WithTheLimit()
    {
        string big = "{\"format\": \"neurosharp.network\", \"version\": 1, \"description\": \"" + new string('x', 100_000) + "\"}";
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/networks/validate", big);
        Assert.Equal(413, status);
        Assert.Contains("limit of 65536 bytes", (string)body!["error"]!);
        Assert.Contains("neurosharp studio --max-upload", (string)body["error"]!);
    }

    [Fact]
    public async Task Upload_NotJsonContentType_Is415()
    {
        using var content = new StringContent(Networks.TwoLinked);
        using var response = await studio.Http.PostAsync("/api/networks/validate", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_ForAnotherHost_IsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/info");
        request.Headers.Host = "attacker.example";
        using var response = await studio.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("127.0.0.1 or localhost only", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_FromAnotherOrigin_IsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/networks/validate") { Content = StudioFixture.Json(Networks.TwoLinked) };
        request.Headers.Add("Origin", "http://attacker.example");
        using var response = await studio.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("another origin", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownApi_Is404Json()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Get, "/api/nothing-here");
        Assert.Equal(404, status);
        Assert.Contains("docs/studio.md", (string)body!["error"]!);
    }

    [Fact]
    public async Task Pages_AreServed()
    {
        string index = await studio.Http.GetStringAsync("/");
        Assert.Contains("/assets/app.js", index);
        string script = await studio.Http.GetStringAsync("/assets/app.js");
        Assert.True(script.Length > 1000);
        Assert.Contains("metacluster.js", await studio.Http.GetStringAsync("/metacluster"));
    }
}
