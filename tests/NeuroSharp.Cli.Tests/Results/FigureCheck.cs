using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NeuroSharp.Cli.Tests.Results;

/// <summary>
/// One figure of docs/results.md with the command that gives it, read from the HTML comment next to it:
/// <c>&lt;!-- check: cmd="experiment run stdp-window --quick" field="maxAbsErrorVsClosedForm" expect="3.4e-8" mode="quick" --&gt;</c>.
/// The format (attributes, defaults, modes) is described in docs/results.md, "Checking the figures".
/// </summary>
/// <param name="Line">The comment's line in the page (1-based), to name it.</param>
/// <param name="Command">The neurosharp arguments; the checker adds --json and --out.</param>
/// <param name="Field">The metrics.json field, dots going into nested objects and arrays (fa.endAngleLayer2, table.1.lowDiscrepancyValue).</param>
/// <param name="Expect">The figure as the page prints it.</param>
/// <param name="Scale">What the field is multiplied by before the comparison (100: a fraction printed as a percentage).</param>
/// <param name="Tolerance">The largest difference allowed, or null: the field must round to the figure as printed.</param>
/// <param name="Mode">quick (checked by the tests, as CI runs them) or long (tools/check-results --long only).</param>
/// <param name="NeedsMnist">The command reads the real MNIST (fetched and cached by `neurosharp data fetch mnist`).</param>
internal sealed record FigureCheck(int Line, string Command, string Field, string Expect, double Scale, double? Tolerance, string Mode, bool NeedsMnist)
{
    private static readonly Regex Comment = new(@"<!--\s*check:(?<body>.*?)-->", RegexOptions.Singleline | RegexOptions.CultureInvariant);
    private static readonly Regex Fence = new(@"^```.*?^```", RegexOptions.Singleline | RegexOptions.Multiline | RegexOptions.CultureInvariant);
    private static readonly Regex Attribute = new(@"\G\s*(?<key>[a-z]+)=""(?<value>[^""]*)""", RegexOptions.CultureInvariant);
    private static readonly string[] Known = ["cmd", "field", "expect", "scale", "tol", "mode", "needs"];

