using Microsoft.Playwright;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>
/// Holds a page's edits on their way to the server (PUT /api/simulations/{id}/network) until released: the moment
/// between an edit or a load and the server's rebuild, which a loaded machine stretches, made as long as a test needs,
/// so a race that CI meets by chance is met every time.
/// </summary>
internal sealed class HeldNetworkUpdates
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending;

    private HeldNetworkUpdates()
    {
    }

    /// <summary>Completes when the page has sent an update (it is held).</summary>
    public Task Sent => _sent.Task;

    /// <summary>Updates sent and not answered yet.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Starts holding the page's updates.</summary>
    /// <param name="page">The page.</param>
    /// <returns>The hold.</returns>
    public static async Task<HeldNetworkUpdates> StartAsync(IPage page)
    {
        var hold = new HeldNetworkUpdates();
        await page.RouteAsync("**/api/simulations/*/network", async route =>
        {
            Interlocked.Increment(ref hold._pending);
            hold._sent.TrySetResult();
            await hold._release.Task;
            try { await route.ContinueAsync(); }
            finally { Interlocked.Decrement(ref hold._pending); }
        });
        return hold;
    }

    /// <summary>Waits until the page has sent an update (30 s at most).</summary>
    /// <returns>When one is held.</returns>
    public Task WaitSentAsync() => _sent.Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Lets the held updates (and any later one) through, and waits until the server has answered them.</summary>
    /// <returns>When none is pending.</returns>
    public async Task ReleaseAsync()
    {
        _release.TrySetResult();
        await StudioFixture.WaitForAsync(() => Task.FromResult(Pending == 0), "the held network updates to be answered", 60);
    }
}
