using Microsoft.Playwright;
using NeuroSharp.Spiking;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class EditorBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    private static Task<string> NetworkOf(IPage page) => page.EvaluateAsync<string>("() => JSON.stringify(window.studio.doc.network)");

    private static string Canonical(string json) => NetworkFile.ToJson(NetworkFile.Parse(json));

    /// <summary>Records every phase the page shows on a neuron (a mutation observer on the drawing), in order.</summary>
    private static Task WatchPhasesAsync(IPage page) => page.EvaluateAsync("""
        () => {
          window.phasesShown = [];
          new MutationObserver((records) => {
            for (const r of records) window.phasesShown.push(`${r.target.getAttribute('data-id')}:${r.target.getAttribute('data-phase')}`);
          }).observe(document.getElementById('nodes'), { subtree: true, attributes: true, attributeFilter: ['data-phase'] });
        }
        """);

    [Fact]
    public async Task TwoNeuronsBuiltByClicks_Run_LinkLightsUp_SavedAndLoadedAfterReload_SameNetwork()
    {
        var page = await browser.OpenAsync();
        // Build: two neurons of the default preset (transmitter, repository), then the link tool: source, target.
        await page.ClickAsync("#add-neuron");
        await page.ClickAsync("#add-neuron");
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(2);
        await page.ClickAsync("#link-tool");
        await page.ClickAsync("[data-id=n1] circle.body");
        await page.ClickAsync("[data-id=n2] circle.body");
        await page.Keyboard.PressAsync("Escape");
        var link = page.Locator("[data-link='n1->n2']");
        await Expect(link).ToHaveCountAsync(1);

        // Run: the clock advances and n2 leaves its first phase (it starts with 5 steps to activation).
        await WatchPhasesAsync(page);
        await page.Locator("#speed").FillAsync("1");
        await Expect(page.Locator("#speed-label")).ToHaveTextAsync("5 steps/s");
        await page.ClickAsync("#run");
        await Expect(page.Locator("#run")).ToHaveTextAsync("Pause");
        await page.WaitForFunctionAsync("() => window.phasesShown.some(p => p.startsWith('n2:') && p !== 'n2:collecting')");
        await page.ClickAsync("#run");
        await Expect(page.Locator("#run")).ToHaveTextAsync("Start");

        // Back to the start, then step by step (each step waits for its frame, so every phase is drawn):
        // n1 releases in step 5 and the link lights up; n2 collects what arrived and activates, a phase
        // reached only through input above threshold.
        await page.ClickAsync("#reset");
        await page.WaitForFunctionAsync("() => window.studio.live.latest.step === 0");
        await page.EvaluateAsync("() => { window.phasesShown.length = 0; }");
        // The link counts every transmission it showed, the first run's too: step 5 must add to the count it has now
        // (a check against "0" passed on the first run's count alone).
        string before = (await link.GetAttributeAsync("data-transmissions"))!;
        for (int step = 1; step <= 12; step++)
        {
            await page.Keyboard.PressAsync(".");
            await page.WaitForFunctionAsync($"() => window.studio.live.latest.step === {step} && window.studio.live.painted === window.studio.live.latest");
            if (step == 4) Assert.Equal(before, await link.GetAttributeAsync("data-transmissions"));
            if (step == 5) Assert.Equal(int.Parse(before, System.Globalization.CultureInfo.InvariantCulture) + 1, int.Parse((await link.GetAttributeAsync("data-transmissions"))!, System.Globalization.CultureInfo.InvariantCulture));
        }
        var shown = await page.EvaluateAsync<string[]>("() => window.phasesShown");
        int released = Array.IndexOf(shown, "n1:releasing"), activated = Array.IndexOf(shown, "n2:activating");
        Assert.True(released >= 0 && activated > released, $"phases shown: {string.Join(", ", shown)}");
        await BrowserFixture.ScreenshotAsync(page, "two-neurons-running");

        // Save into the workspace.
        string built = await NetworkOf(page);
        await page.FillAsync("#file-name", "two.json");
        await page.ClickAsync("#save-file");
        await Expect(page.Locator("#message")).ToContainTextAsync("Saved two.json");
        Assert.True(File.Exists(Path.Combine(browser.Studio.Workspace, "two.json")));

        // Reload: an empty editor; open the file: the same network.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready=true]");
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(0);
        await page.SelectOptionAsync("#files", "two.json");
        await page.ClickAsync("#open-file");
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-link='n1->n2']")).ToHaveCountAsync(1);
        Assert.Equal(Canonical(built), Canonical(await NetworkOf(page)));
    }

    [Fact]
    public async Task Shortcuts_AddDeleteUndoRedo_DragRecolourZoom()
    {
        var page = await browser.OpenAsync();
        var neurons = page.Locator(".node.neuron");
        await page.Mouse.MoveAsync(500, 400);
        await page.Keyboard.PressAsync("n");
        await Expect(neurons).ToHaveCountAsync(1);
        await page.ClickAsync("[data-id=n1] circle.body");
        await page.Keyboard.PressAsync("Delete");
        await Expect(neurons).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Control+z");
        await Expect(neurons).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Control+Shift+z");
        await Expect(neurons).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Control+z");
        await Expect(neurons).ToHaveCountAsync(1);

        // Drag it 120 px to the right.
        double x0 = await page.EvaluateAsync<double>("() => window.studio.doc.network.neurons[0].x");
        var box = (await page.Locator("[data-id=n1] circle.body").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width / 2 + 60, box.Y + box.Height / 2, new() { Steps = 4 });
        await page.Mouse.MoveAsync(box.X + box.Width / 2 + 120, box.Y + box.Height / 2, new() { Steps = 4 });
        await page.Mouse.UpAsync();
        double x1 = await page.EvaluateAsync<double>("() => window.studio.doc.network.neurons[0].x");
        Assert.InRange(x1 - x0, 110, 130);

        // Recolour from the side panel, then undo it.
        await page.ClickAsync("[data-id=n1] circle.body");
        await page.ClickAsync(".swatch[data-color='#59a14f']");
        await Expect(page.Locator("[data-id=n1] circle.body")).ToHaveAttributeAsync("fill", "#59a14f");
        await page.ClickAsync("#undo");
        await Expect(page.Locator("[data-id=n1] circle.body")).Not.ToHaveAttributeAsync("fill", "#59a14f");

        // Edit a parameter in the side panel.
        await page.FillAsync("[data-param=threshold]", "3");
        await page.PressAsync("[data-param=threshold]", "Enter");
        Assert.Equal(3, await page.EvaluateAsync<double>("() => window.studio.doc.network.neurons[0].params.threshold"));

        // Zoom in with '+' and out with the wheel.
        await page.Locator("#canvas").FocusAsync();
        string before = (await page.Locator("#viewport").GetAttributeAsync("transform"))!;
        await page.Keyboard.PressAsync("+");
        await Expect(page.Locator("#viewport")).Not.ToHaveAttributeAsync("transform", before);
    }

    [Fact]
    public async Task InvalidParameter_ShowsTheServersSentence_AndTheRunGoesOn()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "reflex-arc");
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(4);
        await page.Locator("#speed").FillAsync("5");
        await page.ClickAsync("#run");
        await Expect(page.Locator("#run")).ToHaveTextAsync("Pause");
        await page.ClickAsync("[data-id=skin] circle.body");
        await page.FillAsync("[data-param=returnability]", "5");
        await page.PressAsync("[data-param=returnability]", "Enter");
        await Expect(page.Locator("#message.error")).ToContainTextAsync("returnability");
        // The server kept the last valid network and keeps running it.
        long first = await page.EvaluateAsync<long>("() => window.studio.live.latest.step");
        // Steps after the refusal arrive (the clock is painted on animation frames and may still show an older step, so
        // a clock unlike "step {first}" alone would not say the run went on).
        await page.WaitForFunctionAsync($"() => window.studio.live.latest.step > {first}");
        await Expect(page.Locator("#sim-clock")).Not.ToContainTextAsync($"step {first} ");
        Assert.True(await page.EvaluateAsync<bool>("() => window.studio.live.latest.running"));
        await BrowserFixture.ScreenshotAsync(page, "reflex-arc-error");
    }

    [Fact]
    public async Task Upload_BadFile_ShowsTheReadersSentence_GoodFileLoads()
    {
        var page = await browser.OpenAsync();
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "bad.json", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(Networks.BadLink) });
        await Expect(page.Locator("#message.error")).ToContainTextAsync("bad.json: $.links[0].to names no neuron");
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "two.json", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(Networks.TwoLinked) });
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-link='a->b']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task TwoTabs_EachRunsItsOwnSimulation()
    {
        var first = await browser.OpenAsync();
        var second = await browser.OpenAsync();
        string a = await first.EvaluateAsync<string>("() => window.studio.simulationId");
        string b = await second.EvaluateAsync<string>("() => window.studio.simulationId");
        Assert.NotEqual(a, b);
        await first.SelectOptionAsync("#examples", "central-pattern-generator");
        await second.SelectOptionAsync("#examples", "reflex-arc");
        await Expect(first.Locator(".node.neuron")).ToHaveCountAsync(4);
        await Expect(second.Locator("[data-id=muscle]")).ToHaveCountAsync(1);
        await first.Locator("#speed").FillAsync("6");
        await first.ClickAsync("#run");
        await second.ClickAsync("#run");
        await Expect(first.Locator("#sim-clock")).Not.ToContainTextAsync("step 0 ");
        await Expect(second.Locator("#sim-clock")).Not.ToContainTextAsync("step 0 ");
        await first.ClickAsync("[data-id=flexor] circle.body");
        await first.Keyboard.PressAsync("p");
        await Expect(first.Locator("[data-plot=flexor]")).ToHaveCountAsync(1);
        await first.WaitForTimeoutAsync(500); // let the plot and the raster fill for the screenshot
        await BrowserFixture.ScreenshotAsync(first, "central-pattern-generator");
        await BrowserFixture.ScreenshotAsync(second, "reflex-arc");
    }
}
