using System.Text.Json;

namespace NeuroSharp.Spiking;

/// <summary>Reads the JSON of a network file into a <see cref="NetworkSpec"/> (structure and values; cross-references are checked by <see cref="NetworkSpec.Validate"/>).</summary>
internal static partial class NetworkFileReader
{
    public static NetworkSpec Read(JsonElement root)
    {
        var o = new JsonObjectReader(root, "$", "format", "version", "name", "description", "dtMs", "durationMs", "delivery", "synapseRule",
            "neurons", "links", "populations", "projections", "gapJunctions", "gradedProjections", "inputs", "monitors", "changes");
        if (!o.Has("format")) throw JsonObjectReader.Fail("$.format", $"is missing (expected \"{NetworkSpec.FormatName}\").");
        string format = o.RequiredString("format");
        if (format != NetworkSpec.FormatName) throw JsonObjectReader.Fail("$.format", $"is \"{format}\", expected \"{NetworkSpec.FormatName}\".");
        if (!o.Has("version")) throw JsonObjectReader.Fail("$.version", $"is missing (this build reads version {NetworkSpec.CurrentVersion}).");
        int version = o.RequiredInt("version");
        if (version != NetworkSpec.CurrentVersion)
            throw JsonObjectReader.Fail("$.version", $"is {version}, which this build does not read (it reads version {NetworkSpec.CurrentVersion}).");
        var neurons = List(o, "neurons", ReadNeuron);
        var links = List(o, "links", ReadLink);
        var populations = List(o, "populations", ReadPopulation);
        return new NetworkSpec
        {
            Name = o.OptionalString("name"),
            Description = o.OptionalString("description"),
            DtMs = o.Number("dtMs", 0.1),
            DurationMs = o.OptionalNumber("durationMs"),
            Delivery = o.Enum("delivery", TransmitterDelivery.Synchronous),
            SynapseRule = o.Enum("synapseRule", TransmitterSynapseRule.Intended),
            Neurons = neurons,
            Links = links,
            Populations = populations,
            Projections = List(o, "projections", (e, path) => ReadProjection(e, path, populations)),
            GapJunctions = List(o, "gapJunctions", ReadGapJunction),
            GradedProjections = List(o, "gradedProjections", ReadGradedProjection),
            Inputs = List(o, "inputs", ReadInput),
            Monitors = List(o, "monitors", ReadMonitor),
            Changes = ReadChanges(o, populations, neurons),
        };
    }

    private static IReadOnlyList<T> List<T>(JsonObjectReader o, string name, Func<JsonElement, string, T> read)
    {
        if (!o.Has(name)) return [];
        var v = o.Get(name);
        if (v.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(o.At(name), $"must be an array (got {JsonObjectReader.Show(v)}).");
        var list = new List<T>(v.GetArrayLength());
        int k = 0;
        foreach (var item in v.EnumerateArray()) list.Add(read(item, $"{o.At(name)}[{k++}]"));
        return list;
    }

    private static SingleNeuronSpec ReadNeuron(JsonElement e, string path)
    {
        var o = new JsonObjectReader(e, path, "id", "label", "model", "preset", "params", "kind", "initial", "x", "y", "color");
        return new SingleNeuronSpec
        {
            Id = o.RequiredString("id"),
            Label = o.OptionalString("label"),
            Model = ReadModel(o),
            Kind = o.Enum("kind", NeuronKind.Mixed),
            Initial = ReadInitial(o),
            X = o.Number("x", 0),
            Y = o.Number("y", 0),
            Color = o.OptionalString("color"),
        };
    }

    private static PopulationSpec ReadPopulation(JsonElement e, string path)
    {
        var o = new JsonObjectReader(e, path, "name", "count", "model", "preset", "params", "kind", "initial", "x", "y", "color");
        int count = o.RequiredInt("count");
        return new PopulationSpec
        {
            Name = o.RequiredString("name"),
            Count = count,
            Model = ReadModel(o),
            Kind = o.Enum("kind", NeuronKind.Mixed),
            Initial = ReadInitial(o),
            X = o.OptionalNumber("x"),
            Y = o.OptionalNumber("y"),
            Color = o.OptionalString("color"),
        };
    }

    private static IReadOnlyDictionary<string, DistributionSpec>? ReadInitial(JsonObjectReader o)
    {
        if (!o.Has("initial")) return null;
        var v = o.Get("initial");
        if (v.ValueKind != JsonValueKind.Object) throw JsonObjectReader.Fail(o.At("initial"), $"must be an object of variable: value (got {JsonObjectReader.Show(v)}).");
        var map = new Dictionary<string, DistributionSpec>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            string at = $"{o.At("initial")}.{p.Name}";
            // A list gives each neuron its own value (checked against the count with the rest of the network).
            map[p.Name] = p.Value.ValueKind == JsonValueKind.Array
                ? DistributionSpec.PerNeuron(JsonObjectReader.Numbers(p.Value, at))
                : JsonObjectReader.Distribution(p.Value, at);
        }
        return map;
    }

    private static LinkSpec ReadLink(JsonElement e, string path)
    {
        var o = new JsonObjectReader(e, path, "from", "to", "weight", "delayMs", "receptor");
        return new LinkSpec
        {
            From = o.RequiredString("from"),
            To = o.RequiredString("to"),
            Weight = o.OptionalNumber("weight"),
            DelayMs = o.OptionalNumber("delayMs"),
            Receptor = o.Has("receptor") ? JsonObjectReader.EnumValue<Receptor>(o.Get("receptor"), o.At("receptor")) : null,
        };
    }
}
