using System.Globalization;
using System.Text.Json;

namespace NeuroSharp.Spiking.Sonata;

/// <summary>
/// SONATA node sets: a population name; an object whose rules all hold (<c>population</c> a name or a list,
/// <c>node_id</c> an id or a list, and any node attribute, from node_types.csv or the population's group datasets,
/// equal to a value or in a list); or a list of node-set names (their union, a compound node set).
/// </summary>
internal sealed partial class SonataReader
{
    /// <summary>The nodes an input's node set selects, per population (null ids: the whole population), in population order.</summary>
    private List<(string Population, List<long>? Ids)> NodeSet(SonataInput input)
    {
        string field = $"inputs.{input.Name}.node_set";
        if (!input.Json.TryGetProperty("node_set", out var set)) throw SonataConfig.Fail(input.File, field, "is missing.");
        var result = Resolve(set, input.File, field, 0);
        if (result.Count == 0) throw SonataConfig.Fail(input.File, field, "selects no nodes.");
        return [.. result.Select(kv => (kv.Key, kv.Value))];
    }

    private Dictionary<string, List<long>?> Resolve(JsonElement set, string file, string field, int depth)
    {
        if (depth > 32) throw SonataConfig.Fail(file, field, "nests node sets more than 32 deep (does a compound node set name itself?).");
        switch (set.ValueKind)
        {
            case JsonValueKind.String:
            {
                string name = set.GetString()!;
                if (_config.NodeSets.TryGetValue(name, out var named)) return Resolve(named, _config.NodeSetsFile!, name, depth + 1);
                if (_nodePopulations.ContainsKey(name)) return new() { [name] = null };
                throw SonataConfig.Fail(file, field, $"is '{name}', which is neither a node set nor a node population of the circuit.");
            }
            case JsonValueKind.Array:
            {
                // A compound node set: the union of the named sets.
                var union = new Dictionary<string, List<long>?>(StringComparer.Ordinal);
                int k = 0;
                foreach (var item in set.EnumerateArray())
                {
                    string at = $"{field}[{k++}]";
                    if (item.ValueKind != JsonValueKind.String) throw SonataConfig.Fail(file, at, "is not a node-set name; a compound node set lists names.");
                    foreach (var (pop, ids) in Resolve(item, file, at, depth + 1))
                    {
                        if (!union.TryGetValue(pop, out var have)) union[pop] = ids is null ? null : [.. ids];
                        else if (have is not null) union[pop] = ids is null ? null : [.. have.Union(ids).Order()];
                    }
                }
                return union;
            }
            case JsonValueKind.Object:
                return Rules(set, file, field);
            default:
                throw SonataConfig.Fail(file, field, "is not a population name, a list of node-set names or an object of rules.");
        }
    }

    /// <summary>A basic node set: every rule must hold.</summary>
    private Dictionary<string, List<long>?> Rules(JsonElement set, string file, string field)
    {
        List<string> populations = [.. _nodePopulations.Keys];
        List<long>? ids = null;
        var attributes = new List<(string Name, JsonElement[] Values)>();
        foreach (var p in set.EnumerateObject())
        {
            string at = $"{field}.{p.Name}";
            var values = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().ToArray() : [p.Value];
            if (p.Name == "population")
            {
                populations = [.. values.Select(v => v.ValueKind == JsonValueKind.String && _nodePopulations.ContainsKey(v.GetString()!)
                    ? v.GetString()!
                    : throw SonataConfig.Fail(file, at, $"names {v.GetRawText()}, which is not a node population of the circuit."))];
            }
            else if (p.Name is "node_id" or "node_ids")
            {
                ids = [.. values.Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long x) ? x : throw SonataConfig.Fail(file, at, $"holds {v.GetRawText()}, which is not a node id."))];
            }
            else
            {
                foreach (var v in values)
                {
                    if (v.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
                        throw SonataConfig.Fail(file, at, $"holds {v.GetRawText()}; NeuroSharp reads attribute rules that are a value or a list of values (not ranges or other operators).");
                }
                attributes.Add((p.Name, values));
            }
        }
        var result = new Dictionary<string, List<long>?>(StringComparer.Ordinal);
        foreach (string name in populations)
        {
            var pop = _nodePopulations[name];
            if (ids is not null && attributes.Count == 0)
            {
                result[name] = ids;
                continue;
            }
            if (ids is null && attributes.Count == 0)
            {
                result[name] = null;
                continue;
            }
            var candidates = ids ?? [.. Enumerable.Range(0, pop.Count).Select(i => (long)i)];
            foreach (var (attribute, values) in attributes)
            {
                var lookup = Attribute(pop, attribute, file, $"{field}.{attribute}");
                candidates = [.. candidates.Where(id => id >= 0 && id < pop.Count && values.Any(v => Matches(lookup(id), v)))];
            }
            if (candidates.Count > 0) result[name] = candidates;
        }
        return result;
    }

    /// <summary>A node attribute by node id: a node_types.csv column (by the node's type) or a dataset of the node's group.</summary>
    private static Func<long, string?> Attribute(NodePopulation pop, string name, string file, string field)
    {
        // A node's own model_type / model_template (its group's strings) win over its type's column.
        if (name is "model_type" or "model_template")
        {
            bool template = name == "model_template";
            bool anyOwn = pop.OwnModel.Any(m => (template ? m.Template : m.ModelType) is not null);
            if (anyOwn || pop.Types.Has(name))
                return id => (template ? pop.OwnModel[id].Template : pop.OwnModel[id].ModelType) ?? pop.Types.Cell(pop.TypeRows[pop.TypeIds[id]], name);
        }
        if (pop.Types.Has(name)) return id => pop.Types.Cell(pop.TypeRows[pop.TypeIds[id]], name);
        using var h5 = SonataHdf5.Open(pop.File, $"{file}: {field}");
        string at = $"/nodes/{pop.Name}";
        long[] groups = h5.Exists($"{at}/node_group_id") ? h5.Integers($"{at}/node_group_id") : new long[pop.Count];
        long[] index = h5.Exists($"{at}/node_group_index") ? h5.Integers($"{at}/node_group_index") : [.. Enumerable.Range(0, pop.Count).Select(i => (long)i)];
        var columns = new Dictionary<long, double[]>();
        foreach (long g in groups.Distinct())
        {
            string path = $"{at}/{g.ToString(CultureInfo.InvariantCulture)}/{name}";
            if (!h5.Exists(path))
                throw SonataConfig.Fail(file, field, $"names attribute '{name}', which population '{pop.Name}' has neither in {pop.Types.Path} nor as {path} in {pop.File}.");
            columns[g] = h5.Numbers(path);
        }
        return id =>
        {
            var column = columns[groups[id]];
            long row = index[id];
            if (row < 0 || row >= column.Length)
                throw new InvalidInputException($"{pop.File}: {at}/node_group_index[{id}] is {row}, outside {at}/{groups[id]}/{name} of {column.Length} values.");
            return column[row].ToString("R", CultureInfo.InvariantCulture);
        };
    }

    /// <summary>Equality of an attribute's text with a JSON value: numbers by value, booleans by name, strings exactly.</summary>
    private static bool Matches(string? text, JsonElement value) => text is not null && value.ValueKind switch
    {
        JsonValueKind.Number => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x == value.GetDouble(),
        JsonValueKind.True => text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1",
        JsonValueKind.False => text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0",
        _ => text == value.GetString(),
    };
}
