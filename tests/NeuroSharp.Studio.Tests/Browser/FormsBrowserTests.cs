using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>Populations, projections and inputs are made and edited in forms, not typed as JSON.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FormsBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    private static Task<double> Number(Microsoft.Playwright.IPage page, string expression) => page.EvaluateAsync<double>($"() => window.studio.doc.network.{expression}");

    [Fact]
    public async Task PopulationsPlacedAndSized_ProjectionAndPoissonInputEditedInForms_TheNetworkRuns()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#preset", "lif/cuba");
        await page.ClickAsync("#add-population");
        await page.ClickAsync("#add-population");
        await Expect(page.Locator(".node.population")).ToHaveCountAsync(2);
        // Sized in the side panel (the second one is selected).
        await page.FillAsync("[data-field=count]", "250");
        await page.PressAsync("[data-field=count]", "Enter");
        Assert.Equal(250, await Number(page, "populations[1].count"));
        await Expect(page.Locator("[data-id=pop2]")).ToContainTextAsync("250 × lif");

        // A projection by Shift+click, then its form: fixed in-degree 20, weight 0.3, delay 1.5 ms.
        await page.ClickAsync("[data-id=pop1] rect.body");
        await page.ClickAsync("[data-id=pop2] rect.body", new() { Modifiers = [Microsoft.Playwright.KeyboardModifier.Shift] });
        await Expect(page.Locator("[data-projection='pop1->pop2']")).ToHaveCountAsync(1);
        await page.ClickAsync("[data-projection='pop1->pop2']", new() { Force = true });
        await page.SelectOptionAsync("[data-field=rule]", "fixedInDegree");
        await page.FillAsync("[data-field=inDegree]", "20");
        await page.PressAsync("[data-field=inDegree]", "Enter");
        await page.FillAsync("[data-field=weight]", "0.3");
        await page.PressAsync("[data-field=weight]", "Enter");
        await page.FillAsync("[data-field=delayMs]", "1.5");
        await page.PressAsync("[data-field=delayMs]", "Enter");
        Assert.Equal("fixedInDegree", await page.EvaluateAsync<string>("() => window.studio.doc.network.projections[0].connectivity.rule"));
        Assert.Equal(20, await Number(page, "projections[0].connectivity.inDegree"));
        Assert.Equal(0.3, await Number(page, "projections[0].weight"));
        Assert.Equal(1.5, await Number(page, "projections[0].delayMs"));

        // A Poisson input from the network's form, on pop1 at 500 Hz (dt 1 ms: at most 1000 Hz).
        await page.Keyboard.PressAsync("Escape");
        await page.ClickAsync("[data-add-input=poisson]");
        await page.SelectOptionAsync("[data-input='0'] [data-field=target]", "pop1");
        await page.FillAsync("[data-input='0'] [data-field=rateHz]", "500");
        await page.PressAsync("[data-input='0'] [data-field=rateHz]", "Enter");
        await page.FillAsync("[data-input='0'] [data-field=weight]", "5");
        await page.PressAsync("[data-input='0'] [data-field=weight]", "Enter");
        Assert.Equal("pop1", await page.EvaluateAsync<string>("() => window.studio.doc.network.inputs[0].target"));
        Assert.Equal(500, await Number(page, "inputs[0].rateHz"));

        // The server accepted it (no error) and it runs: pop1 fires.
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => (window.studio.live.latest?.populations ?? []).some(p => p.name === 'pop1' && p.spikes > 0)", null, new() { Timeout = 60_000 });
        await page.ClickAsync("#run");
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "forms");

        // Removed from its form.
        await page.ClickAsync("[data-remove-input='0']");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => (window.studio.doc.network.inputs ?? []).length"));
    }

    [Fact]
    public async Task TransmitterStimulus_AddedInTheForm_ReachesTheNeuron()
    {
        var page = await browser.OpenAsync();
        await page.ClickAsync("#add-neuron");
        await page.Keyboard.PressAsync("Escape");
        await page.ClickAsync("[data-add-input=stimulus]");
        await page.FillAsync("[data-input='0'] [data-field=steps]", "2, 5");
        await page.PressAsync("[data-input='0'] [data-field=steps]", "Enter");
        Assert.Equal("[2,5]", await page.EvaluateAsync<string>("() => JSON.stringify(window.studio.doc.network.inputs[0].steps)"));
        await page.FillAsync("[data-input='0'] [data-field=steps]", "2, x");
        await page.PressAsync("[data-input='0'] [data-field=steps]", "Enter");
        await Expect(page.Locator("#message.error")).ToContainTextAsync("steps must be whole numbers");
    }

    [Fact]
    public async Task FormError_ShownWhileAnEarlierEditIsOnItsWay_StaysWhenTheServerAnswers()
    {
        // The server's answer to an earlier edit used to clear whatever error the page showed, so on a loaded machine a
        // form's refusal could vanish a moment after it appeared. The network's PUT is held until the refusal shows.
        var page = await browser.OpenAsync();
        var hold = await HeldNetworkUpdates.StartAsync(page);
        // Edits are sent (PUT) only once the page has its simulation (a busy server may make it try again later).
        await page.WaitForFunctionAsync("() => window.studio.simulationId !== null", null, new() { Timeout = 60_000 });
        await page.ClickAsync("#add-neuron");
        await page.Keyboard.PressAsync("Escape");
        await page.ClickAsync("[data-add-input=stimulus]");
        await hold.WaitSentAsync();
        await page.FillAsync("[data-input='0'] [data-field=steps]", "2, x");
        await page.PressAsync("[data-input='0'] [data-field=steps]", "Enter");
        await Expect(page.Locator("#message.error")).ToContainTextAsync("steps must be whole numbers");

        await hold.ReleaseAsync();
        await page.WaitForFunctionAsync("() => window.studio.synced()");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => (window.studio.doc.network.inputs ?? []).length"));
        await Expect(page.Locator("#message.error")).ToContainTextAsync("steps must be whole numbers");
    }

    [Fact]
    public async Task ServerRefusal_ThenAnEditItTakes_TheRefusalClears()
    {
        // The other half: an error the server gave is stale once it takes the next version of the network.
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#preset", "lif/cuba");
        await page.ClickAsync("#add-neuron");
        await page.Keyboard.PressAsync("Escape");
        await page.ClickAsync("[data-add-input=poisson]");
        await page.FillAsync("[data-input='0'] [data-field=rateHz]", "-5");
        await page.PressAsync("[data-input='0'] [data-field=rateHz]", "Enter");
        await Expect(page.Locator("#message.error")).ToContainTextAsync("rateHz");
        await page.FillAsync("[data-input='0'] [data-field=rateHz]", "20");
        await page.PressAsync("[data-input='0'] [data-field=rateHz]", "Enter");
        await page.WaitForFunctionAsync("() => window.studio.synced()");
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);
    }
}
