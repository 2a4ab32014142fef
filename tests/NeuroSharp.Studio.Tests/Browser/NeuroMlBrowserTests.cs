using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>A NeuroML file (a c302-style connectome of our own) uploaded in the editor is imported, drawn, run and saved as JSON.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NeuroMlBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    [Fact]
    public async Task Upload_NeuroMl_DrawsItsCells_RunsThem_AndABadFileShowsOneSentence()
    {
        var page = await browser.OpenAsync();
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "bad.net.nml", MimeType = "application/xml", Buffer = System.Text.Encoding.UTF8.GetBytes("<neuroml><network id='n'>") });
        await Expect(page.Locator("#message.error")).ToContainTextAsync("bad.net.nml: not well-formed XML");
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "mini_c302.net.nml", MimeType = "application/xml", Buffer = System.Text.Encoding.UTF8.GetBytes(Networks.MiniC302) });
        await Expect(page.Locator(".node.population")).ToHaveCountAsync(3);
        await Expect(page.Locator("#file-name")).ToHaveValueAsync("mini_c302.net.json");

        // Run 100 ms: ASEL, under 5 pA from 10 ms on, fires every 15.3 ms (about 6 spikes); AVAL gets nothing.
        await page.WaitForFunctionAsync("() => window.studio.synced()");
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => window.studio.live.latest && window.studio.live.latest.timeMs > 100", null, new() { Timeout = 60_000 });
        await page.ClickAsync("#run");
        await Expect(page.Locator("#run")).ToHaveTextAsync("Start");
        var counts = await page.EvaluateAsync<JsonElement>("() => Object.fromEntries(window.studio.live.latest.populations.map(p => [p.name, p.spikes]))");
        Assert.True(counts.GetProperty("ASEL").GetInt32() >= 5, $"ASEL fired {counts.GetProperty("ASEL")} spikes");
        Assert.Equal(0, counts.GetProperty("AVAL").GetInt32());

        await page.ClickAsync("#save-file");
        await Expect(page.Locator("#message")).ToContainTextAsync("Saved mini_c302.net.json");
        Assert.True(File.Exists(Path.Combine(browser.Studio.Workspace, "mini_c302.net.json")));
    }
}
