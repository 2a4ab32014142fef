using System.Text.Json.Nodes;
using NeuroSharp.Spiking;
using NeuroSharp.Studio.Live;

namespace NeuroSharp.Studio.Tests.Api;

/// <summary>A studio whose simulation streams wait 150 ms after each frame, as a page that reads slowly does: frames pile up on the server.</summary>
public sealed class SlowPageStudioFixture : StudioFixture
{
    public static readonly TimeSpan SendDelay = TimeSpan.FromMilliseconds(150);

    protected override StudioOptions Configure(StudioOptions options) => options with { FrameSendDelayForTests = SendDelay };
}

/// <summary>
/// A slow page skips frames, never spikes: the frames it gets hold every spike of the raster's rows that the engine
/// produced, the same as a run of the same network for the same steps records (the page's raster and Spikes CSV once
/// lacked the spikes of the frames it skipped).
/// </summary>
public sealed class SlowPageSpikesTests(SlowPageStudioFixture studio) : IClassFixture<SlowPageStudioFixture>
{
    /// <summary>The raster's spikes (row, step) of a run of a network from step 0, sorted, as the engine's monitors record them.</summary>
    internal static List<(int Row, int Step)> EngineSpikes(NetworkSpec spec, int steps)
    {
        var replay = new LiveNetwork(spec, MemoryBudget.Default);
        for (int s = 0; s < steps; s++) replay.Engine.Step();
        var spikes = new List<(int, int)>();
        for (int p = 0; p < spec.Populations.Count; p++)
        {
            var m = replay.Engine.SpikeMonitors.Single(x => x.Target == spec.Populations[p].Name);
            for (int k = 0; k < m.Count; k++) spikes.Add((replay.PopulationRasterStart[p] + m.Neurons[k], m.Steps[k]));
        }
        spikes.Sort();
        return spikes;
    }

    /// <summary>
    /// Runs <paramref name="network"/> at 10 000 steps/s on the slow stream past step 10 000, long enough for many frames to be
    /// made while the stream sends one (30 a second against one every 150 ms), then pauses and waits for the pause's frame.
    /// </summary>
    /// <returns>The stream (the caller disposes it) and the step of the pause.</returns>
    private async Task<(StreamClient Stream, int Steps)> RunPastStep10000AndPauseAsync(string network)
    {
        string id = await studio.CreateSimulationAsync(network);
        var stream = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/simulations/{id}/stream");
        try
        {
            await stream.WaitForAsync(m => (string?)m["type"] == "network", "the network message");
            var (status, _) = await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", """{"type": "start", "stepsPerSecond": 10000}""");
            Assert.Equal(200, status);
            await StudioFixture.WaitForAsync(async () =>
            {
                var (_, s) = await studio.SendAsync(HttpMethod.Get, $"/api/simulations/{id}");
                return s!["step"]!.GetValue<int>() >= 10_000;
            }, "the run to pass step 10 000", 120);
            var (_, paused) = await studio.SendAsync(HttpMethod.Post, $"/api/simulations/{id}/commands", """{"type": "pause"}""");
            int steps = paused!["step"]!.GetValue<int>();
            await stream.WaitForAsync(m => (string?)m["type"] == "frame" && !m["running"]!.GetValue<bool>() && m["step"]!.GetValue<int>() == steps,
                $"the frame of the pause at step {steps}", 60);
            return (stream, steps);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task SlowStream_EiNetwork_FramesHoldEverySpikeTheEngineProduced()
    {
        string network = StudioFixture.ReadExample("ei-network");
        var (stream, steps) = await RunPastStep10000AndPauseAsync(network);
        await using var _ = stream;

        var frames = stream.Frames.ToList();
        var received = new List<(int Row, int Step)>();
        long dropped = 0;
        foreach (var f in frames)
        {
            var rows = f["spikes"]!["rows"]!.AsArray();
            var st = f["spikes"]!["steps"]!.AsArray();
            for (int k = 0; k < rows.Count; k++) received.Add((rows[k]!.GetValue<int>(), st[k]!.GetValue<int>()));
            dropped += f["spikes"]!["dropped"]!.GetValue<long>();
            // A frame never holds a spike after its own step.
            Assert.All(st, s => Assert.True(s!.GetValue<int>() < f["step"]!.GetValue<int>(), $"a spike at step {s} in the frame of step {f["step"]}"));
        }
        received.Sort();
        var expected = EngineSpikes(NetworkFile.Parse(network, "ei-network.json"), steps);
        Assert.True(expected.Count > 1000, $"the run made {expected.Count} spikes");
        Assert.Equal(0, dropped);
        Assert.Equal(expected.Count, received.Count);
        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task SlowStream_MutualInhibition_FramesHoldEveryTraceSample()
    {
        string network = StudioFixture.ReadExample("mutual-inhibition");
        // At 10 000 steps/s the trace is sampled every 25th step (a few hundred samples a second).
        var (stream, steps) = await RunPastStep10000AndPauseAsync(network);
        await using var _ = stream;

        // Two LIF neurons: v, ge, gi each.
        AssertEvery25thStepOnce(stream.Frames, steps, "trace", "rows", 6);
    }

    [Fact]
    public async Task SlowStream_HhAxon_FramesHoldEverySampleOfTheWatchedCell()
    {
        // The watched cell's compartments (the morphology view, its plots and the Traces CSV) wait with the spikes and
        // trace samples when a frame is skipped, as the state plots' samples do.
        string network = StudioFixture.ReadExample("hh-axon");
        var (stream, steps) = await RunPastStep10000AndPauseAsync(network);
        await using var _ = stream;

        AssertEvery25thStepOnce(stream.Frames, steps, "cell", "v", 100);
    }

    /// <summary>
    /// The frames' <paramref name="field"/> samples (none dropped, <paramref name="width"/> values each under
    /// <paramref name="values"/>) are of every 25th step up to <paramref name="steps"/>, each once and in order: no frame's
    /// samples were skipped.
    /// </summary>
    private static void AssertEvery25thStepOnce(IEnumerable<JsonNode> frames, int steps, string field, string values, int width)
    {
        var sampled = new List<int>();
        foreach (var f in frames)
        {
            var part = f[field]!;
            Assert.Equal(0, part["dropped"]!.GetValue<int>());
            var rows = part[values]!.AsArray();
            var st = part["steps"]!.AsArray();
            Assert.Equal(st.Count, rows.Count);
            Assert.All(rows, r => Assert.Equal(width, r!.AsArray().Count));
            sampled.AddRange(st.Select(x => x!.GetValue<int>()));
        }
        Assert.Equal(Enumerable.Range(0, (steps + 24) / 25).Select(k => 25 * k).ToList(), sampled);
    }
}
