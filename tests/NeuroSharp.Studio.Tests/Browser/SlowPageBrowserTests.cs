using System.Globalization;
using Microsoft.Playwright;
using NeuroSharp.Spiking;
using NeuroSharp.Studio.Live;
using NeuroSharp.Studio.Tests.Api;
using PureHDF;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>
/// A page that reads its stream slowly still gets every spike in its raster and its Spikes CSV, the caps of the page and
/// the stream are said on the page and in the CSV when they are hit, and a Start pressed while the studio has no room
/// for the page's simulation runs once it has.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SlowPageBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    // Blocks the page's main thread 300 ms of every 500 (a busy page on a loaded machine): messages wait in the browser.
    private const string BusyPage = "() => { window.busy = setInterval(() => { const t = performance.now(); while (performance.now() - t < 300); }, 500); }";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    private Task<StudioServer> SlowServerAsync(string folder) => StudioServer.StartAsync(new StudioOptions
    {
        Port = 0,
        Workspace = Path.Combine(browser.Studio.Workspace, folder),
        FrameSendDelayForTests = SlowPageStudioFixture.SendDelay,
    });

    [Fact]
    public async Task SlowPage_EiNetwork_RasterAndSpikesCsvHoldEverySpikeOfTheRun()
    {
        await using var server = await SlowServerAsync("slow-page");
        var page = await browser.OpenAsync("/", server.Url);
        await page.SelectOptionAsync("#examples", "ei-network");
        await page.WaitForFunctionAsync("() => window.studio.live.layout?.populations.length === 2 && window.studio.synced()");
        await page.EvaluateAsync(BusyPage);
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => window.studio.live.latest && window.studio.live.latest.timeMs > 1000", null, new() { Timeout = 120_000 });
        await page.ClickAsync("#run");
        await Expect(page.Locator("#run")).ToHaveTextAsync("Start");
        string id = await page.EvaluateAsync<string>("() => window.studio.simulationId");
        using var http = new HttpClient { BaseAddress = server.Url };
        var status = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync($"/api/simulations/{id}"))!;
        int steps = status["step"]!.GetValue<int>();
        await page.WaitForFunctionAsync($"() => window.studio.live.latest.step === {steps} && !window.studio.live.latest.running");
        await page.EvaluateAsync("() => clearInterval(window.busy)");

        var spec = NetworkFile.Load(Path.Combine(browser.Studio.ExamplesDirectory, "ei-network.json"));
        var expected = SlowPageSpikesTests.EngineSpikes(spec, steps);
        Assert.True(expected.Count > 1000, $"the run made {expected.Count} spikes");

        // The raster's spikes: every one the engine produced for its rows, none twice.
        var rows = await page.EvaluateAsync<int[]>("() => window.studio.plots.spikes.rows");
        var times = await page.EvaluateAsync<double[]>("() => window.studio.plots.spikes.times");
        var shown = rows.Zip(times, (r, t) => (r, (int)Math.Round(t / spec.DtMs))).Order().ToList();
        Assert.Equal(expected.Count, shown.Count);
        Assert.Equal(expected, shown);
        await Expect(page.Locator("#raster-note")).ToBeHiddenAsync();

        // The CSV has them all, and no note: nothing is missing.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-spikes"));
        var lines = File.ReadAllText((await download.PathAsync())!).TrimEnd('\n').Split('\n');
        Assert.Equal("timeMs,row,neuron", lines[0]);
        Assert.Equal(expected.Count, lines.Length - 1);

        // The NWB export, the server's own record of the run, has as many.
        var nwb = await http.GetByteArrayAsync($"/api/simulations/{id}/nwb");
        string path = Path.Combine(Path.GetTempPath(), $"slow-page-{Guid.NewGuid():N}.nwb");
        File.WriteAllBytes(path, nwb);
        try
        {
            using var file = H5File.OpenRead(path);
            Assert.Equal(expected.Count, file.Dataset("units/spike_times").Read<double[]>().Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task SpikesOverTheCaps_ThePageAndTheCsvSaySo()
    {
        // Poisson sources at 1 kHz, 64 of them in the raster: a step command of 5 000 steps (0.5 s) makes about 32 000 raster
        // spikes, over a frame's 20 000.
        const string network = """
            { "format": "neurosharp.network", "version": 1, "name": "loud", "dtMs": 0.1,
              "populations": [ { "name": "src", "count": 128, "model": "poisson", "params": { "rateHz": 1000 }, "kind": "excitatory", "x": 300, "y": 150 } ] }
            """;
        var page = await browser.OpenWorkspaceFileAsync("loud.json", network);
        await page.WaitForFunctionAsync("() => window.studio.live.layout?.populations.length === 1 && window.studio.synced()");
        await Expect(page.Locator("#raster-note")).ToBeHiddenAsync();

        for (int k = 1; k <= 4; k++)
        {
            await page.EvaluateAsync("() => window.studio.live.send({ type: 'step', count: 5000 })");
            await page.WaitForFunctionAsync($"() => window.studio.live.latest?.step === {5000 * k}");
        }
        int dropped = await page.EvaluateAsync<int>("() => window.studio.plots.spikes.dropped");
        int trimmed = await page.EvaluateAsync<int>("() => window.studio.plots.spikes.trimmed");
        // Each step command's frame held 20 000 spikes and counted the rest; the page kept the last 60 000 of the 80 000.
        int made = SlowPageSpikesTests.EngineSpikes(NetworkFile.Parse(network, "loud.json"), 20_000).Count;
        Assert.True(made > 4 * 25_000, $"the run made {made} spikes");
        Assert.Equal(made - 4 * 20_000, dropped);
        Assert.Equal(20_000, trimmed);
        await Expect(page.Locator("#raster-note")).ToBeVisibleAsync();
        await Expect(page.Locator("#raster-note")).ToContainTextAsync("the page keeps the last 60,000 spikes: 20,000 earlier ones are not in the raster or the Spikes CSV");
        await Expect(page.Locator("#raster-note")).ToContainTextAsync($"{dropped.ToString("N0", CultureInfo.InvariantCulture)} spikes were over the stream's limits (20,000 a frame, 100,000 waiting for a slow page)");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-spikes"));
        var lines = File.ReadAllText((await download.PathAsync())!).TrimEnd('\n').Split('\n');
        Assert.StartsWith("# the page keeps the last 60,000 spikes", lines[0], StringComparison.Ordinal);
        Assert.Contains("The NWB export has the run's spikes.", lines[0], StringComparison.Ordinal);
        Assert.Equal("timeMs,row,neuron", lines[1]);
        Assert.Equal(60_000, lines.Length - 2);

        // Reset: the record starts again, and so does the note.
        await page.ClickAsync("#reset");
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.step === 0");
        await Expect(page.Locator("#raster-note")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task TraceSamplesOverTheCaps_ThePageAndTheTracesCsvSaySo()
    {
        // One LIF neuron at 100 steps/s is sampled every step: a step command of 5 000 steps makes 5 000 trace samples, over
        // a frame's 4 096, and its plot keeps the last 4 000 of those it got.
        const string network = """
            { "format": "neurosharp.network", "version": 1, "name": "traced", "dtMs": 0.1,
              "neurons": [ { "id": "a", "model": "lif", "preset": "cuba", "x": 300, "y": 150 } ] }
            """;
        var page = await browser.OpenWorkspaceFileAsync("traced.json", network);
        await page.WaitForFunctionAsync("() => window.studio.live.layout?.neurons.length === 1 && window.studio.synced()");
        await page.ClickAsync("[data-id=a] circle.body");
        await page.Keyboard.PressAsync("p");
        await Expect(page.Locator("[data-plot=a]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#trace-note")).ToBeHiddenAsync();

        await page.EvaluateAsync("() => window.studio.live.send({ type: 'speed', stepsPerSecond: 100 })");
        await page.EvaluateAsync("() => window.studio.live.send({ type: 'step', count: 5000 })");
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.step === 5000");
        Assert.Equal(5000 - 4096, await page.EvaluateAsync<int>("() => window.studio.plots.traces.dropped"));
        Assert.Equal(4096 - 4000, await page.EvaluateAsync<int>("() => window.studio.plots.trimmed()"));
        await Expect(page.Locator("#trace-note")).ToBeVisibleAsync();
        await Expect(page.Locator("#trace-note")).ToContainTextAsync("a plot keeps its last 4,000 samples: 96 earlier ones are not in the plots or the Traces CSV");
        await Expect(page.Locator("#trace-note")).ToContainTextAsync("904 samples were over the stream's limits (4,096 a frame, 262,144 values waiting for a slow page) and did not reach the page");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-traces"));
        var lines = File.ReadAllText((await download.PathAsync())!).TrimEnd('\n').Split('\n');
        Assert.StartsWith("# a plot keeps its last 4,000 samples", lines[0], StringComparison.Ordinal);
        Assert.Contains("904 samples were over the stream's limits", lines[0], StringComparison.Ordinal);
        Assert.Equal("timeMs,plot,variable,value", lines[1]);
        Assert.Equal(4000 * 3, lines.Length - 2); // v, ge, gi

        // The plot removed, its trimmed samples are no longer lacking anywhere; the samples that never came still are.
        await page.Keyboard.PressAsync("p");
        await Expect(page.Locator("[data-plot=a]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#trace-note")).Not.ToContainTextAsync("a plot keeps");
        await Expect(page.Locator("#trace-note")).ToContainTextAsync("904 samples were over the stream's limits");

        // Reset: the record starts again, and so does the note.
        await page.ClickAsync("#reset");
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.step === 0");
        await Expect(page.Locator("#trace-note")).ToBeHiddenAsync();
    }

    /// <summary>
    /// A studio of one live simulation (<c>--max-simulations 1</c>) and two pages on it, the first holding the simulation;
    /// the second, told the studio has no room, gets a neuron and Start, and says that its Start waits (the button reads
    /// <c>Waiting…</c>). The caller disposes the server.
    /// </summary>
    /// <param name="browser">The browser.</param>
    /// <param name="folder">The studio's workspace, a folder of the browser's studio workspace.</param>
    /// <param name="width">The pages' window width.</param>
    /// <param name="height">The pages' window height.</param>
    /// <returns>The studio and its two pages.</returns>
    internal static async Task<(StudioServer Server, IPage First, IPage Second)> StartAtTheLimitAsync(BrowserFixture browser, string folder, int width = 1400, int height = 900)
    {
        var server = await StudioServer.StartAsync(new StudioOptions
        {
            Port = 0,
            Workspace = Path.Combine(browser.Studio.Workspace, folder),
            MaxSimulations = 1,
        });
        try
        {
            var first = await browser.OpenAsync("/", server.Url, width, height);
            var second = await browser.OpenAsync("/", server.Url, width, height);
            await Expect(second.Locator("#message.error")).ToContainTextAsync("1 simulations");
            await second.ClickAsync("#add-neuron");
            // Start at the limit is kept, and the page says why nothing runs yet.
            await second.ClickAsync("#run");
            await Expect(second.Locator("#message")).ToContainTextAsync("Start waits for room");
            await Expect(second.Locator("#run")).ToHaveTextAsync("Waiting…");
            return (server, first, second);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task StartAtTheSimulationLimit_Waits_AndRunsOnceASlotFrees()
    {
        var (server, first, second) = await StartAtTheLimitAsync(browser, "start-waits");
        await using var _ = server;
        await first.Context.CloseAsync();
        // Once the studio forgets the first page's simulation, the second gets one and its run starts without another click.
        await Expect(second.Locator("#run")).ToHaveTextAsync("Pause", new() { Timeout = 60_000 });
        await Expect(second.Locator("#sim-clock")).Not.ToContainTextAsync("step 0 ");
        await Expect(second.Locator("#message")).ToContainTextAsync("the run started");
    }

    [Fact]
    public async Task StartAtTheSimulationLimit_PressedAgain_IsCancelled()
    {
        var (server, first, second) = await StartAtTheLimitAsync(browser, "start-cancelled");
        await using var _ = server;
        await second.ClickAsync("#run");
        await Expect(second.Locator("#message")).ToContainTextAsync("Start cancelled");
        await Expect(second.Locator("#run")).ToHaveTextAsync("Start");
        await first.Context.CloseAsync();
        await second.WaitForFunctionAsync("() => window.studio.simulationId !== null", null, new() { Timeout = 60_000 });
        await second.WaitForFunctionAsync("() => window.studio.live.latest !== null");
        Assert.False(await second.EvaluateAsync<bool>("() => window.studio.live.latest.running"));
        await Expect(second.Locator("#run")).ToHaveTextAsync("Start");
    }
}
