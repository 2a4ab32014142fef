using System.Text.Json;
using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary><c>neurosharp simulate LEMS_x.xml</c>: the files jnml would write, the run from the file, overrides and exit 2 sentences.</summary>
public class LemsCommandTests
{
    private static TempDirectory Copy()
    {
        var dir = new TempDirectory();
        foreach (string f in Directory.GetFiles(Path.Combine(TestData.Directory, "lems"))) File.Copy(f, dir.File(Path.GetFileName(f)));
        return dir;
    }

    [Fact]
    public void Simulate_LemsFile_RunsItsSimulationAndWritesItsFilesUnderOut()
    {
        using var dir = Copy();
        string outDir = dir.File("out");
        var (code, output, err) = Run("simulate", dir.File("LEMS_PulsedIaf.xml"), "--out", outDir, "--json");
        Assert.True(code == 0, err);
        var metrics = JsonDocument.Parse(output).RootElement;
        Assert.Equal(4000, metrics.GetProperty("steps").GetInt32()); // 40 ms of 0.01 ms, from the Simulation
        Assert.Equal(0.01, metrics.GetProperty("dtMs").GetDouble());
        Assert.Equal("sim", metrics.GetProperty("lemsSimulation").GetString());
        Assert.Equal(
            [Path.Combine(outDir, "results/pulsed_iaf.v.dat"), Path.Combine(outDir, "results/pulsed_iaf.spikes"), Path.Combine(outDir, "results/pulsed_iaf.time_id.spikes")],
            metrics.GetProperty("lemsFiles").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(4001, File.ReadAllLines(Path.Combine(outDir, "results/pulsed_iaf.v.dat")).Length);
        Assert.Equal(["7\t0.02099", "7\t0.03198"], File.ReadAllLines(Path.Combine(outDir, "results/pulsed_iaf.spikes")));
        Assert.True(File.Exists(Path.Combine(outDir, "spikes.csv")) && File.Exists(Path.Combine(outDir, "metrics.json")));
        Assert.False(Directory.Exists(dir.File("results")), "with --out nothing is written beside the LEMS file");
    }

    [Fact]
    public async Task Simulate_LemsFileWithoutOut_WritesItsFilesBesideTheLemsFileAsJnml()
    {
        // As jnml run in the LEMS file's folder: results/... beside the LEMS file (from another working folder), and the
        // usual outputs in the default out/simulate of the working folder.
        using var dir = Copy();
        using var cwd = new TempDirectory();
        var (code, output, err) = await RunProcessInAsync(cwd.Path, 120, "simulate", dir.File("LEMS_PulsedIaf.xml"));
        Assert.True(code == 0, err);
        Assert.Equal(4001, File.ReadAllLines(dir.File("results/pulsed_iaf.v.dat")).Length);
        Assert.Equal(["7\t0.02099", "7\t0.03198"], File.ReadAllLines(dir.File("results/pulsed_iaf.spikes")));
        Assert.Contains($"wrote {dir.File("results/pulsed_iaf.v.dat")} (LEMS sim)", output);
        Assert.True(File.Exists(cwd.File("out/simulate/spikes.csv")));
        Assert.False(Directory.Exists(cwd.File("results")));
    }

    [Fact]
    public void Simulate_LemsFile_DurationAndDtOptionsOverrideTheSimulation()
    {
        using var dir = Copy();
        string outDir = dir.File("out");
        var (code, output, err) = Run("simulate", dir.File("LEMS_PulsedIaf.xml"), "--out", outDir, "--json", "--duration-ms", "20", "--dt-ms", "0.02");
        Assert.True(code == 0, err);
        Assert.Equal(1000, JsonDocument.Parse(output).RootElement.GetProperty("steps").GetInt32());
        string[] rows = File.ReadAllLines(Path.Combine(outDir, "results/pulsed_iaf.v.dat"));
        Assert.Equal(1001, rows.Length);
        Assert.StartsWith("2.0E-5\t", rows[1]);
        Assert.Empty(File.ReadAllLines(Path.Combine(outDir, "results/pulsed_iaf.spikes"))); // the first spike would come at 21 ms
    }

    [Fact]
    public void Simulate_DtOptionNotPositive_Exit2()
    {
        using var dir = Copy();
        CliAssert.Refused(Run("simulate", dir.File("LEMS_PulsedIaf.xml"), "--out", dir.File("out"), "--dt-ms", "0"), "--dt-ms must be a number above 0 (got 0).");
    }

    [Theory]
    [InlineData("<Target component=\"sim\"/>", "", "the LEMS file has no <Target component=\"...\"/>")]
    [InlineData("length=\"40ms\"", "length=\"forty\"", "LEMS_PulsedIaf.xml:9:4: /Lems/Simulation[@id='sim'] @length is 'forty', not a time (units: s, ms, us).")]
    [InlineData("rest[0]/v", "ghost[0]/v", "LEMS_PulsedIaf.xml:14:8: /Lems/Simulation[@id='sim']/OutputFile[@id='v']/OutputColumn[@id='rest'] @quantity is 'ghost[0]/v', but network 'net' has no population 'ghost' (populations: rest, driven).")]
    public void Simulate_BadLemsFile_Exit2WithTheFileLineAndElement(string from, string to, string expected)
    {
        using var dir = Copy();
        string path = dir.File("LEMS_PulsedIaf.xml");
        File.WriteAllText(path, File.ReadAllText(path).Replace(from, to, StringComparison.Ordinal));
        CliAssert.Refused(Run("simulate", path, "--out", dir.File("out")), expected);
        Assert.False(Directory.Exists(dir.File("out")), "nothing is written for a refused file");
    }

    [Fact]
    public void Simulate_XmlThatIsNeitherNeuroMlNorLems_Exit2NamesTheRoot()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.xml");
        File.WriteAllText(path, "<?xml version=\"1.0\"?>\n<sbml level=\"3\"/>\n");
        CliAssert.Refused(Run("simulate", path, "--out", dir.File("out"), "--duration-ms", "10"),
            "model.xml:2:2: the root element is <sbml>, neither <neuroml> (a NeuroML 2 document) nor <Lems> (a LEMS simulation file).");
    }
}
