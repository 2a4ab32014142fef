namespace NeuroSharp.Spiking;

internal static partial class NetworkFileReader
{
    /// <summary>"model", optional "preset", and "params" (each parameter from params, else from the preset; the model's descriptor reads them).</summary>
    private static NeuronModelSpec ReadModel(JsonObjectReader o)
    {
        string model = o.RequiredString("model");
        if (NeuronModels.Find(model) is null && NestParameterNames.Model(model) is { } ours)
            throw JsonObjectReader.Fail(o.At("model"), $"is '{model}', NEST's name: NeuroSharp runs it as model {ours}, with its own parameter names and units (docs/formats.md, \"NEST's names\").");
        if (NeuronModels.Find(model) is not { } descriptor)
            throw JsonObjectReader.Fail(o.At("model"), $"is '{model}', not a known model ({NearestName.DidYouMean(NeuronModels.Names, model)}known: {string.Join(", ", NeuronModels.Names)}).");
        var presets = descriptor.Presets;
        NeuronModelSpec? preset = null;
        if (o.OptionalString("preset") is { } name)
        {
            if (!presets.TryGetValue(name, out preset))
                throw JsonObjectReader.Fail(o.At("preset"), $"is '{name}', not a preset of model '{model}' ({NearestName.DidYouMean(presets.Keys, name)}known: {(presets.Count == 0 ? "none" : string.Join(", ", presets.Keys))}).");
        }
        System.Text.Json.JsonElement? element = o.Has("params") ? o.Get("params") : null;
        return descriptor.Read(element, o.At("params"), preset);
    }
}
