using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>
/// NeuroML read from texts with the files it includes given beside it (the studio's upload of several files): the same
/// network as from disk, and every include resolved among the given texts only.
/// </summary>
public class NeuroMlIncludedTextsTests
{
    private static readonly Dictionary<string, string> Extension = new() { ["cell_ext.xml"] = NeuroMlFixtures.ActivityExtension };

    [Fact]
    public void Parse_LevelBWithItsIncludeAsText_EqualsTheNetworkLoadedFromDisk()
    {
        using var dir = new TempDirectory();
        var fromDisk = NeuroMlFile.Load(NeuroMlFixtures.WriteLevelB(dir.Path));
        var fromTexts = NeuroMlFile.Parse(NeuroMlFixtures.LevelB, "levelB.net.nml", Extension);
        Assert.Equal(NetworkFile.ToJson(fromDisk), NetworkFile.ToJson(fromTexts));
        Assert.NotEmpty(fromTexts.GapJunctions);
    }

    [Fact]
    public void Parse_IncludeNotGiven_NamesTheIncludeAndTheFileToPick()
    {
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Parse(NeuroMlFixtures.LevelB, "levelB.net.nml", new Dictionary<string, string> { ["other.xml"] = "<neuroml/>" }));
        Assert.Contains("levelB.net.nml:", ex.Message);
        Assert.Contains("/neuroml/include[1] names 'cell_ext.xml', which was not uploaded with levelB.net.nml", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("../cell_ext.xml")]
    [InlineData("sub/../../cell_ext.xml")]
    [InlineData("..\\cell_ext.xml")]
    public void Parse_IncludeClimbingOutOfTheUploadedFolder_IsRefused(string href)
    {
        string text = NeuroMlFixtures.LevelB.Replace("href=\"cell_ext.xml\"", $"href=\"{href}\"", StringComparison.Ordinal);
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Parse(text, "levelB.net.nml", Extension));
        Assert.Contains($"href '{href}' leaves the folder of the uploaded files", ex.Message);
    }

    [Fact]
    public void Parse_IncludeInASubfolder_ResolvesRelativeToTheIncluder()
    {
        string text = NeuroMlFixtures.LevelB.Replace("href=\"cell_ext.xml\"", "href=\"./cells/../cells/cell_ext.xml\"", StringComparison.Ordinal);
        var spec = NeuroMlFile.Parse(text, "levelB.net.nml", new Dictionary<string, string> { ["cells/cell_ext.xml"] = NeuroMlFixtures.ActivityExtension });
        Assert.NotEmpty(spec.GapJunctions);
    }

    [Fact]
    public void Parse_IncludeAsUrl_IsRefused()
    {
        string text = NeuroMlFixtures.LevelB.Replace("href=\"cell_ext.xml\"", "href=\"https://example.org/cell_ext.xml\"", StringComparison.Ordinal);
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Parse(text, "levelB.net.nml", Extension));
        Assert.Contains("is a URL", ex.Message);
    }

    [Fact]
    public void Parse_MalformedIncludedText_NamesTheIncludedFile()
    {
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Parse(NeuroMlFixtures.LevelB, "levelB.net.nml", new Dictionary<string, string> { ["cell_ext.xml"] = "<neuroml><ComponentType" }));
        Assert.StartsWith("cell_ext.xml: not well-formed XML", ex.Message);
    }

    [Fact]
    public void Parse_IncludesOverTheMemoryBudget_RefusedBeforeParsing()
    {
        var big = new Dictionary<string, string> { ["cell_ext.xml"] = NeuroMlFixtures.ActivityExtension.Replace("</neuroml>", "<notes>" + new string('x', 100_000) + "</notes></neuroml>", StringComparison.Ordinal) };
        var ex = Assert.Throws<InvalidInputException>(() => NeuroMlFile.Parse(NeuroMlFixtures.LevelB, "levelB.net.nml", big, new MemoryBudget(1 << 20)));
        Assert.Contains("cell_ext.xml (NeuroML", ex.Message);
    }
}
