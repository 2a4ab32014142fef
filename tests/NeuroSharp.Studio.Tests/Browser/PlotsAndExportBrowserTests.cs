using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>A population's rate plot, and the spikes and traces exported as CSV from the page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PlotsAndExportBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    [Fact]
    public async Task Population_P_PlotsItsRate_SpikesAndTracesExportAsCsv()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "ei-network");
        await Expect(page.Locator(".node.population")).ToHaveCountAsync(2);
        await page.ClickAsync("[data-id=exc] rect.body");
        await page.Keyboard.PressAsync("p");
        await Expect(page.Locator("[data-plot='p:exc']")).ToContainTextAsync("rate (Hz)");
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => window.studio.live.latest && window.studio.live.latest.timeMs > 300", null, new() { Timeout = 60_000 });
        await page.ClickAsync("#run");
        await Expect(page.Locator("#run")).ToHaveTextAsync("Start");
        var rates = await page.EvaluateAsync<double[]>("() => window.studio.plots.charts.get('p:exc').ys[0]");
        Assert.NotEmpty(rates);
        // The example's excitatory cells fire at about 8 Hz; a frame's window is short, so single points vary widely.
        Assert.All(rates, r => Assert.True(double.IsFinite(r) && r >= 0, $"rate {r}"));
        Assert.InRange(rates.Average(), 1, 40);
        await BrowserFixture.ScreenshotAsync(page, "population-rate");

        var spikes = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-spikes"));
        string spikesCsv = File.ReadAllText((await spikes.PathAsync())!);
        var spikeLines = spikesCsv.TrimEnd('\n').Split('\n');
        Assert.Equal("timeMs,row,neuron", spikeLines[0]);
        int shown = await page.EvaluateAsync<int>("() => window.studio.plots.spikes.rows.length");
        Assert.Equal(shown, spikeLines.Length - 1);
        Assert.Contains(spikeLines, l => l.Contains(",exc[", StringComparison.Ordinal));
        Assert.Contains(spikeLines, l => l.Contains(",inh[", StringComparison.Ordinal));

        var traces = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-traces"));
        var traceLines = File.ReadAllText((await traces.PathAsync())!).TrimEnd('\n').Split('\n');
        Assert.Equal("timeMs,plot,variable,value", traceLines[0]);
        Assert.Equal(rates.Length, traceLines.Length - 1);
        Assert.All(traceLines.Skip(1), l => Assert.Contains(",p:exc,rate (Hz),", l));
        double first = double.Parse(traceLines[1].Split(',')[3], CultureInfo.InvariantCulture);
        Assert.Equal(rates[0], first, 6);
    }

    [Fact]
    public async Task P_BeforeTheRunningNetworkHasThePopulation_PlotsItOnceItDoes()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "ei-network");
        await Expect(page.Locator(".node.population")).ToHaveCountAsync(2);
        await page.SelectOptionAsync("#preset", "lif/cuba");
        await page.WaitForFunctionAsync("() => window.studio.synced()");
        // Adding a population and pressing P in one turn of the page: the edit reaches the server only after 150 ms, so the
        // running network cannot have the new population yet.
        var asked = await page.EvaluateAsync<string[]>(@"() => {
            document.getElementById('add-population').click();
            document.dispatchEvent(new KeyboardEvent('keydown', { key: 'p', bubbles: true }));
            const key = window.studio.editor.selection;
            return [key, String(window.studio.plots.isPending(key)), String(window.studio.plots.has(key)), document.getElementById('message').textContent];
        }");
        string key = asked[0];
        Assert.StartsWith("p:", key, StringComparison.Ordinal);
        Assert.Equal("true", asked[1]);
        Assert.Equal("false", asked[2]);
        Assert.Equal($"{key[2..]} is not in the running network yet: its rate is plotted as soon as it is.", asked[3]);
        await Expect(page.Locator("#panel [data-field=plot]")).ToBeCheckedAsync();
        await Expect(page.Locator($"[data-plot='{key}']")).ToContainTextAsync("rate (Hz)");
        Assert.False(await page.EvaluateAsync<bool>($"() => window.studio.plots.isPending('{key}')"));

        // Asked for twice before it runs: not wanted any more, and no chart comes.
        await page.EvaluateAsync(@"() => {
            document.getElementById('add-population').click();
            document.dispatchEvent(new KeyboardEvent('keydown', { key: 'p', bubbles: true }));
            document.dispatchEvent(new KeyboardEvent('keydown', { key: 'p', bubbles: true }));
        }");
        string second = await page.EvaluateAsync<string>("() => window.studio.editor.selection");
        await page.WaitForFunctionAsync("() => window.studio.synced()");
        await page.WaitForFunctionAsync($"() => window.studio.live.layout.populations.some((p) => 'p:' + p.name === '{second}')");
        Assert.Equal(0, await page.Locator($"[data-plot='{second}']").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>($"() => window.studio.plots.isPending('{second}')"));
    }

    [Fact]
    public async Task Neuron_PlottedTrace_ExportsWithItsUnit()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "mutual-inhibition");
        var firstNeuron = page.Locator(".node.neuron circle.body").First;
        await firstNeuron.ClickAsync();
        await page.Keyboard.PressAsync("p");
        await Expect(page.Locator(".chart")).ToHaveCountAsync(1);
        for (int k = 0; k < 5; k++) await page.Keyboard.PressAsync(".");
        await page.WaitForFunctionAsync("() => window.studio.live.latest && window.studio.live.latest.step >= 5");
        var traces = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-traces"));
        var lines = File.ReadAllText((await traces.PathAsync())!).TrimEnd('\n').Split('\n');
        Assert.Contains(lines, l => l.Contains(",v (mV),", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Izhikevich2007Neuron_Plot_NamesItsUnits()
    {
        // NeuroML's izhikevich2007Cell: v in mV, u in pA, its conductances in nS (docs/neuroml.md), not unitless.
        const string network = """
            { "format": "neurosharp.network", "version": 1, "name": "izh2007", "dtMs": 0.1,
              "neurons": [ { "id": "rs", "model": "izhikevich2007", "preset": "regularSpiking", "x": 300, "y": 150 } ] }
            """;
        var page = await browser.OpenWorkspaceFileAsync("izh2007.json", network);
        await page.ClickAsync("[data-id=rs] circle.body");
        await page.Keyboard.PressAsync("p");
        await Expect(page.Locator("[data-plot=rs]")).ToContainTextAsync("izhikevich2007");
        Assert.Equal(["time (ms)", "v (mV)", "u (pA)", "ge (nS)", "gi (nS)"],
            await page.EvaluateAsync<string[]>("() => window.studio.plots.charts.get('rs').plot.series.map(s => s.label)"));
        Assert.Equal(["time (ms)", "mV"], await page.EvaluateAsync<string[]>("() => window.studio.plots.charts.get('rs').plot.axes.map(a => a.label)"));
    }

    [Theory]
    [InlineData("", "pA")]
    [InlineData(", \"params\": { \"excReversalMv\": 0, \"inhReversalMv\": -80 }", "nS")]
    public async Task AdExNeuron_Plot_NamesItsInputUnitByItsParameters(string parameters, string inputUnit)
    {
        // AdEx's inputs are currents in pA, or conductances in nS when it has reversal potentials (docs/spiking-adex.md).
        string network = $$"""
            { "format": "neurosharp.network", "version": 1, "name": "adex", "dtMs": 0.1,
              "neurons": [ { "id": "ad", "model": "adex", "preset": "adapting"{{parameters}}, "x": 300, "y": 150 } ] }
            """;
        string file = $"adex-{inputUnit}.json";
        var page = await browser.OpenWorkspaceFileAsync(file, network);
        await page.ClickAsync("[data-id=ad] circle.body");
        await page.Keyboard.PressAsync("p");
        await Expect(page.Locator("[data-plot=ad]")).ToContainTextAsync("adex");
        Assert.Equal(["time (ms)", "v (mV)", "w (pA)", $"ge ({inputUnit})", $"gi ({inputUnit})"],
            await page.EvaluateAsync<string[]>("() => window.studio.plots.charts.get('ad').plot.series.map(s => s.label)"));
    }
}
