using NeuroSharp.Formats;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Formats;

public class AtomicFileTests
{
    [Fact]
    public void Write_ReplacesContent_LeavesNoTemporaryFiles()
    {
        using var dir = new TempDirectory();
        string path = dir.File("sub/a.txt");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Write_FailingMidway_KeepsOldFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.txt");
        AtomicFile.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
