using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>Small defects a first user met: the help dialog's Esc, error lines that stayed, the field an error names, a refused data spec, the simulation limit.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SmallDefectsBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    [Fact]
    public async Task KeyboardHelp_Escape_ClosesIt()
    {
        var page = await browser.OpenAsync();
        await page.Locator("#canvas").FocusAsync();
        await page.Keyboard.PressAsync("?");
        await Expect(page.Locator("#keys")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#keys")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task ErrorLine_ClearsOnTheNextSuccessfulEdit()
    {
        var page = await browser.OpenAsync();
        await page.ClickAsync("#add-neuron");
        await page.SelectOptionAsync("#preset", "lif/cuba");
        await page.ClickAsync("#add-neuron");
        await page.ClickAsync("#link-tool");
        await page.ClickAsync("[data-id=n1] circle.body");
        await page.ClickAsync("[data-id=n2] circle.body");
        await Expect(page.Locator("#message.error")).ToContainTextAsync("do not link");
        await page.Keyboard.PressAsync("Escape");
        // A layout edit (a new colour) goes through without touching the simulation: the stale error goes.
        await page.ClickAsync("[data-id=n1] circle.body");
        await page.ClickAsync(".swatch[data-color='#59a14f']");
        await Expect(page.Locator("[data-id=n1] circle.body")).ToHaveAttributeAsync("fill", "#59a14f");
        await Expect(page.Locator("#message")).Not.ToHaveClassAsync("error");
        await Expect(page.Locator("#message")).Not.ToContainTextAsync("do not link");
    }

    [Fact]
    public async Task InvalidParameter_TheFieldAndTheNeuronAreHighlighted_UntilFixed()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "reflex-arc");
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(4);
        await page.ClickAsync("[data-id=skin] circle.body");
        await page.FillAsync("[data-param=returnability]", "5");
        await page.PressAsync("[data-param=returnability]", "Enter");
        await Expect(page.Locator("#message.error")).ToContainTextAsync("returnability");
        await Expect(page.Locator("[data-param=returnability]")).ToHaveClassAsync("invalid");
        await Expect(page.Locator("[data-id=skin]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\binvalid\\b"));
        await page.FillAsync("[data-param=returnability]", "0.1");
        await page.PressAsync("[data-param=returnability]", "Enter");
        await Expect(page.Locator("[data-param=returnability]")).Not.ToHaveClassAsync("invalid");
        await Expect(page.Locator("[data-id=skin]")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\binvalid\\b"));
    }

    [Fact]
    public async Task MetaClustering_OneHotGroupsZero_IsRefusedBeforeARunStarts()
    {
        var page = await browser.OpenAsync("/metacluster");
        await page.FillAsync("input[name=data]", "onehot:groups=0,size=4");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#mc-start"), r => r.Url.EndsWith("/api/clustering") && r.Request.Method == "POST");
        Assert.Equal(400, response.Status);
        await Expect(page.Locator("#mc-status")).ToContainTextAsync("groups must be a whole number from 1");
    }

    [Fact]
    public async Task PageOverTheSimulationLimit_StartWorksOnceASlotFrees()
    {
        await using var server = await StudioServer.StartAsync(new StudioOptions
        {
            Port = 0,
            Workspace = Path.Combine(browser.Studio.Workspace, "one-slot"),
            MaxSimulations = 1,
        });
        var first = await browser.OpenAsync("/", server.Url);
        var second = await browser.OpenAsync("/", server.Url);
        await Expect(second.Locator("#message.error")).ToContainTextAsync("1 simulations");
        string firstId = await first.EvaluateAsync<string>("() => window.studio.simulationId");
        await first.Context.CloseAsync();
        // The slot is free once the server has seen the first page's stream end (a moment later; longer on a loaded
        // machine): a Start before then is refused at the limit like the page's first try, and the test would wait for a
        // run nobody started.
        using var http = new HttpClient { BaseAddress = server.Url };
        await StudioFixture.WaitForAsync(async () =>
        {
            using var response = await http.GetAsync($"/api/simulations/{firstId}");
            return !response.IsSuccessStatusCode || System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["clients"]!.GetValue<int>() == 0;
        }, "the server to see the first page's stream end", 60);
        await second.ClickAsync("#add-neuron");
        await second.ClickAsync("#run");
        await Expect(second.Locator("#run")).ToHaveTextAsync("Pause");
        await Expect(second.Locator("#sim-clock")).Not.ToContainTextAsync("step 0 ");
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task Step_PressedWhileTheLoadedExampleIsOnItsWay_StepsTheLoadedNetwork()
    {
        // Until 2026-12-07 a step pressed before the server had the network just loaded (or just edited) stepped the one it
        // replaced, and the rebuild then dropped the step: the page showed step 0 of the new network. Now a command waits
        // for the edit on its way. The hold makes "before the server has it" certain (a loaded machine makes it likely).
        var page = await browser.OpenAsync();
        var hold = await HeldNetworkUpdates.StartAsync(page);
        await page.SelectOptionAsync("#examples", "reflex-arc");
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(4);
        await hold.WaitSentAsync();
        await page.ClickAsync("#step");
        await hold.ReleaseAsync();
        await page.WaitForFunctionAsync("() => window.studio.live.layout?.neurons.length === 4 && window.studio.live.latest?.step === 1", null, new() { Timeout = 30_000 });
        // The server says which network was stepped (the page's latest frame can still be the replaced network's step 1
        // for a moment after the new layout arrives): the loaded one, at step 1.
        Assert.Equal(1, (await browser.Studio.SendAsync(HttpMethod.Get, $"/api/simulations/{await page.EvaluateAsync<string>("() => window.studio.simulationId")}")).Body!["step"]!.GetValue<int>());
    }

    [Fact]
    public async Task LoadedExample_StatusLine_SaysNothingAboutAnEditUntilOneIsMade()
    {
        var page = await browser.OpenAsync("/?example=ei-network");
        // Loaded and sent: the server rebuilt the run for the loaded network, which is not an edit.
        await page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true' && window.studio.simulationId && window.studio.synced()", null, new() { Timeout = 60_000 });
        await page.WaitForTimeoutAsync(300);
        await Expect(page.Locator("#edit-kind")).ToHaveTextAsync("");
        await Expect(page.Locator("#edit-kind[data-kind]")).ToHaveCountAsync(0);
        // The first edit (a new neuron is structural) says how it was taken.
        await page.ClickAsync("#add-neuron");
        await Expect(page.Locator("#edit-kind[data-kind=restart]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(page.Locator("#edit-kind")).ToContainTextAsync("Last edit restarts the run");
    }

    [Fact]
    public async Task DeletedSimulation_ThePageMakesANewOne_AndTheReconnectingLineGoes()
    {
        var page = await browser.OpenAsync();
        await page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true' && window.studio.simulationId");
        string first = await page.EvaluateAsync<string>("() => window.studio.simulationId");
        var (status, _) = await browser.Studio.SendAsync(HttpMethod.Delete, $"/api/simulations/{first}");
        Assert.Equal(204, status);
        // The server closes the page's socket; the page says so, makes a new simulation and clears that line.
        await page.WaitForFunctionAsync($"() => window.studio.simulationId && window.studio.simulationId !== '{first}'", null, new() { Timeout = 60_000 });
        await Expect(page.Locator("#message")).Not.ToContainTextAsync("reconnecting", new() { Timeout = 60_000 });
        string second = await page.EvaluateAsync<string>("() => window.studio.simulationId");
        Assert.Equal(200, (await browser.Studio.SendAsync(HttpMethod.Get, $"/api/simulations/{second}")).Status);
    }

    [Fact]
    public async Task LostConnection_ThePageReturnsToItsOwnSimulation_WhichOutlivesTheReleaseDelay()
    {
        // Until 2026-12-07 a page whose WebSocket closed made a new simulation a second later, and its old one, with the
        // run so far, was released 3 s after: a lost connection lost the run. Now it connects to its own simulation
        // again while the studio has it (the deleted case above still makes a new one).
        var page = await browser.OpenAsync();
        await page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true' && window.studio.simulationId && window.studio.live.socket?.readyState === 1");
        string first = await page.EvaluateAsync<string>("() => window.studio.simulationId");
        await page.EvaluateAsync("() => window.studio.live.socket.close()"); // as a dropped connection: the page's socket ends
        await page.WaitForFunctionAsync("() => window.studio.live.socket?.readyState === 1", null, new() { Timeout = 60_000 });
        await Expect(page.Locator("#message")).Not.ToContainTextAsync("reconnecting", new() { Timeout = 60_000 });
        // Past the 3 s release delay: the simulation is the page's own and still there, watched by its new stream.
        await page.WaitForTimeoutAsync(4_500);
        Assert.Equal(first, await page.EvaluateAsync<string>("() => window.studio.simulationId"));
        Assert.Equal(200, (await browser.Studio.SendAsync(HttpMethod.Get, $"/api/simulations/{first}")).Status);
        Assert.Equal(first, await page.EvaluateAsync<string>("() => window.studio.live.id"));
    }
}
