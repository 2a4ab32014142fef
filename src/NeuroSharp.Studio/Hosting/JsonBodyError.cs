using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using NeuroSharp.Formats;

namespace NeuroSharp.Studio.Hosting;

/// <summary>
/// Turns System.Text.Json's errors on a request body (which name .NET types: "could not be converted to
/// System.Nullable`1[System.Int32]", "... contained in type 'NeuroSharp.Studio.Live.SimulationCommand'")
/// into one sentence in the API's words: the JSON path, what it must be, and what was sent.
/// </summary>
internal static partial class JsonBodyError
{
    /// <summary>A request body parsed as <typeparamref name="T"/>, its errors in the API's words (the sentence of Describe).</summary>
    /// <typeparam name="T">The request's type.</typeparam>
    /// <param name="text">The body as sent.</param>
    /// <param name="type">The type's JSON contract.</param>
    /// <param name="what">The body's name for the sentence, e.g. "The evolution request".</param>
    /// <param name="example">A valid body.</param>
    /// <param name="fields">Each field's JSON name and what it must be.</param>
    /// <returns>The request (not yet validated).</returns>
    /// <exception cref="InvalidInputException">The text is not such a request, or is null.</exception>
    public static T Parse<T>(string text, JsonTypeInfo<T> type, string what, string example, IReadOnlyList<(string Name, string Shape)> fields)
    {
        T? body;
        try
        {
            body = JsonSerializer.Deserialize(text, type);
        }
        catch (JsonException e)
        {
            throw Describe(e, text, what, example, fields);
        }
        return body ?? throw new InvalidInputException($"{what} is null.");
    }

    /// <summary>The sentence for an error.</summary>
    /// <param name="e">The error.</param>
    /// <param name="text">The body as sent.</param>
    /// <param name="what">The body's name for the sentence, e.g. "The command".</param>
    /// <param name="example">A valid body, e.g. <c>{"type": "start"}</c>.</param>
    /// <param name="fields">Each field's JSON name and what it must be, e.g. ("count", "a whole number").</param>
    /// <returns>The exception to throw.</returns>
    public static InvalidInputException Describe(JsonException e, string text, string what, string example, IReadOnlyList<(string Name, string Shape)> fields)
    {
        string known = string.Join(", ", fields.Select(f => f.Name));
        var unmapped = UnmappedProperty().Match(e.Message);
        if (unmapped.Success)
            return new InvalidInputException($"{what} has an unknown field \"{Shorten(unmapped.Groups[1].Value)}\" (known: {known}).", e);
        string path = e.Path ?? "$";
        if (e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            string got = TryValueAt(text, path, out var node) ? $" (got {Describe(node)})" : "";
            if (path == "$")
                return new InvalidInputException($"{what} must be a JSON object such as {example}{got}.", e);
            string name = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
            string shape = fields.FirstOrDefault(f => f.Name == name).Shape ?? "another kind of value";
            return new InvalidInputException($"{what}'s {path} must be {shape}{got}.", e);
        }
        string reason = JsonErrorText.FirstSentence(e.Message);
        if (reason.Contains("System.", StringComparison.Ordinal) || reason.Contains("NeuroSharp.", StringComparison.Ordinal))
            reason = $"at {path}";
        return new InvalidInputException($"{what} is not valid JSON ({reason}); send an object such as {example}.", e);
    }

    /// <summary>The value at a simple path ($ or $.name); false when it cannot be found.</summary>
    private static bool TryValueAt(string text, string path, out JsonNode? value)
    {
        value = null;
        try
        {
            var node = JsonNode.Parse(text);
            if (path == "$")
            {
                value = node;
                return true;
            }
            return path.StartsWith("$.", StringComparison.Ordinal) && node is JsonObject o && o.TryGetPropertyValue(path[2..], out value);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "an array",
        JsonObject => "an object",
        _ => Shorten(node.ToJsonString()),
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();
}
