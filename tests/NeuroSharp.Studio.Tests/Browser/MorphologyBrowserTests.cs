using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>
/// A cell of many compartments in the editor (docs/studio.md, "The morphology view", "The channel editor"): the hh-axon
/// example's 100 compartments drawn and coloured by v as the run streams, the spike reaching the far end after the near one,
/// a hover naming a compartment, a click plotting its v; the channels as a table whose fields edit the network, and a bad
/// value answered by the engine's sentence with the field outlined.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MorphologyBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    private static Task<T> Doc<T>(IPage page, string expression) => page.EvaluateAsync<T>($"() => window.studio.doc.network.{expression}");

    /// <summary>
    /// Notes, on every animation frame, the first painted step at which c0 and c99 are drawn above -50 mV (depolarised: their colour leaves the blues of rest), and their colours
    /// then and at rest: what the view shows (its rectangles' data-v and fill), not the server's numbers.
    /// </summary>
    private const string Recorder = """
        () => {
          const seen = window.__seen = { near: null, far: null, nearColour: null, farColour: null, rest: null };
          const seg = (n) => document.querySelector(`.morph-seg[data-compartment=${n}]`);
          const tick = () => {
            const svg = document.querySelector('.morph-svg');
            if (svg?.dataset.step) {
              const step = Number(svg.dataset.step);
              seen.rest ??= seg('c99').getAttribute('fill');
              if (seen.near === null && Number(seg('c0').dataset.v) > -50) { seen.near = step; seen.nearColour = seg('c0').getAttribute('fill'); }
              if (seen.far === null && Number(seg('c99').dataset.v) > -50) { seen.far = step; seen.farColour = seg('c99').getAttribute('fill'); }
            }
            if (seen.far === null) requestAnimationFrame(tick);
          };
          tick();
        }
        """;

    private sealed class Seen
    {
        public int? Near { get; set; }
        public int? Far { get; set; }
        public string? NearColour { get; set; }
        public string? FarColour { get; set; }
        public string? Rest { get; set; }
    }

    [Fact]
    public async Task HhAxon_ColoursFollowTheSpikeFromTheNearEndToTheFar_HoverNamesACompartment_ClickPlotsItsV()
    {
        var page = await browser.OpenAsync("/?example=hh-axon");
        await page.ClickAsync("[data-id=axon] rect.body");
        await Expect(page.Locator(".morphology .morph-seg")).ToHaveCountAsync(100);
        await Expect(page.Locator(".morph-legend")).ToContainTextAsync("v (mV)");

        // Click the far end: its v is plotted (from the frames' samples of the watched cell).
        await page.ClickAsync(".morph-seg[data-compartment=c99]");
        await Expect(page.Locator("#charts .chart[data-plot='m:axon[0].c99']")).ToHaveCountAsync(1);

        // 100 steps a second (1 ms of the axon's time a second): c0 stays above -50 mV for more than a second of the page's
        // time (the pulse, then its spike), dozens of frames even on a loaded machine.
        await page.Locator("#speed").FillAsync("5");
        await Expect(page.Locator("#speed-label")).ToHaveTextAsync("100 steps/s");
        await page.EvaluateAsync(Recorder);
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => window.__seen.far !== null", null, new() { Timeout = 60_000 });
        // The click's plot gets c99's spike (the samples of the watched cell), then the run pauses.
        await page.WaitForFunctionAsync("() => Math.max(...window.studio.plots.charts.get('m:axon[0].c99').ys[0]) > 0", null, new() { Timeout = 30_000 });
        await page.ClickAsync("#run");
        var seen = await page.EvaluateAsync<Seen>("() => window.__seen");
        Assert.True(seen.Near is not null && seen.Far is not null, "both ends should be drawn above -50 mV");
        // The pulse is at 1 to 2 ms (steps 100 to 200); the spike needs about 1.6 ms (160 steps) to reach c99.
        Assert.True(seen.Far > seen.Near, $"c99 went above -50 mV at step {seen.Far}, not after c0 (step {seen.Near})");
        Assert.True(seen.Far - seen.Near >= 50, $"c99 at step {seen.Far}, only {seen.Far - seen.Near} steps after c0");
        Assert.NotEqual(seen.Rest, seen.FarColour);
        Assert.NotEqual(seen.Rest, seen.NearColour);

        // Hover: the compartment's name, size and v.
        await page.HoverAsync(".morph-seg[data-compartment=c50]");
        await Expect(page.Locator(".morph-tip")).ToContainTextAsync("c50: length 50 µm, diameter 20 µm, v ");
        await Expect(page.Locator(".morph-tip")).ToHaveAttributeAsync("data-hover", "c50");


        // For docs/images/studio-morphology.png: from the start, 3.2 ms, the spike half way down the axon.
        await page.ClickAsync("#reset");
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.step === 0");
        await page.EvaluateAsync("() => window.studio.live.send({ type: 'step', count: 320 })");
        await Expect(page.Locator(".morph-svg[data-step='320']")).ToHaveCountAsync(1);
        await page.HoverAsync(".morph-seg[data-compartment=c60]");
        await BrowserFixture.ScreenshotAsync(page, "morphology");
    }

    [Fact]
    public async Task ChannelTable_EditsGAndADensity_ShowsGateRates_ABadPowerGetsTheEnginesSentenceAndItsFieldOutlined()
    {
        var page = await browser.OpenAsync("/?example=hh-axon");
        await page.ClickAsync("[data-id=axon] rect.body");
        var table = page.Locator("table[data-table=channels]");
        await Expect(table.Locator("tr[data-channel]")).ToHaveCountAsync(3);
        await Expect(table.Locator("tr[data-channel=na] td").Nth(3)).ToHaveTextAsync("m³ h");
        await Expect(page.Locator("[data-param='channels[1].reversalMv']")).ToHaveValueAsync("50");

        // The na gate m's rates, field by field: alpha_m = expLinear(1, -40, 10), beta_m = exp(4, -65, -18).
        await page.ClickAsync("details[data-channel-gates=na] summary");
        await Expect(page.Locator("[data-param='channels[1].gates[0].alpha.form']")).ToHaveValueAsync("expLinear");
        await Expect(page.Locator("[data-param='channels[1].gates[0].alpha.midpointMv']")).ToHaveValueAsync("-40");
        await Expect(page.Locator("[data-param='channels[1].gates[0].beta.form']")).ToHaveValueAsync("exp");

        // g in the table: the network file changes there (the run applies or restarts it).
        await page.FillAsync("[data-param='channels[1].conductanceNs']", "1234");
        await page.PressAsync("[data-param='channels[1].conductanceNs']", "Enter");
        Assert.Equal(1234, await Doc<double>(page, "populations[0].params.channels[1].conductanceNs"));
        await Expect(page.Locator("#edit-kind[data-kind]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => window.studio.synced()", null, new() { Timeout = 30_000 });
        // A rate's midpoint, and a density of the morphology.
        await page.FillAsync("[data-param='channels[1].gates[0].alpha.midpointMv']", "-42");
        await page.PressAsync("[data-param='channels[1].gates[0].alpha.midpointMv']", "Enter");
        Assert.Equal(-42, await Doc<double>(page, "populations[0].params.channels[1].gates[0].alpha.midpointMv"));
        await page.FillAsync("[data-param='morphology.densities[1].conductanceMsPerCm2']", "100");
        await page.PressAsync("[data-param='morphology.densities[1].conductanceMsPerCm2']", "Enter");
        Assert.Equal(100, await Doc<double>(page, "populations[0].params.morphology.densities[1].conductanceMsPerCm2"));
        await page.WaitForFunctionAsync("() => window.studio.synced()", null, new() { Timeout = 30_000 });
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);

        // A gate's power of 0: the engine's sentence at the top left, the field outlined (the gates stay open over edits).
        await page.FillAsync("[data-param='channels[1].gates[0].power']", "0");
        await page.PressAsync("[data-param='channels[1].gates[0].power']", "Enter");
        await Expect(page.Locator("#message.error")).ToContainTextAsync("($.populations[0].params.channels[1].gates[0].power) must be at least 1 (got 0).", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-param='channels[1].gates[0].power'].invalid")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-param='channels[1].gates[0].alpha.rate'].invalid")).ToHaveCountAsync(0);
    }

    /// <summary>A NeuroML cell of a soma and two dendrites (a branch) with the resistivity that couples them.</summary>
    private const string BranchedCell = """
        <neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="branch">
          <ionChannelPassive id="leak" conductance="10pS"/>
          <cell id="branched">
            <morphology id="m">
              <segment id="0" name="soma"><proximal x="0" y="0" z="0" diameter="10"/><distal x="10" y="0" z="0" diameter="10"/></segment>
              <segment id="1" name="up"><parent segment="0"/><distal x="60" y="20" z="0" diameter="1"/></segment>
              <segment id="2" name="down"><parent segment="0"/><distal x="40" y="-20" z="0" diameter="2"/></segment>
            </morphology>
            <biophysicalProperties id="b">
              <membraneProperties>
                <channelDensity id="l" ionChannel="leak" condDensity="3 S_per_m2" erev="-70mV"/>
                <spikeThresh value="0mV"/><specificCapacitance value="1 uF_per_cm2"/><initMembPotential value="-70mV"/>
              </membraneProperties>
              <intracellularProperties><resistivity value="100 ohm_cm"/></intracellularProperties>
            </biophysicalProperties>
          </cell>
          <network id="net">
            <population id="P" component="branched" size="2"/>
          </network>
        </neuroml>
        """;

    [Fact]
    public async Task NeuroMlCellOfThreeSegments_OpensWithItsBranchDrawn_AndTheChooserWatchesAnotherCell()
    {
        var page = await browser.OpenAsync("/");
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "branch.net.nml", MimeType = "application/xml", Buffer = System.Text.Encoding.UTF8.GetBytes(BranchedCell) });
        await Expect(page.Locator("#message")).ToContainTextAsync("Loaded branch.net.nml");
        await page.ClickAsync("[data-id=P] rect.body");
        var segments = page.Locator(".morphology .morph-seg");
        await Expect(segments).ToHaveCountAsync(3);
        // The two dendrites on rows of their own, both starting where the soma ends; the soma between them.
        double Y(string line) => double.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
        var ys = new Dictionary<string, double>();
        var x0 = new Dictionary<string, double>();
        foreach (var seg in await segments.AllAsync())
        {
            string name = (await seg.GetAttributeAsync("data-compartment"))!;
            ys[name] = Y((await seg.GetAttributeAsync("y"))!) + Y((await seg.GetAttributeAsync("height"))!) / 2;
            x0[name] = Y((await seg.GetAttributeAsync("x"))!);
        }
        Assert.Equal(3, ys.Count);
        var (soma, dendrites) = (ys.Keys.Single(k => x0[k] == x0.Values.Min()), ys.Keys.Where(k => x0[k] > x0.Values.Min()).ToArray());
        Assert.Equal(2, dendrites.Length);
        Assert.NotEqual(ys[dendrites[0]], ys[dendrites[1]]);
        Assert.Equal((ys[dendrites[0]] + ys[dendrites[1]]) / 2, ys[soma], 6);
        Assert.Equal(x0[dendrites[0]], x0[dendrites[1]], 6);

        // A population of two: the chooser watches cell 1, and the frames then carry cell 1.
        await page.FillAsync(".morphology input[data-field=cell]", "1");
        await page.PressAsync(".morphology input[data-field=cell]", "Enter");
        await page.ClickAsync("#step");
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.cell?.neuron === 1", null, new() { Timeout = 30_000 });
        await Expect(page.Locator(".morph-svg[data-neuron='1']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task CellChosenBeforeTheRunningNetworkHasIt_IsWatchedOnceItDoes()
    {
        // Until 2026-12-07 the chooser's cell was dropped when picked before the server had rebuilt the network (a moment
        // after a load, stretched on a loaded machine): the view said cell 1 and showed cell 0. The hold makes it certain.
        var page = await browser.OpenAsync("/");
        var hold = await HeldNetworkUpdates.StartAsync(page);
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "branch.net.nml", MimeType = "application/xml", Buffer = System.Text.Encoding.UTF8.GetBytes(BranchedCell) });
        await Expect(page.Locator("#message")).ToContainTextAsync("Loaded branch.net.nml");
        await hold.WaitSentAsync();
        await page.ClickAsync("[data-id=P] rect.body");
        await Expect(page.Locator(".morphology .morph-seg")).ToHaveCountAsync(3);
        Assert.Null(await page.EvaluateAsync<string?>("() => (window.studio.live.layout?.morphologyCells ?? []).find(m => m.target === 'P')?.target ?? null"));
        await page.FillAsync(".morphology input[data-field=cell]", "1");
        await page.PressAsync(".morphology input[data-field=cell]", "Enter");
        await hold.ReleaseAsync();
        await page.ClickAsync("#step");
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.cell?.target === 'P' && window.studio.live.latest.cell.neuron === 1", null, new() { Timeout = 30_000 });
        await Expect(page.Locator(".morph-svg[data-neuron='1']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.Locator(".morphology input[data-field=cell]")).ToHaveValueAsync("1");
    }
}
