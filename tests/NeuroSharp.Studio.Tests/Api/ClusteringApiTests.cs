namespace NeuroSharp.Studio.Tests.Api;

public sealed class ClusteringApiTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    [Fact]
    public async Task PlantedGroups_RunToTheEnd_AndFindThePartition()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/clustering",
            """{"data": "onehot:groups=3,size=4,samples=1000", "meta": 3, "clusters": 4, "maskRate": 0.5, "rate": 0.3, "random": 0.02, "samples": 15000}""");
        Assert.Equal(201, status);
        string id = (string)body!["id"]!;
        await using var page = await StreamClient.ConnectAsync(studio.Server.Url, $"/api/clustering/{id}/stream");
        await StudioFixture.WaitForAsync(async () => (string?)(await studio.SendAsync(HttpMethod.Get, $"/api/clustering/{id}")).Body!["state"] == "done", "the run to finish", 60);
        var final = (await studio.SendAsync(HttpMethod.Get, $"/api/clustering/{id}")).Body!;
        Assert.Equal(15000, (long)final["samples"]!);
        // 1/M = 0.33 undecided; the planted groups give a near-hard partition (> 0.9) well within 15 000 samples.
        Assert.True((double)final["learnState"]! > 0.9, $"learnState {final["learnState"]}");
        await page.WaitForAsync(m => (string?)m["state"] == "done" && m["masks"] is not null, "the last frame");
        var last = page.Messages.Last(m => (string?)m["state"] == "done");
        Assert.Equal(3 * 12, Convert.FromBase64String((string)last["masks"]!).Length);
        Assert.Equal(3 * 4 * 12, Convert.FromBase64String((string)last["centres"]!).Length);
    }

    [Theory]
    [InlineData("""{"data": "/etc/passwd"}""", "not one the studio loads")]
    [InlineData("""{"data": "onehot:groups=10,size=10,samples=100000000"}""", "at most 200000 rows")]
    [InlineData("""{"data": "uniform:dims=5000000"}""", "100000 inputs")]
    [InlineData("""{"meta": 0}""", "MetaCount must be at least 1")]
    [InlineData("""{"metric": "cosine"}""", "metric must be l1 or l2")]
    [InlineData("""{"colour": 1}""", "unknown field \"colour\"")]
    public async Task BadRequest_IsRefusedWithTheReason(string request, string expected)
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/clustering", request);
        Assert.Equal(400, status);
        Assert.Contains(expected, (string)body!["error"]!);
    }
}
