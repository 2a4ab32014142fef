using System.Text.Json;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Studio.Live;

namespace NeuroSharp.Studio.Tests.Live;

/// <summary>
/// The watched cell's compartments in the frames (docs/studio.md, "The morphology view"): the values are the engine's own
/// (equal to a <c>v[NAME]</c> state monitor of the same run), only the watched neuron's are sent, and reading them allocates nothing.
/// </summary>
public sealed class CellStreamTests
{
    private static NetworkSpec Axon(int count = 1)
    {
        var spec = NetworkFile.Parse(StudioFixture.ReadExample("hh-axon"));
        if (count == 1) return spec;
        // Several cells; the pulse reaches neuron 2 only, so the cells differ.
        return spec with
        {
            Populations = [spec.Populations[0] with { Count = count }],
            Inputs = [.. spec.Inputs.Cast<CurrentInputSpec>().Select(i => i with { Indices = [2] })],
        };
    }

    private static string[] Names(NetworkSpec spec) =>
        [.. ((HodgkinHuxleyNeuronSpec)spec.Populations[0].Model).Morphology!.Compartments.Select(c => $"v[{c.Name}]")];

    /// <summary>Runs the live network <paramref name="steps"/> steps, one frame at the end; returns the "cell" object of the frame a page's connection sends.</summary>
    private static async Task<JsonElement> RunAndFrameAsync(LiveNetwork live, int steps)
    {
        for (int s = 0; s < steps; s++) live.Step();
        var client = new FrameClient();
        client.Offer(Frame(live), live.FrameSamples);
        live.ClearFrameSamples();
        var sent = await client.NextAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
        return JsonDocument.Parse(sent).RootElement.GetProperty("cell").Clone();
    }

    /// <summary>The frame's network fields, as the run writes them for its pages.</summary>
    private static byte[] Frame(LiveNetwork live)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            live.WriteFrame(w);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>The values a state monitor of v[NAME] on every compartment records in a plain run of the same network.</summary>
    private static float[][] Monitored(NetworkSpec spec, int neuron, int steps)
    {
        string[] names = Names(spec);
        var engine = new SpikingEngine(spec with { Monitors = [new StateMonitorSpec { Target = "axon", Variables = names, Indices = [neuron] }] },
            new SimulationOptions { Seed = 1, Threads = 1 });
        engine.Run(steps);
        return [.. names.Select(n => engine.StateMonitors[0].Values(n).ToArray())];
    }

    [Fact]
    public async Task Frame_CarriesEveryCompartmentsV_EqualToTheEnginesMonitor()
    {
        var spec = Axon();
        var live = new LiveNetwork(spec, MemoryBudget.Default) { TraceEvery = 1 };
        Assert.Equal("axon", live.CellTarget);
        Assert.Equal(100, live.CellCompartments);
        const int steps = 400; // 4 ms at dt 0.01 ms: the pulse (1 to 2 ms) and the spike's way down the axon
        var cell = await RunAndFrameAsync(live, steps);
        var expected = Monitored(spec, 0, steps);
        var rows = cell.GetProperty("v").EnumerateArray().ToArray();
        var stepsSent = cell.GetProperty("steps").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(Enumerable.Range(0, steps), stepsSent);
        for (int s = 0; s < steps; s++)
        {
            var row = rows[s].EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.Equal(100, row.Length);
            for (int c = 0; c < 100; c++) Assert.True(expected[c][s] == row[c], $"step {s}, c{c}: frame {row[c]}, monitor {expected[c][s]}");
        }
        var now = cell.GetProperty("now").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(expected.Select(x => x[steps - 1]), now);
        // The run did something: the near end fired, the far end after it.
        int Peak(int c) => Array.IndexOf(expected[c], expected[c].Max());
        Assert.True(expected[0].Max() > 20 && expected[99].Max() > 20, "both ends should fire");
        Assert.True(Peak(99) > Peak(0) + 50, $"the far end should peak later: c0 at step {Peak(0)}, c99 at {Peak(99)}");
    }

