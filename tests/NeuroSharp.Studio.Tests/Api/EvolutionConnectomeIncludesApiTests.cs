using System.Text.Json.Nodes;

namespace NeuroSharp.Studio.Tests.Api;

/// <summary>
/// A connectome uploaded with the files it includes (c302's level B includes cell_B.xml): the request's <c>includes</c>
/// carry them, every include resolves among them and nothing else, and a missing or misnamed one is refused with one
/// sentence naming it (docs/studio.md, "The evolution page").
/// </summary>
public sealed class EvolutionConnectomeIncludesApiTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    private static string Request(string network, string name, JsonObject? includes, string task = "worm-withdrawal") =>
        new JsonObject
        {
            ["task"] = task, ["algorithm"] = "cmaes", ["population"] = 4, ["generations"] = 1, ["seed"] = 5,
            ["network"] = network, ["networkName"] = name, ["includes"] = includes,
        }.ToJsonString();

    private static JsonObject Cell(string name = "mini_cell.xml") => new() { [name] = Networks.MiniActivityCell };

    private async Task<JsonNode> StatusAsync(string id) => (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}")).Body!;

    [Fact]
    public async Task LevelBStyleConnectomeWithItsCellFile_Evolves_ChampionKeepsItsGapJunctions()
    {
        var (code, started) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", Request(Networks.MiniWormConnectomeB, "mini_worm_b.net.nml", Cell()));
        Assert.True(code == 201, $"POST /api/evolution answered {code}: {started}");
        string id = (string)started!["id"]!;
        Assert.Equal("mini_worm_b.net.nml", (string)started["network"]!);
        // Generous: a busy machine (other builds on two cores) makes the worm's trials slow.
        await StudioFixture.WaitForAsync(async () => (string?)(await StatusAsync(id))["state"] == "done", "the run to be done", 180);
        Assert.Equal(4L, (long)(await StatusAsync(id))["evaluations"]!);

        var network = (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}/champion")).Body!["network"]!;
        // The included iafActivityCell is read as iafCell's equations: the ten cells packed into one population.
        Assert.Contains(network["populations"]!.AsArray(), p => (string)p!["name"]! == "cells" && (int)p["count"]! == 10);
        // Both gap junctions of the file (SMDDL~SMDVL: cells 4 and 5; ASEL~ASER: 1 and 2) are kept, in the file's order.
        var gap = network["gapJunctions"]!.AsArray().Single()!;
        var pairs = gap["connectivity"]!["sources"]!.AsArray().Select(x => (int)x!).Zip(gap["connectivity"]!["targets"]!.AsArray().Select(x => (int)x!));
        Assert.Equal([(4, 5), (1, 2)], pairs);
    }

    [Fact]
    public async Task IncludeNotUploaded_IsRefusedNamingIt_NothingStarts()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", Request(Networks.MiniWormConnectomeB, "mini_worm_b.net.nml", Cell("other.xml")));
        Assert.Equal(400, status);
        string error = (string)body!["error"]!;
        Assert.StartsWith("network 'mini_worm_b.net.nml': mini_worm_b.net.nml:2:", error);
        Assert.Contains("/neuroml/include[1] names 'mini_cell.xml', which was not uploaded with mini_worm_b.net.nml; pick it too", error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public async Task NoIncludesAtAll_IsRefusedNamingTheMissingFile()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", Request(Networks.MiniWormConnectomeB, "mini_worm_b.net.nml", null));
        Assert.Equal(400, status);
        Assert.Contains("names 'mini_cell.xml', which was not uploaded with mini_worm_b.net.nml", (string)body!["error"]!);
    }

    [Theory]
    [InlineData("../mini_cell.xml", "'../mini_cell.xml' is not a plain relative file name")]
    [InlineData("/etc/mini_cell.xml", "'/etc/mini_cell.xml' is not a plain relative file name")]
    [InlineData("a\\mini_cell.xml", "is not a plain relative file name")]
    [InlineData(".hidden.xml", "'.hidden.xml' is not a plain relative file name")]
    public async Task IncludeNamedOutsideTheUpload_IsRefused(string name, string expected)
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", Request(Networks.MiniWormConnectomeB, "mini_worm_b.net.nml", Cell(name)));
        Assert.Equal(400, status);
        Assert.Contains(expected, (string)body!["error"]!);
    }

    [Fact]
    public async Task HrefClimbingOutOfTheUpload_IsRefused()
    {
        string network = Networks.MiniWormConnectomeB.Replace("href=\"mini_cell.xml\"", "href=\"../mini_cell.xml\"", StringComparison.Ordinal);
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", Request(network, "mini_worm_b.net.nml", Cell()));
        Assert.Equal(400, status);
        Assert.Contains("href '../mini_cell.xml' leaves the folder of the uploaded files", (string)body!["error"]!);
    }

    [Fact]
    public async Task IncludesWithAJsonNetwork_OrWithoutANetwork_AreRefused()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", Request("{}", "x.json", Cell()));
        Assert.Equal(400, status);
        Assert.Contains("includes apply to a NeuroML connectome (.nml)", (string)body!["error"]!);

        (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", new JsonObject { ["task"] = "worm-klinotaxis", ["algorithm"] = "cmaes", ["includes"] = Cell() }.ToJsonString());
        Assert.Equal(400, status);
        Assert.Contains("the request has no network", (string)body!["error"]!);
    }

    [Fact]
    public async Task TooManyIncludes_IsRefused()
    {
        var many = new JsonObject();
        for (int i = 0; i < 17; i++) many[$"f{i}.xml"] = "<neuroml/>";
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", Request(Networks.MiniWormConnectomeB, "mini_worm_b.net.nml", many));
        Assert.Equal(400, status);
        Assert.Contains("includes may bring at most 16 files along with the connectome (got 17)", (string)body!["error"]!);
    }

    [Fact]
    public async Task IncludesOverTheUploadLimit_Are413_NamingTheOption()
    {
        // The fixture's --max-upload is 64 KiB: a request may be twice that plus 16 KiB; 300 000 characters are over it.
        var big = new JsonObject { ["mini_cell.xml"] = Networks.MiniActivityCell + new string(' ', 300_000) };
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", Request(Networks.MiniWormConnectomeB, "mini_worm_b.net.nml", big));
        Assert.Equal(413, status);
        Assert.Contains("--max-upload", (string)body!["error"]!);
    }
}
