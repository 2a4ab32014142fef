using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>The evolution page with a connectome as the worm's network (docs/studio.md, "The evolution page").</summary>
[Collection(BrowserCollection.Name)]
public sealed class EvolutionConnectomeBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    private static FilePayload File(string name, string text) => new() { Name = name, MimeType = "application/xml", Buffer = Encoding.UTF8.GetBytes(text) };

    [Fact]
    public async Task PickedConnectome_IsTheWormsNetwork_TheWormCrawlsInItsDish_AndEveryCellHasARasterRow()
    {
        var page = await browser.OpenAsync("/evolution");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        await page.SetInputFilesAsync("#evo-network", File("mini_worm.net.nml", Networks.MiniWormConnectome));
        // Picking a connectome preselects what it needs: a worm task and CMA-ES.
        await Expect(page.Locator("#evo-task")).ToHaveValueAsync("worm-klinotaxis");
        await Expect(page.Locator("#evo-algorithm")).ToHaveValueAsync("cmaes");
        await Expect(page.Locator("#evo-network-clear")).ToBeVisibleAsync();
        await page.SelectOptionAsync("#evo-task", "worm-withdrawal"); // 4 trials of 15 s: the cheaper worm task
        await page.FillAsync("input[name=population]", "4");
        await page.FillAsync("input[name=generations]", "1");
        await page.ClickAsync("#evo-start");
        // Generous limits for a busy machine (other builds on two cores).
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 180_000 });
        await EvolutionBrowserTests.ChampionDrawnAsync(page, 60_000);
        await Expect(page.Locator("#evo-points")).ToContainTextAsync("worm-withdrawal on mini_worm.net.nml");
        // The raster has a row for each of the connectome's ten cells (and the smell-rise relay) beside the sensors and readouts.
        await Expect(page.Locator("#evo-raster-groups")).ToContainTextAsync("sensors 7 · hidden 11 · motor 3");
        Assert.Equal(21, await page.EvaluateAsync<int>("() => Number(document.body.dataset.rasterRows)"));
        // The worm in its dish: the dish's fill (#f0f0e8) drawn from the replayed worm state, and ink for its body.
        int dish = await page.EvaluateAsync<int>("""
            () => {
              const c = document.querySelector('#evo-world'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let n = 0;
              for (let i = 0; i < d.length; i += 4) if (d[i] === 0xf0 && d[i + 1] === 0xf0 && d[i + 2] === 0xe8) n++;
              return n;
            }
            """);
        Assert.True(dish > 10_000, $"{dish} dish pixels");
    }

    [Fact]
    public async Task BadConnectome_ShowsTheSentence_AndStartsNothing()
    {
        var page = await browser.OpenAsync("/evolution");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        await page.SetInputFilesAsync("#evo-network", File("broken.net.nml", "<neuroml><network"));
        await page.ClickAsync("#evo-start");
        await Expect(page.Locator("#evo-status")).ToContainTextAsync("network 'broken.net.nml':");
        await Expect(page.Locator("#evo-status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("error"));
        Assert.Null(await page.Locator("body").GetAttributeAsync("data-state"));
        // "No connectome" drops the file: the same form then starts the task's own network.
        await page.ClickAsync("#evo-network-clear");
        await Expect(page.Locator("#evo-network-clear")).ToBeHiddenAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelector('#evo-network').files.length"));
    }
}
