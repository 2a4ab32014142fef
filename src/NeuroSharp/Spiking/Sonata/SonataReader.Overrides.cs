using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuroSharp.Spiking.Sonata;

/// <summary>
/// Per-node model parameters: a node group's <c>dynamics_params</c> subgroup holds one dataset per parameter
/// (<c>/nodes/&lt;pop&gt;/&lt;group&gt;/dynamics_params/C_m</c>), which override the node type's dynamics_params file
/// for that node. Nodes of a type with the same overrides share an engine population.
/// </summary>
internal sealed partial class SonataReader
{
    /// <summary>For each node row: a key naming its overrides ("" for none) and the overrides, by parameter name.</summary>
    private static Func<int, (string Key, IReadOnlyList<(string Name, double Value)> Values)> NodeOverrides(SonataHdf5 h5, string at, int count)
    {
        var (groups, _) = h5.Children(at);
        var perGroup = new Dictionary<long, List<(string Name, double[] Values)>>();
        foreach (string g in groups)
        {
            if (!long.TryParse(g, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id) || !h5.Exists($"{at}/{g}/dynamics_params")) continue;
            var (sub, datasets) = h5.Children($"{at}/{g}/dynamics_params");
            if (sub.Count > 0) throw new InvalidInputException($"{h5.Path}: {at}/{g}/dynamics_params/{sub[0]} is a group; per-node parameters are numeric datasets.");
            perGroup[id] = [.. datasets.Order(StringComparer.Ordinal).Select(d => (d, h5.Numbers($"{at}/{g}/dynamics_params/{d}")))];
        }
        if (perGroup.Count == 0) return _ => ("", []);
        long[] groupIds = h5.Exists($"{at}/node_group_id") ? h5.Integers($"{at}/node_group_id") : new long[count];
        long[] index = h5.Exists($"{at}/node_group_index") ? h5.Integers($"{at}/node_group_index") : [.. Enumerable.Range(0, count).Select(i => (long)i)];
        return i =>
        {
            if (!perGroup.TryGetValue(groupIds[i], out var columns) || columns.Count == 0) return ("", []);
            long row = index[i];
            var values = new List<(string, double)>(columns.Count);
            foreach (var (name, column) in columns)
            {
                if (row < 0 || row >= column.Length)
                    throw new InvalidInputException($"{h5.Path}: {at}/node_group_index[{i}] is {row}, outside {at}/{groupIds[i]}/dynamics_params/{name} of {column.Length} values.");
                if (!double.IsFinite(column[row]))
                    throw new InvalidInputException($"{h5.Path}: {at}/{groupIds[i]}/dynamics_params/{name}[{row}] is {column[row]}, not a finite number.");
                values.Add((name, column[row]));
            }
            return (string.Join(';', values.Select(v => $"{v.Item1}={v.Item2.ToString("R", CultureInfo.InvariantCulture)}")), values);
        };
    }

    /// <summary>The node type's parameters with a node's overrides written over them.</summary>
    private static JsonElement Merge(JsonElement? parameters, IReadOnlyList<(string Name, double Value)> values)
    {
        var obj = parameters is { } p ? JsonNode.Parse(p.GetRawText())!.AsObject() : new JsonObject();
        foreach (var (name, value) in values) obj[name] = value;
        using var doc = JsonDocument.Parse(obj.ToJsonString());
        return doc.RootElement.Clone();
    }
}
