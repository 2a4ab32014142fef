using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>Edits of values the engine changes in place apply to the running simulation; structural edits restart it (docs/studio.md).</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveEditBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    private static Task<int> Step(Microsoft.Playwright.IPage page) => page.EvaluateAsync<int>("() => window.studio.live.latest?.step ?? -1");

    private static Task<int> Spikes(Microsoft.Playwright.IPage page) =>
        page.EvaluateAsync<int>("() => window.studio.live.latest.populations.find(p => p.name === 'pop1').spikes");

    private static async Task PauseAsync(Microsoft.Playwright.IPage page)
    {
        await page.ClickAsync("#run");
        // The pause's frame: the server sends no other until a command or an edit (frames come while running or after a change).
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.running === false");
    }

    [Fact]
    public async Task ThresholdAndRate_AppliedLiveWithoutGoingBackToStep0_FiringStops_CountChanged_Restarts()
    {
        var page = await browser.OpenAsync();
        // Vogels and Abbott's CUBA neuron rests at -49 mV, above its -50 mV threshold: it fires by itself.
        await page.SelectOptionAsync("#preset", "lif/cuba");
        await page.ClickAsync("#add-population");
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => (window.studio.live.latest?.step ?? 0) > 100 && window.studio.live.latest.populations[0].spikes > 0", null, new() { Timeout = 60_000 });
        await PauseAsync(page);
        int paused = await Step(page);

        // The threshold far above rest: applied live, the step count stays where it was.
        await page.FillAsync("[data-param=thresholdMv]", "0");
        await page.PressAsync("[data-param=thresholdMv]", "Enter");
        await Expect(page.Locator("#edit-kind[data-kind=live]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(page.Locator("#edit-kind")).ToContainTextAsync($"applied live at step {paused}");
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(paused, await Step(page));
        // Going on from there, pop1 is silent at once (the engine's known answer: v settles at rest, far below 0 mV).
        int spikes = await Spikes(page);
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync($"() => window.studio.live.latest.step > {paused + 200}", null, new() { Timeout = 60_000 });
        await PauseAsync(page);
        Assert.Equal(spikes, await Spikes(page));

        // A Poisson input's rate is live too.
        await page.Keyboard.PressAsync("Escape");
        await page.ClickAsync("[data-add-input=poisson]");
        await Expect(page.Locator("#edit-kind[data-kind=restart]")).ToHaveCountAsync(1, new() { Timeout = 60_000 }); // a new input is structural
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.step === 0", null, new() { Timeout = 60_000 });
        await page.FillAsync("[data-input='0'] [data-field=rateHz]", "500");
        await page.PressAsync("[data-input='0'] [data-field=rateHz]", "Enter");
        await Expect(page.Locator("#edit-kind[data-kind=live]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });

        // The population's count: a structural edit, rebuilt from step 0.
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => (window.studio.live.latest?.step ?? 0) > 50", null, new() { Timeout = 60_000 });
        await PauseAsync(page);
        await page.ClickAsync("[data-id=pop1] rect.body");
        await page.FillAsync("[data-field=count]", "20");
        await page.PressAsync("[data-field=count]", "Enter");
        await Expect(page.Locator("#edit-kind[data-kind=restart]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(page.Locator("#edit-kind")).ToContainTextAsync("restarts the run");
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.step === 0", null, new() { Timeout = 60_000 });
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("izhikevich/regularSpiking", "d", "2")]
    [InlineData("adex/tonic", "spikeAdaptationPa", "20")]
    [InlineData("conductanceLif/coba", "thresholdMv", "-52")]
    public async Task OtherModels_ParameterEdit_AppliedLiveAtTheStepReached(string preset, string param, string value)
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#preset", preset);
        await page.ClickAsync("#add-population");
        await page.WaitForFunctionAsync("() => window.studio.synced()");
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => (window.studio.live.latest?.step ?? 0) > 100", null, new() { Timeout = 60_000 });
        await PauseAsync(page);
        int paused = await Step(page);

        await page.FillAsync($"[data-param={param}]", value);
        await page.PressAsync($"[data-param={param}]", "Enter");
        await Expect(page.Locator("#edit-kind[data-kind=live]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(page.Locator("#edit-kind")).ToContainTextAsync($"applied live at step {paused}");
        await page.WaitForTimeoutAsync(300);
        Assert.Equal(paused, await Step(page));
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);
    }
}
