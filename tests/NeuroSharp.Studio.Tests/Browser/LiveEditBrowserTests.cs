using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>Edits of values the engine changes in place apply to the running simulation; structural edits restart it (docs/studio.md).</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveEditBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    private static Task<int> Step(Microsoft.Playwright.IPage page) => page.EvaluateAsync<int>("() => window.studio.live.latest?.step ?? -1");

    [Fact]
    public async Task PoissonRateRaised_AppliedLiveWithoutGoingBackToStep0_AndFiringStarts_CountChanged_Restarts()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#preset", "lif/cuba");
        await page.ClickAsync("#add-population");
        await page.Keyboard.PressAsync("Escape");
        // A Poisson input at 0 Hz: pop1 is silent.
        await page.ClickAsync("[data-add-input=poisson]");
        await page.SelectOptionAsync("[data-input='0'] [data-field=target]", "pop1");
        await page.FillAsync("[data-input='0'] [data-field=weight]", "5");
        await page.PressAsync("[data-input='0'] [data-field=weight]", "Enter");
        await page.FillAsync("[data-input='0'] [data-field=rateHz]", "0");
        await page.PressAsync("[data-input='0'] [data-field=rateHz]", "Enter");
        await page.WaitForFunctionAsync("() => window.studio.doc.network.inputs[0].rateHz === 0");

        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => (window.studio.live.latest?.step ?? 0) > 100", null, new() { Timeout = 60_000 });
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.studio.live.latest.populations.find(p => p.name === 'pop1').spikes"));
        await page.ClickAsync("#run"); // pause, so that the step count stands still
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.running === false");
        await page.WaitForTimeoutAsync(300);
        int paused = await Step(page);

        // The rate: applied live, the step count stays where it was.
        await page.FillAsync("[data-input='0'] [data-field=rateHz]", "500");
        await page.PressAsync("[data-input='0'] [data-field=rateHz]", "Enter");
        await Expect(page.Locator("#edit-kind[data-kind=live]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.Locator("#edit-kind")).ToContainTextAsync($"applied live at step {paused}");
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(paused, await Step(page));
        // Going on from there, pop1 fires.
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => window.studio.live.latest.populations.find(p => p.name === 'pop1').spikes > 0", null, new() { Timeout = 60_000 });
        Assert.True(await Step(page) > paused);
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.running === false");

        // The population's count: a structural edit, rebuilt from step 0.
        await page.ClickAsync("[data-id=pop1] rect.body");
        await page.FillAsync("[data-field=count]", "20");
        await page.PressAsync("[data-field=count]", "Enter");
        await Expect(page.Locator("#edit-kind[data-kind=restart]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.Locator("#edit-kind")).ToContainTextAsync("restarts the run");
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.step === 0", null, new() { Timeout = 30_000 });
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);
    }
}
