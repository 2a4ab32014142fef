using System.Text.RegularExpressions;

namespace NeuroSharp.Formats;

/// <summary>
/// The part of a System.Text.Json error message worth showing a user inside our own sentence: its first
/// sentence, without the " Path: ..." tail (our messages name the path themselves) and the final period,
/// and in the file's words rather than .NET's: "could not be converted to System.Int32" becomes
/// "expected a whole number", a type name such as NeuroSharp.Learning.MlpSpec never shows.
/// </summary>
public static partial class JsonErrorText
{
    /// <summary>The first sentence of <paramref name="message"/>, without a " Path:" tail and trailing periods, with .NET type names in JSON words.</summary>
    /// <param name="message">A JsonException's message.</param>
    /// <returns>The sentence.</returns>
    public static string FirstSentence(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        string s = dot < 0 ? message : message[..dot];
        int path = s.IndexOf(" Path:", StringComparison.Ordinal);
        s = (path < 0 ? s : s[..path]).TrimEnd('.', ' ');
        return InJsonWords(s);
    }

    private static string InJsonWords(string s)
    {
        var converted = CouldNotConvert().Match(s);
        if (converted.Success) return $"expected {Shape(converted.Groups[1].Value)}";
        var nullParameter = NullParameter().Match(s);
        if (nullParameter.Success) return $"'{Camel(nullParameter.Groups[1].Value)}' must not be null";
        // Any other message that names a type: keep the words around it, name no type.
        return TypeName().Replace(s, "a value of another kind");
    }

    /// <summary>What a .NET type is called in JSON.</summary>
    private static string Shape(string type)
    {
        string t = NullableOf().Match(type) is { Success: true } m ? m.Groups[1].Value : type;
        if (t.EndsWith("[]", StringComparison.Ordinal) || t.Contains("List`1", StringComparison.Ordinal) || t.Contains("Dictionary`2", StringComparison.Ordinal))
            return t.Contains("Dictionary", StringComparison.Ordinal) ? "an object of named values" : "a list";
        return t switch
        {
            "System.String" => "text",
            "System.Int32" or "System.Int64" or "System.UInt64" or "System.UInt32" or "System.Int16" or "System.Byte" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            _ => "a value of the right kind (a known name, or an object with the expected fields)",
        };
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    [GeneratedRegex(@"^The JSON value could not be converted to (\S+)")]
    private static partial Regex CouldNotConvert();

    [GeneratedRegex(@"constructor parameter '([^']*)' on type '[^']*' doesn't allow null values")]
    private static partial Regex NullParameter();

    [GeneratedRegex(@"^System\.Nullable`1\[(.+)\]$")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"'?(System|NeuroSharp)\.[A-Za-z0-9_.`\[\],]+'?")]
    private static partial Regex TypeName();
}
