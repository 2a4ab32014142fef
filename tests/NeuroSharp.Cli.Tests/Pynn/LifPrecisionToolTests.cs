using System.Globalization;
using System.Text;
using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Pynn;

/// <summary>
/// tools/pynn/lif_precision.py, which docs/results.md ("The 800-cell cuba case: float against double") uses to show
/// that the engine and Brian2 differ only by the precision of the state: its float32 replay of a current-based LIF
/// network must be the engine's run spike for spike (step and cell), or the explanation no longer holds.
/// </summary>
public class LifPrecisionToolTests
{
    [Fact]
    public void FloatReplay_OfAnExplicitCubaNetwork_IsTheEnginesRunSpikeForSpike()
    {
        using var dir = new TempDirectory();
        string network = dir.File("network.json");
        File.WriteAllText(network, Cuba(200, 50, 0.1, seed: 7));
        var (code, _, err) = Run("simulate", network, "--steps", "2000", "--out", dir.File("out"), "--quiet");
        Assert.True(code == 0, err);
        int spikes = File.ReadAllLines(dir.File("out/spikes.csv")).Length - 1;
        Assert.True(spikes > 100, $"only {spikes} spikes: the comparison would say little");
        string tool = Path.Combine(RepositoryRoot.Path, "tools", "pynn", "lif_precision.py");
        var (exit, output, error) = DebianPython.Run(TimeSpan.FromMinutes(3), null, tool, network, "2000", dir.File("out/spikes.csv"));
        Assert.True(exit == 0, output + error);
        Assert.Contains($"float32: {spikes} spikes", output);
        Assert.Contains("engine (spikes.csv) against float32: identical", output);
    }

    /// <summary>
    /// A network as pyNN.neurosharp writes VAbenchmarks.py CUBA: two lif populations with one initial v per cell
    /// (uniform in [-60, -50] mV), explicit projections of one weight (1.62 mV excitatory, 9 mV inhibitory) and a
    /// 0.2 ms delay, drawn with probability p.
    /// </summary>
    private static string Cuba(int exc, int inh, double p, int seed)
    {
        var random = new Random(seed);
        string Initial(int n) => string.Join(", ", Enumerable.Range(0, n).Select(_ => (-60 + 10 * random.NextDouble()).ToString("R", CultureInfo.InvariantCulture)));
        const string parameters = """{ "tauMs": 20.0, "restMv": -49.0, "resetMv": -60.0, "thresholdMv": -50.0, "refractoryMs": 5.0, "tauExcMs": 5.0, "tauInhMs": 10.0 }""";
        var json = new StringBuilder();
        json.Append($$"""
            { "format": "neurosharp.network", "version": 1, "name": "cuba", "dtMs": 0.1,
              "populations": [
                { "name": "exc", "count": {{exc}}, "model": "lif", "kind": "excitatory", "params": {{parameters}}, "initial": { "v": [{{Initial(exc)}}] } },
                { "name": "inh", "count": {{inh}}, "model": "lif", "kind": "inhibitory", "params": {{parameters}}, "initial": { "v": [{{Initial(inh)}}] } } ],
              "projections": [
            """);
        var sizes = new Dictionary<string, int> { ["exc"] = exc, ["inh"] = inh };
        var projections = new List<string>();
        foreach (var (source, receptor, weight) in new[] { ("exc", "excitatory", 1.62), ("inh", "inhibitory", 9.0) })
        {
            foreach (string target in new[] { "exc", "inh" })
            {
                var sources = new List<int>();
                var targets = new List<int>();
                for (int t = 0; t < sizes[target]; t++)
                {
                    for (int s = 0; s < sizes[source]; s++)
                    {
                        if (random.NextDouble() < p) { sources.Add(s); targets.Add(t); }
                    }
                }
                projections.Add($$"""
                    { "name": "{{source}}->{{target}}", "source": "{{source}}", "target": "{{target}}", "receptor": "{{receptor}}",
                      "connectivity": { "rule": "explicit", "sources": [{{string.Join(", ", sources)}}], "targets": [{{string.Join(", ", targets)}}] },
                      "weight": {{weight.ToString("R", CultureInfo.InvariantCulture)}}, "delayMs": 0.2 }
                    """);
            }
        }
        json.Append(string.Join(",\n", projections));
        json.Append("""
              ],
              "inputs": [],
              "monitors": [ { "type": "spikes", "target": "exc" }, { "type": "spikes", "target": "inh" } ]
            }
            """);
        return json.ToString();
    }
}
