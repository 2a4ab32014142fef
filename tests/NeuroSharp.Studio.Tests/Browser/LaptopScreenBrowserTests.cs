using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>
/// Every page on a laptop's screen, 1024x768 and 1366x768 (docs/studio.md, "Screen size"): the page never scrolls
/// sideways and no control sticks out to the right, the header toolbar is at most two rows high, and every toolbar
/// control lies inside the window with nothing over it (the element at its middle is the control).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LaptopScreenBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    /// <summary>
    /// The page's width against the window's, every visible control's right edge against the window's, the toolbar's
    /// rows, and each toolbar control's box and the element at its middle. One row is the toolbar's tallest item with its
    /// margins (and the row gap); the toolbar's content height over that is the number of rows (2.0 for two, 3.0 for three).
    /// </summary>
    private const string Measure = """
        () => {
          const d = document.documentElement, vw = d.clientWidth, vh = window.innerHeight, problems = [];
          const name = (e) => e.id || e.getAttribute('name') || e.textContent.trim().slice(0, 20) || e.tagName;
          if (d.scrollWidth > vw) problems.push(`the page scrolls sideways: scrollWidth ${d.scrollWidth} > clientWidth ${vw}`);
          for (const e of document.querySelectorAll('button, select, input, textarea, a, label.button, canvas')) {
            const r = e.getBoundingClientRect();
            if (r.width > 0 && r.height > 0 && r.right > vw + 0.5) problems.push(`${name(e)} ends at x = ${Math.round(r.right)}, right of the window's ${vw}`);
          }
          const bar = document.querySelector('header.toolbar'), cs = getComputedStyle(bar);
          const content = bar.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
          const gap = parseFloat(cs.rowGap) || 0;
          const row = Math.max(...[...bar.children].map((e) => {
            const s = getComputedStyle(e);
            return e.getBoundingClientRect().height + parseFloat(s.marginTop) + parseFloat(s.marginBottom);
          }));
          const rows = (content + gap) / (row + gap);
          if (rows > 2.5) problems.push(`the toolbar is ${Math.round(content)} px high, ${rows.toFixed(2)} rows of ${Math.round(row)} px`);
          for (const e of bar.querySelectorAll('button, select, input, a, label.button')) {
            const r = e.getBoundingClientRect();
            if (e.hidden || r.width === 0 || r.height === 0) continue; // the upload's file input lives in its label
            if (r.left < 0 || r.top < 0 || r.right > vw + 0.5 || r.bottom > vh + 0.5) {
              problems.push(`${name(e)} lies outside the window (${Math.round(r.left)}, ${Math.round(r.top)}, ${Math.round(r.right)}, ${Math.round(r.bottom)})`);
              continue;
            }
            const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
            if (!hit || !(e === hit || e.contains(hit))) problems.push(`${name(e)} is covered by ${hit ? (hit.id || hit.className || hit.tagName) : 'nothing'}`);
          }
          return problems.length > 8 ? [...problems.slice(0, 8), `and ${problems.length - 8} more`] : problems;
        }
        """;

    private static async Task AssertFitsAsync(IPage page, string what)
    {
        var problems = await page.EvaluateAsync<string[]>(Measure);
        var size = page.ViewportSize!;
        Assert.True(problems.Length == 0, $"{what} at {size.Width}x{size.Height}: {string.Join("; ", problems)}");
    }

    [Theory]
    [InlineData(1024, 768)]
    [InlineData(1366, 768)]
    public async Task Editor_WithARunPlottedAtTheWidestSpeedLabel_AndTheAutosaveOffer_Fits(int width, int height)
    {
        var page = await browser.OpenAsync("/?example=ei-network", width: width, height: height);
        // Once the models are listed: the model select's options would set its width.
        await page.WaitForFunctionAsync("() => document.querySelector('#preset').options.length > 1");
        await Expect(page.Locator("#file-name")).ToHaveValueAsync("ei-network.json");
        await AssertFitsAsync(page, "the editor with ei-network");

        // A population selected (the side panel's longest form), its rate plotted, the run going at 100 000 steps/s,
        // the speed's longest label: the toolbar does not reflow with the label.
        await page.Locator(".node").First.ClickAsync();
        await page.Keyboard.PressAsync("p");
        await Expect(page.Locator("#charts .u-wrap")).ToHaveCountAsync(1);
        await page.Locator("#speed").FillAsync("0");
        await Expect(page.Locator("#speed-label")).ToHaveTextAsync("1 steps/s");
        double exportsAtSlowest = (await page.Locator("#export-spikes").BoundingBoxAsync())!.X;
        await page.Locator("#speed").FillAsync("11");
        await Expect(page.Locator("#speed-label")).ToHaveTextAsync("100000 steps/s");
        double exportsAtFastest = (await page.Locator("#export-spikes").BoundingBoxAsync())!.X;
        Assert.True(exportsAtSlowest == exportsAtFastest, $"the exports moved from x = {exportsAtSlowest} to {exportsAtFastest} when the speed's label grew");
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => /step [1-9]/.test(document.querySelector('#sim-clock').textContent)");
        await AssertFitsAsync(page, "the editor running ei-network");
        await page.ClickAsync("#run");

        // The offer to restore unsaved work covers no toolbar control, and its own buttons can be clicked.
        var fresh = await browser.OpenAsync("/", width: width, height: height);
        await fresh.ClickAsync("#add-neuron");
        // The autosave is written a moment (300 ms) after the last edit: wait for it, not for a time a loaded machine can overrun.
        await fresh.WaitForFunctionAsync("() => localStorage.getItem('neurosharp.studio.autosave') !== null");
        await fresh.ReloadAsync();
        await fresh.WaitForSelectorAsync("body[data-ready=true]");
        await Expect(fresh.Locator("#autosave")).ToBeVisibleAsync();
        await AssertFitsAsync(fresh, "the editor offering its autosave");
        await fresh.Locator("#autosave-discard").ClickAsync(new LocatorClickOptions { Trial = true, Timeout = 30_000 });
        await fresh.Locator("#autosave-restore").ClickAsync(new LocatorClickOptions { Trial = true, Timeout = 30_000 });
    }

    [Theory]
    [InlineData(1024, 768)]
    [InlineData(1366, 768)]
    public async Task Editor_WithACellsMorphologyItsChannelsAndGatesOpen_Fits(int width, int height)
    {
        // The hh axon selected: the morphology view, the channel table, a gate's rate functions and the JSON boxes in the panel.
        var page = await browser.OpenAsync("/?example=hh-axon", width: width, height: height);
        await page.ClickAsync("[data-id=axon] rect.body");
        await Expect(page.Locator(".morphology .morph-seg")).ToHaveCountAsync(100);
        await page.ClickAsync("details[data-channel-gates=na] summary");
        await page.ClickAsync("details.all-json summary");
        await page.ClickAsync(".morph-seg[data-compartment=c10]");
        await Expect(page.Locator("#charts .chart")).ToHaveCountAsync(1);
        await AssertFitsAsync(page, "the editor with the hh axon's morphology and channels");
    }

    [Theory]
    [InlineData(1024, 768)]
    [InlineData(1366, 768)]
    public async Task Editor_StartWaitingForRoom_ItsWaitingLabelAndMessage_Fit(int width, int height)
    {
        // Start pressed while the studio runs --max-simulations simulations: the run button reads "Waiting…", its longest
        // label, and the message bar says why. The toolbar keeps its two rows and the label is not cut.
        var (server, _, second) = await SlowPageBrowserTests.StartAtTheLimitAsync(browser, $"laptop-waiting-{width}", width, height);
        await using var _ = server;
        await AssertFitsAsync(second, "the editor whose Start waits for room");
        var run = await second.EvaluateAsync<double[]>("() => { const b = document.querySelector('#run'); return [b.scrollWidth, b.clientWidth]; }");
        Assert.True(run[0] <= run[1], $"the run button's label \"Waiting…\" is {run[0]} px wide in a button of {run[1]} px");
    }

    [Theory]
    [InlineData(1024, 768)]
    [InlineData(1366, 768)]
    public async Task MetaClustering_With24CentresAMetaCluster_Fits(int width, int height)
    {
        var page = await browser.OpenAsync("/metacluster", width: width, height: height);
        await AssertFitsAsync(page, "the meta-clustering page");
        // 8 meta-clusters of 24 neurons on 8 planted groups of 4 inputs: a row of 24 centres of 80 px is 2 000 px.
        await page.FillAsync("input[name=data]", "onehot:groups=8,size=4,samples=2000");
        await page.FillAsync("input[name=meta]", "8");
        await page.FillAsync("input[name=clusters]", "24");
        await page.FillAsync("input[name=samples]", "4000");
        await page.ClickAsync("#mc-start");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 120_000 });
        await Expect(page.Locator("#mc-centres canvas")).ToHaveCountAsync(8 * 24);
        await AssertFitsAsync(page, "the meta-clustering page with 8 x 24 centres");
    }

    [Theory]
    [InlineData(1024, 768)]
    [InlineData(1366, 768)]
    public async Task Evolution_WithThePresetsLongestForm_AndARunsCurveWorldAndRaster_Fits(int width, int height)
    {
        var page = await browser.OpenAsync("/evolution", width: width, height: height);
        await AssertFitsAsync(page, "the evolution page");
        // The preset shows the most fields: the seed circuit's block, the search block and NEAT's block.
        await page.ClickAsync("#evo-preset-neat-nv");
        await Expect(page.Locator("#evo-neat-block")).ToBeVisibleAsync();
        await AssertFitsAsync(page, "the evolution page with the preset's form");

        var run = await browser.OpenAsync("/evolution", width: width, height: height);
        await run.SelectOptionAsync("#evo-task", "xor");
        await run.SelectOptionAsync("#evo-algorithm", "neat");
        await run.FillAsync("input[name=population]", "16");
        await run.FillAsync("input[name=generations]", "2");
        await run.FillAsync("input[name=seed]", 11.ToString(CultureInfo.InvariantCulture));
        await run.ClickAsync("#evo-start");
        await run.WaitForFunctionAsync("() => Number(document.body.dataset.champion) >= 1", null, new() { Timeout = 60_000 });
        await Expect(run.Locator("#evo-curve .u-wrap")).ToHaveCountAsync(1);
        await AssertFitsAsync(run, "the evolution page with a run");
    }
}
