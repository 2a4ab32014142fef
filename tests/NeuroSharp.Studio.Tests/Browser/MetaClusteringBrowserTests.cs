using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class MetaClusteringBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    [Fact]
    public async Task PlantedGroups_MasksAndCentresAreDrawn_LearnStateRises()
    {
        var page = await browser.OpenAsync("/metacluster");
        // The README's planted-groups recipe, small: 4 groups of 4 inputs.
        await page.FillAsync("input[name=data]", "onehot:groups=4,size=4,samples=2000");
        await page.FillAsync("input[name=meta]", "4");
        await page.FillAsync("input[name=clusters]", "4");
        await page.FillAsync("input[name=maskRate]", "0.5");
        await page.FillAsync("input[name=rate]", "0.3");
        await page.FillAsync("input[name=random]", "0.02");
        await page.FillAsync("input[name=samples]", "20000");
        await page.ClickAsync("#mc-start");
        // A generous limit for a loaded machine (./test runs the CLI's tests beside this one on two cores).
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 120_000 });
        await Expect(page.Locator("#mc-masks canvas")).ToHaveCountAsync(4);
        await Expect(page.Locator("#mc-centres .mc-row")).ToHaveCountAsync(4);
        await Expect(page.Locator("#mc-curve .u-wrap")).ToHaveCountAsync(1);
        string status = (await page.Locator("#mc-status").TextContentAsync())!;
        double learnState = double.Parse(status.Split("learnState ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        // From 1/M = 0.25 (undecided) towards 1 (a hard partition); planted groups are found well before 20 000 samples.
        Assert.True(learnState > 0.6, $"learnState {learnState} after 20000 samples");
        await BrowserFixture.ScreenshotAsync(page, "meta-clustering");
    }

    [Fact]
    public async Task BadData_ShowsTheSentence()
    {
        var page = await browser.OpenAsync("/metacluster");
        await page.FillAsync("input[name=data]", "/etc/passwd");
        await page.ClickAsync("#mc-start");
        await Expect(page.Locator("#mc-status")).ToContainTextAsync("not one the studio loads");
    }
}
