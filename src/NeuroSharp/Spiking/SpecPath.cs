using System.Globalization;

namespace NeuroSharp.Spiking;

/// <summary>
/// Turns spec validation errors into sentences that name a JSON path of the network file, e.g.
/// <c>$.populations[0].params.tauMs must be &gt; 0 (got -5).</c>
/// </summary>
internal static class SpecPath
{
    /// <summary>Runs a Validate() and rethrows its <see cref="InvalidOptionException"/> at <paramref name="path"/>.</summary>
    public static void Check(string path, Action validate)
    {
        try
        {
            validate();
        }
        catch (InvalidOptionException e)
        {
            throw new InvalidInputException($"{path}.{Camel(e.Property)} {e.Requirement} (got {InvalidOptionException.Format(e.Value)}).", e);
        }
    }

    /// <summary>An error at a path.</summary>
    public static InvalidInputException Fail(string path, string sentence) => new($"{path} {sentence}");

    /// <summary>camelCase of a property name (keeps an index suffix such as <c>[3]</c>).</summary>
    public static string Camel(string property) =>
        property.Length == 0 || char.IsLower(property[0]) ? property : char.ToLowerInvariant(property[0]) + property[1..];

    /// <summary>A name list for messages.</summary>
    public static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        if (all.Count == 0) return "none";
        return all.Count <= 12 ? string.Join(", ", all) : string.Join(", ", all.Take(12)) + string.Create(CultureInfo.InvariantCulture, $", ... ({all.Count} in all)");
    }
}
