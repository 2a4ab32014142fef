using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary>
/// <c>neurosharp simulate</c> on hh populations with synaptic ports (docs/spiking-hh.md, "Synaptic ports"): a port out of range,
/// a bad port and a NeuroML block onto an iafCell each exit 2 with one sentence; a file with ports runs and records each port.
/// </summary>
public class SimulatePortsTests
{
    private const string Cell = "\"model\": \"hh\", \"preset\": \"traubMiles\", \"params\": {\"ports\": [{\"name\": \"ampa\", \"decayMs\": 2, \"reversalMv\": 0}, {\"name\": \"nmda\", \"decayMs\": 80, \"riseMs\": 3, \"reversalMv\": 0, \"block\": {\"concentrationMm\": 1, \"scalingConcentrationMm\": 3.57, \"scalingVoltageMv\": 16.13}}]}";

    private static string Network(string port) =>
        "{\"format\": \"neurosharp.network\", \"version\": 1, \"populations\": [{\"name\": \"src\", \"count\": 1, \"model\": \"poisson\", \"params\": {\"rateHz\": 200}}, {\"name\": \"n\", \"count\": 2, " + Cell + "}], "
        + "\"projections\": [{\"name\": \"drive\", \"source\": \"src\", \"target\": \"n\", \"receptor\": \"excitatory\", " + port + "\"connectivity\": {\"rule\": \"allToAll\"}, \"weight\": 20}], "
        + "\"monitors\": [{\"type\": \"state\", \"target\": \"n\", \"variables\": [\"v\", \"ampa\", \"nmda\"]}]}";

    [Theory]
    [InlineData("", "projection \"drive\" ($.projections[0].port) is missing: 'n' is an hh population with 2 synaptic ports, so its inputs name one (1 to 2).")]
    [InlineData("\"port\": 3, ", "projection \"drive\" ($.projections[0].port) is 3, but 'n' is an hh population with 2 synaptic ports (1 to 2).")]
    public void Simulate_PortOutOfRange_ExitsTwo(string port, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("ports.json");
        File.WriteAllText(path, Network(port));
        var (code, _, err) = Run("simulate", path, "--steps", "5", "--out", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains($"neurosharp: {path}: {expected}", err);
    }

    [Fact]
    public void Simulate_WithPorts_RunsAndRecordsEachPort()
    {
        using var dir = new TempDirectory();
        string path = dir.File("ports.json");
        File.WriteAllText(path, Network("\"port\": 2, "));
        var (code, _, err) = Run("simulate", path, "--steps", "200", "--out", dir.File("out"));
        Assert.True(code == 0, err);
        // state.csv is step,timeMs,population,neuron,variable,value: the driven port (nmda) rises, the other (ampa) stays 0.
        var rows = File.ReadLines(Path.Combine(dir.File("out"), "state.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        double Max(string variable) => rows.Where(r => r[4] == variable).Max(r => double.Parse(r[5], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Max("nmda") > 0, "the nmda port should carry the drive");
        Assert.Equal(0, Max("ampa"));
    }
}
