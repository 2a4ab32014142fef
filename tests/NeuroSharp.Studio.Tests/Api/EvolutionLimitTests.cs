using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Evolution.Worlds.Reflex;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Studio.Evolution;

namespace NeuroSharp.Studio.Tests.Api;

/// <summary>
/// The tight studio with an idle timeout of 3 s instead of 300 ms: long enough for a page to connect to a run it
/// just started on a busy machine, short enough for a test.
/// </summary>
public sealed class EvolutionLimitFixture : StudioFixture
{
    protected override StudioOptions Configure(StudioOptions options) => options with
    {
        Memory = new MemoryBudget(TightStudioFixture.MemoryLimit, "`neurosharp studio --memory-limit`"),
        IdleTimeout = TimeSpan.FromSeconds(3),
    };
}

/// <summary>Evolution runs count against the studio's memory limit and are forgotten when nobody uses them.</summary>
public sealed class EvolutionLimitTests(EvolutionLimitFixture studio) : IClassFixture<EvolutionLimitFixture>
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
        Assert.Equal(201, s1);
        string watched = (string)watchedBody!["id"]!;
        await using var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/evolution/{watched}/stream");
        var (s2, unwatchedBody) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", endless);
        Assert.Equal(201, s2);
        string unwatched = (string)unwatchedBody!["id"]!;
        long both = (long)(await studio.InfoAsync())["memoryHeldBytes"]!;
        Assert.True(both > 0);

        // The idle timeout is 3 s: the unwatched run is forgotten, and its memory (half, as the runs are alike) given
        // back, while the page keeps the other. Watched through /api/info: a request for the run would be a use of it.
        await StudioFixture.WaitForAsync(async () => (long)(await studio.InfoAsync())["memoryHeldBytes"]! == both / 2, "the unwatched run to be forgotten", 60);
        Assert.Equal(404, (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{unwatched}")).Status);
        await page.WaitForAsync(m => (int)m["generation"]! >= 2, "generations on the watched run's stream");
        Assert.Equal(200, (await studio.SendAsync(HttpMethod.Get, $"/api/evolution/{watched}")).Status);
        await studio.SendAsync(HttpMethod.Post, $"/api/evolution/{watched}/stop");
    }

    [Fact]
    public async Task RunBesideAHeldRun_OverWhatIsLeft_IsRefusedWithTheSentenceOfEveryStudioRun()
    {
        // 600 genomes at 256 KiB and the replay's buffers: about 174 MiB; two do not fit in 256 MiB.
        const string request = """{"task": "xor", "population": 600, "generations": 100000, "seed": 5}""";
        await WaitUntilNothingIsHeldAsync(); // the other tests' runs are forgotten 3 s after their pages close
        var (s1, firstBody) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", request);
        Assert.Equal(201, s1);
        string first = (string)firstBody!["id"]!;
        var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/evolution/{first}/stream");
        try
        {
            var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/evolution", request);
            Assert.Equal(429, status);
            string error = (string)body!["error"]!;
            Assert.Contains("The evolution run of 'xor' with neat would need about 174 MiB of memory, and the running simulations, clustering and evolution runs hold 174 MiB of the limit of 256 MiB", error);
            Assert.Contains("stop a run or close a page first (or raise the limit with `neurosharp studio --memory-limit`)", error);
        }
        finally
        {
            await studio.SendAsync(HttpMethod.Post, $"/api/evolution/{first}/stop");
            await page.DisposeAsync();
        }
        await WaitUntilNothingIsHeldAsync(); // so that no other test of this class counts this run's memory
    }

    private Task WaitUntilNothingIsHeldAsync() =>
        StudioFixture.WaitForAsync(async () => (long)(await studio.InfoAsync())["memoryHeldBytes"]! == 0, "the studio's runs to be forgotten", 60);

    [Fact]
    public void Validate_EveryTask_BuildsItsEnginesWithinTheStudiosBudget_NotTheMachineDefault()
    {
        var budget = new MemoryBudget(TightStudioFixture.MemoryLimit, "`neurosharp studio --memory-limit`");
        foreach (string name in EvolutionTasks.Names)
        {
            var (task, _, _) = new EvolutionRequest { Task = name }.Validate(budget);
            Assert.Same(budget, MemoryOf(task));
        }
        var (pole, _, _) = new EvolutionRequest { Task = "double-pole", SensorCode = "linear" }.Validate(budget);
        Assert.Same(budget, MemoryOf(pole));
    }

    [Fact]
    public async Task Registry_StartsRunsWhoseTaskHasTheStudiosBudget()
    {
        var budget = new MemoryBudget(TightStudioFixture.MemoryLimit, "`neurosharp studio --memory-limit`");
        var registry = new EvolutionRegistry(new RunMemory(budget), TimeSpan.FromMinutes(5));
        var job = registry.Start(new EvolutionRequest { Task = "touch-reflex", Population = 4, Generations = 1 });
        try
        {
            Assert.Same(budget, MemoryOf(job.EvolvedTask));
        }
        finally
        {
            await job.DisposeAsync();
        }
    }

    private static MemoryBudget MemoryOf(IEvolutionTask task) => task switch
    {
        XorTask x => x.Memory,
        PoleBalancingTask p => p.Memory,
        WormTaskBase w => w.Memory,
        TouchReflexTask t => t.Memory,
        _ => throw new InvalidOperationException($"task {task.Name}: add its type here"),
    };
}
