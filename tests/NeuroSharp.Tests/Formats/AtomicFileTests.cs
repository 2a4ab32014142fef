using NeuroSharp.Formats;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Formats;

public class AtomicFileTests
{
    [Fact]
    public void Write_TargetIsAFolder_OneSentenceNamingTheFile_NotDotNetsMessage()
    {
        using var dir = new TempDirectory();
        string path = dir.File("spikes.csv");
        Directory.CreateDirectory(path);
        var e = Assert.Throws<FileProblemException>(() => AtomicFile.WriteAllText(path, "x"));
        Assert.Equal($"{path} cannot be written: it is a folder, not a file.", e.Message);
        Assert.IsAssignableFrom<IOException>(e); // still an I/O failure (exit 1 in the CLI), with .NET's exception inside
        Assert.NotNull(e.InnerException);
        Assert.Empty(Directory.GetFiles(dir.Path)); // no temporary file left
    }

    [Fact]
    public void Write_AFileWhereAFolderShouldBe_NamesThatFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("out"), "a file");
        var e = Assert.Throws<FileProblemException>(() => AtomicFile.WriteAllText(dir.File("out/sub/metrics.json"), "x"));
        Assert.Equal($"{dir.File("out/sub/metrics.json")} cannot be written: {dir.File("out")} is a file, not a folder.", e.Message);
    }

    [Fact]
    public void Describe_DotNetsMessageWithAPath_PathThenTheReasonInWords()
    {
        using var dir = new TempDirectory();
        string folder = dir.File("spikes.csv");
        Directory.CreateDirectory(folder);
        Assert.Equal($"{folder}: it is a folder, not a file.", FileErrors.Describe(new IOException($"Is a directory : '{folder}'")));
        Assert.Equal($"{dir.File("x")}: permission denied.", FileErrors.Describe(new UnauthorizedAccessException($"Access to the path '{dir.File("x")}' is denied.")));
        Assert.Equal($"{dir.File("y")}: no space left on device.", FileErrors.Describe(new IOException($"No space left on device : '{dir.File("y")}'")));
        Assert.Equal($"{dir.File("z")}: the disk is full.", FileErrors.Describe(new IOException($"No space left on device : '{dir.File("z")}'", OperatingSystem.IsWindows() ? unchecked((int)0x80070070) : 28)));
        Assert.Equal("plain words", FileErrors.Describe(new IOException("plain words")));
    }

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

    private static string TempName(string target, int pid) => $".{target}.{pid}.{Guid.NewGuid():N}.tmp";

    [Fact]
    public void Write_StaleTempOfTheSameTarget_Deleted()
    {
        using var dir = new TempDirectory();
        string stale = dir.File(TempName("a.txt", int.MaxValue)); // a process that no longer runs
        string live = dir.File(TempName("a.txt", Environment.ProcessId)); // a write in progress in this process
        string otherTarget = dir.File(TempName("b.txt", int.MaxValue));
        string notOurs = dir.File(".a.txt.notes.tmp");
        foreach (string f in new[] { stale, live, otherTarget, notOurs }) File.WriteAllText(f, "x");
        AtomicFile.WriteAllText(dir.File("a.txt"), "new");
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(otherTarget)); // another target's leftovers wait for that target's next write
        Assert.True(File.Exists(notOurs));
    }

    [Fact]
    public void DeleteStaleTemps_Folder_DeletesOnlyDeadProcessesTemps()
    {
        using var dir = new TempDirectory();
        string stale = dir.File(TempName("model.safetensors", int.MaxValue));
        string live = dir.File(TempName("model.safetensors", Environment.ProcessId));
        File.WriteAllText(stale, "x");
        File.WriteAllText(live, "x");
        File.WriteAllText(dir.File("model.safetensors"), "x");
        Assert.Equal(1, AtomicFile.DeleteStaleTemps(dir.Path));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(dir.File("model.safetensors")));
        Assert.Equal(0, AtomicFile.DeleteStaleTemps(dir.File("missing")));
    }
}
