using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>What the page shows can be read: raster labels beside the dots, E and I rows told apart, units, text inside its box, the state that decides firing, a sensible first speed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadingBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    [Fact]
    public async Task EiNetwork_StartsAtRealTime_RasterLabelsBesideTheDots_EAndIRowsLabelledAndColoured()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "ei-network");
        // dt 0.1 ms: real time is 10 000 steps a second.
        await Expect(page.Locator("#speed-label")).ToHaveTextAsync("10000 steps/s");
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => window.studio.plots.spikes.rows.length > 200");
        await page.ClickAsync("#run");
        // Paused, and the raster drawn from the last frame (it is drawn on the next animation frame after one arrives).
        await page.WaitForFunctionAsync("() => window.studio.live.latest.running === false && !window.studio.plots.rasterDirty");
        var labels = await page.EvaluateAsync<string[]>("() => window.studio.plots.rowLabels(10).map(l => l.text)");
        Assert.Contains(labels, l => l.StartsWith("exc (E)", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("inh (I)", StringComparison.Ordinal));
        // The dots start right of the widest label, so no label covers a dot.
        bool clear = await page.EvaluateAsync<bool>("""
            () => {
              const p = window.studio.plots, ctx = document.getElementById('raster').getContext('2d');
              ctx.font = '10px sans-serif';
              const widest = Math.max(...p.rowLabels(10).map(l => ctx.measureText(l.text).width));
              return p.gutter >= widest + 2;
            }
            """);
        Assert.True(clear, "the raster's dots begin under its row labels");
        // Excitatory dots blue, inhibitory dots red.
        var counts = await page.EvaluateAsync<int[]>("""
            () => {
              const c = document.getElementById('raster'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let blue = 0, red = 0;
              for (let i = 0; i < d.length; i += 4) {
                if (d[i] === 47 && d[i + 1] === 111 && d[i + 2] === 221) blue++;
                if (d[i] === 209 && d[i + 1] === 73 && d[i + 2] === 91) red++;
              }
              return [blue, red];
            }
            """);
        Assert.True(counts[0] > 20 && counts[1] > 20, $"blue {counts[0]} and red {counts[1]} pixels");
        await BrowserFixture.ScreenshotAsync(page, "ei-network-raster");
    }

    [Fact]
    public async Task CentralPatternGenerator_VoltageStaysPhysiological_PlotHasUnits()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "central-pattern-generator");
        await page.ClickAsync("[data-id=flexor] circle.body");
        await page.Keyboard.PressAsync("p");
        await Expect(page.Locator("[data-plot=flexor]")).ToContainTextAsync("v (mV)");
        // uPlot draws the axis titles on its canvas: read them from the chart's options.
        Assert.Equal(["time (ms)", "mV"], await page.EvaluateAsync<string[]>("() => window.studio.plots.charts.get('flexor').plot.axes.map(a => a.label)"));
        // Real time (10 000 steps/s): the trace is sampled every couple of ms (at full speed it would be a few samples a run).
        await page.Locator("#speed").FillAsync("10");
        await page.ClickAsync("#run");
        // Past the settling transient into the alternating bursts, where the silenced side is inhibited hardest.
        await page.WaitForFunctionAsync("() => window.studio.live.latest && window.studio.live.latest.timeMs > 1500", null, new() { Timeout = 60_000 });
        await page.ClickAsync("#run");
        double lowest = await page.EvaluateAsync<double>("() => Math.min(...window.studio.plots.charts.get('flexor').ys[0])");
        // AdEx's inhibition is a current; held near -75 mV it stays where chloride inhibition holds a real neuron.
        Assert.InRange(lowest, -85, -60);
    }

    [Fact]
    public async Task Polychronization_PopulationTextFitsItsBox_ParameterLabelsAreWhole()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "polychronization");
        await Expect(page.Locator(".node.population")).ToHaveCountAsync(2);
        var fits = await page.EvaluateAsync<bool[]>("""
            () => [...document.querySelectorAll('.node.population')].map(g => {
              const box = g.querySelector('rect.body').getBBox();
              return [...g.querySelectorAll('text')].filter(t => t.getAttribute('y') !== '46').every(t => t.getBBox().width <= box.width);
            })
            """);
        Assert.All(fits, Assert.True);
        // dt 0.5 ms: real time is 2 000 steps a second.
        await Expect(page.Locator("#speed-label")).ToHaveTextAsync("2000 steps/s");

        await page.SelectOptionAsync("#examples", "reflex-arc");
        await page.ClickAsync("[data-id=skin] circle.body");
        await Expect(page.Locator("[data-param=initialStepsToActivation]")).ToHaveCountAsync(1);
        var cut = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#panel .row > label')].filter(l => l.scrollWidth > l.clientWidth + 1).map(l => l.textContent)");
        Assert.Empty(cut);
    }

    [Fact]
    public async Task TransmitterNeuron_OneBarShowsActivatorPlusInhibitorAgainstTheThreshold()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "reflex-arc");
        await Expect(page.Locator(".node.neuron")).ToHaveCountAsync(4);
        await Expect(page.Locator("[data-id=skin] .bar")).ToHaveCountAsync(1);
        // The steps go straight onto the socket (the page's Step button waits for the edit on its way, a script must too):
        // sent before the server has the loaded network, they would step the empty one it replaces.
        await page.WaitForFunctionAsync("() => window.studio.synced()");
        // The skin is touched at step 40: go to step 39, then watch it collect step by step.
        await page.EvaluateAsync("() => window.studio.live.send({ type: 'step', count: 39 })");
        await page.WaitForFunctionAsync("() => window.studio.live.latest?.step === 39");
        // The bar is last activator + last inhibitor (what the engine compares with the threshold), full at the threshold.
        double largest = 0;
        for (int step = 40; step <= 48; step++)
        {
            await page.EvaluateAsync("() => window.studio.live.send({ type: 'step' })");
            await page.WaitForFunctionAsync($"() => window.studio.live.latest.step === {step} && window.studio.live.painted === window.studio.live.latest");
            var check = await page.EvaluateAsync<double[]>("""
                () => {
                  const f = window.studio.live.latest, n = f.neurons.find(x => x.id === 'skin');
                  const threshold = window.studio.live.layout.neurons.find(x => x.id === 'skin').threshold;
                  const g = document.querySelector('[data-id=skin]');
                  const sum = n.values[11] + n.values[12];
                  return [Number(g.getAttribute('data-sum')), sum, Number(g.querySelector('.bar').getAttribute('height')), 44 * Math.max(0, Math.min(1, sum / threshold))];
                }
                """);
            Assert.Equal(check[1], check[0], 9);
            Assert.Equal(check[3], check[2], 6);
            largest = Math.Max(largest, check[1]);
        }
        Assert.True(largest > 0, "the skin collected nothing after its stimulus");
    }
}
