namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>The editor's toolbar at the fixture's 1400 px: two lines, not three (its groups and links wrap as wholes).</summary>
[Collection(BrowserCollection.Name)]
public sealed class EditorToolbarBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    [Fact]
    public async Task Toolbar_At1400Px_FitsTwoLines_WithThePageLinksOnTheFirst()
    {
        var page = await browser.OpenAsync("/");
        Assert.Equal(1400, page.ViewportSize!.Width);
        // Once the models are listed (the model select's options set its width), the rows the toolbar's items sit on.
        await page.WaitForFunctionAsync("() => document.querySelector('#preset').options.length > 1");
        // Each item's vertical middle; items of one row (centred, of different heights) differ by a few pixels, rows by a line.
        var middles = await page.EvaluateAsync<double[]>("""
            () => [...document.querySelectorAll('#toolbar > *')].map(e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; })
            """);
        var sorted = middles.Order().ToArray();
        int rows = 1 + sorted.Zip(sorted.Skip(1)).Count(p => p.Second - p.First > 12);
        Assert.True(rows == 2, $"the toolbar's items sit on {rows} rows (middles {string.Join(", ", middles)})");
        double linksMiddle = await page.EvaluateAsync<double>("() => { const r = document.querySelector('#toolbar > .nav').getBoundingClientRect(); return (r.top + r.bottom) / 2; }");
        Assert.True(linksMiddle - sorted[0] < 12, $"the page links sit at {linksMiddle}, not on the first row ({sorted[0]})");
    }
}
