using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>
/// The evolution page's connectome picker with a NeuroML file and the cell file it includes, picked together as c302's
/// level B needs (c302_B_Full.net.nml with cell_B.xml); docs/studio.md, "The evolution page".
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EvolutionConnectomeIncludesBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    private static FilePayload File(string name, string text) => new() { Name = name, MimeType = "application/xml", Buffer = Encoding.UTF8.GetBytes(text) };

    [Fact]
    public async Task ConnectomeAndItsCellFilePickedTogether_EvolveAsTheWormsNetwork()
    {
        var page = await browser.OpenAsync("/evolution");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        // The cell file first: the page takes the .net.nml as the connectome whatever the order.
        await page.SetInputFilesAsync("#evo-network", [File("mini_cell.xml", Networks.MiniActivityCell), File("mini_worm_b.net.nml", Networks.MiniWormConnectomeB)]);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-connectome", "mini_worm_b.net.nml");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-connectome-includes", "mini_cell.xml");
        await Expect(page.Locator("#evo-algorithm")).ToHaveValueAsync("cmaes");
        await page.SelectOptionAsync("#evo-task", "worm-withdrawal"); // 4 trials of 15 s: the cheaper worm task
        await page.FillAsync("input[name=population]", "4");
        await page.FillAsync("input[name=generations]", "1");
        await page.ClickAsync("#evo-start");
        // Generous limits for a busy machine (other builds on two cores).
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 180_000 });
        await Expect(page.Locator("#evo-points")).ToContainTextAsync("worm-withdrawal on mini_worm_b.net.nml");
        await Expect(page.Locator("#evo-raster-groups")).ToContainTextAsync("sensors 7 · hidden 11 · motor 3");
    }

    [Fact]
    public async Task ConnectomeWithoutItsCellFile_ShowsTheSentenceNamingIt_AndStartsNothing()
    {
        var page = await browser.OpenAsync("/evolution");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        await page.SetInputFilesAsync("#evo-network", File("mini_worm_b.net.nml", Networks.MiniWormConnectomeB));
        await page.ClickAsync("#evo-start");
        await Expect(page.Locator("#evo-status")).ToContainTextAsync("names 'mini_cell.xml', which was not uploaded with mini_worm_b.net.nml; pick it too");
        await Expect(page.Locator("#evo-status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("error"));
        Assert.Null(await page.Locator("body").GetAttributeAsync("data-state"));
    }
}
