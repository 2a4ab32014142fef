using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>The evolution page's search options: evolve's --sigma, --restarts, --restart-growth and --test-all-balanced.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EvolutionSearchBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    [Fact]
    public async Task SearchOptions_ShownWhereTheyApply_ARefusedValueShowsTheClisSentence_ARunEchoesThem()
    {
        var page = await browser.OpenAsync("/evolution");
        await page.SelectOptionAsync("#evo-task", "single-pole");
        // CoSyNE takes none of them; single-pole has no all-balancers test.
        await page.SelectOptionAsync("#evo-algorithm", "cosyne");
        foreach (string field in new[] { "#evo-sigma", "#evo-restarts", "#evo-restart-growth", "#evo-test-all-balanced" })
            await Expect(page.Locator(field)).ToBeHiddenAsync();
        // NEAT takes sigma (its first genomes' spread), not the restarts.
        await page.SelectOptionAsync("#evo-algorithm", "neat");
        await Expect(page.Locator("#evo-sigma")).ToBeVisibleAsync();
        await Expect(page.Locator("#evo-restarts")).ToBeHiddenAsync();
        await Expect(page.Locator("#evo-restart-growth")).ToBeHiddenAsync();
        // CMA-ES takes all three.
        await page.SelectOptionAsync("#evo-algorithm", "cmaes");
        foreach (string field in new[] { "#evo-sigma", "#evo-restarts", "#evo-restart-growth" })
            await Expect(page.Locator(field)).ToBeVisibleAsync();
        await Expect(page.Locator("#evo-test-all-balanced")).ToBeHiddenAsync();
        // double-pole-nv, whatever the algorithm, takes the all-balancers test; leaving it drops the tick.
        await page.SelectOptionAsync("#evo-task", "double-pole-nv");
        await Expect(page.Locator("#evo-test-all-balanced")).ToBeVisibleAsync();
        await page.CheckAsync("#evo-test-all-balanced");
        await page.SelectOptionAsync("#evo-task", "double-pole");
        await Expect(page.Locator("#evo-test-all-balanced")).ToBeHiddenAsync();
        Assert.False(await page.IsCheckedAsync("#evo-test-all-balanced"));

        // A value out of range: the CLI's refusal in the API's words, and no run.
        await page.SelectOptionAsync("#evo-task", "single-pole");
        await page.FillAsync("#evo-restarts", "21");
        await page.ClickAsync("#evo-start");
        await Expect(page.Locator("#evo-status")).ToContainTextAsync("restarts must be between 0 and 20 (got 21).");
        await Expect(page.Locator("#evo-status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("error"));
        Assert.Null(await page.Locator("body").GetAttributeAsync("data-state"));
        await page.FillAsync("#evo-restarts", "2");
        await page.FillAsync("#evo-sigma", "101");
        await page.ClickAsync("#evo-start");
        await Expect(page.Locator("#evo-status")).ToContainTextAsync("sigma must be above 0 and at most 100 (got 101).");

        // A short CMA-ES run with a step size and restarts: its caption and status say them.
        await page.FillAsync("#evo-sigma", "0.5");
        await page.FillAsync("#evo-restart-growth", "3");
        await page.FillAsync("input[name=population]", "6");
        await page.FillAsync("input[name=generations]", "2");
        await page.ClickAsync("#evo-start");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 180_000 });
        await Expect(page.Locator("#evo-points")).ToContainTextAsync("single-pole, cmaes, sigma 0.5, up to 2 restarts (growth 3),");
        string id = (await page.Locator("body").GetAttributeAsync("data-run"))!;
        var status = (await browser.Studio.SendAsync(HttpMethod.Get, $"/api/evolution/{id}")).Body!;
        foreach (var (field, value) in new[] { ("sigma", "0.5"), ("restarts", "2"), ("restartGrowth", "3"), ("testAllBalanced", "false") })
            Assert.Equal(value, status[field]?.ToJsonString() ?? "null");
        await BrowserFixture.ScreenshotAsync(page, "studio-evolution-search-options");
    }
}
