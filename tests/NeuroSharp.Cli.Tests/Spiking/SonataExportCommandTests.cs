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
    public void Convert_PortableExample_WritesNeuroMlAndSonataThatSimulate()
    {
        // examples/networks/portable-ei.json is the example the NeuroML and SONATA pages convert (no other shipped example
        // can be written by both): it must stay writable, and SONATA must give back its spikes.
        using var dir = new TempDirectory();
        string example = Path.Combine(RepositoryRoot.Path, "examples", "networks", "portable-ei.json");
        string nml = dir.File("portable-ei.net.nml"), config = Path.Combine(dir.Path, "portable-ei", "circuit_config.json");
        foreach (string target in new[] { nml, config })
        {
            var (code, _, err) = Run("convert", example, target);
            Assert.True(code == 0, err);
        }
        JsonElement Simulate(string net, string name)
        {
            var (code, json, err) = Run("simulate", net, "--duration-ms", "200", "--out", dir.File(name), "--json");
            Assert.True(code == 0, err);
            return JsonDocument.Parse(json).RootElement;
        }
        var fromJson = Simulate(example, "a");
        var fromSonata = Simulate(config, "b");
        var fromNeuroMl = Simulate(nml, "c");
        long spikes = fromJson.GetProperty("spikes").GetInt64(), synapses = fromJson.GetProperty("synapses").GetInt64();
        Assert.True(spikes > 500, $"{spikes} spikes in 200 ms");
        Assert.Equal(spikes, fromSonata.GetProperty("spikes").GetInt64());
        Assert.Equal(synapses, fromSonata.GetProperty("synapses").GetInt64());
        // NeuroML's Poisson drive is one train per neuron (the sum of the 100 sources), drawn anew: the same network, other draws.
        Assert.Equal(synapses, fromNeuroMl.GetProperty("synapses").GetInt64());
        Assert.InRange(fromNeuroMl.GetProperty("spikes").GetInt64(), spikes / 2, spikes * 2);
    }

    [Fact]
    public void Convert_PoissonInputAndIzhikevich_H5pyFindsTheGeneratorAndSpikesMatch()
    {
        using var dir = new TempDirectory();
        string net = Network
            .Replace("""{ "type": "current",""", """{ "type": "poisson", "target": "cells", "sourceCount": 20, "rateHz": 40, "weight": 3, "receptor": "excitatory" }, { "type": "current",""", StringComparison.Ordinal)
            .Replace("""
                  ],
                  "projections": [
                """, """
                ,
                    { "name": "izh", "count": 3, "model": "izhikevich", "params": { "a": 0.02, "b": 0.2, "c": -65, "d": 8, "peakMv": 30, "tauExcMs": 0, "tauInhMs": 0 } }
                  ],
                  "projections": [
                    { "source": "in", "target": "izh", "receptor": "excitatory", "connectivity": { "rule": "allToAll" }, "weight": 300, "delayMs": 0.5 },
                """, StringComparison.Ordinal);
        Assert.Contains("\"izh\"", net, StringComparison.Ordinal);
        File.WriteAllText(dir.File("net.json"), net);
        string config = Path.Combine(dir.Path, "out", "circuit_config.json");
        // The export writes the synapses drawn with its --seed: the same seed as the runs below, so both are one network.
        var (code, _, err) = Run("convert", dir.File("net.json"), config, "--seed", "5");
        Assert.True(code == 0, err);
        var (exit, output, error) = DebianPython.Run(TimeSpan.FromMinutes(2), null, Path.Combine(RepositoryRoot.Path, "tools", "sonata", "check_sonata.py"), config);
        Assert.True(exit == 0, output + error);
        // in, cells, izh and the generator; the edges of the two projections, in -> izh and the generator's (one per cell).
        Assert.StartsWith("ok: 4 node populations (16 nodes), 4 edge populations (", output, StringComparison.Ordinal);
        Assert.Contains("3 input spikes", output);
        Assert.Contains("nest:poisson_generator poisson_0.json 20", File.ReadAllText(Path.Combine(dir.Path, "out", "network", "node_types.csv")));
        var (c1, json, e1) = Run("simulate", dir.File("net.json"), "--out", dir.File("a"), "--json", "--seed", "5");
        var (c2, sonata, e2) = Run("simulate", config, "--out", dir.File("b"), "--json", "--seed", "5");
        Assert.True(c1 == 0 && c2 == 0, e1 + e2);
        long spikes = JsonDocument.Parse(json).RootElement.GetProperty("spikes").GetInt64();
        Assert.True(spikes > 3, $"{spikes} spikes");
        Assert.Equal(spikes, JsonDocument.Parse(sonata).RootElement.GetProperty("spikes").GetInt64());
    }

    [Fact]
    public void Convert_PoissonSourcePopulationToSonata_Exit2NamesThePopulation()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), Network.Replace(""""model": "spikeTimes", "params": { "indices": [0, 1, 0], "timesMs": [5, 12.5, 40] }"""", """"model": "poisson", "params": { "rateHz": 20 }"""", StringComparison.Ordinal));
        var (code, _, err) = Run("convert", dir.File("net.json"), dir.File("circuit_config.json"));
        Assert.Equal(2, code);
        Assert.Contains("$.populations[0] ('in') is a poisson population", err);
        Assert.False(File.Exists(dir.File("circuit_config.json")));
    }

    [Fact]
    public void Convert_RandomInitialVToSonata_Exit2NamesTheFileAndThePopulation()
    {
        // The shipped CUBA and COBA examples start v at random; the refusal must say which file it is about, not only its JSON path.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("net.json"), Network.Replace(""""refractoryMs": 2, "tauExcMs": 5, "tauInhMs": 10 }"""", """"refractoryMs": 2, "tauExcMs": 5, "tauInhMs": 10 }, "initial": { "v": { "uniform": [-65, -50] } }"""", StringComparison.Ordinal));
        CliAssert.Refused(Run("convert", dir.File("net.json"), dir.File("circuit_config.json")), "net.json: cannot be written as SONATA: $.populations[1] ('cells')");
        Assert.False(File.Exists(dir.File("circuit_config.json")));
    }
}
