using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary><c>neurosharp simulate</c> refuses what would crash or exhaust the machine (issue 15): exit code 2 and one sentence naming the file, the field and the limit.</summary>
public class SimulateLimitsTests
{
    private const string Header = "\"format\": \"neurosharp.network\", \"version\": 1";

    private static (int Code, string Err) Simulate(TempDirectory dir, string json, params string[] more)
    {
        string path = dir.File("net.json");
        File.WriteAllText(path, json);
        var (code, _, err) = Run(["simulate", path, "--out", dir.File("out"), .. more]);
        return (code, err);
    }

    [Theory]
    [InlineData(1_000_000_000)]
    [InlineData(1_073_741_823)]
    public void Simulate_PopulationOfBillionNeurons_ExitsTwoNamingPopulationEstimateAndLimit(int count)
    {
        using var dir = new TempDirectory();
        var (code, err) = Simulate(dir, $"{{ {Header}, \"populations\": [ {{ \"name\": \"big\", \"count\": {count}, \"model\": \"lif\", \"preset\": \"cuba\" }} ] }}",
            "--steps", "5", "--memory-limit", "1G");
        Assert.Equal(2, code);
        Assert.Contains("net.json: population \"big\" ($.populations[0].count) would need about ", err);
        Assert.Contains("more than the limit of 1 GiB (raise it with --memory-limit", err);
    }

    [Fact]
    public void Simulate_PopulationOfIntMaxNeurons_ExitsTwo()
    {
        using var dir = new TempDirectory();
        var (code, err) = Simulate(dir, $"{{ {Header}, \"populations\": [ {{ \"name\": \"big\", \"count\": 2147483647, \"model\": \"lif\", \"preset\": \"cuba\" }} ] }}", "--steps", "5");
        Assert.Equal(2, code);
        Assert.Contains("($.populations[0].count) is 2147483647, more than the 1073741823 neurons one population can hold", err);
    }

    [Fact]
    public void Simulate_FileDurationMsOutOfRange_NamesTheFileAndField()
    {
        using var dir = new TempDirectory();
        var (code, err) = Simulate(dir, $"{{ {Header}, \"durationMs\": 1e300, \"neurons\": [ {{ \"id\": \"a\", \"model\": \"lif\", \"preset\": \"cuba\" }} ] }}");
        Assert.Equal(2, code);
        Assert.Contains("net.json: $.durationMs is 1e300 ms", err);
        Assert.DoesNotContain("--duration-ms", err);
        Assert.DoesNotContain("E+", err);
    }

    [Fact]
    public void Simulate_OptionDurationMsOutOfRange_NamesTheOption()
    {
        using var dir = new TempDirectory();
        var (code, err) = Simulate(dir, $"{{ {Header}, \"durationMs\": 10, \"neurons\": [ {{ \"id\": \"a\", \"model\": \"lif\", \"preset\": \"cuba\" }} ] }}",
            "--duration-ms", "1e300");
        Assert.Equal(2, code);
        Assert.Contains("--duration-ms is 1e300 ms, 1e301 steps of 0.1 ms, more than the engine's limit of 1073741823 steps (107374182.3 ms)", err);
    }

    [Fact]
    public void Simulate_LinkDelayOf1e7Ms_ExitsTwoUnderTheMemoryLimit()
    {
        using var dir = new TempDirectory();
        var (code, err) = Simulate(dir, $$"""
            { {{Header}}, "neurons": [ { "id": "a", "model": "lif", "preset": "cuba" }, { "id": "b", "model": "lif", "preset": "cuba" } ],
              "links": [ { "from": "a", "to": "b", "delayMs": 1e7 } ] }
            """, "--steps", "5", "--memory-limit", "100M");
        Assert.Equal(2, code);
        Assert.Contains("net.json: $.links[0].delayMs would need about 763 MiB of memory, more than the limit of 100 MiB", err);
    }

    [Fact]
    public void Simulate_StateMonitorOverLongRun_ExitsTwoNamingTheMonitor()
    {
        using var dir = new TempDirectory();
        var (code, err) = Simulate(dir, $"{{ {Header}, \"populations\": [ {{ \"name\": \"p\", \"count\": 1000, \"model\": \"lif\", \"preset\": \"cuba\" }} ], " +
            "\"monitors\": [ { \"type\": \"state\", \"target\": \"p\", \"variables\": [\"v\"] } ] }", "--steps", "10000000", "--memory-limit", "100M");
        Assert.Equal(2, code);
        Assert.Contains("net.json: $.monitors[0] over 10000000 steps would need about 37.3 GiB of memory, more than the limit of 100 MiB", err);
    }

    [Fact]
    public void Simulate_ManySingleNeuronsWithoutMonitors_WritesEverySpike()
    {
        using var dir = new TempDirectory();
        var neurons = string.Join(", ", Enumerable.Range(0, 500).Select(i =>
            $"{{ \"id\": \"n{i}\", \"model\": \"lif\", \"preset\": \"cuba\", \"initial\": {{ \"v\": {{ \"uniform\": [-60, -49] }} }} }}"));
        var (code, err) = Simulate(dir, $"{{ {Header}, \"neurons\": [ {neurons} ] }}", "--steps", "1000");
        Assert.True(code == 0, err);
        var rows = File.ReadAllLines(dir.File("out/spikes.csv"));
        Assert.True(rows.Length - 1 >= 500, $"{rows.Length - 1} spikes"); // each neuron reaches threshold within 100 ms
        var steps = rows.Skip(1).Select(r => int.Parse(r.Split(',')[0])).ToList();
        Assert.Equal(steps.Order().ToList(), steps);
    }
}
