using NeuroSharp.Testing;
using System.Text.Json.Nodes;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>The model registry: every descriptor is reachable by name and type, has a population factory, and its parameter table is what the file holds.</summary>
public class NeuronModelRegistryTests
{
    [Fact]
    public void All_EveryDescriptor_FoundByNameAndSpecType()
    {
        Assert.Equal(NeuronModels.Names, NeuronModels.All.Select(d => d.Name));
        Assert.Equal(NeuronModels.All.Count, NeuronModels.All.Select(d => d.SpecType).Distinct().Count());
        foreach (var d in NeuronModels.All)
        {
            Assert.Same(d, NeuronModels.Find(d.Name));
            foreach (var preset in d.Presets.Values) Assert.Same(d, NeuronModels.DescriptorOf(preset));
        }
    }

    /// <summary>
    /// The studio labels plots with these units: AdEx's inputs are currents (pA) unless it has reversal potentials, then
    /// conductances (nS, docs/spiking-adex.md); the other models' as their pages give them; every variable has one.
    /// </summary>
    [Fact]
    public void StateVariableUnit_FollowsTheModelAndItsParameters()
    {
        string Units(NeuronModelSpec m) => string.Join(",", NeuronModels.StateVariables(m).Select(v => $"{v}:{NeuronModels.StateVariableUnit(m, v)}"));
        Assert.Equal("v:mV,w:pA,ge:pA,gi:pA", Units(AdExNeuronSpec.Adapting));
        Assert.Equal("v:mV,w:pA,ge:nS,gi:nS", Units(AdExNeuronSpec.Adapting with { ExcReversalMv = 0, InhReversalMv = -80 }));
        Assert.Equal("v:mV,ge:mV,gi:mV", Units(new LifNeuronSpec()));
        Assert.Equal("v:mV,ge:× g_L,gi:× g_L", Units(new ConductanceLifNeuronSpec()));
        Assert.Equal("v:mV,u:a.u.,ge:a.u.,gi:a.u.", Units(new IzhikevichNeuronSpec()));
        Assert.Equal("v:mV,u:pA,ge:nS,gi:nS", Units(new Izhikevich2007NeuronSpec()));
        Assert.Equal("v:mV,thetaS:mV,asc:pA,isyn:pA", Units(new GlifNeuronSpec()));
        foreach (var d in NeuronModels.All)
        {
            foreach (var preset in d.Presets.Values)
            {
                foreach (string v in NeuronModels.StateVariables(preset))
                    Assert.True(v == "phase" || NeuronModels.StateVariableUnit(preset, v).Length > 0, $"{d.Name}.{v} has no unit");
            }
        }
    }

    [Fact]
    public void All_EverySpikingModel_HasAPopulationFactory()
    {
        foreach (var d in NeuronModels.All)
        {
            if (d.SpecType == typeof(TransmitterNeuronSpec)) Assert.False(PopulationFactories.IsRegistered(d.SpecType));
            else Assert.True(PopulationFactories.IsRegistered(d.SpecType), $"no population factory for {d.Name}");
        }
    }

    [Fact]
    public void Parameters_EveryPreset_WritesExactlyTheTable()
    {
        foreach (var d in NeuronModels.All)
        {
            foreach (var (name, preset) in d.Presets)
            {
                var spec = new NetworkSpec { Neurons = [new SingleNeuronSpec { Id = "n", Model = preset }] };
                var written = (JsonObject)JsonNode.Parse(NetworkFile.ToJson(spec))!["neurons"]![0]!["params"]!;
                // Every required parameter, and optional ones only where the preset sets them (GLIF's after-spike
                // currents), each in the table's order and none outside it.
                var table = d.Parameters.Where(p => p.Kind != ModelParameterKind.AdaptiveThreshold).ToList();
                var keys = written.Select(p => p.Key).ToList();
                Assert.All(table.Where(p => !p.Optional), p => Assert.Contains(p.Name, keys));
                Assert.Equal(table.Select(p => p.Name).Where(keys.Contains), keys);
                var read = NetworkFile.Parse(NetworkFile.ToJson(spec), $"{d.Name}-{name}.json");
                Assert.Equal(preset, read.Neurons[0].Model);
            }
        }
    }

    [Fact]
    public void Parameters_ModelWithoutPreset_MissingOneNamesTheTable()
    {
        var ex = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(
            """{"format": "neurosharp.network", "version": 1, "neurons": [{"id": "a", "model": "izhikevich", "params": {"a": 0.02}}]}""", "bad.json"));
        Assert.Contains("$.neurons[0].params.b", ex.Message);
        Assert.Contains("needs a, b, c, d, peakMv, tauExcMs, tauInhMs", ex.Message);
    }
}

/// <summary>docs/formats.md's parameter tables are made from the descriptors.</summary>
public class NeuronModelDocsTests
{
    private const string Begin = "<!-- neuron-models:begin -->", End = "<!-- neuron-models:end -->";

    [Fact]
    public void FormatsDoc_ParameterTables_MatchTheDescriptors()
    {
        string path = Path.Combine(RepositoryRoot.Path, "docs", "formats.md");
        string text = File.ReadAllText(path).ReplaceLineEndings("\n");
        int a = text.IndexOf(Begin, StringComparison.Ordinal), b = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(a >= 0 && b > a, "docs/formats.md has no neuron-models block");
        string current = text[(a + Begin.Length)..b];
        string expected = "\n" + Tables();
        if (current != expected && Environment.GetEnvironmentVariable("NEUROSHARP_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..(a + Begin.Length)] + expected + text[b..]);
            return;
        }
        Assert.Equal(expected, current);
    }

    private static string Tables()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var d in NeuronModels.All)
        {
            sb.Append($"`{d.Name}`: {d.Doc}.");
            if (d.Presets.Count > 0) sb.Append($" Presets: {string.Join(", ", d.Presets.Keys.Select(k => $"`{k}`"))}.");
            sb.Append("\n\n| parameter | unit | default | meaning |\n|---|---|---|---|\n");
            foreach (var p in d.Parameters)
                sb.Append($"| `{p.Name}` | {p.Unit} | {(p.Default.Length == 0 ? "" : $"`{p.Default}`")} | {p.Doc} |\n");
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
