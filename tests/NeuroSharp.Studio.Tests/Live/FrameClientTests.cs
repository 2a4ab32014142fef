using System.Text;
using NeuroSharp.Studio.Live;

namespace NeuroSharp.Studio.Tests.Live;

/// <summary>The order a page gets a run's messages and frames in (the evolution page once stayed "running" after its run ended).</summary>
public sealed class FrameClientTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static async Task<string> NextAsync(FrameClient c) =>
        Encoding.UTF8.GetString(await c.NextAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token));

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
}
