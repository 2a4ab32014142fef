using System.Text.Json;

namespace NeuroSharp.Spiking;

internal static partial class NetworkFileReader
{
    /// <summary>
    /// A Hodgkin-Huxley cell's "ports": <c>[{"name", "decayMs", "riseMs", "reversalMv", "block": {"concentrationMm",
    /// "scalingConcentrationMm", "scalingVoltageMv"}}]</c> (docs/spiking-hh.md); a conductanceLif's current port is
    /// <c>{"name", "decayMs", "riseMs", "current": true}</c>, without reversalMv. Ranges are checked by the spec's Validate.
    /// </summary>
    internal static IReadOnlyList<SynapticPortSpec> Ports(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(path, $"must be an array of ports (got {JsonObjectReader.Show(v)}).");
        var list = new List<SynapticPortSpec>();
        int k = 0;
        foreach (var item in v.EnumerateArray())
        {
            string at = $"{path}[{k++}]";
            var o = new JsonObjectReader(item, at, "name", "decayMs", "riseMs", "reversalMv", "block", "current");
            MagnesiumBlockSpec? block = null;
            if (o.Has("block"))
            {
                var b = o.Object("block", "concentrationMm", "scalingConcentrationMm", "scalingVoltageMv");
                block = new MagnesiumBlockSpec(b.RequiredNumber("concentrationMm"), b.RequiredNumber("scalingConcentrationMm"), b.RequiredNumber("scalingVoltageMv"));
            }
            bool current = o.Has("current") && o.Bool("current", false);
            if (current && o.Has("reversalMv"))
                throw JsonObjectReader.Fail(at + ".reversalMv", "is given on a current port (\"current\": true), whose current has no reversal potential; remove one of the two.");
            list.Add(new SynapticPortSpec(o.RequiredString("name"), o.RequiredNumber("decayMs"), current ? 0 : o.RequiredNumber("reversalMv"))
            {
                RiseMs = o.Number("riseMs", 0), Block = block, Current = current,
            });
        }
        return list;
    }
}

internal static partial class NetworkFileWriter
{
    /// <summary>A Hodgkin-Huxley cell's synaptic ports, as <see cref="NetworkFileReader.Ports"/> reads them.</summary>
    internal static void Ports(Utf8JsonWriter w, string name, IReadOnlyList<SynapticPortSpec> ports)
    {
        w.WriteStartArray(name);
        foreach (var p in ports)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteNumber("decayMs", p.DecayMs);
            if (p.RiseMs != 0) w.WriteNumber("riseMs", p.RiseMs);
            if (p.Current) w.WriteBoolean("current", true);
            else w.WriteNumber("reversalMv", p.ReversalMv);
            if (p.Block is { } b)
            {
                w.WriteStartObject("block");
                w.WriteNumber("concentrationMm", b.ConcentrationMm);
                w.WriteNumber("scalingConcentrationMm", b.ScalingConcentrationMm);
                w.WriteNumber("scalingVoltageMv", b.ScalingVoltageMv);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
