namespace NeuroSharp.Studio.Tests.Api;

/// <summary>A studio with room for two simulations and the default idle timeout (5 minutes).</summary>
public sealed class TwoPageStudioFixture : StudioFixture
{
    protected override StudioOptions Configure(StudioOptions options) => options with { MaxSimulations = 2 };
}

/// <summary>
/// A page's simulation lives as long as the page: when its stream closes it is stopped and forgotten within
/// seconds (not after the idle timeout), and a page that just created its simulation keeps it while it connects,
/// so a page over the limit is refused with the sentence naming --max-simulations instead of taking another's run.
/// </summary>
public sealed class ClosedPageTests(TwoPageStudioFixture studio) : IClassFixture<TwoPageStudioFixture>
{
    private async Task<bool> ExistsAsync(string id) => (await studio.SendAsync(HttpMethod.Get, $"/api/simulations/{id}")).Status == 200;

    private Task WaitUntilEmptyAsync() =>
        StudioFixture.WaitForAsync(async () => (int)(await studio.InfoAsync())["simulations"]! == 0, "every simulation to be forgotten");

    [Fact]
    public async Task ClosedPage_ItsSimulation_IsStoppedAndForgottenWithinSeconds()
    {
        await WaitUntilEmptyAsync();
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", """{"type": "start", "stepsPerSecond": 1000}""");
        var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream");
        await page.WaitForAsync(m => (string?)m["type"] == "network", "the network message");
        await page.DisposeAsync();
        // The idle timeout is 5 minutes; a closed page's run goes after the 3 s grace (20 s only bounds a loaded machine).
        await StudioFixture.WaitForAsync(async () => !await ExistsAsync(id), "the closed page's simulation to be forgotten", 20);
        // Its memory is given back as it is forgotten: the registry drops the id, then the run (taking its lock, which a step in
        // progress holds) releases its lease, so the count reaches 0 a moment after the id goes.
        await StudioFixture.WaitForAsync(async () => (long)(await studio.InfoAsync())["memoryHeldBytes"]! == 0, "the forgotten simulation's memory to be given back", 5);
    }

    [Fact]
    public async Task OpenPage_ItsSimulation_IsKept()
    {
        await WaitUntilEmptyAsync();
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await using var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream");
        await page.WaitForAsync(m => (string?)m["type"] == "network", "the network message");
        // A second page that came and went does not take the first page's run with it.
        var other = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream");
        await other.WaitForAsync(m => (string?)m["type"] == "network", "the second page's network message");
        await other.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        Assert.True(await ExistsAsync(id), "the simulation of a page still open was forgotten");
    }

    [Fact]
    public async Task PageOverTheLimit_WhileOthersConnect_IsRefusedNamingTheOption()
    {
        await WaitUntilEmptyAsync();
        // Two pages created their simulations and are connecting: a third is refused, not given one of theirs.
        string first = await studio.CreateSimulationAsync(Networks.TwoLinked);
        string second = await studio.CreateSimulationAsync(Networks.TwoLinked);
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/simulations", Networks.TwoLinked);
        Assert.Equal(429, status);
        string error = (string)body!["error"]!;
        Assert.Contains("already runs 2 simulations", error);
        Assert.Contains("`neurosharp studio --max-simulations N`", error);
        Assert.True(await ExistsAsync(first) && await ExistsAsync(second), "a connecting page's simulation was closed to make room");
        await studio.SendAsync(HttpMethod.Delete, $"/api/simulations/{first}");
        await studio.SendAsync(HttpMethod.Delete, $"/api/simulations/{second}");
    }
}
