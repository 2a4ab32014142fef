using System.Text.Json.Nodes;

namespace NeuroSharp.Studio.Tests.Api;

/// <summary>A studio with a small memory limit, a short idle timeout and room for three simulations.</summary>
public sealed class TightStudioFixture : StudioFixture
{
    public const long MemoryLimit = 256L << 20;

    protected override StudioOptions Configure(StudioOptions options) => options with
    {
        Memory = new MemoryBudget(MemoryLimit, "`neurosharp studio --memory-limit`"),
        // Long enough that a run created by a test is still there when the test connects on a busy machine.
        IdleTimeout = TimeSpan.FromSeconds(2),
        MaxSimulations = 3,
    };
}

/// <summary>
/// The studio frees what its runs hold: finished, stopped and unwatched runs are forgotten, live runs
/// count against the memory limit, and requests over it are refused with a sentence. Counts are read
/// from /api/info (no assertion on when the garbage collector runs).
/// </summary>
public sealed class RunLimitTests(TightStudioFixture studio) : IClassFixture<TightStudioFixture>
{
    private async Task WaitUntilEmptyAsync() =>
        await StudioFixture.WaitForAsync(async () =>
        {
            var info = await studio.InfoAsync();
            return (int)info["simulations"]! == 0 && (int)info["clusteringRuns"]! == 0 && (long)info["memoryHeldBytes"]! == 0;
        }, "every run to be forgotten");

