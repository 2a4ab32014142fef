using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>The evolution page's NEAT options (evolve's --push-pull ... --add-link-rate) and its preset of docs/results.md's NEAT setting.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EvolutionNeatBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    [Fact]
    public async Task Preset_FillsTheSettingThatSolves40Of50Seeds_AShortRunEchoesEveryOption()
    {
        var page = await browser.OpenAsync("/evolution");
        await page.SelectOptionAsync("#evo-task", "xor");
        await page.FillAsync("input[name=seed]", "2");
        await page.ClickAsync("#evo-preset-neat-nv");
        // The form holds the command of docs/results.md, and the status line says what it is and what it did there.
        await Expect(page.Locator("#evo-task")).ToHaveValueAsync("double-pole-nv");
        await Expect(page.Locator("#evo-algorithm")).ToHaveValueAsync("neat");
        await Expect(page.Locator("#evo-model")).ToHaveValueAsync("lif");
        await Expect(page.Locator("#evo-circuit")).ToBeCheckedAsync();
        await Expect(page.Locator("#evo-sensor-code")).ToHaveValueAsync("linear");
        await Expect(page.Locator("#evo-mirror")).ToBeCheckedAsync();
        await Expect(page.Locator("#evo-push-pull")).ToBeVisibleAsync();
        await Expect(page.Locator("#evo-push-pull")).ToBeCheckedAsync();
        await Expect(page.Locator("#evo-pv-step")).ToHaveValueAsync("0.3");
        await Expect(page.Locator("#evo-weight-limit")).ToHaveValueAsync("50");
        await Expect(page.Locator("#evo-bias-step")).ToHaveValueAsync("0.033");
        await Expect(page.Locator("#evo-min-scale")).ToHaveValueAsync("0.2");
        await Expect(page.Locator("input[name=generations]")).ToHaveValueAsync("1000");
        await Expect(page.Locator("#evo-max-evaluations")).ToHaveValueAsync("40000");
        await Expect(page.Locator("input[name=population]")).ToHaveValueAsync("");
        await Expect(page.Locator("input[name=seed]")).ToHaveValueAsync("2");
        await Expect(page.Locator("#evo-status")).ToContainTextAsync("--pv-step 0.3 --weight-limit 50 --bias-step 0.033 --min-scale 0.2");
        await Expect(page.Locator("#evo-status")).ToContainTextAsync("solving 40 of 50 seeds");

        // A short run of the same setting: two generations of NEAT's 150, within 300 evaluations.
        await page.FillAsync("input[name=generations]", "2");
        await page.FillAsync("#evo-max-evaluations", "300");
        await page.ClickAsync("#evo-start");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 180_000 });
        await Expect(page.Locator("#evo-points")).ToContainTextAsync(
            "double-pole-nv, neat, seed circuit, linear sensor code, mirror-tied genes, push-pull genes, P/V step 0.3, weight limit 50, bias step 0.033, min scale 0.2, at most 300 evaluations, population 150, seed 2");
        // The run's reported settings (its status) are the preset's.
        string id = (await page.Locator("body").GetAttributeAsync("data-run"))!;
        var status = (await browser.Studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}")).Body!;
        foreach (var (field, value) in new[]
        {
            ("task", "\"double-pole-nv\""), ("algorithm", "\"neat\""), ("circuit", "true"), ("sensorCode", "\"linear\""), ("mirror", "true"),
            ("pushPull", "true"), ("pvStep", "0.3"), ("weightLimit", "50"), ("biasStep", "0.033"), ("minScale", "0.2"), ("sharedDelay", "false"),
            ("delayStep", "1"), ("elitism", "null"), ("cauchy", "false"), ("maxEvaluations", "300"), ("population", "150"), ("seed", "2"), ("generation", "2"),
        })
        {
            Assert.Equal(value, status[field]?.ToJsonString() ?? "null");
        }
    }

    [Fact]
    public async Task NeatOptions_ShownWhereTheyApply_ARefusedCombinationShowsTheClisSentence()
    {
        var page = await browser.OpenAsync("/evolution");
        await page.SelectOptionAsync("#evo-task", "xor");
        await page.SelectOptionAsync("#evo-algorithm", "neat");
        // Every NEAT task takes the weight limit, the delay step and the reproduction options ...
        await Expect(page.Locator("#evo-neat-block")).ToBeVisibleAsync();
        await Expect(page.Locator("#evo-weight-limit")).ToBeVisibleAsync();
        await Expect(page.Locator("#evo-elitism")).ToBeVisibleAsync();
        // ... but only the pole tasks the bias step, the scale floor, the shared slow delay, the P/V step (lane pairs, which
        // xor lacks: the server refuses pvStep there) and (with mirror) push-pull genes.
        foreach (string id in new[] { "#evo-bias-step", "#evo-min-scale", "#evo-shared-delay", "#evo-pv-step", "#evo-push-pull" })
            await Expect(page.Locator(id)).ToBeHiddenAsync();
        await page.SelectOptionAsync("#evo-task", "double-pole-nv");
        foreach (string id in new[] { "#evo-bias-step", "#evo-min-scale", "#evo-shared-delay", "#evo-pv-step" })
            await Expect(page.Locator(id)).ToBeVisibleAsync();
        await Expect(page.Locator("#evo-push-pull")).ToBeHiddenAsync();
        await page.CheckAsync("#evo-mirror");
        await Expect(page.Locator("#evo-push-pull")).ToBeVisibleAsync();
        await page.CheckAsync("#evo-push-pull");
        await page.UncheckAsync("#evo-mirror");
        await Expect(page.Locator("#evo-push-pull")).ToBeHiddenAsync();
        Assert.False(await page.IsCheckedAsync("#evo-push-pull"));
        // CMA-ES and CoSyNE have no NEAT options.
        await page.SelectOptionAsync("#evo-algorithm", "cmaes");
        await Expect(page.Locator("#evo-neat-block")).ToBeHiddenAsync();
        await page.SelectOptionAsync("#evo-algorithm", "neat");
        // The P/V step with sparse weight mutation: the CLI's refusal, in the API's words, and no run.
        await page.FillAsync("#evo-pv-step", "0.3");
        await page.FillAsync("#evo-weight-gene-rate", "0.3");
        await page.ClickAsync("#evo-start");
        await Expect(page.Locator("#evo-status")).ToContainTextAsync("pvStep draws every weight of a mutated genome in (P, V) coordinates, Gaussian: it does not combine with weightGeneRate or cauchy.");
        await Expect(page.Locator("#evo-status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("error"));
        Assert.Null(await page.Locator("body").GetAttributeAsync("data-state"));
        // A value out of range, likewise.
        await page.FillAsync("#evo-weight-gene-rate", "");
        await page.FillAsync("#evo-min-scale", "20");
        await page.ClickAsync("#evo-start");
        await Expect(page.Locator("#evo-status")).ToContainTextAsync("minScale must be above 0 and at most 10 (got 20).");
        await BrowserFixture.ScreenshotAsync(page, "studio-evolution-neat-options");
    }
}
