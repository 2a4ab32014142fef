using System.Text.Json;

namespace NeuroSharp.Spiking;

internal static partial class NetworkFileReader
{
    /// <summary>
    /// A multi-compartment cell's "morphology" (docs/spiking-multicompartment.md): <c>{"compartments": [{"name", "parent", "lengthUm",
    /// "diameterUm", "proximalDiameterUm", "fractionAlongParent"}], "groups": [{"name", "compartments"}], "densities": [{"channel", "group", "conductanceMsPerCm2"}],
    /// "specificCapacitanceUfPerCm2", "capacitances": [{"group", "ufPerCm2"}], "axialResistivityOhmCm", "spikeCompartment",
    /// "inputCompartment", "concentrations": [{"group", "ion", "model", ...}]}</c>. Shapes here; the tree, names and ranges are checked by the spec's Validate.
    /// </summary>
    internal static MorphologySpec Morphology(JsonElement v, string path)
    {
        var o = new JsonObjectReader(v, path, "compartments", "groups", "densities", "specificCapacitanceUfPerCm2", "capacitances",
            "axialResistivityOhmCm", "spikeCompartment", "inputCompartment", "concentrations");
        var d = new MorphologySpec();
        return new MorphologySpec
        {
            Compartments = List(o, "compartments", required: true, (x, at) =>
            {
                var c = new JsonObjectReader(x, at, "name", "parent", "lengthUm", "diameterUm", "proximalDiameterUm", "fractionAlongParent");
                return new CompartmentSpec(c.RequiredString("name"), c.OptionalString("parent"), c.RequiredNumber("lengthUm"), c.RequiredNumber("diameterUm"))
                {
                    ProximalDiameterUm = c.Has("proximalDiameterUm") ? c.RequiredNumber("proximalDiameterUm") : null,
                    FractionAlongParent = c.Has("fractionAlongParent") ? c.RequiredNumber("fractionAlongParent") : null,
                };
            }),
            Groups = List(o, "groups", required: false, (x, at) =>
            {
                var g = new JsonObjectReader(x, at, "name", "compartments");
                var members = g.Required("compartments");
                if (members.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(g.At("compartments"), $"must be an array of compartment names (got {JsonObjectReader.Show(members)}).");
                int k = 0;
                return new CompartmentGroupSpec(g.RequiredString("name"), [.. members.EnumerateArray().Select(m => JsonObjectReader.String(m, $"{g.At("compartments")}[{k++}]"))]);
            }),
            Densities = List(o, "densities", required: false, (x, at) =>
            {
                var c = new JsonObjectReader(x, at, "channel", "group", "conductanceMsPerCm2");
                return new ChannelDensitySpec(c.RequiredString("channel"), c.RequiredString("group"), c.RequiredNumber("conductanceMsPerCm2"));
            }),
            SpecificCapacitanceUfPerCm2 = o.Number("specificCapacitanceUfPerCm2", d.SpecificCapacitanceUfPerCm2),
            Capacitances = List(o, "capacitances", required: false, (x, at) =>
            {
                var c = new JsonObjectReader(x, at, "group", "ufPerCm2");
                return new SpecificCapacitanceSpec(c.RequiredString("group"), c.RequiredNumber("ufPerCm2"));
            }),
            AxialResistivityOhmCm = o.Number("axialResistivityOhmCm", d.AxialResistivityOhmCm),
            SpikeCompartment = o.OptionalString("spikeCompartment"),
            InputCompartment = o.OptionalString("inputCompartment"),
            // A pool on a group: a cell-level pool's fields but areaUm2 (each compartment's area is the pool's).
            Concentrations = List(o, "concentrations", required: false, (x, at) =>
            {
                var c = new JsonObjectReader(x, at, "group", "ion", "model", "initialMm", "externalMm", "restingMm", "decayMs", "shellThicknessUm", "rho", "valence");
                return new CompartmentConcentrationSpec(c.RequiredString("group"), Pool(c));
            }),
        };
    }

    private static IReadOnlyList<T> List<T>(JsonObjectReader o, string name, bool required, Func<JsonElement, string, T> read)
    {
        if (!o.Has(name))
        {
            if (required) o.Required(name);
            return [];
        }
        var v = o.Get(name);
        if (v.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(o.At(name), $"must be an array (got {JsonObjectReader.Show(v)}).");
        var list = new List<T>();
        int k = 0;
        foreach (var item in v.EnumerateArray())
        {
            list.Add(read(item, $"{o.At(name)}[{k}]"));
            k++;
        }
        return list;
    }
}

internal static partial class NetworkFileWriter
{
    /// <summary>A multi-compartment cell's morphology, as <see cref="NetworkFileReader.Morphology"/> reads it.</summary>
    internal static void Morphology(Utf8JsonWriter w, string name, MorphologySpec m)
    {
        var d = new MorphologySpec();
        w.WriteStartObject(name);
        w.WriteStartArray("compartments");
        foreach (var c in m.Compartments)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            if (c.Parent is not null) w.WriteString("parent", c.Parent);
            w.WriteNumber("lengthUm", c.LengthUm);
            w.WriteNumber("diameterUm", c.DiameterUm);
            if (c.ProximalDiameterUm is { } proximal) w.WriteNumber("proximalDiameterUm", proximal);
            if (c.FractionAlongParent is { } fraction) w.WriteNumber("fractionAlongParent", fraction);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (m.Groups.Count > 0)
        {
            w.WriteStartArray("groups");
            foreach (var g in m.Groups)
            {
                w.WriteStartObject();
                w.WriteString("name", g.Name);
                w.WriteStartArray("compartments");
                foreach (var c in g.Compartments) w.WriteStringValue(c);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (m.Densities.Count > 0)
        {
            w.WriteStartArray("densities");
            foreach (var x in m.Densities)
            {
                w.WriteStartObject();
                w.WriteString("channel", x.Channel);
                w.WriteString("group", x.Group);
                w.WriteNumber("conductanceMsPerCm2", x.ConductanceMsPerCm2);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (m.SpecificCapacitanceUfPerCm2 != d.SpecificCapacitanceUfPerCm2) w.WriteNumber("specificCapacitanceUfPerCm2", m.SpecificCapacitanceUfPerCm2);
        if (m.Capacitances.Count > 0)
        {
            w.WriteStartArray("capacitances");
            foreach (var x in m.Capacitances)
            {
                w.WriteStartObject();
                w.WriteString("group", x.Group);
                w.WriteNumber("ufPerCm2", x.UfPerCm2);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteNumber("axialResistivityOhmCm", m.AxialResistivityOhmCm);
        if (m.SpikeCompartment is not null) w.WriteString("spikeCompartment", m.SpikeCompartment);
        if (m.InputCompartment is not null) w.WriteString("inputCompartment", m.InputCompartment);
        if (m.Concentrations.Count > 0)
        {
            w.WriteStartArray("concentrations");
            foreach (var x in m.Concentrations)
            {
                w.WriteStartObject();
                w.WriteString("group", x.Group);
                PoolFields(w, x.Pool, withArea: false);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
