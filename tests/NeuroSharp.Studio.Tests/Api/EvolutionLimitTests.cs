namespace NeuroSharp.Studio.Tests.Api;

/// <summary>Evolution runs count against the studio's memory limit and are forgotten when nobody uses them.</summary>
public sealed class EvolutionLimitTests(TightStudioFixture studio) : IClassFixture<TightStudioFixture>
{
    [Fact]
    public async Task PopulationOverTheMemoryLimit_IsRefusedWithTheEstimate()
    {
        // 2000 genomes at 256 KiB each are 500 MiB, over the fixture's 256 MiB.
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", """{"task": "xor", "population": 2000}""");
        Assert.Equal(400, status);
        string error = (string)body!["error"]!;
        Assert.Contains("The evolution run of 'xor' with neat would need about", error);
        Assert.Contains("more than the limit of 256 MiB", error);
    }

    [Fact]
    public async Task UnwatchedRun_IsStoppedAndForgottenAfterTheIdleTimeout_WatchedRunIsKept()
    {
        const string endless = """{"task": "xor", "population": 10, "generations": 100000, "seed": 4}""";
        var (s1, watchedBody) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", endless);
        var (s2, unwatchedBody) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", endless);
        Assert.Equal(201, s1);
        Assert.Equal(201, s2);
        string watched = (string)watchedBody!["id"]!, unwatched = (string)unwatchedBody!["id"]!;
        await using var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/evolution/{watched}/stream");
        Assert.True((long)(await studio.InfoAsync())["memoryHeldBytes"]! > 0);

        // The idle timeout is 300 ms: the unwatched run is forgotten (404) while the page keeps the other.
        await StudioFixture.WaitForAsync(async () => (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{unwatched}")).Status == 404, "the unwatched run to be forgotten");
        await page.WaitForAsync(m => (int)m["generation"]! >= 2, "generations on the watched run's stream");
        Assert.Equal(200, (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{watched}")).Status);
        await studio.SendAsync(HttpMethod.Post, $"/api/evolution/{watched}/stop");
    }
}
