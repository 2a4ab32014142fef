using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>Pages on a network written to the studio's workspace, as a user opens one (Workspace, Open).</summary>
internal static class WorkspacePages
{
    /// <summary>Writes <paramref name="network"/> to the workspace as <paramref name="file"/> and opens it in a new page.</summary>
    /// <param name="browser">The browser, on its studio.</param>
    /// <param name="file">The file's name in the workspace, e.g. "loud.json".</param>
    /// <param name="network">The network file's text.</param>
    /// <returns>The page, once it says it opened the file.</returns>
    public static async Task<IPage> OpenWorkspaceFileAsync(this BrowserFixture browser, string file, string network)
    {
        File.WriteAllText(Path.Combine(browser.Studio.Workspace, file), network);
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#files", file);
        await page.ClickAsync("#open-file");
        await Expect(page.Locator("#message")).ToContainTextAsync($"Opened {file}");
        return page;
    }
}