    private async Task<string> StartClusteringAsync(string request)
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/clustering", request);
        Assert.True(status == 201, $"POST /api/clustering answered {status}: {body}");
        return (string)body!["id"]!;
    }

    [Fact]
    public async Task Clustering_DataOverTheMemoryLimit_IsRefusedWithTheEstimate()
    {
        // 20 000 generated rows of 100 000 inputs are 8 GB of floats: refused before anything is generated.
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/clustering", """{"data": "uniform:dims=100000"}""");
        Assert.Equal(400, status);
        string error = (string)body!["error"]!;
        Assert.Contains("The clustering run on 'uniform:dims=100000'", error);
        Assert.Contains("would need about 7.5 GiB of memory, more than the limit of 256 MiB", error);
        Assert.Contains("`neurosharp studio --memory-limit`", error);
        Assert.Equal(0, (int)(await studio.InfoAsync())["clusteringRuns"]!);
    }

    [Fact]
    public async Task Runs_FinishedStoppedAndUnwatched_AreForgottenAfterTheIdleTimeout()
    {
        await WaitUntilEmptyAsync();
        // A running simulation nobody watches, one whose page closed, and one deleted.
        string running = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{running}/commands", """{"type": "start", "stepsPerSecond": 1000}""");
        string watched = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await using (var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{watched}/stream"))
        {
            await page.WaitForAsync(m => (string?)m["type"] == "network", "the network message");
        }
        string deleted = await studio.CreateSimulationAsync(Networks.TwoLinked);
        var (deleteStatus, _) = await studio.SendAsync(HttpMethod.Delete, $"/api/simulations/{deleted}");
        Assert.Equal(204, deleteStatus);
        // A clustering run stopped, one that ends by itself, and one left running without a page.
        string stopped = await StartClusteringAsync("""{"data": "onehot:groups=2,size=3,samples=200", "meta": 2, "clusters": 2, "samples": 100000000}""");
        await studio.SendAsync(HttpMethod.Post, $"/api/clustering/{stopped}/stop");
        string done = await StartClusteringAsync("""{"data": "onehot:groups=2,size=3,samples=200", "meta": 2, "clusters": 2, "samples": 100}""");
        var info = await studio.InfoAsync();
        Assert.True((long)info["memoryHeldBytes"]! > 0, $"the runs hold memory: {info}");

        await WaitUntilEmptyAsync();
        foreach (string id in new[] { running, watched, deleted })
            Assert.Equal(404, (await studio.SendAsync(HttpMethod.Get, $"/api/simulations/{id}")).Status);
        foreach (string id in new[] { stopped, done })
            Assert.Equal(404, (await studio.SendAsync(HttpMethod.Get, $"/api/clustering/{id}")).Status);
    }

    [Fact]
    public async Task Clustering_WatchedEndedRun_IsKeptUntilItsPageCloses()
    {
        await WaitUntilEmptyAsync();
        string id = await StartClusteringAsync("""{"data": "onehot:groups=2,size=3,samples=200", "meta": 2, "clusters": 2, "samples": 100}""");
        var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/clustering/{id}/stream");
        await page.WaitForAsync(m => (string?)m["state"] == "done" && m["masks"] is not null, "the last frame");
        await Task.Delay(600); // twice the idle timeout: a page still shows it
        Assert.Equal("done", (string?)(await studio.SendAsync(HttpMethod.Get, $"/api/clustering/{id}")).Body!["state"]);
        await page.DisposeAsync();
        await WaitUntilEmptyAsync();
    }

    [Fact]
    public async Task Runs_OverTheMemoryLeftBesideRunningOnes_AreRefusedNamingWhatTheyHold()
    {
        await WaitUntilEmptyAsync();
        // 20 000 rows of 2 000 inputs: about 153 MiB each; two do not fit in 256 MiB.
        const string request = """{"data": "uniform:dims=2000", "meta": 2, "clusters": 2, "samples": 100000000}""";
        string first = await StartClusteringAsync(request);
        await using var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/clustering/{first}/stream");
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/clustering", request);
        Assert.Equal(429, status);
        string error = (string)body!["error"]!;
        Assert.Contains("would need about 153 MiB of memory", error);
        Assert.Contains("the running simulations, clustering and evolution runs hold 153 MiB of the limit of 256 MiB", error);
        Assert.Contains("stop a run or close a page first", error);
        Assert.Contains("--memory-limit", error);
        await studio.SendAsync(HttpMethod.Post, $"/api/clustering/{first}/stop");
    }

    [Fact]
    public async Task Simulation_Create_CountsItsPageBuffersAgainstTheMemory()
    {
        await WaitUntilEmptyAsync();
        string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
        await using var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream");
        // Two neurons, but a frame may hold 20 000 spikes and 4 096 trace samples: over a MiB for the page.
        long held = (long)(await studio.InfoAsync())["memoryHeldBytes"]!;
        Assert.True(held > 1 << 20, $"held {held} bytes");
        var (replaced, _) = await studio.SendAsync(HttpMethod.Put, $"/api/simulations/{id}/network", StudioFixture.ReadExample("reflex-arc"));
        Assert.Equal(200, replaced);
        Assert.Equal(1, (int)(await studio.InfoAsync())["simulations"]!);
        Assert.Equal(204, (await studio.SendAsync(HttpMethod.Delete, $"/api/simulations/{id}")).Status);
        Assert.Equal(0, (long)(await studio.InfoAsync())["memoryHeldBytes"]!);
    }

    [Fact]
    public async Task Simulations_OverTheLiveCap_AreRefusedNamingTheOption()
    {
        await WaitUntilEmptyAsync();
        var pages = new List<StreamClient>();
        try
        {
            for (int k = 0; k < 3; k++)
            {
                string id = await studio.CreateSimulationAsync(Networks.TwoLinked);
                var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream");
                pages.Add(page);
                await page.WaitForAsync(m => (string?)m["type"] == "network", "the network message");
            }
            var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/simulations", Networks.TwoLinked);
            Assert.Equal(429, status);
            Assert.Contains("already runs 3 simulations", (string)body!["error"]!);
            Assert.Contains("`neurosharp studio --max-simulations N`", (string)body["error"]!);
        }
        finally
        {
            foreach (var page in pages) await page.DisposeAsync();
        }
    }

    [Fact]
    public async Task Info_ListsTheLimitsAndWhatTheRunsHold()
    {
        JsonNode info = await studio.InfoAsync();
        Assert.Equal(TightStudioFixture.MemoryLimit, (long)info["memoryLimitBytes"]!);
        Assert.Equal(2.0, (double)info["idleTimeoutSeconds"]!, 6);
        Assert.NotNull(info["memoryHeldBytes"]);
    }
}
