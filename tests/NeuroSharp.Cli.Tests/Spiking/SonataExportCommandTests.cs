using System.Text.Json;
using NeuroSharp.Testing;
using static NeuroSharp.Cli.Tests.CliRunner;

namespace NeuroSharp.Cli.Tests.Spiking;

/// <summary>
/// <c>neurosharp convert net.json out/circuit_config.json</c> writes SONATA: h5py opens every file and finds the specification's
/// datasets (tools/sonata/check_sonata.py), the circuit simulates to the JSON's spike count, and what NEST cannot say exits 2.
/// </summary>
public class SonataExportCommandTests
{
    private const string Network = """
        {
          "format": "neurosharp.network", "version": 1, "name": "export", "dtMs": 0.1, "durationMs": 300,
          "populations": [
            { "name": "in", "count": 2, "model": "spikeTimes", "params": { "indices": [0, 1, 0], "timesMs": [5, 12.5, 40] } },
            { "name": "cells", "count": 10, "model": "lif", "params": { "tauMs": 20, "restMv": -65, "resetMv": -65, "thresholdMv": -50, "refractoryMs": 2, "tauExcMs": 5, "tauInhMs": 10 } }
          ],
          "projections": [
            { "source": "in", "target": "cells", "receptor": "excitatory", "connectivity": { "rule": "allToAll" }, "weight": 12, "delayMs": 1 },
            { "source": "cells", "target": "cells", "receptor": "inhibitory", "connectivity": { "rule": "fixedProbability", "probability": 0.3 }, "weight": { "uniform": [1, 3] }, "delayMs": 2 }
          ],
          "inputs": [ { "type": "current", "target": "cells", "amplitude": 15.5, "startMs": 100, "stopMs": 250 } ]
        }
        """;

    [Fact]
    public void Convert_JsonToCircuitConfig_H5pyFindsTheDatasetsAndSpikesMatch()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), Network);
        string config = Path.Combine(dir.Path, "out", "circuit_config.json");
        var (code, _, err) = Run("convert", dir.File("net.json"), config);
        Assert.True(code == 0, err);
        var (c1, json, e1) = Run("simulate", dir.File("net.json"), "--out", dir.File("a"), "--json");
        var (c2, sonata, e2) = Run("simulate", config, "--out", dir.File("b"), "--json");
        Assert.True(c1 == 0 && c2 == 0, e1 + e2);
        // Every synapse the engine draws is an edge: the 20 of allToAll and those fixedProbability drew (about 27 of 90 pairs).
        long synapses = JsonDocument.Parse(json).RootElement.GetProperty("synapses").GetInt64();
        Assert.InRange(synapses, 21, 109);
        var (exit, output, error) = DebianPython.Run(TimeSpan.FromMinutes(2), null, Path.Combine(RepositoryRoot.Path, "tools", "sonata", "check_sonata.py"), config);
        Assert.True(exit == 0, output + error);
        Assert.StartsWith($"ok: 2 node populations (12 nodes), 2 edge populations ({synapses} edges)", output, StringComparison.Ordinal);
        Assert.Contains("3 input spikes", output);
        long spikes = JsonDocument.Parse(json).RootElement.GetProperty("spikes").GetInt64();
        Assert.True(spikes > 3, $"{spikes} spikes");
        Assert.Equal(spikes, JsonDocument.Parse(sonata).RootElement.GetProperty("spikes").GetInt64());
    }

    [Fact]
    public void Convert_PoissonInputToSonata_Exit2NamesTheInput()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), Network.Replace("""{ "type": "current",""", """{ "type": "poisson", "target": "cells", "sourceCount": 1, "rateHz": 5, "weight": 1, "receptor": "excitatory" }, { "type": "current",""", StringComparison.Ordinal));
        var (code, _, err) = Run("convert", dir.File("net.json"), dir.File("circuit_config.json"));
        Assert.Equal(2, code);
        Assert.Contains("$.inputs[0] is a PoissonInputSpec", err);
        Assert.False(File.Exists(dir.File("circuit_config.json")));
    }
}
