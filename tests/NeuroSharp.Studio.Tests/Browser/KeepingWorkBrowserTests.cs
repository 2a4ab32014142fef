using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>The page does not lose work: Save asks before replacing a file, a reload warns and offers the autosave, New and the examples ask before replacing unsaved edits.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeepingWorkBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    [Fact]
    public async Task Save_OverAnExistingFile_AsksFirst_CancelKeepsIt_ReplaceWritesIt()
    {
        string path = Path.Combine(browser.Studio.Workspace, "keep.json");
        File.WriteAllText(path, Networks.TwoLinked);
        var page = await browser.OpenAsync();
        await page.ClickAsync("#add-neuron");
        await page.FillAsync("#file-name", "keep.json");
        await page.ClickAsync("#save-file");
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await Expect(page.Locator("#confirm-text")).ToContainTextAsync("keep.json");
        await page.ClickAsync("#confirm-no");
        await Expect(page.Locator("#confirm")).ToBeHiddenAsync();
        Assert.Equal(Networks.TwoLinked, File.ReadAllText(path));

        await page.ClickAsync("#save-file");
        await page.ClickAsync("#confirm-yes");
        await Expect(page.Locator("#message")).ToContainTextAsync("Saved keep.json");
        Assert.Contains("\"n1\"", File.ReadAllText(path));

        // Saving again to the file just saved does not ask.
        await page.ClickAsync("#add-neuron");
        await page.ClickAsync("#save-file");
        await StudioFixture.WaitForAsync(() => Task.FromResult(File.ReadAllText(path).Contains("\"n2\"", StringComparison.Ordinal)), "the second save", 60);
        await Expect(page.Locator("#confirm")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Reload_WithUnsavedEdits_OffersTheAutosave_AndClosingWarns()
    {
        var page = await browser.OpenAsync();
        await page.ClickAsync("#add-neuron");
        await page.ClickAsync("#add-neuron");
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(2);
        // The autosave is written a moment (300 ms) after the last edit: wait for it, not for a time a loaded machine can overrun.
        await page.WaitForFunctionAsync("() => localStorage.getItem('neurosharp.studio.autosave') !== null");

        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready=true]");
        await Expect(page.Locator("#autosave")).ToBeVisibleAsync();
        await page.ClickAsync("#autosave-restore");
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(2);

        // Closing with unsaved edits asks the browser to warn (the beforeunload dialog).
        var asked = new TaskCompletionSource<string>();
        page.Dialog += (_, d) => { asked.TrySetResult(d.Type); _ = d.AcceptAsync(); };
        await page.ClickAsync("#add-neuron");
        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        var done = await Task.WhenAny(asked.Task, Task.Delay(10_000));
        Assert.True(done == asked.Task, "no beforeunload dialog when closing a page with unsaved edits");
        Assert.Equal("beforeunload", await asked.Task);
    }

    [Fact]
    public async Task NewAndExamples_WithUnsavedEdits_AskBeforeReplacing()
    {
        var page = await browser.OpenAsync();
        await page.ClickAsync("#add-neuron");
        await page.ClickAsync("#new-network");
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await page.ClickAsync("#confirm-no");
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(1);

        await page.SelectOptionAsync("#examples", "reflex-arc");
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await page.ClickAsync("#confirm-yes");
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(4);

        // Nothing edited since the example loaded: New replaces it without asking.
        await page.ClickAsync("#new-network");
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(0);
        await Expect(page.Locator("#confirm")).ToBeHiddenAsync();
    }
}
