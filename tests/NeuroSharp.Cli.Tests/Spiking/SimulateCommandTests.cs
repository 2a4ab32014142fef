using System.Text.Json;
using NeuroSharp.Cli;
using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary><c>neurosharp simulate</c> in-process: files written, exit codes, the bad-file sentence.</summary>
public class SimulateCommandTests
{
    private static string Example(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeuroSharp.slnx"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "examples", "networks", name);
    }

    [Fact]
    public void Simulate_ArticleExample_WritesSpikesStateAndMetrics()
    {
        using var dir = new TempDirectory();
        var (code, output, err) = Run("simulate", Example("article-two-neurons.json"), "--steps", "12", "--out", dir.Path, "--json");
        Assert.True(code == 0, err);
        var metrics = JsonDocument.Parse(output).RootElement;
        Assert.Equal(12, metrics.GetProperty("steps").GetInt32());
        Assert.Equal(2, metrics.GetProperty("spikes").GetInt64()); // each neuron releases once, at step 5
        var spikes = File.ReadAllLines(Path.Combine(dir.Path, "spikes.csv"));
        Assert.Equal(["step,timeMs,population,neuron", "4,4,first,0", "4,4,second,0"], spikes);
        // Every state value (13) of every neuron (2) after every step (12), plus the header.
        var state = File.ReadAllLines(Path.Combine(dir.Path, "state.csv"));
        Assert.Equal(1 + 12 * 2 * 13, state.Length);
        Assert.Equal("step,timeMs,population,neuron,variable,value", state[0]);
        Assert.Contains("4,4,second,0,phase,3", state);
        var phases = File.ReadAllLines(Path.Combine(dir.Path, "phases.csv"));
        Assert.Contains("4,first,Releasing", phases);
        Assert.Contains("9,second,Recovering", phases);
        Assert.True(File.Exists(Path.Combine(dir.Path, "metrics.json")));
    }

    [Fact]
    public void Simulate_DurationMs_RoundsToSteps()
    {
        using var dir = new TempDirectory();
        var (code, output, err) = Run("simulate", Example("mutual-inhibition.json"), "--duration-ms", "50", "--out", dir.Path, "--json");
        Assert.True(code == 0, err);
        Assert.Equal(500, JsonDocument.Parse(output).RootElement.GetProperty("steps").GetInt32());
        Assert.True(File.ReadAllLines(Path.Combine(dir.Path, "state.csv")).Length > 1);
    }

    [Fact]
    public void Simulate_BadNetwork_ExitsTwoWithPathAndValue()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.json");
        File.WriteAllText(path, """
            { "format": "neurosharp.network", "version": 1,
              "neurons": [ { "id": "skin", "model": "transmitter", "preset": "excitatory" } ],
              "links": [ { "from": "skin", "to": "muscel" } ] }
            """);
        var (code, _, err) = Run("simulate", path, "--steps", "5", "--out", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains($"neurosharp: {path}: $.links[0].to names no neuron ('muscel'; known: skin).", err);
    }

