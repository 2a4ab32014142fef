using System.Text.Json;
using Microsoft.Playwright;
using NeuroSharp.Spiking;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>Current steps (the network file's current inputs) are nodes: placed, linked, edited in the panel, saved, reloaded, and they drive the run.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CurrentStepBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>Two quiet LIF populations (rest 15 mV below threshold, no input): only a current makes them fire.</summary>
    private const string Quiet = """
        { "format": "neurosharp.network", "version": 1, "name": "quiet", "dtMs": 0.5,
          "populations": [
            { "name": "a", "count": 20, "model": "lif", "preset": "cuba", "params": { "tauMs": 10, "restMv": -65, "resetMv": -65, "thresholdMv": -50, "refractoryMs": 2 }, "x": 300, "y": 150 },
            { "name": "b", "count": 20, "model": "lif", "preset": "cuba", "params": { "tauMs": 10, "restMv": -65, "resetMv": -65, "thresholdMv": -50, "refractoryMs": 2 }, "x": 600, "y": 150 } ] }
        """;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    private static Task<T> Doc<T>(IPage page, string expression) => page.EvaluateAsync<T>($"() => window.studio.doc.network.{expression}");

    [Fact]
    public async Task CurrentStep_PlacedLinkedEdited_DrivesTheRun_SavesAndReloads()
    {
        string path = Path.Combine(browser.Studio.Workspace, "steps.json");
        File.WriteAllText(path, Quiet);
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#files", "steps.json");
        await page.ClickAsync("#open-file");
        await Expect(page.Locator("#message")).ToContainTextAsync("Opened steps.json");
        await Expect(page.Locator(".node.population")).ToHaveCountAsync(2);

        // Without a target there is nothing to drive: the button says what to do.
        await page.ClickAsync("#add-current");
        await Expect(page.Locator("#message.error")).ToContainTextAsync("Select the neuron or population the current step drives");

        // A current step on a, placed left of it with its edge.
        await page.ClickAsync("[data-id=a] rect.body");
        await page.ClickAsync("#add-current");
        await Expect(page.Locator(".node.current")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-current-edge='0->a']")).ToHaveCountAsync(1);
        Assert.Equal("current", await Doc<string>(page, "inputs[0].type"));
        Assert.Equal("a", await Doc<string>(page, "inputs[0].target"));

        // Dragged to a new place.
        double y0 = await Doc<double>(page, "inputs[0].y");
        var box = (await page.Locator("[data-current='0'] rect.body").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width / 2 + 400, box.Y + box.Height / 2 + 110, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        double y1 = await Doc<double>(page, "inputs[0].y");
        Assert.True(y1 > y0 + 10, $"the node moved from y {y0} to {y1}");
        double x1 = await Doc<double>(page, "inputs[0].x");

        // Linked to b with the Link tool: it now drives b, not a.
        await page.Keyboard.PressAsync("l");
        await page.ClickAsync("[data-current='0'] rect.body");
        await page.ClickAsync("[data-id=b] rect.body");
        await Expect(page.Locator("[data-current-edge='0->b']")).ToHaveCountAsync(1);
        Assert.Equal("b", await Doc<string>(page, "inputs[0].target"));
        await page.Keyboard.PressAsync("l");

        // Edited in the panel: 30 mV (R I) from 20 ms to 120 ms.
        await page.ClickAsync("[data-current='0'] rect.body");
        await Expect(page.Locator("#panel h3").First).ToHaveTextAsync("Current step 1");
        foreach (var (field, value) in new[] { ("amplitude", "30"), ("startMs", "20"), ("stopMs", "120") })
        {
            await page.FillAsync($"#panel [data-field={field}]", value);
            await page.PressAsync($"#panel [data-field={field}]", "Enter");
        }
        Assert.Equal(30, await Doc<double>(page, "inputs[0].amplitude"));
        Assert.Equal(20, await Doc<double>(page, "inputs[0].startMs"));
        Assert.Equal(120, await Doc<double>(page, "inputs[0].stopMs"));
        await Expect(page.Locator("[data-current='0']")).ToContainTextAsync("I = 30");
        await Expect(page.Locator("[data-current='0']")).ToContainTextAsync("20–120 ms");

        // It drives the run: b fires while the step is on (tau 10 ms: v rises 30 mV towards -35 mV and
        // crosses -50 mV about 7 ms after the onset), a never does, and nothing fires after it ends.
        await page.WaitForFunctionAsync("() => window.studio.synced()");
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => window.studio.live.latest && window.studio.live.latest.timeMs > 250", null, new() { Timeout = 60_000 });
        await page.ClickAsync("#run");
        await Expect(page.Locator("#run")).ToHaveTextAsync("Start");
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);
        var counts = await page.EvaluateAsync<JsonElement>("() => Object.fromEntries(window.studio.live.latest.populations.map(p => [p.name, p.spikes]))");
        Assert.Equal(0, counts.GetProperty("a").GetInt32());
        Assert.True(counts.GetProperty("b").GetInt32() > 20, $"b fired {counts.GetProperty("b")} spikes");
        var times = await page.EvaluateAsync<double[]>("""
            () => { const l = window.studio.live.layout.populations.find(p => p.name === 'b'); const s = window.studio.plots.spikes;
                    return s.times.filter((t, k) => s.rows[k] >= l.rasterStart && s.rows[k] < l.rasterStart + l.rasterRows); }
            """);
        Assert.NotEmpty(times);
        Assert.All(times, t => Assert.InRange(t, 20, 120.5));
        await BrowserFixture.ScreenshotAsync(page, "current-step");

        // Saved with its place; the file is an ordinary network file with a current input.
        await page.ClickAsync("#save-file");
        await Expect(page.Locator("#message")).ToContainTextAsync("Saved steps.json");
        var saved = NetworkFile.Load(path);
        var input = Assert.IsType<CurrentInputSpec>(Assert.Single(saved.Inputs));
        Assert.Equal(("b", 30.0, 20.0, 120.0, x1, y1), (input.Target, input.Amplitude, input.StartMs, input.StopMs!.Value, input.X!.Value, input.Y!.Value));

        // Reloaded: the node is back where it was, linked to b.
        var again = await browser.OpenAsync();
        await again.SelectOptionAsync("#files", "steps.json");
        await again.ClickAsync("#open-file");
        await Expect(again.Locator("[data-current-edge='0->b']")).ToHaveCountAsync(1);
        Assert.Equal(x1, await Doc<double>(again, "inputs[0].x"));
        Assert.Equal(y1, await Doc<double>(again, "inputs[0].y"));

        // Deleted with Del: the input goes with its node.
        await again.ClickAsync("[data-current='0'] rect.body");
        await again.Keyboard.PressAsync("Delete");
        await Expect(again.Locator(".node.current")).ToHaveCountAsync(0);
        Assert.Equal(0, await again.EvaluateAsync<int>("() => (window.studio.doc.network.inputs ?? []).length"));
    }

    [Fact]
    public async Task Example_CurrentInputsWithoutPlaces_AreDrawnAsNodesBesideTheirTargets()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "mutual-inhibition");
        // Its two currents (on left and right) have no x, y in the file: the editor places them.
        await Expect(page.Locator(".node.current")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-current-edge='0->left']")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-current-edge='1->right']")).ToHaveCountAsync(1);
        // Linking a neuron to a current step is refused with a sentence (a current receives nothing).
        await page.ClickAsync("[data-id=left] circle.body");
        await page.ClickAsync("[data-current='1'] rect.body", new() { Modifiers = [KeyboardModifier.Shift] });
        await Expect(page.Locator("#message.error")).ToContainTextAsync("receives nothing");
    }

    [Theory]
    [InlineData("glif", "lifRAsc")]
    [InlineData("gif", "pynn")]
    public async Task CurrentStep_OnAPopulationOfAModelInPa_ShowsItsUnitPa(string model, string preset)
    {
        // glif's and gif's input currents are in pA (NEST's glif_psc, PyNN's GIF_cond_exp), as adex's; the panel says so
        // rather than "the target model's current unit" (the catalog's currentUnit: NetworkApiTests checks every model's).
        string network = $$"""
            { "format": "neurosharp.network", "version": 1, "name": "{{model}}", "dtMs": 0.1,
              "populations": [ { "name": "g", "count": 5, "model": "{{model}}", "preset": "{{preset}}", "x": 400, "y": 150 } ],
              "inputs": [ { "type": "current", "target": "g", "amplitude": 150, "startMs": 0, "x": 200, "y": 150 } ] }
            """;
        var page = await browser.OpenWorkspaceFileAsync($"{model}-step.json", network);
        await page.ClickAsync("[data-current='0'] rect.body");
        await Expect(page.Locator("#panel h3").First).ToHaveTextAsync("Current step 1");
        await Expect(page.Locator("#panel")).ToContainTextAsync("Adds 150 (pA) to the input of g");
    }
}
