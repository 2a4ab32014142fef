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
                var required = d.Parameters.Where(p => p.Kind != ModelParameterKind.AdaptiveThreshold).Select(p => p.Name);
                Assert.Equal(required, written.Select(p => p.Key));
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
