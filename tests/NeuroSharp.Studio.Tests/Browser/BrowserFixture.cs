using Microsoft.Playwright;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>
/// A studio server and Debian's Chromium driven by Playwright for .NET, launched by executable path
/// (no browser download). Without Chromium the tests fail with a sentence saying to run ./test, which
/// installs it (as CI does), so a missing browser must not pass silently.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Chromium is looked for (overridable with NEUROSHARP_CHROMIUM).</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("NEUROSHARP_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private readonly List<IBrowserContext> _contexts = [];

    public StudioFixture Studio { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium was not found at {ChromiumPath}: the browser tests drive Debian's Chromium; run ./test from the repository root, which installs it (Debian package chromium) and then runs dotnet test, or set NEUROSHARP_CHROMIUM to a Chromium.");
        await Studio.InitializeAsync();
        if (!Studio.Server.FrontEndBuilt)
            throw new InvalidOperationException("The studio's front end was not built into NeuroSharp.Studio (npm was missing when it was built): run ./test from the repository root, which installs npm and builds again.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        // Waits are for states, never for time, so a long limit costs nothing when the page is well: it only allows
        // for a loaded machine (./test runs other test projects beside this one on two cores) before a failure.
        Assertions.SetDefaultExpectTimeout(60_000);
    }

    /// <summary>A new page (its own context: storage, downloads) on the studio, ready to use.</summary>
    /// <param name="path">The page's path.</param>
    /// <param name="server">Another studio's address (default: the fixture's).</param>
    /// <param name="width">The window's width in CSS pixels (default 1400).</param>
    /// <param name="height">The window's height in CSS pixels (default 900).</param>
    /// <returns>The page.</returns>
    public async Task<IPage> OpenAsync(string path = "/", Uri? server = null, int width = 1400, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        lock (_contexts) _contexts.Add(context);
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(new Uri(server ?? Studio.Server.Url, path).ToString());
        await page.WaitForSelectorAsync("body[data-ready=true]");
        Assert.Empty(errors);
        return page;
    }

    /// <summary>
    /// Closes every page opened so far (a test's class calls it when the test ends): the tests run one
    /// after another, and pages left open would keep drawing and running on the two cores.
    /// </summary>
    /// <returns>When they are closed.</returns>
    public async Task CloseAllAsync()
    {
        IBrowserContext[] open;
        lock (_contexts) { open = [.. _contexts]; _contexts.Clear(); }
        foreach (var c in open)
        {
            try { await c.CloseAsync(); }
            catch (PlaywrightException) { /* closed by the test already */ }
        }
    }

    /// <summary>Saves a screenshot under the test output folder (for people; nothing asserts on it).</summary>
    /// <param name="page">The page.</param>
    /// <param name="name">The file name without extension.</param>
    /// <returns>The screenshot.</returns>
    public static Task ScreenshotAsync(IPage page, string name)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png") });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Studio.DisposeAsync();
    }
}
