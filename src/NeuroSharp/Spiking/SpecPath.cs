using System.Globalization;
using System.Text.RegularExpressions;

namespace NeuroSharp.Spiking;

/// <summary>
/// Turns spec validation errors into sentences that name a JSON path of the network file, e.g.
/// <c>$.populations[0].params.tauMs must be &gt; 0 (got -5).</c>
/// </summary>
internal static partial class SpecPath
{
    /// <summary>
    /// Names the element an error is about in front of its JSON path, wherever the element has an id:
    /// <c>$.neurons[3].params.thresholdMv must be ...</c> becomes
    /// <c>neuron "n3" ($.neurons[3].params.thresholdMv) must be ...</c>. The path stays whole, so a
    /// reader of the file finds the field either way. Messages that do not start with an element path
    /// are returned as they are.
    /// </summary>
    /// <param name="message">The message, starting with a JSON path.</param>
    /// <param name="label">The label of element [index] of a section ("neurons", "populations", ...), or null when it has none.</param>
    public static string WithElement(string message, Func<string, int, string?> label)
    {
        var m = ElementPath().Match(message);
        if (!m.Success || !int.TryParse(m.Groups[3].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int index)) return message;
        string? name;
        try
        {
            name = label(m.Groups[2].Value, index);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            name = null;
        }
        if (name is null) return message;
        return $"{name} ({m.Groups[1].Value}){message[m.Length..]}";
    }

    /// <summary>
    /// How an element with an id is named in messages: <c>neuron "n3"</c>, <c>population "exc"</c>,
    /// <c>projection "ee"</c> (a projection only when the file names it); null for the elements without
    /// an id (links, inputs, monitors) and when the name is missing or unprintable.
    /// </summary>
    /// <param name="section">The array of the file ("neurons", "populations", "projections", ...).</param>
    /// <param name="name">The element's id or name.</param>
    public static string? Label(string section, string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 80 || name.Any(c => char.IsControl(c) || c == '"')) return null;
        return section switch
        {
            "neurons" => $"neuron \"{name}\"",
            "populations" => $"population \"{name}\"",
            "projections" => $"projection \"{name}\"",
            "gapJunctions" => $"gap junction \"{name}\"",
            "gradedProjections" => $"graded projection \"{name}\"",
            _ => null,
        };
    }

    /// <summary>The label of an element of a network, as <see cref="WithElement"/> wants it.</summary>
    /// <param name="spec">The network.</param>
    /// <param name="section">The array of the file.</param>
    /// <param name="index">The element's index.</param>
    public static string? Label(NetworkSpec spec, string section, int index) => section switch
    {
        "neurons" when index < spec.Neurons.Count => Label(section, spec.Neurons[index]?.Id),
        "populations" when index < spec.Populations.Count => Label(section, spec.Populations[index]?.Name),
        "projections" when index < spec.Projections.Count => Label(section, spec.Projections[index]?.Name),
        "gapJunctions" when index < spec.GapJunctions.Count => Label(section, spec.GapJunctions[index]?.Name),
        "gradedProjections" when index < spec.GradedProjections.Count => Label(section, spec.GradedProjections[index]?.Name),
        _ => null,
    };

    /// <summary>A field of an element, named as in messages: <c>population "exc" ($.populations[0].count)</c>.</summary>
    /// <param name="spec">The network.</param>
    /// <param name="section">The array of the file.</param>
    /// <param name="index">The element's index.</param>
    /// <param name="field">The field's path inside the element, e.g. ".count" (or "").</param>
    public static string Field(NetworkSpec spec, string section, int index, string field)
    {
        string path = string.Create(CultureInfo.InvariantCulture, $"$.{section}[{index}]{field}");
        return Label(spec, section, index) is { } label ? $"{label} ({path})" : path;
    }

    /// <summary>A number for messages, written plainly: 0.1, 250, 1e300 (never "1E+300").</summary>
    /// <param name="value">The number.</param>
    public static string Number(double value)
    {
        string r = value.ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOf('E');
        if (e < 0) return r;
        string exponent = r[(e + 1)..].TrimStart('+');
        bool negative = exponent.StartsWith('-');
        exponent = exponent.TrimStart('-').TrimStart('0');
        return $"{r[..e]}e{(negative ? "-" : "")}{(exponent.Length == 0 ? "0" : exponent)}";
    }

    [GeneratedRegex(@"^(\$\.(neurons|populations|projections)\[(\d+)\][^ ]*)")]
    private static partial Regex ElementPath();

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
        catch (Equations.SpecFieldException e)
        {
            throw new InvalidInputException($"{path}.{e.Field} {e.Sentence}", e);
        }
    }

    /// <summary>An error at a path.</summary>
    public static InvalidInputException Fail(string path, string sentence) => new($"{path} {sentence}");

    /// <summary>camelCase of a property name or of each segment of a dotted path (keeps an index suffix such as <c>[3]</c>).</summary>
    public static string Camel(string property) =>
        property.Contains('.') ? string.Join('.', property.Split('.').Select(CamelSegment)) : CamelSegment(property);

    private static string CamelSegment(string property) =>
        property.Length == 0 || char.IsLower(property[0]) ? property : char.ToLowerInvariant(property[0]) + property[1..];

    /// <summary>A name list for messages.</summary>
    public static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        if (all.Count == 0) return "none";
        return all.Count <= 12 ? string.Join(", ", all) : string.Join(", ", all.Take(12)) + string.Create(CultureInfo.InvariantCulture, $", ... ({all.Count} in all)");
    }
}
