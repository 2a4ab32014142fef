using NeuroSharp.Distributed;
using NeuroSharp.Formats;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Sonata;
using NeuroSharp.Tests.Spiking.Sonata;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Formats;

/// <summary>
/// The file readers refuse a file the machine cannot read with one sentence: the file, then the reason in words
/// (<see cref="FileErrors.Reason"/>), never .NET's own message in parentheses ("(Could not find a part of the path ...)").
/// Linux's <c>/proc/self/mem</c> exists and opens but fails its first read at offset 0 (an I/O error), even as root, so
/// it stands for a disk that fails under the reader.
/// </summary>
public class ReadErrorSentenceTests
{
    private const string Unreadable = "/proc/self/mem";

    private static void AssertOneSentence(string expected, string message)
    {
        Assert.Equal(expected, message);
        Assert.DoesNotContain("(", message);
        Assert.DoesNotContain("Could not", message);
    }

    [Fact]
    public void SonataConfig_SimulationFileInAMissingFolder_SaysSoInWords()
    {
        // Until 2026-12-07: "...: cannot read the SONATA config (Could not find a part of the path '/.../nowhere/sim.json'.)."
        using var dir = new TempDirectory();
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("cells", [1]));
        f.NodeTypes.Add("1 point_neuron nest:iaf_psc_exp NULL");
        f.Write();
        string top = dir.File("config.json");
        File.WriteAllText(top, """{ "network": "circuit_config.json", "simulation": "nowhere/sim.json" }""");
        var e = Assert.Throws<InvalidInputException>(() => SonataConfig.Load(top));
        AssertOneSentence($"{dir.File("nowhere/sim.json")}: cannot read the SONATA config: a folder on its path does not exist.", e.Message);

        Directory.CreateDirectory(dir.File("nowhere"));
        e = Assert.Throws<InvalidInputException>(() => SonataConfig.Load(top));
        AssertOneSentence($"{dir.File("nowhere/sim.json")}: cannot read the SONATA config: there is no such file.", e.Message);

        Directory.CreateDirectory(dir.File("nowhere/sim.json"));
        e = Assert.Throws<InvalidInputException>(() => SonataConfig.Load(top));
        AssertOneSentence($"{dir.File("nowhere/sim.json")}: cannot read the SONATA config: it is a folder, not a file.", e.Message);
    }

    [Fact]
    public void Readers_FileThatFailsItsFirstRead_NameTheFileAndTheReason()
    {
        if (!OperatingSystem.IsLinux()) return; // /proc/self/mem is Linux's; the sentences are the same elsewhere
        AssertOneSentence($"{Unreadable}: cannot read the type table: input/output error.",
            Assert.Throws<InvalidInputException>(() => SonataCsv.Load(Unreadable, "test")).Message);
        AssertOneSentence($"{Unreadable}: cannot read the network file: input/output error.",
            Assert.Throws<InvalidInputException>(() => NetworkFile.Load(Unreadable)).Message);
        AssertOneSentence($"Host file {Unreadable} cannot be read: input/output error.",
            Assert.Throws<InvalidInputException>(() => HostFile.Read(Unreadable)).Message);
        // InputFile (data sets, models, checkpoints): the I/O error used to escape as .NET's IOException.
        AssertOneSentence($"{Unreadable}: cannot be read: input/output error.",
            Assert.Throws<InvalidInputException>(() => InputFile.OpenRead(Unreadable).Dispose()).Message);
    }

    [Fact]
    public void Reason_MissingFileAndFolderOpenedAsAFile_InWords()
    {
        using var dir = new TempDirectory();
        Assert.Equal("there is no such file", FileErrors.Reason(dir.File("x"), new FileNotFoundException($"Could not find file '{dir.File("x")}'.")));
        // Linux reports reading a folder as "Access to the path is denied": the folder is the reason.
        Assert.Equal("it is a folder, not a file", FileErrors.Reason(dir.Path, new UnauthorizedAccessException($"Access to the path '{dir.Path}' is denied.")));
        Assert.Equal("permission denied", FileErrors.Reason(dir.File("x"), new UnauthorizedAccessException($"Access to the path '{dir.File("x")}' is denied.")));
    }
}
