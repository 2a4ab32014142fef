using System.Text.Json;
using NeuroSharp.Formats;

namespace NeuroSharp.Spiking;

/// <summary>
/// Reads and writes network files: JSON with <c>"format": "neurosharp.network"</c> and an integer
/// <c>version</c> (1), camelCase fields, documented in docs/formats.md. Loading rejects unknown
/// versions, unknown fields and models, missing parameters, non-finite numbers, links to unknown
/// neurons, negative delays and every other invalid value with one sentence that names the file, the
/// JSON path and the value.
/// </summary>
public static class NetworkFile
{
    /// <summary>Loads and validates a network file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidInputException">The file is missing, not JSON, or invalid; the message starts with the path.</exception>
    public static NetworkSpec Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        // The plain sentence for the usual slips (a typo in the name, a folder given), not .NET's "Could not find a part of the path".
        if (Directory.Exists(path)) throw new InvalidInputException($"{path}: cannot read the network file: it is a folder, not a file.");
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: cannot read the network file: there is no such file.");
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot read the network file: {FileErrors.Reason(path, e)}.", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses and validates network JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">The name used in messages (a file path).</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidInputException">The text is not JSON or the network is invalid; the message starts with <paramref name="source"/> and names the JSON path.</exception>
    public static NetworkSpec Parse(string json, string source = "network")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{source}: not valid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1} ({JsonErrorText.FirstSentence(e.Message)}).", e);
        }
        using (doc)
        {
            try
            {
                var spec = NetworkFileReader.Read(doc.RootElement);
                spec.Validate();
                return spec;
            }
            catch (InvalidInputException e)
            {
                var root = doc.RootElement;
                throw new InvalidInputException($"{source}: {SpecPath.WithElement(e.Message, (section, index) => JsonLabel(root, section, index))}", e);
            }
        }
    }

    /// <summary>The label of an element of the file's JSON (for errors found while reading, before there is a spec).</summary>
    private static string? JsonLabel(JsonElement root, string section, int index)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(section, out var list) || list.ValueKind != JsonValueKind.Array
            || index >= list.GetArrayLength())
            return null;
        var e = list[index];
        if (e.ValueKind != JsonValueKind.Object) return null;
        string? Text(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        string? name = section switch
        {
            "neurons" => Text("id"),
            "populations" => Text("name"),
            "projections" => Text("name"),
            "gapJunctions" => Text("name"),
            "gradedProjections" => Text("name"),
            _ => null,
        };
        return SpecPath.Label(section, name);
    }

    /// <summary>The JSON of a network (indented, every model parameter written out).</summary>
    /// <param name="spec">The network.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return NetworkFileWriter.Write(spec);
    }

    /// <summary>Validates and saves a network atomically.</summary>
    /// <param name="path">The file.</param>
    /// <param name="spec">The network.</param>
    public static void Save(string path, NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        AtomicFile.WriteAllText(path, ToJson(spec) + "\n");
    }

}