    [Theory]
    [InlineData("\"model\": \"lif\"", "population \"p\" ($.populations[0].params.tauMs) is missing")]
    [InlineData("\"model\": \"hodgkinHuxley\"", "population \"p\" ($.populations[0].model) is 'hodgkinHuxley', not a known model")]
    [InlineData("\"model\": \"lif\", \"preset\": \"cuba\", \"params\": { \"thresholdMv\": 1e400 }", "population \"p\" ($.populations[0].params.thresholdMv) must be a finite number (got 1e400)")]
    public void Simulate_BadModel_ExitsTwo(string model, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.json");
        File.WriteAllText(path, $"{{ \"format\": \"neurosharp.network\", \"version\": 1, \"populations\": [ {{ \"name\": \"p\", \"count\": 3, {model} }} ] }}");
        var (code, _, err) = Run("simulate", path, "--steps", "5", "--out", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void Simulate_BothDurationAndSteps_ExitsTwo()
    {
        var (code, _, err) = Run("simulate", Example("reflex-arc.json"), "--steps", "5", "--duration-ms", "5");
        Assert.Equal(2, code);
        Assert.Contains("Give --duration-ms or --steps, not both.", err);
    }

    [Fact]
    public void Simulate_MissingFile_ExitsTwo()
    {
        var (code, _, err) = Run("simulate", "/nonexistent/net.json", "--steps", "5");
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/net.json: cannot read the network file", err);
    }

    [Fact]
    public void Simulate_OutThatCannotBeCreated_ExitsTwoNamingItBeforeTheRun()
    {
        // Until 2026-12-07 simulate created --out only after the run: a read-only or impossible folder cost the whole run,
        // then exit 1 with .NET's "Could not find a part of the path ..." and no option named.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("file"), "");
        string outDir = Path.Combine(dir.File("file"), "run"); // a folder under a regular file: cannot be created, even as root
        var (code, output, err) = Run("simulate", Example("reflex-arc.json"), "--steps", "5", "--format", "nwb", "--out", outDir);
        Assert.Equal(2, code);
        Assert.Contains($"--out {outDir} cannot be created: {dir.File("file")} is a file, not a folder.", err);
        Assert.DoesNotContain("spiking", output); // refused before the build: no "simulate ...: N spiking neurons" line
    }

    [Fact]
    public void Simulate_OutHeldByAnotherRun_ExitsTwoAndWritesNothing()
    {
        using var dir = new TempDirectory();
        string outDir = dir.File("run");
        using (OutputFolder.Open(outDir))
        {
            var (code, _, err) = Run("simulate", Example("reflex-arc.json"), "--steps", "5", "--out", outDir);
            Assert.Equal(2, code);
            Assert.Contains($"--out {outDir} is in use by another neurosharp run (pid {Environment.ProcessId})", err);
            Assert.False(File.Exists(Path.Combine(outDir, "spikes.csv")));
        }
        Assert.Equal(0, Run("simulate", Example("reflex-arc.json"), "--steps", "5", "--out", outDir, "--quiet").Exit);
        Assert.True(File.Exists(Path.Combine(outDir, "spikes.csv")));
    }
}

/// <summary><c>neurosharp simulate</c> on Hodgkin-Huxley networks: the COBAHH example runs; a bad channel list exits 2 with its path.</summary>
public class SimulateHodgkinHuxleyTests
{
    [Fact]
    public void Simulate_Cobahh_Runs()
    {
        using var dir = new TempDirectory();
        string example = Path.Combine(RepositoryRoot.Path, "examples", "networks", "cobahh.json");
        var (code, output, err) = Run("simulate", example, "--duration-ms", "50", "--out", dir.Path, "--json");
        Assert.True(code == 0, err);
        var metrics = JsonDocument.Parse(output).RootElement;
        Assert.Equal(500, metrics.GetProperty("steps").GetInt32());
        Assert.True(metrics.GetProperty("spikes").GetInt64() > 100);
    }

    [Theory]
    [InlineData("{\"name\": \"k\", \"conductanceNs\": 100, \"reversalMv\": -90, \"gates\": [{\"name\": \"n\", \"power\": 4, \"kinetics\": \"fast\"}]}",
        "$.populations[0].params.channels[0].gates[0].kinetics) is \"fast\", not one of rates, tauInf, ratesInf, ratesTau, instantaneous, kineticScheme.")]
    [InlineData("{\"name\": \"leak\", \"conductanceNs\": -1, \"reversalMv\": -60}",
        "$.populations[0].params.channels[0].conductanceNs) must be >= 0 (got -1).")]
    [InlineData("{\"name\": \"k\", \"conductanceNs\": 100, \"reversalMv\": -90, \"gates\": [{\"name\": \"n\", \"power\": 4, \"kinetics\": \"tauInf\", \"tau\": {\"form\": \"constant\", \"rate\": 2}}]}",
        "$.populations[0].params.channels[0].gates[0].inf) is missing: gate 'n' with kinetics tauInf needs tau and inf.")]
    [InlineData("{\"name\": \"k\", \"conductanceNs\": 100, \"reversalMv\": -90, \"gates\": [{\"name\": \"n\", \"power\": 0, \"kinetics\": \"instantaneous\", \"inf\": {\"form\": \"constant\", \"rate\": 1}}]}",
        "$.populations[0].params.channels[0].gates[0].power) must be at least 1 (got 0).")]
    public void Simulate_BadChannels_ExitsTwo(string channel, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.json");
        File.WriteAllText(path, $"{{ \"format\": \"neurosharp.network\", \"version\": 1, \"populations\": [ {{ \"name\": \"p\", \"count\": 3, \"model\": \"hh\", \"preset\": \"traubMiles\", \"params\": {{ \"channels\": [{channel}] }} }} ] }}");
        var (code, _, err) = Run("simulate", path, "--steps", "5", "--out", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains($"neurosharp: {path}: population \"p\" ({expected}", err);
    }
}
