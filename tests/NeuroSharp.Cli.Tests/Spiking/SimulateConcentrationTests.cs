using System.Globalization;
using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary>
/// <c>neurosharp simulate</c> on hh cells with a calcium pool (docs/spiking-hh.md, "Ion concentrations"): caConc is recorded and
/// the same at 1 and 4 threads; a bad pool, a channel without its pool and a NeuroML Nernst channel without a temperature exit 2
/// with one sentence naming the path or the element.
/// </summary>
public class SimulateConcentrationTests
{
    private const string Pool = "{\"ion\": \"ca\", \"model\": \"decayingPool\", \"initialMm\": 5e-5, \"restingMm\": 5e-5, \"decayMs\": 50, \"areaUm2\": 20000, \"shellThicknessUm\": 0.1}";

    private static string Network(string pools, string calcium = "{\"name\": \"cal\", \"conductanceNs\": 100, \"ion\": \"ca\", \"reversal\": \"nernst\", \"gates\": [{\"name\": \"m\", \"power\": 2, \"kinetics\": \"rates\", \"alpha\": {\"form\": \"expLinear\", \"rate\": 1, \"midpointMv\": -30, \"scaleMv\": 10}, \"beta\": {\"form\": \"exp\", \"rate\": 4, \"midpointMv\": -55, \"scaleMv\": -18}}]}") =>
        "{ \"format\": \"neurosharp.network\", \"version\": 1, \"dtMs\": 0.05, \"populations\": [ { \"name\": \"p\", \"count\": 300, \"model\": \"hh\", \"preset\": \"traubMiles\", "
        + "\"initial\": {\"v\": {\"uniform\": [-70, -50]}}, "
        + "\"params\": { \"temperatureCelsius\": 22, \"channels\": [ {\"name\": \"leak\", \"conductanceNs\": 10, \"reversalMv\": -60}, "
        + "{\"name\": \"na\", \"conductanceNs\": 20000, \"reversalMv\": 50, \"gates\": [{\"name\": \"m\", \"power\": 3, \"kinetics\": \"rates\", \"alpha\": {\"form\": \"expLinear\", \"rate\": 1.28, \"midpointMv\": -50, \"scaleMv\": 4}, \"beta\": {\"form\": \"expLinear\", \"rate\": 1.4, \"midpointMv\": -23, \"scaleMv\": -5}}, {\"name\": \"h\", \"power\": 1, \"kinetics\": \"rates\", \"alpha\": {\"form\": \"exp\", \"rate\": 0.128, \"midpointMv\": -46, \"scaleMv\": -18}, \"beta\": {\"form\": \"sigmoid\", \"rate\": 4, \"midpointMv\": -23, \"scaleMv\": 5}}]}, "
        + "{\"name\": \"k\", \"conductanceNs\": 6000, \"reversalMv\": -90, \"gates\": [{\"name\": \"n\", \"power\": 4, \"kinetics\": \"rates\", \"alpha\": {\"form\": \"expLinear\", \"rate\": 0.16, \"midpointMv\": -48, \"scaleMv\": 5}, \"beta\": {\"form\": \"exp\", \"rate\": 0.5, \"midpointMv\": -53, \"scaleMv\": -40}}]}, "
        + calcium + " ], \"concentrations\": " + pools + " } } ], "
        + "\"inputs\": [ { \"type\": \"current\", \"target\": \"p\", \"amplitude\": 800 } ], "
        + "\"monitors\": [ { \"type\": \"spikes\", \"target\": \"p\" }, { \"type\": \"state\", \"target\": \"p\", \"variables\": [\"caConc\"], \"indices\": [0, 150, 299] } ] }";

    [Fact]
    public void Simulate_CalciumPool_RecordsCaConc_SameAt1And4Threads()
    {
        using var dir = new TempDirectory();
        string path = dir.File("ca.json");
        File.WriteAllText(path, Network("[" + Pool + "]"));
        string Go(int threads)
        {
            string outDir = dir.File($"out{threads}");
            var (code, _, err) = Run("simulate", path, "--duration-ms", "50", "--threads", threads.ToString(CultureInfo.InvariantCulture), "--seed", "3", "--out", outDir, "--quiet");
            Assert.True(code == 0, err);
            return File.ReadAllText(Path.Combine(outDir, "spikes.csv")) + File.ReadAllText(Path.Combine(outDir, "state.csv"));
        }
        string one = Go(1);
        Assert.Contains("caConc", one);
        Assert.True(one.Split('\n').Length > 300, "the cells should fire and the state be recorded");
        Assert.Equal(one, Go(4));
    }

    [Theory]
    [InlineData("[{\"ion\": \"ca\", \"model\": \"decayingPool\", \"decayMs\": -5}]",
        "population \"p\" ($.populations[0].params.concentrations[0].decayMs) must be > 0 (got -5).")]
    [InlineData("[]",
        "population \"p\" ($.populations[0].params.channels[3].ion) is 'ca', which no concentrations entry has; a nernst channel takes its concentrations from its ion's pool (got ca).")]
    public void Simulate_BadPool_ExitsTwoWithThePath(string pools, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.json");
        File.WriteAllText(path, Network(pools));
        var (code, _, err) = Run("simulate", path, "--steps", "5", "--out", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains($"neurosharp: {path}: {expected}", err);
    }
}
