using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Studio.Live;

namespace NeuroSharp.Studio.Tests.Live;

/// <summary>
/// The order a page gets a run's messages and frames in (the evolution page once stayed "running" after its run ended),
/// and the spikes of the frames a slow page skips, which it still gets (the raster and its CSV once lacked them).
/// </summary>
public sealed class FrameClientTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static async Task<string> NextAsync(FrameClient c) =>
        Encoding.UTF8.GetString((await c.NextAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token)).Span);

    [Fact]
    public async Task Send_AfterAnUnsentFrame_TheMessageIsTheLastThingThePageGets()
    {
        var c = new FrameClient();
        c.Offer(B("running"));
        c.Send(B("done"));
        Assert.Equal("done", await NextAsync(c));
        // Nothing older than "done" follows it: the wait ends only by its timeout.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            c.NextAsync(new CancellationTokenSource(TimeSpan.FromMilliseconds(200)).Token));
        Assert.Equal(1, c.DroppedFrames);
    }

    [Fact]
    public async Task Offer_AfterASentMessage_TheNewerFrameFollowsIt()
    {
        var c = new FrameClient();
        c.Send(B("network"));
        c.Offer(B("frame 1"));
        c.Offer(B("frame 2"));
        Assert.Equal("network", await NextAsync(c));
        Assert.Equal("frame 2", await NextAsync(c));
        Assert.Equal(1, c.DroppedFrames);
    }

    [Fact]
    public async Task Send_TwoMessages_ArriveInOrderAndWhole()
    {
        var c = new FrameClient();
        c.Send(B("a"));
        c.Send(B("b"));
        Assert.Equal("a", await NextAsync(c));
        Assert.Equal("b", await NextAsync(c));
        Assert.Equal(0, c.DroppedFrames);
    }

    private static async Task<JsonNode> NextFrameAsync(FrameClient c) => JsonNode.Parse(await NextAsync(c))!;

    private static int[] Ints(JsonNode node) => node.AsArray().Select(n => n!.GetValue<int>()).ToArray();

    [Fact]
    public async Task OfferWithSpikes_TwoFramesBeforeTheSend_TheNewestCarriesTheSpikesOfBoth()
    {
        var c = new FrameClient();
        c.Offer(B("{\"type\":\"frame\",\"step\":10}"), [0, 3], [4, 9], 0);
        c.Offer(B("{\"type\":\"frame\",\"step\":20}"), [5], [12], 2);
        var frame = await NextFrameAsync(c);
        Assert.Equal(20, frame["step"]!.GetValue<int>());
        Assert.Equal(new[] { 0, 3, 5 }, Ints(frame["spikes"]!["rows"]!));
        Assert.Equal(new[] { 4, 9, 12 }, Ints(frame["spikes"]!["steps"]!));
        Assert.Equal(2, frame["spikes"]!["dropped"]!.GetValue<int>());
        Assert.Equal(1, c.DroppedFrames);

        // The next frame has only what came after: the backlog went with the frame sent.
        c.Offer(B("{\"type\":\"frame\",\"step\":30}"), [], [], 0);
        frame = await NextFrameAsync(c);
        Assert.Empty(Ints(frame["spikes"]!["rows"]!));
        Assert.Equal(0, frame["spikes"]!["dropped"]!.GetValue<int>());
    }

    [Fact]
    public async Task OfferWithSpikes_OverTheBacklog_KeepsTheFirstAndCountsTheRest()
    {
        var c = new FrameClient();
        int[] rows = new int[FrameClient.MaxSpikeBacklog - 1];
        int[] steps = Enumerable.Range(0, rows.Length).ToArray();
        c.Offer(B("{\"step\":1}"), rows, steps, 0);
        c.Offer(B("{\"step\":2}"), [7, 8, 9], [1, 2, 3], 5);
        var spikes = (await NextFrameAsync(c))["spikes"]!;
        int[] sentSteps = Ints(spikes["steps"]!);
        Assert.Equal(FrameClient.MaxSpikeBacklog, sentSteps.Length);
        Assert.Equal(1, sentSteps[^1]);
        Assert.Equal(2 + 5, spikes["dropped"]!.GetValue<int>());
    }

    [Fact]
    public async Task NewNetworkMessage_DropsTheOldRunsSpikes_AnErrorKeepsTheFrameAndItsSpikes()
    {
        var c = new FrameClient();
        c.Offer(B("{\"step\":1}"), [1], [0], 0);
        c.SendBeforeFrame(B("{\"type\":\"error\"}"));
        Assert.Equal("{\"type\":\"error\"}", await NextAsync(c));
        Assert.Equal(new[] { 1 }, Ints((await NextFrameAsync(c))["spikes"]!["rows"]!));

        c.Offer(B("{\"step\":2}"), [4], [1], 0);
        c.Send(B("{\"type\":\"network\"}"), newNetwork: true);
        Assert.Equal("{\"type\":\"network\"}", await NextAsync(c));
        Assert.Equal(0, c.SpikeBacklog);
        c.Offer(B("{\"step\":0}"), [2], [0], 0);
        Assert.Equal(new[] { 2 }, Ints((await NextFrameAsync(c))["spikes"]!["rows"]!));
    }

    [Fact]
    public async Task OfferWithTrace_TwoFramesBeforeTheSend_TheNewestCarriesTheSamplesOfBoth()
    {
        var c = new FrameClient();
        c.Offer(B("{\"step\":2}"), new FrameSamples { TraceSteps = [0, 1], TraceValues = [1.5, -2, 3, 4], TraceWidth = 2 });
        c.Offer(B("{\"step\":3}"), new FrameSamples { TraceSteps = [2], TraceValues = [5, double.NaN], TraceWidth = 2, TraceDropped = 1 });
        var trace = (await NextFrameAsync(c))["trace"]!;
        Assert.Equal(new[] { 0, 1, 2 }, Ints(trace["steps"]!));
        Assert.Equal("[[1.5,-2],[3,4],[5,null]]", trace["rows"]!.ToJsonString());
        Assert.Equal(1, trace["dropped"]!.GetValue<int>());
    }
}
