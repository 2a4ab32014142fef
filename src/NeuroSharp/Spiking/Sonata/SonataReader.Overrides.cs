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
    /// <summary>What a node sets for itself over its node type: model_type and model_template (null: the type's) and parameters.</summary>
    private sealed record NodeModel(string? ModelType, string? Template, IReadOnlyList<(string Name, double Value)> Values);

    /// <summary>The per-node datasets of one node group (row = node_group_index).</summary>
    private sealed record GroupColumns(string[]? ModelTypes, string[]? Templates, List<(string Name, double[] Values)> Parameters);

    /// <summary>
    /// For each node row: a key naming its overrides ("" for none) and the overrides. A group may give model_type and model_template
    /// per node (string datasets) and dynamics_params per node (a subgroup of numeric datasets).
    /// </summary>
    private static Func<int, (string Key, NodeModel Model)> NodeOverrides(SonataHdf5 h5, string at, int count)
    {
        var (groups, _) = h5.Children(at);
        var perGroup = new Dictionary<long, GroupColumns>();
        foreach (string g in groups)
        {
            if (!long.TryParse(g, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id)) continue;
            string[]? types = h5.Exists($"{at}/{g}/model_type") ? h5.Strings($"{at}/{g}/model_type") : null;
            string[]? templates = h5.Exists($"{at}/{g}/model_template") ? h5.Strings($"{at}/{g}/model_template") : null;
            var parameters = new List<(string, double[])>();
            if (h5.Exists($"{at}/{g}/dynamics_params"))
            {
                var (sub, datasets) = h5.Children($"{at}/{g}/dynamics_params");
                if (sub.Count > 0) throw new InvalidInputException($"{h5.Path}: {at}/{g}/dynamics_params/{sub[0]} is a group; per-node parameters are numeric datasets.");
                parameters = [.. datasets.Order(StringComparer.Ordinal).Select(d => (d, h5.Numbers($"{at}/{g}/dynamics_params/{d}")))];
            }
            if (types is not null || templates is not null || parameters.Count > 0) perGroup[id] = new GroupColumns(types, templates, parameters);
        }
        var none = new NodeModel(null, null, []);
        if (perGroup.Count == 0) return _ => ("", none);
        long[] groupIds = h5.Exists($"{at}/node_group_id") ? h5.Integers($"{at}/node_group_id") : new long[count];
        long[] index = h5.Exists($"{at}/node_group_index") ? h5.Integers($"{at}/node_group_index") : [.. Enumerable.Range(0, count).Select(i => (long)i)];
        return i =>
        {
            if (!perGroup.TryGetValue(groupIds[i], out var columns)) return ("", none);
            long row = index[i];
            string? Text(string[]? column, string name)
            {
                if (column is null) return null;
                if (row < 0 || row >= column.Length)
                    throw new InvalidInputException($"{h5.Path}: {at}/node_group_index[{i}] is {row}, outside {at}/{groupIds[i]}/{name} of {column.Length} values.");
                return column[row].Length == 0 || column[row] == "NULL" ? null : column[row];
            }
            string? type = Text(columns.ModelTypes, "model_type"), template = Text(columns.Templates, "model_template");
            var values = new List<(string, double)>(columns.Parameters.Count);
            foreach (var (name, column) in columns.Parameters)
            {
                if (row < 0 || row >= column.Length)
                    throw new InvalidInputException($"{h5.Path}: {at}/node_group_index[{i}] is {row}, outside {at}/{groupIds[i]}/dynamics_params/{name} of {column.Length} values.");
                if (!double.IsFinite(column[row]))
                    throw new InvalidInputException($"{h5.Path}: {at}/{groupIds[i]}/dynamics_params/{name}[{row}] is {column[row]}, not a finite number.");
                values.Add((name, column[row]));
            }
            string key = string.Join(';', values.Select(v => $"{v.Item1}={v.Item2.ToString("R", CultureInfo.InvariantCulture)}"));
            if (type is not null || template is not null) key = $"model_type={type};model_template={template};{key}";
            return (key, new NodeModel(type, template, values));
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
