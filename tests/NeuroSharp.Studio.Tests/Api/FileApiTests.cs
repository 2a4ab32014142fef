using NeuroSharp.Spiking;

namespace NeuroSharp.Studio.Tests.Api;

public sealed class FileApiTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    [Fact]
    public async Task SaveThenLoad_GivesTheSameNetwork()
    {
        var (saved, _) = await studio.SendAsync(HttpMethod.Put, "/api/file?path=nets/two.json", Networks.TwoLinked);
        Assert.Equal(200, saved);
        Assert.True(File.Exists(Path.Combine(studio.Workspace, "nets", "two.json")));
        var (listed, list) = await studio.SendAsync(HttpMethod.Get, "/api/files");
        Assert.Equal(200, listed);
        Assert.Contains("nets/two.json", list!["files"]!.AsArray().Select(f => (string)f!));
        var (loaded, body) = await studio.SendAsync(HttpMethod.Get, "/api/file?path=nets/two.json");
        Assert.Equal(200, loaded);
        Assert.Equal(NetworkFile.ToJson(NetworkFile.Parse(Networks.TwoLinked)), NetworkFile.ToJson(NetworkFile.Parse(body!["network"]!.ToJsonString())));
    }

    [Fact]
    public async Task Save_OverAnExistingFile_Is409UnlessOverwriteIsSaid()
    {
        string full = Path.Combine(studio.Workspace, "exists.json");
        File.WriteAllText(full, Networks.TwoLinked);
        var (refused, body) = await studio.SendAsync(HttpMethod.Put, "/api/file?path=exists.json", Networks.BadLink.Replace("ghost", "a"));
        Assert.Equal(409, refused);
        Assert.Equal("The workspace already has a file 'exists.json'; saving replaces it only when told to (overwrite=true).", (string)body!["error"]!);
        Assert.Equal(Networks.TwoLinked, File.ReadAllText(full));
        var (replaced, _) = await studio.SendAsync(HttpMethod.Put, "/api/file?path=exists.json&overwrite=true", Networks.BadLink.Replace("ghost", "a"));
        Assert.Equal(200, replaced);
        Assert.DoesNotContain("\"b\"", File.ReadAllText(full));
    }

    [Fact]
    public async Task Save_InvalidNetwork_Is400AndWritesNothing()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Put, "/api/file?path=bad.json", Networks.BadLink);
        Assert.Equal(400, status);
        Assert.Contains("$.links[0].to names no neuron", (string)body!["error"]!);
        Assert.False(File.Exists(Path.Combine(studio.Workspace, "bad.json")));
    }

    [Fact]
    public async Task Load_InvalidFile_Is400NamingTheFileAndField()
    {
        File.WriteAllText(Path.Combine(studio.Workspace, "broken.json"), Networks.BadLink);
        var (status, body) = await studio.SendAsync(HttpMethod.Get, "/api/file?path=broken.json");
        Assert.Equal(400, status);
        Assert.StartsWith("broken.json: $.links[0].to", (string)body!["error"]!);
    }

    [Fact]
    public async Task Load_Missing_Is404()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Get, "/api/file?path=none.json");
        Assert.Equal(404, status);
        Assert.Contains("none.json", (string)body!["error"]!);
    }

    [Theory]
    [InlineData("../escape.json")]
    [InlineData("nets/../../escape.json")]
    [InlineData("%2e%2e%2fescape.json")]
    [InlineData("%2Fetc%2Fescape.json")]
    [InlineData("/tmp/escape.json")]
    [InlineData("..%5Cescape.json")]
    [InlineData("escape.txt")]
    [InlineData(".hidden.json")]
    [InlineData("a%00b.json")]
    [InlineData("")]
    public async Task Paths_OutsideTheWorkspace_AreRefused(string path)
    {
        string outside = Path.Combine(Path.GetDirectoryName(studio.Workspace)!, "escape.json");
        var (saveStatus, saveBody) = await studio.SendAsync(HttpMethod.Put, $"/api/file?path={path}", Networks.TwoLinked);
        Assert.Equal(400, saveStatus);
        Assert.StartsWith("The file name", (string)saveBody!["error"]!);
        var (loadStatus, _) = await studio.SendAsync(HttpMethod.Get, $"/api/file?path={path}");
        Assert.Equal(400, loadStatus);
        Assert.False(File.Exists(outside));
        Assert.False(File.Exists("/tmp/escape.json") && File.GetLastWriteTimeUtc("/tmp/escape.json") > DateTime.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task Paths_ThroughASymbolicLink_AreRefused()
    {
        string target = Path.Combine(Path.GetDirectoryName(studio.Workspace)!, "elsewhere");
        Directory.CreateDirectory(target);
        Directory.CreateSymbolicLink(Path.Combine(studio.Workspace, "link"), target);
        var (status, body) = await studio.SendAsync(HttpMethod.Put, "/api/file?path=link/x.json", Networks.TwoLinked);
        Assert.Equal(400, status);
        Assert.Contains("symbolic link", (string)body!["error"]!);
        Assert.False(File.Exists(Path.Combine(target, "x.json")));
    }
}
