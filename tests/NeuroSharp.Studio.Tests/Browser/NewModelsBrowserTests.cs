using Microsoft.Playwright;
using NeuroSharp.Spiking;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>
/// The Hodgkin-Huxley model (hh, docs/spiking-hh.md) and a model written as equations (equations,
/// docs/spiking-equations.md) in the editor: their examples open and run, their numbers and equations are edited in
/// the side panel, new ones come from the model list, a bad equation shows the engine's sentence, and a network of
/// both is saved and opened again.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NewModelsBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    private static Task<T> Doc<T>(IPage page, string expression) => page.EvaluateAsync<T>($"() => window.studio.doc.network.{expression}");

    private static async Task RunUntilAsync(IPage page, string condition)
    {
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync(condition, null, new() { Timeout = 90_000 });
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.running === false");
    }

    private static Task ExpectRestartAsync(IPage page) =>
        Expect(page.Locator("#edit-kind[data-kind=restart]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });

    [Fact]
    public async Task EquationsExample_RunsWithSpikes_ParameterAndEquationEditsRestart_BadEquationGivesTheEnginesSentence()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "equations-izhikevich2007");
        await Expect(page.Locator(".node.population")).ToHaveCountAsync(3);
        // The 100 pA step (50 to 450 ms) makes the regular-spiking cell fire.
        await RunUntilAsync(page, "() => (window.studio.live.latest?.populations ?? []).some(p => p.name === 'rs' && p.spikes > 0)");
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);

        // Its equations are text in the panel, one a line; its parameters are numbers.
        await page.ClickAsync("[data-id=rs] rect.body");
        await Expect(page.Locator("[data-param=equations]")).ToHaveValueAsync("dv/dt = (k * (v - vr) * (v - vt) - u + I) / C\ndu/dt = a * (b * (v - vr) - u)");
        await Expect(page.Locator("[data-param=threshold]")).ToHaveValueAsync("v >= vpeak");
        await Expect(page.Locator("[data-param=reset]")).ToHaveValueAsync("v = c\nu += d");
        await Expect(page.Locator("[data-param='parameters.C']")).ToHaveValueAsync("100");
        await Expect(page.Locator("[data-param='variables.v']")).ToHaveValueAsync("-60");

        // A parameter: the network changes there, the run restarts from step 0.
        await page.FillAsync("[data-param='parameters.d']", "50");
        await page.PressAsync("[data-param='parameters.d']", "Enter");
        Assert.Equal(50, await Doc<double>(page, "populations[0].params.parameters.d"));
        Assert.Equal(100, await Doc<double>(page, "populations[0].params.parameters.C"));
        await ExpectRestartAsync(page);
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.step === 0", null, new() { Timeout = 60_000 });

        // A bad equation: the engine's sentence at the top left, the field outlined, and the run goes on with the last network.
        await page.FillAsync("[data-param=equations]", "dv/dt = (k * (v - vr) * (v - vt) - u + I) / C\ndu/dt = a * (b * (v - vr) - u +)");
        await page.Locator("[data-param=equations]").BlurAsync();
        await Expect(page.Locator("#message.error")).ToContainTextAsync("population \"rs\" ($.populations[0].params.equations[1]) is 'du/dt = a * (b * (v - vr) - u +)': expected a number, a name, a function call or '(' at column 32, found ')'.");
        await Expect(page.Locator("[data-param=equations].invalid")).ToHaveCountAsync(1);
        await page.FillAsync("[data-param=equations]", "dv/dt = (k * (v - vr) * (v - vt) - u + I) / C\ndu/dt = a * (b * (v - vr) - uu)");
        await page.Locator("[data-param=equations]").BlurAsync();
        await Expect(page.Locator("#message.error")).ToContainTextAsync("'uu' at column");

        // Put right: the sentence goes, the run restarts with the new equation.
        await page.FillAsync("[data-param=equations]", "dv/dt = (k * (v - vr) * (v - vt) - u + I) / C\ndu/dt = a * (b * (v - vr) - u)\n");
        await page.Locator("[data-param=equations]").BlurAsync();
        await page.WaitForFunctionAsync("() => window.studio.synced()");
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);
        Assert.Equal(2, await Doc<int>(page, "populations[0].params.equations.length"));
        await BrowserFixture.ScreenshotAsync(page, "equations-panel");
    }

    /// <summary>
    /// An equations population's synaptic inputs are fields (the variable each receptor adds to, and its sign), not JSON:
    /// a name that is not a state variable and a sign of 0 give the engine's sentences, and put right they are sent.
    /// </summary>
    [Fact]
    public async Task EquationsInputs_AreFields_BadVariableAndZeroSignGiveTheEnginesSentences()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "equations-izhikevich2007");
        await Expect(page.Locator(".node.population")).ToHaveCountAsync(3);
        await page.ClickAsync("[data-id=target] rect.body");
        await Expect(page.Locator("[data-param='inputs.excitatory']")).ToHaveValueAsync("ge");
        await Expect(page.Locator("[data-param='inputs.excitatorySign']")).ToHaveValueAsync("1");
        await Expect(page.Locator("[data-param='inputs.inhibitory']")).ToHaveValueAsync("ge");
        await Expect(page.Locator("[data-param='inputs.inhibitorySign']")).ToHaveValueAsync("-1");

        await page.FillAsync("[data-param='inputs.excitatory']", "gee");
        await page.PressAsync("[data-param='inputs.excitatory']", "Enter");
        Assert.Equal("gee", await Doc<string>(page, "populations[2].params.inputs.excitatory"));
        await Expect(page.Locator("#message.error")).ToContainTextAsync("population \"target\" ($.populations[2].params.inputs.excitatory) is 'gee', not a state variable (did you mean ge?");
        await Expect(page.Locator("[data-param='inputs.excitatory'].invalid")).ToHaveCountAsync(1);

        await page.FillAsync("[data-param='inputs.excitatory']", "ge");
        await page.PressAsync("[data-param='inputs.excitatory']", "Enter");
        await page.WaitForFunctionAsync("() => window.studio.synced()", null, new() { Timeout = 60_000 });
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);

        await page.FillAsync("[data-param='inputs.inhibitorySign']", "0");
        await page.PressAsync("[data-param='inputs.inhibitorySign']", "Enter");
        await Expect(page.Locator("#message.error")).ToContainTextAsync("($.populations[2].params.inputs.inhibitorySign) must be a finite number other than 0 (got 0).");
        await page.FillAsync("[data-param='inputs.inhibitorySign']", "-0.5");
        await page.PressAsync("[data-param='inputs.inhibitorySign']", "Enter");
        await page.WaitForFunctionAsync("() => window.studio.synced()", null, new() { Timeout = 60_000 });
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);
        Assert.Equal(-0.5, await Doc<double>(page, "populations[2].params.inputs.inhibitorySign"));

        // Emptied, a receptor has no variable: the projection onto it is then refused by the engine, naming it.
        await page.FillAsync("[data-param='inputs.excitatory']", "");
        await page.PressAsync("[data-param='inputs.excitatory']", "Enter");
        Assert.Null(await Doc<string?>(page, "populations[2].params.inputs.excitatory ?? null"));
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task HhExample_RunsWithSpikes_CapacitanceAppliedLive_CountRestarts()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "cobahh");
        await Expect(page.Locator(".node.population")).ToHaveCountAsync(2);
        // The initial conductances start the activity: the excitatory cells fire within the first few ms.
        // Until the raster has spikes too: it shows some of exc's neurons, and a frame the page was too slow to take (the
        // server then sends only the newest) carries its spikes away, so exc's first spikes may not be among them.
        await RunUntilAsync(page, "() => (window.studio.live.latest?.populations ?? []).some(p => p.name === 'exc' && p.spikes > 0) && window.studio.plots.spikes.rows.length > 0");
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);

        // The capacitance: the hh engine retunes in place (same gates, same rise times), so the run goes on from the step reached.
        int paused = await page.EvaluateAsync<int>("() => window.studio.live.latest.step");
        await page.ClickAsync("[data-id=exc] rect.body");
        await Expect(page.Locator("[data-param=capacitancePf]")).ToHaveValueAsync("200");
        await page.FillAsync("[data-param=capacitancePf]", "250");
        await page.PressAsync("[data-param=capacitancePf]", "Enter");
        Assert.Equal(250, await Doc<double>(page, "populations[0].params.capacitancePf"));
        await Expect(page.Locator("#edit-kind[data-kind=live]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(page.Locator("#edit-kind")).ToContainTextAsync($"applied live at step {paused}");

        // The channels are a table (the channel editor): the sodium channel's conductance halved, the same gates, so live too.
        var na = page.Locator("tr[data-channel=na] input[data-param$='.conductanceNs']");
        await Expect(na).ToHaveValueAsync("20000");
        await na.FillAsync("10000");
        await na.PressAsync("Enter");
        Assert.Equal(10_000, await Doc<double>(page, "populations[0].params.channels.find(c => c.name === 'na').conductanceNs"));
        await page.WaitForFunctionAsync("() => window.studio.synced()", null, new() { Timeout = 60_000 });
        await Expect(page.Locator("#edit-kind[data-kind=live]")).ToHaveCountAsync(1);
        await page.WaitForTimeoutAsync(300);
        Assert.Equal(paused, await page.EvaluateAsync<int>("() => window.studio.live.latest.step")); // a rebuild would be at step 0
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);

        // The count: a structural edit, rebuilt from step 0.
        await page.FillAsync("[data-field=count]", "400");
        await page.PressAsync("[data-field=count]", "Enter");
        await ExpectRestartAsync(page);
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.step === 0", null, new() { Timeout = 60_000 });
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task NewHhAndEquations_FromTheModelList_RunWithVoltageTraces_SavedAndOpenedAgain()
    {
        var page = await browser.OpenAsync();
        // A population of each model, and a single neuron of each for its voltage trace.
        foreach (var preset in new[] { "hh/traubMiles", "equations/lif" })
        {
            await page.SelectOptionAsync("#preset", preset);
            await page.ClickAsync("#add-population");
            await page.ClickAsync("#add-neuron");
        }
        await Expect(page.Locator(".node.population")).ToHaveCountAsync(2);
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(2);
        Assert.Equal("hh", await Doc<string>(page, "populations[0].model"));
        Assert.Equal("equations", await Doc<string>(page, "populations[1].model"));
        await page.WaitForFunctionAsync("() => window.studio.synced()", null, new() { Timeout = 60_000 });
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);

        // The equations population shows its equations; a current step drives the equations neuron over its threshold.
        await page.ClickAsync("[data-id=pop2] rect.body");
        await Expect(page.Locator("[data-param=equations]")).ToHaveValueAsync("dv/dt = (El - v + I) / tau");
        await page.ClickAsync("[data-id=n2] circle.body");
        await page.ClickAsync("#add-current");
        await page.FillAsync("[data-field=amplitude]", "30");
        await page.PressAsync("[data-field=amplitude]", "Enter");
        // And one drives the hh neuron (pA).
        await page.ClickAsync("[data-id=n1] circle.body");
        await page.ClickAsync("#add-current");
        await page.FillAsync("[data-field=amplitude]", "1000");
        await page.PressAsync("[data-field=amplitude]", "Enter");

        foreach (var id in new[] { "n1", "n2" })
        {
            await page.ClickAsync($"[data-id={id}] circle.body");
            await page.Keyboard.PressAsync("p");
        }
        await Expect(page.Locator(".chart")).ToHaveCountAsync(2);
        await page.WaitForFunctionAsync("() => window.studio.synced()", null, new() { Timeout = 60_000 });
        await RunUntilAsync(page, "() => (window.studio.live.latest?.timeMs ?? 0) > 100");
        await Expect(page.Locator("#message.error")).ToHaveCountAsync(0);
        // hh's v is in mV; an equations model's variables are in the units its equations give them.
        foreach (var (id, label) in new[] { ("n1", "v (mV)"), ("n2", "v (model units)") })
        {
            Assert.Equal(label, await page.EvaluateAsync<string>($"() => window.studio.plots.charts.get('{id}').plot.series[1].label"));
            var v = await page.EvaluateAsync<double[]>($"() => window.studio.plots.charts.get('{id}').ys[0]");
            Assert.NotEmpty(v);
            Assert.All(v, x => Assert.True(double.IsFinite(x), $"{id}: v = {x}"));
        }
        // The hh neuron spikes: its v overshoots 0 mV. The equations LIF (El -65, Vt -50, 30 drive: it would settle at -35)
        // rises from -65 and is reset to -65 at -50, so what a frame shows stays between the two.
        Assert.True((await page.EvaluateAsync<double[]>("() => window.studio.plots.charts.get('n1').ys[0]")).Max() > 0);
        var lif = await page.EvaluateAsync<double[]>("() => window.studio.plots.charts.get('n2').ys[0]");
        Assert.InRange(lif.Max(), -60, -50);
        Assert.InRange(lif.Min(), -65.001, -50);
        Assert.True(await page.EvaluateAsync<int>("() => window.studio.plots.spikes.rows.length") > 0);
        await BrowserFixture.ScreenshotAsync(page, "new-models-traces");

        // Saved, then opened in a new page: the same models and equations.
        await page.FillAsync("#file-name", "new-models.json");
        await page.ClickAsync("#save-file");
        await Expect(page.Locator("#message")).ToContainTextAsync("Saved new-models.json");
        var saved = NetworkFile.Load(Path.Combine(browser.Studio.Workspace, "new-models.json"));
        Assert.Equal(["hh", "equations"], saved.Populations.Select(p => NeuronModels.NameOf(p.Model)).ToArray());

        var again = await browser.OpenAsync();
        await again.SelectOptionAsync("#files", "new-models.json");
        await again.ClickAsync("#open-file");
        await Expect(again.Locator(".node.population")).ToHaveCountAsync(2);
        await again.ClickAsync("[data-id=pop2] rect.body");
        await Expect(again.Locator("[data-param=equations]")).ToHaveValueAsync("dv/dt = (El - v + I) / tau");
        await again.ClickAsync("[data-id=pop1] rect.body");
        await Expect(again.Locator("[data-param=capacitancePf]")).ToHaveValueAsync("200");
        await again.WaitForFunctionAsync("() => window.studio.synced()", null, new() { Timeout = 60_000 });
        await Expect(again.Locator("#message.error")).ToHaveCountAsync(0);
    }
}
