using NeuroSharp.Studio.Files;
using NeuroSharp.Testing;

namespace NeuroSharp.Studio.Tests.Files;

public sealed class WorkspaceFolderTests
{
    [Theory]
    [InlineData("net.json", "net.json")]
    [InlineData("nets/reflex arc.json", "nets/reflex arc.json")]
    [InlineData("Сеть-1_a.JSON", "Сеть-1_a.JSON")]
    public void Resolve_PlainRelativePaths_StayInside(string path, string expected)
    {
        using var dir = new TempDirectory();
        var ws = new WorkspaceFolder(dir.Path);
        Assert.Equal(Path.Combine(ws.Root, expected), ws.Resolve(path));
    }

    [Theory]
    [InlineData("../x.json", "outside the workspace")]
    [InlineData("a/../x.json", "outside the workspace")]
    [InlineData("./x.json", "outside the workspace")]
    [InlineData("/etc/passwd.json", "absolute")]
    [InlineData("a\\x.json", "backslash")]
    [InlineData("a//x.json", "empty segment")]
    [InlineData(".git/x.json", "hidden")]
    [InlineData("x.txt", "does not end in .json")]
    [InlineData("x:y.json", "contains ':'")]
    [InlineData("x\u0000.json", "contains '\\u0000'")]
    [InlineData("", "is empty")]
    public void Resolve_OtherNames_AreRefusedWithAReason(string path, string reason)
    {
        using var dir = new TempDirectory();
        var ws = new WorkspaceFolder(dir.Path);
        var e = Assert.Throws<InvalidInputException>(() => ws.Resolve(path));
        Assert.StartsWith("The file name", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Resolve_ThroughALinkedFile_IsRefused()
    {
        using var dir = new TempDirectory();
        var ws = new WorkspaceFolder(Path.Combine(dir.Path, "ws"));
        File.WriteAllText(Path.Combine(dir.Path, "secret.json"), "{}");
        File.CreateSymbolicLink(Path.Combine(ws.Root, "x.json"), Path.Combine(dir.Path, "secret.json"));
        var e = Assert.Throws<InvalidInputException>(() => ws.Resolve("x.json"));
        Assert.Contains("symbolic link", e.Message);
        Assert.DoesNotContain("x.json", ws.ListNetworkFiles());
    }

    [Fact]
    public void ListNetworkFiles_FindsJsonFilesInFolders_SkipsHiddenOnes()
    {
        using var dir = new TempDirectory();
        var ws = new WorkspaceFolder(dir.Path);
        Directory.CreateDirectory(Path.Combine(ws.Root, "nets"));
        Directory.CreateDirectory(Path.Combine(ws.Root, ".hidden"));
        File.WriteAllText(Path.Combine(ws.Root, "a.json"), "{}");
        File.WriteAllText(Path.Combine(ws.Root, "nets", "b.json"), "{}");
        File.WriteAllText(Path.Combine(ws.Root, ".hidden", "c.json"), "{}");
        File.WriteAllText(Path.Combine(ws.Root, "notes.txt"), "");
        Assert.Equal(["a.json", "nets/b.json"], ws.ListNetworkFiles());
    }
}
