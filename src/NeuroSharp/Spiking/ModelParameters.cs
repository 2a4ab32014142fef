using System.Text.Json;

namespace NeuroSharp.Spiking;

/// <summary>
/// Reads the "params" of a model: each parameter comes from the file, else from the named preset;
/// with no preset, a missing parameter is an error that lists what the model needs.
/// </summary>
internal sealed class ModelParameters
{
    private readonly JsonObjectReader? _params;
    private readonly string _path;
    private readonly string _model;
    private readonly bool _hasPreset;
    private readonly string[] _required;

    public ModelParameters(JsonElement? element, string path, string model, bool hasPreset, string[] required, string[] optional)
    {
        _path = path;
        _model = model;
        _hasPreset = hasPreset;
        _required = required;
        if (element is { ValueKind: JsonValueKind.Object } given)
        {
            // NEST's names (V_th, tau_syn_ex, C_m, ...) get the model's own name or why it has none, not a list to search.
            foreach (var p in given.EnumerateObject())
            {
                if (Array.IndexOf(required, p.Name) < 0 && Array.IndexOf(optional, p.Name) < 0 && NestParameterNames.Explain(model, p.Name) is { } why)
                    throw JsonObjectReader.Fail($"{path}.{p.Name}", why);
            }
        }
        _params = element is { } e ? new JsonObjectReader(e, path, [.. required, .. optional]) : null;
    }

    private bool Has(string name) => _params is { } p && p.Has(name);

    private InvalidInputException Missing(string name)
    {
        var presets = NeuronModels.Presets[_model].Keys.ToList();
        string hint = presets.Count > 0 ? $"; or name a \"preset\" ({string.Join(", ", presets)})" : "";
        return JsonObjectReader.Fail($"{_path}.{name}", $"is missing (model '{_model}' needs {string.Join(", ", _required)}{hint}).");
    }

    /// <summary>The error for a parameter missing from "params", with its own message.</summary>
    public InvalidInputException MissingList(string name, string message) => JsonObjectReader.Fail($"{_path}.{name}", message);

    public double Number(string name, double? preset) =>
        Has(name) ? _params!.Value.RequiredNumber(name) : (_hasPreset && preset is { } v ? v : throw Missing(name));

    public int Int(string name, int? preset) =>
        Has(name) ? _params!.Value.RequiredInt(name) : (_hasPreset && preset is { } v ? v : throw Missing(name));

    public TransmitterAmount Amount(string name, TransmitterAmount? preset) =>
        Has(name) ? JsonObjectReader.Amount(_params!.Value.Get(name), $"{_path}.{name}") : (_hasPreset && preset is { } v ? v : throw Missing(name));

    public IReadOnlyList<double>? OptionalNumbers(string name) => Has(name) ? _params!.Value.OptionalNumbers(name) : null;

    public IReadOnlyList<int>? OptionalInts(string name) => Has(name) ? _params!.Value.OptionalInts(name) : null;

    public double? OptionalNumber(string name) => Has(name) ? _params!.Value.RequiredNumber(name) : null;

    public bool? OptionalBool(string name) => Has(name) ? _params!.Value.Bool(name, false) : null;

    public IReadOnlyList<IonChannelSpec> Channels(string name, IReadOnlyList<IonChannelSpec>? preset) =>
        Has(name) ? NetworkFileReader.Channels(_params!.Value.Get(name), _params!.Value.At(name)) : (_hasPreset && preset is { } v ? v : throw Missing(name));

    /// <summary>A Hodgkin-Huxley cell's synaptic ports, or null when the file leaves them out.</summary>
    public IReadOnlyList<SynapticPortSpec>? Ports(string name) =>
        Has(name) ? NetworkFileReader.Ports(_params!.Value.Get(name), _params!.Value.At(name)) : null;

    /// <summary>A multi-compartment cell's morphology, or null when the file leaves it out.</summary>
    public MorphologySpec? Morphology(string name) =>
        Has(name) ? NetworkFileReader.Morphology(_params!.Value.Get(name), _params!.Value.At(name)) : null;

    public IReadOnlyList<ConcentrationPoolSpec>? Concentrations(string name) =>
        Has(name) ? NetworkFileReader.Concentrations(_params!.Value.Get(name), _params!.Value.At(name)) : null;

    public AdaptiveThresholdSpec? AdaptiveThreshold(AdaptiveThresholdSpec? preset)
    {
        if (!Has("adaptiveThreshold")) return preset;
        var o = _params!.Value.Object("adaptiveThreshold", "incrementMv", "tauMs");
        var d = new AdaptiveThresholdSpec();
        return new AdaptiveThresholdSpec { IncrementMv = o.Number("incrementMv", d.IncrementMv), TauMs = o.Number("tauMs", d.TauMs) };
    }
}
