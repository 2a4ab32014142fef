using System.Text.Json.Nodes;
using NeuroSharp.Spiking;

namespace NeuroSharp.Studio.Api;

/// <summary>The example networks shipped in this assembly (the repository's examples/networks/*.json).</summary>
internal static class ExampleNetworks
{
    private const string Prefix = "examples/";
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Texts = new(Load);

    /// <summary>The examples' names (file names without .json), sorted.</summary>
    public static IReadOnlyList<string> Names => [.. Texts.Value.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The JSON text of an example, or null.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The text or null.</returns>
    public static string? Text(string name) => Texts.Value.GetValueOrDefault(name);

    /// <summary>The list for <c>GET /api/examples</c>: name, title, description, counts.</summary>
    /// <returns>The JSON array.</returns>
    public static JsonArray List()
    {
        var list = new JsonArray();
        foreach (string name in Names)
        {
            var spec = NetworkFile.Parse(Texts.Value[name], name + ".json");
            list.Add(new JsonObject
            {
                ["name"] = name,
                ["title"] = spec.Name ?? name,
                ["description"] = spec.Description,
                ["neurons"] = spec.Neurons.Count,
                ["populations"] = spec.Populations.Count,
                ["populationNeurons"] = spec.Populations.Sum(p => p.Count),
            });
        }
        return list;
    }

    private static Dictionary<string, string> Load()
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var assembly = typeof(ExampleNetworks).Assembly;
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal) || !resource.EndsWith(".json", StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            texts[resource[Prefix.Length..^".json".Length]] = reader.ReadToEnd();
        }
        return texts;
    }
}
