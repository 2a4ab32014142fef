using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuroSharp.Spiking;

internal static partial class NetworkFileReader
{
    /// <summary>
    /// The "changes" list: each {atMs, population, params} gives only the parameters that change; they are merged onto the
    /// population's model as the earlier changes left it (a rateHz replaces a ratesHz list and back), and the whole is read
    /// as the model's "params" are, so a bad value is reported at <c>$.changes[k].params.name</c>.
    /// </summary>
    private static IReadOnlyList<ModelChangeSpec> ReadChanges(JsonObjectReader o, IReadOnlyList<PopulationSpec> populations, IReadOnlyList<SingleNeuronSpec> neurons)
    {
        if (!o.Has("changes")) return [];
        var v = o.Get("changes");
        if (v.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(o.At("changes"), $"must be an array (got {JsonObjectReader.Show(v)}).");
        var current = new Dictionary<string, NeuronModelSpec>(StringComparer.Ordinal);
        foreach (var p in populations) current.TryAdd(p.Name, p.Model);
        foreach (var n in neurons) current.TryAdd(n.Id, n.Model);
        var list = new List<ModelChangeSpec>(v.GetArrayLength());
        double previous = 0;
        int k = 0;
        foreach (var item in v.EnumerateArray())
        {
            string path = $"$.changes[{k++}]";
            var c = new JsonObjectReader(item, path, "atMs", "population", "params");
            double at = c.RequiredNumber("atMs");
            if (!(at >= 0) || !double.IsFinite(at)) throw JsonObjectReader.Fail(path + ".atMs", $"must be a finite number >= 0 (got {SpecPath.Number(at)}).");
            if (at < previous)
                throw JsonObjectReader.Fail(path + ".atMs", $"is {SpecPath.Number(at)}, before the previous change's {SpecPath.Number(previous)}: list the changes in order of time.");
            previous = at;
            string name = c.RequiredString("population");
            if (!current.TryGetValue(name, out var model))
                throw JsonObjectReader.Fail(path + ".population", $"names no population or neuron ('{name}'; {NearestName.DidYouMean(current.Keys, name)}known: {SpecPath.List(current.Keys)}).");
            if (!c.Has("params")) throw JsonObjectReader.Fail(path + ".params", "is missing: give the parameters that change, e.g. {\"thresholdMv\": -52}.");
            var given = c.Get("params");
            if (given.ValueKind != JsonValueKind.Object) throw JsonObjectReader.Fail(path + ".params", $"must be an object of parameter: value (got {JsonObjectReader.Show(given)}).");
            var descriptor = NeuronModels.DescriptorOf(model);
            using var merged = JsonDocument.Parse(Merge(descriptor, model, given));
            var changed = descriptor.Read(merged.RootElement, path + ".params", null);
            current[name] = changed;
            list.Add(new ModelChangeSpec { AtMs = at, Population = name, Model = changed });
        }
        return list;
    }

    /// <summary>The model's "params" as the writer writes them, with the given ones put over them.</summary>
    private static string Merge(NeuronModelDescriptor descriptor, NeuronModelSpec model, JsonElement given)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            descriptor.Write(w, model);
            w.WriteEndObject();
        }
        var node = JsonNode.Parse(stream.ToArray())!.AsObject();
        foreach (var p in given.EnumerateObject())
        {
            // One rate for all and one rate per source exclude each other: the one given wins.
            if (p.Name == "rateHz") node.Remove("ratesHz");
            if (p.Name == "ratesHz") node.Remove("rateHz");
            node[p.Name] = JsonNode.Parse(p.Value.GetRawText());
        }
        return node.ToJsonString();
    }
}
