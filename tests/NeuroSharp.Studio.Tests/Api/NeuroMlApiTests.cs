namespace NeuroSharp.Studio.Tests.Api;

/// <summary>The studio reads NeuroML 2 (.nml) through the NeuroML importer: uploads and workspace files come to the page as network JSON.</summary>
public sealed class NeuroMlApiTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    [Fact]
    public async Task Validate_NeuroMlUpload_ReturnsTheImportedNetwork()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/networks/validate?source=mini_c302.net.nml", Networks.MiniC302);
        Assert.Equal(200, status);
        Assert.Equal(3, (int)body!["summary"]!["populations"]!);
        Assert.Equal("conductanceLif", (string)body["network"]!["populations"]![0]!["model"]!);
        Assert.Equal(0.1, (double)body["network"]!["dtMs"]!);
    }

    [Fact]
    public async Task File_NeuroMlInTheWorkspace_IsListedAndOpens_ButNotSavedAsNml()
    {
        Directory.CreateDirectory(Path.Combine(studio.Workspace, "worm"));
        File.WriteAllText(Path.Combine(studio.Workspace, "worm", "mini_c302.net.nml"), Networks.MiniC302);
        var (_, files) = await studio.SendAsync(HttpMethod.Get, "/api/files");
        Assert.Contains("worm/mini_c302.net.nml", files!["files"]!.AsArray().Select(f => (string)f!));
        var (status, body) = await studio.SendAsync(HttpMethod.Get, "/api/file?path=worm/mini_c302.net.nml");
        Assert.Equal(200, status);
        Assert.Equal("neuroml", (string)body!["imported"]!);
        Assert.Equal(["ASEL", "MDL01", "AVAL"], body["network"]!["populations"]!.AsArray().Select(p => (string)p!["name"]!));
        var (put, error) = await studio.SendAsync(HttpMethod.Put, "/api/file?path=worm/copy.net.nml", body["network"]!.ToJsonString());
        Assert.Equal(400, put);
        Assert.Contains("does not end in .json", (string)error!["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BadNeuroMl_Is400WithOneSentenceNamingTheFile()
    {
        var (status, body) = await studio.SendAsync(HttpMethod.Post, "/api/networks/validate?source=bad.net.nml", "<neuroml><network id='n'>");
        Assert.Equal(400, status);
        string error = (string)body!["error"]!;
        Assert.StartsWith("bad.net.nml: not well-formed XML at line 1", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        var (unknown, body2) = await studio.SendAsync(HttpMethod.Post, "/api/networks/validate?source=odd.nml",
            """<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="x"><hhCell id="h"/><network id="n"><population id="p" component="h" size="1"/></network></neuroml>""");
        Assert.Equal(400, unknown);
        Assert.Contains("odd.nml:1:", (string)body2!["error"]!, StringComparison.Ordinal);
    }
}