    /// <summary>The expected value as a number.</summary>
    public double ExpectedValue => double.Parse(Expect, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The largest difference allowed: the tolerance, or half a unit in the figure's last printed digit.</summary>
    public double Allowed => Tolerance ?? HalfLastDigit(Expect);

    /// <summary>The command as an argument list.</summary>
    public string[] Arguments => Command.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A short name for test output: where it is and what it checks.</summary>
    public override string ToString() => $"results.md:{Line} {Field}={Expect} <- {Command}";

    /// <summary>Every check comment of a page, in order.</summary>
    /// <param name="text">The page's text.</param>
    /// <param name="name">The page's name, for messages.</param>
    /// <returns>The checks.</returns>
    /// <exception cref="FormatException">A comment is malformed; the message names its line and what is wrong.</exception>
    public static IReadOnlyList<FigureCheck> Parse(string text, string name = "docs/results.md")
    {
        var checks = new List<FigureCheck>();
        // Comments shown in fenced code blocks are examples, not checks: blank the blocks, keeping the lines.
        text = Fence.Replace(text, f => new string('\n', f.Value.AsSpan().Count('\n')));
        foreach (Match m in Comment.Matches(text))
        {
            int line = 1 + text.AsSpan(0, m.Index).Count('\n');
            string where = $"{name}:{line}";
            string body = m.Groups["body"].Value;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            int at = 0;
            for (var a = Attribute.Match(body); a.Success; a = Attribute.Match(body, at))
            {
                string key = a.Groups["key"].Value;
                if (!Known.Contains(key)) throw new FormatException($"{where}: unknown attribute {key}; expected {string.Join(", ", Known)}.");
                if (!values.TryAdd(key, a.Groups["value"].Value)) throw new FormatException($"{where}: attribute {key} is given twice.");
                at = a.Index + a.Length;
            }
            if (body[at..].Trim().Length > 0) throw new FormatException($"{where}: cannot read '{body[at..].Trim()}'; attributes are key=\"value\".");
            checks.Add(FromValues(values, line, where));
        }
        return checks;
    }

    private static FigureCheck FromValues(Dictionary<string, string> values, int line, string where)
    {
        string Required(string key) => values.TryGetValue(key, out string? v) && v.Trim().Length > 0 ? v.Trim() : throw new FormatException($"{where}: attribute {key} is missing.");
        double Number(string key, string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new FormatException($"{where}: {key}=\"{text}\" is not a number.");

        string command = Required("cmd");
        foreach (string reserved in new[] { "--json", "--out", "--quiet" })
        {
            if (command.Split(' ').Contains(reserved)) throw new FormatException($"{where}: cmd gives {reserved}; the checker adds --json and --out itself.");
        }
        string expect = Required("expect");
        Number("expect", expect);
        double scale = values.TryGetValue("scale", out string? s) ? Number("scale", s) : 1;
        double? tolerance = values.TryGetValue("tol", out string? t) ? Number("tol", t) : null;
        if (tolerance < 0) throw new FormatException($"{where}: tol=\"{t}\" must be at least 0.");
        string mode = Required("mode");
        if (mode is not ("quick" or "long")) throw new FormatException($"{where}: mode=\"{mode}\"; expected quick or long.");
        string needs = values.GetValueOrDefault("needs", "");
        if (needs is not ("" or "mnist")) throw new FormatException($"{where}: needs=\"{needs}\"; expected mnist or nothing.");
        return new FigureCheck(line, command, Required("field"), expect, scale, tolerance, mode, needs == "mnist");
    }

    /// <summary>Half a unit in the last digit printed: "81.5" -> 0.05, "3.4e-8" -> 0.05e-8, "8033" -> 0.5.</summary>
    /// <param name="printed">The figure as printed.</param>
    /// <returns>Half a unit in its last digit.</returns>
    public static double HalfLastDigit(string printed)
    {
        string mantissa = printed, exponent = "0";
        int e = printed.IndexOfAny(['e', 'E']);
        if (e >= 0) (mantissa, exponent) = (printed[..e], printed[(e + 1)..]);
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        int decimals = dot < 0 ? 0 : mantissa.Length - dot - 1;
        return 0.5 * Math.Pow(10, int.Parse(exponent, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) - decimals);
    }

    /// <summary>The field's value in a metrics object, scaled.</summary>
    /// <param name="metrics">The metrics the command printed with --json.</param>
    /// <returns>The value, times <see cref="Scale"/>.</returns>
    /// <exception cref="InvalidOperationException">The field is absent or not a number; the message lists the fields there are.</exception>
    public double Measured(JsonObject metrics)
    {
        JsonNode? node = metrics;
        foreach (string part in Field.Split('.'))
        {
            node = node switch
            {
                JsonObject o => o.TryGetPropertyValue(part, out var child) ? child : null,
                JsonArray a => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < a.Count ? a[i] : null,
                _ => null,
            } ?? throw new InvalidOperationException($"{this}: the metrics have no field {Field} (at {part}: {Keys(node)}).");
        }
        if (node is not JsonValue v || !v.TryGetValue(out double value)) throw new InvalidOperationException($"{this}: field {Field} is {node.ToJsonString()}, not a number.");
        return value * Scale;
    }

    private static string Keys(JsonNode? node) => node switch
    {
        JsonObject o => "fields " + string.Join(", ", o.Select(p => p.Key)),
        JsonArray a => $"an array of {a.Count}",
        _ => "a value",
    };

    /// <summary>Null when the measured value gives the figure, else a sentence saying how they differ.</summary>
    /// <param name="measured">The scaled value the command gave.</param>
    /// <returns>The difference, or null.</returns>
    public string? Mismatch(double measured)
    {
        double difference = Math.Abs(measured - ExpectedValue);
        // A rounding check allows the half-unit itself (9.05 prints as 9.0 or 9.1) and float noise in the scaling.
        double allowed = Allowed * (1 + 1e-9) + 1e-12 * Math.Abs(ExpectedValue);
        return difference <= allowed ? null
            : $"{this}: the page says {Expect}, the command gives {measured.ToString("R", CultureInfo.InvariantCulture)} (difference {difference:G3}, allowed {Allowed:G3}).";
    }
}