    [Fact]
    public async Task Frame_CarriesOnlyTheWatchedCell()
    {
        var spec = Axon(count: 3);
        var live = new LiveNetwork(spec, MemoryBudget.Default) { TraceEvery = 10 };
        live.Watch("axon", 2);
        const int steps = 300;
        var cell = await RunAndFrameAsync(live, steps);
        Assert.Equal(2, cell.GetProperty("neuron").GetInt32());
        var expected = Monitored(spec, 2, steps);
        var other = Monitored(spec, 0, steps);
        var rows = cell.GetProperty("v").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetSingle()).ToArray()).ToArray();
        Assert.Equal(steps / 10, rows.Length); // sampled every TraceEvery steps, as the traces
        Assert.All(rows, r => Assert.Equal(100, r.Length)); // one cell's compartments, not 3 x 100
        var sampled = cell.GetProperty("steps").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        for (int s = 0; s < rows.Length; s++)
        {
            for (int c = 0; c < 100; c++) Assert.Equal(expected[c][sampled[s]], rows[s][c]);
        }
        // Neuron 0 got no pulse: its v stays near rest while neuron 2's fired.
        Assert.True(rows.Max(r => r[0]) > 20);
        Assert.True(other[0].Max() < -60, $"neuron 0 should stay at rest (max {other[0].Max()} mV)");
    }

    [Fact]
    public async Task SkippedFrame_ItsCellSamplesGoWithTheNext_AndAnotherCellsReplaceThem()
    {
        // A slow page skips a frame: the connection keeps that frame's cell samples and sends them with the next one
        // (the compartment plots and the Traces CSV once had a gap there).
        var spec = Axon(count: 3);
        var live = new LiveNetwork(spec, MemoryBudget.Default) { TraceEvery = 10 };
        var client = new FrameClient();
        for (int f = 0; f < 2; f++)
        {
            for (int s = 0; s < 150; s++) live.Step();
            client.Offer(Frame(live), live.FrameSamples);
            live.ClearFrameSamples();
        }
        var sent = JsonDocument.Parse(await client.NextAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token)).RootElement;
        var cell = sent.GetProperty("cell");
        Assert.Equal(1, client.DroppedFrames);
        Assert.Equal(Enumerable.Range(0, 30).Select(k => 10 * k), cell.GetProperty("steps").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(0, cell.GetProperty("dropped").GetInt32());
        var expected = Monitored(spec, 0, 300);
        var rows = cell.GetProperty("v").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetSingle()).ToArray()).ToArray();
        for (int s = 0; s < rows.Length; s++)
        {
            for (int c = 0; c < 100; c++) Assert.Equal(expected[c][10 * s], rows[s][c]);
        }
        Assert.Equal(expected.Select(x => x[299]), cell.GetProperty("now").EnumerateArray().Select(e => e.GetSingle()));
        // The property order of a frame is kept: cell, trace, spikes last.
        Assert.Equal(["cell", "trace", "spikes"], sent.EnumerateObject().Select(p => p.Name).TakeLast(3));

        // The page watches another cell before the next frame is sent: the waiting samples of the old one are not sent.
        for (int s = 0; s < 50; s++) live.Step();
        client.Offer(Frame(live), live.FrameSamples);
        live.ClearFrameSamples();
        live.Watch("axon", 2);
        for (int s = 0; s < 50; s++) live.Step();
        client.Offer(Frame(live), live.FrameSamples);
        live.ClearFrameSamples();
        cell = JsonDocument.Parse(await client.NextAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token)).RootElement.GetProperty("cell");
        Assert.Equal(2, cell.GetProperty("neuron").GetInt32());
        Assert.Equal(Enumerable.Range(35, 5).Select(k => 10 * k), cell.GetProperty("steps").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Watch_ATargetWithoutMorphologyOrANeuronOutOfRange_IsRefusedInOneSentence()
    {
        var live = new LiveNetwork(Axon(count: 3), MemoryBudget.Default);
        var e = Assert.Throws<InvalidInputException>(() => live.Watch("soma", 0));
        Assert.Equal("The command's target must be a neuron or population with a morphology (axon) (got \"soma\").", e.Message);
        e = Assert.Throws<InvalidInputException>(() => live.Watch("axon", 3));
        Assert.Equal("The command's neuron must be in [0, 2] for \"axon\" (got 3).", e.Message);
        Assert.Equal(("axon", 0), (live.CellTarget, live.CellNeuron)); // unchanged

        var points = new LiveNetwork(NetworkFile.Parse(StudioFixture.ReadExample("ei-network")), MemoryBudget.Default);
        Assert.Null(points.CellTarget);
        e = Assert.Throws<InvalidInputException>(() => points.Watch("exc", 0));
        Assert.Equal("The command's target must be a neuron or population with a morphology (this network has none) (got \"exc\").", e.Message);
    }

    [Fact]
    public void ReadingTheWatchedCell_AllocatesNothing()
    {
        var live = new LiveNetwork(Axon(), MemoryBudget.Default);
        var into = new float[live.CellCompartments];
        live.Engine.CopyCompartmentVoltages("axon", 0, into);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int s = 0; s < 1000; s++) live.Engine.CopyCompartmentVoltages("axon", 0, into);
        Assert.Equal(0L, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(100, live.Engine.CompartmentCountOf("axon"));
        Assert.All(into, v => Assert.InRange(v, -65.001f, -64.999f)); // at rest before any step
    }

    [Fact]
    public void Reset_AndARebuild_KeepTheWatchedCell()
    {
        var spec = Axon(count: 3);
        var live = new LiveNetwork(spec, MemoryBudget.Default);
        live.Watch("axon", 1);
        var rebuilt = new LiveNetwork(spec with { DtMs = 0.02 }, MemoryBudget.Default);
        Assert.Equal(0, rebuilt.CellNeuron);
        rebuilt.KeepWatching(live);
        Assert.Equal(("axon", 1), (rebuilt.CellTarget, rebuilt.CellNeuron));
        var smaller = new LiveNetwork(Axon(count: 1), MemoryBudget.Default);
        smaller.KeepWatching(live); // neuron 1 is gone: the first cell stays watched
        Assert.Equal(("axon", 0), (smaller.CellTarget, smaller.CellNeuron));
    }
}
