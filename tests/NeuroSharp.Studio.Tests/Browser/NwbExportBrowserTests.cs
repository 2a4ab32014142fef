using System.Text.Json.Nodes;
using NeuroSharp.Spiking;
using NeuroSharp.Studio.Live;
using NeuroSharp.Testing;
using PureHDF;
using static Microsoft.Playwright.Assertions;

namespace NeuroSharp.Studio.Tests.Browser;

/// <summary>The page's NWB export: the server writes the run so far with the simulator's NWB writer and the browser downloads it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NwbExportBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.CloseAllAsync();

    [Fact]
    public async Task EiNetwork_NwbExport_IsHdf5_WithTheRunsUnitsAndSpikes()
    {
        var page = await browser.OpenAsync();
        await page.SelectOptionAsync("#examples", "ei-network");
        await Expect(page.Locator(".node.population")).ToHaveCountAsync(2);
        await page.WaitForFunctionAsync("() => window.studio.live.layout?.populations.length === 2");
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => window.studio.live.latest && window.studio.live.latest.timeMs > 150", null, new() { Timeout = 60_000 });
        await page.ClickAsync("#run");
        await Expect(page.Locator("#run")).ToHaveTextAsync("Start");
        string id = await page.EvaluateAsync<string>("() => window.studio.simulationId");
        var (_, status) = await browser.Studio.SendAsync(HttpMethod.Get, $"/api/simulations/{id}");
        int steps = status!["step"]!.GetValue<int>();
        Assert.True(steps > 1000, $"ran {steps} steps");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-nwb"));
        Assert.EndsWith(".nwb", download.SuggestedFilename, StringComparison.Ordinal);
        string path = (await download.PathAsync())!;
        var bytes = File.ReadAllBytes(path);
        // HDF5's signature.
        Assert.Equal(new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a }, bytes[..8]);

        // What the NWB 2 schema requires, checked by h5py (tools/nwb/check_nwb.py, as for `neurosharp simulate --format nwb`).
        var (exit, output, error) = DebianPython.Run(TimeSpan.FromMinutes(2), null, Path.Combine(RepositoryRoot.Path, "tools", "nwb", "check_nwb.py"), path);
        Assert.True(exit == 0, output + error);
        Assert.StartsWith("ok: ", output);

        using var file = H5File.OpenRead(path);
        Assert.Equal("NWBFile", file.Attribute("neurodata_type").Read<string>());
        double[] times = file.Dataset("units/spike_times").Read<double[]>();
        long[] index = file.Dataset("units/spike_times_index").Read<long[]>();
        string[] population = file.Dataset("units/population").Read<string[]>();
        int[] neuron = file.Dataset("units/neuron").Read<int[]>();

        // The same run again, the network as the example file gives it, stepped as far as the page's run:
        // the units are the raster's rows (64 of exc, 64 of inh) and their spike times are equal.
        var spec = NetworkFile.Load(Path.Combine(browser.Studio.ExamplesDirectory, "ei-network.json"));
        var replay = new LiveNetwork(spec, MemoryBudget.Default);
        for (int s = 0; s < steps; s++) replay.Engine.Step();
        var expectedTimes = new List<double>();
        var expectedIndex = new List<long>();
        var expectedUnits = new List<(string, int)>();
        foreach (var m in replay.Engine.SpikeMonitors)
        {
            var byNeuron = new SortedDictionary<int, List<double>>();
            foreach (int i in m.Spec.Indices!) byNeuron[i] = [];
            for (int k = 0; k < m.Count; k++) byNeuron[m.Neurons[k]].Add(m.Steps[k] * m.DtMs / 1000);
            foreach (var (i, t) in byNeuron)
            {
                expectedUnits.Add((m.Target, i));
                expectedTimes.AddRange(t);
                expectedIndex.Add(expectedTimes.Count);
            }
        }
        Assert.Equal(128, expectedUnits.Count);
        Assert.Equal(expectedUnits, population.Zip(neuron).Select(u => (u.First, u.Second)).ToList());
        Assert.Equal(expectedIndex, index);
        Assert.True(times.Length > 100, $"{times.Length} spikes");
        Assert.Equal(expectedTimes, times);
        Assert.All(times, t => Assert.InRange(t, 0, steps * spec.DtMs / 1000));
    }

    [Fact]
    public async Task TransmitterNetwork_NwbExport_IsRefusedWithASentence()
    {
        string id = await browser.Studio.CreateSimulationAsync(Networks.TwoLinked);
        using var response = await browser.Studio.Http.GetAsync($"/api/simulations/{id}/nwb");
        Assert.Equal(400, (int)response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("only transmitter neurons", body["error"]!.GetValue<string>());
    }
}
