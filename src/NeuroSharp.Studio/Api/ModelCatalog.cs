using System.Text.Json;
using System.Text.Json.Nodes;
using NeuroSharp.Spiking;

namespace NeuroSharp.Studio.Api;

/// <summary>
/// What the editor offers when it adds a neuron: every model with its presets as full parameter sets
/// (written by the network file writer, so they are exactly what a file holds), the kind each preset
/// releases, and the variables a frame reports.
/// </summary>
internal static class ModelCatalog
{
    /// <summary>The catalog as JSON: <c>{"models": [{"name", "doc", "presets": [{"name", "params", "kind"}], "parameters": [{"name", "unit", "kind", "default", "doc"}], "variables", "source", "voltageRange": {"lowParam", "low", "highParam", "high"}, "currentUnit"}]}</c>, one per <see cref="NeuronModels.All"/>.</summary>
    public static JsonObject Json { get; } = Build();

    private static JsonObject Build()
    {
        var models = new JsonArray();
        foreach (var descriptor in NeuronModels.All)
        {
            string name = descriptor.Name;
            var presets = descriptor.Presets.ToList();
            if (presets.Count == 0) presets.Add(new("default", DefaultOf(name)));
            var list = new JsonArray();
            foreach (var (presetName, model) in presets)
            {
                var kind = model is TransmitterNeuronSpec t ? t.ReleasedKind : NeuronKind.Mixed;
                list.Add(new JsonObject
                {
                    ["name"] = presetName,
                    ["params"] = ParamsOf(model, kind),
                    ["kind"] = SpecName(kind),
                });
            }
            models.Add(new JsonObject
            {
                ["name"] = name,
                ["doc"] = descriptor.Doc,
                ["presets"] = list,
                ["parameters"] = new JsonArray(descriptor.Parameters.Select(p => (JsonNode)new JsonObject
                {
                    ["name"] = p.Name, ["unit"] = p.Unit, ["kind"] = JsonNamingPolicy.CamelCase.ConvertName(p.Kind.ToString()), ["default"] = p.Default, ["doc"] = p.Doc,
                }).ToArray()),
                ["variables"] = new JsonArray(descriptor.StateVariables(presets[0].Value).Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
                ["source"] = descriptor.IsSource,
                ["voltageRange"] = new JsonObject
                {
                    ["lowParam"] = descriptor.Voltage.LowParameter, ["low"] = descriptor.Voltage.Low,
                    ["highParam"] = descriptor.Voltage.HighParameter, ["high"] = descriptor.Voltage.High,
                },
                ["currentUnit"] = CurrentUnitOf(name),
            });
        }
        return new JsonObject
        {
            ["models"] = models,
            ["phases"] = new JsonArray("collecting", "activating", "transmitting", "releasing", "recovering"),
            ["transmitterVariables"] = new JsonArray(NeuronModels.TransmitterVariables.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
        };
    }

    /// <summary>
    /// The unit of a current input's amplitude on the model, as its docs page gives it (the side panel of a current step
    /// names it); null for the models a current does not drive (transmitter neurons take stimuli, sources no input).
    /// </summary>
    /// <param name="model">The model's file name.</param>
    /// <returns>The unit, or null.</returns>
    internal static string? CurrentUnitOf(string model) => model switch
    {
        NeuronModels.Lif or NeuronModels.ConductanceLif => "mV (R I)",
        NeuronModels.Izhikevich => "model units",
        NeuronModels.Izhikevich2007 or NeuronModels.AdEx or NeuronModels.Glif or NeuronModels.Gif or NeuronModels.HodgkinHuxley => "pA",
        NeuronModels.Equations => "the unit of I in its equations",
        _ => null,
    };

    private static NeuronModelSpec DefaultOf(string model) => model switch
    {
        NeuronModels.Poisson => new PoissonSourceSpec { RateHz = 20 },
        NeuronModels.SpikeTimes => new SpikeTimesSourceSpec { Indices = [0, 0, 0], TimesMs = [10, 20, 30] },
        NeuronModels.RandomIntervals => new RandomIntervalSourceSpec { MinIsiMs = 10, MaxIsiMs = 30 },
        _ => throw new ArgumentException($"Model '{model}' has no presets and no studio default.", nameof(model)),
    };

    private static JsonNode ParamsOf(NeuronModelSpec model, NeuronKind kind)
    {
        var spec = new NetworkSpec { Neurons = [new SingleNeuronSpec { Id = "n", Model = model, Kind = kind }] };
        var json = JsonNode.Parse(NetworkFile.ToJson(spec))!;
        return json["neurons"]![0]!["params"]!.DeepClone();
    }

    private static string SpecName(NeuronKind kind) => kind switch
    {
        NeuronKind.Excitatory => "excitatory",
        NeuronKind.Inhibitory => "inhibitory",
        _ => "mixed",
    };
}
