using System.Globalization;
using NeuroSharp.Spiking.Equations;

namespace NeuroSharp.Spiking;

/// <summary>One case of a <see cref="DerivedExpression"/>: <see cref="Value"/> where <see cref="Condition"/> holds (null: the default case).</summary>
/// <param name="Condition">A LEMS condition such as <c>x .ne. 0</c>, or null.</param>
/// <param name="Value">A LEMS expression.</param>
public sealed record ExpressionCase(string? Condition, string Value);

/// <summary>
/// A derived variable of a LEMS Dynamics: a DerivedVariable (one case without a condition) or a ConditionalDerivedVariable (cases
/// taken in order, the first whose condition holds; the case without a condition, else the last case, where none holds).
/// </summary>
/// <param name="Name">The variable's name, which later variables may read.</param>
/// <param name="Cases">Its cases, at least one.</param>
public sealed record DerivedExpression(string Name, IReadOnlyList<ExpressionCase> Cases)
{
    /// <summary>A plain derived variable.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="value">Its LEMS expression.</param>
    /// <returns>The variable.</returns>
    public static DerivedExpression Of(string name, string value) => new(name, [new ExpressionCase(null, value)]);

    /// <summary>Value equality, the cases by their elements.</summary>
    /// <param name="other">The other variable.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(DerivedExpression? other) => other is not null && Name == other.Name && Cases.SequenceEqual(other.Cases);

    /// <summary>A hash of the name and the case count.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => HashCode.Combine(Name, Cases.Count);
}

/// <summary>
/// A gate's rate, time course or steady state given as a LEMS ComponentType's Dynamics (docs/spiking-hh.md, "Expression functions"):
/// derived variables evaluated in order in SI units, as jLEMS evaluates them. The inputs are <c>v</c> (the membrane potential in V)
/// and <c>caConc</c> (the calcium concentration in mol/m^3, which is mM); <see cref="Constants"/> holds the parameters and constants
/// in SI (a rate in 1/s, a time in s, a voltage in V, a temperature in K). The value is the variable <see cref="Result"/>, in SI
/// (1/s, s or 1); the <see cref="VoltageFunction"/> that holds it converts it to the engine's unit.
/// </summary>
/// <param name="Constants">The parameters and constants by name, in SI.</param>
/// <param name="Variables">The derived variables in the order they are computed; each reads inputs, constants and earlier variables.</param>
/// <param name="Result">The variable that is the function's value.</param>
public sealed record FunctionExpression(IReadOnlyDictionary<string, double> Constants, IReadOnlyList<DerivedExpression> Variables, string Result)
{
    /// <summary>The names the engine supplies: v in V, caConc in mol/m^3.</summary>
    public static IReadOnlyList<string> Inputs { get; } = ["v", "caConc"];

    /// <summary>The tree and what it was built from (a copy made by <c>with</c> rebuilds it).</summary>
    private (Expr Tree, object Constants, object Variables, string Result)? _tree;

    /// <summary>True when the function reads caConc.</summary>
    public bool ReadsConcentration
    {
        get
        {
            var names = new List<NameExpr>();
            ExpressionParser.Names(Tree(), names);
            return names.Exists(n => n.Name == "caConc");
        }
    }

    /// <summary>The value in SI at a potential and a concentration, in double precision.</summary>
    /// <param name="volts">v in V.</param>
    /// <param name="caConc">caConc in mol/m^3 (mM).</param>
    /// <returns>The value in SI.</returns>
    public double Evaluate(double volts, double caConc) =>
        ExpressionParser.Evaluate(Tree(), name => name switch
        {
            "v" => volts,
            "caConc" => caConc,
            _ => Constants.TryGetValue(name, out double c) ? c : null,
        }) ?? double.NaN;

    /// <summary>The whole function as one tree over v, caConc and the constants: each variable's tree put where later ones read it, cases as choices.</summary>
    /// <returns>The tree.</returns>
    /// <exception cref="InvalidOptionException">The function does not check (see <see cref="Validate(string, string)"/>).</exception>
    internal Expr Tree()
    {
        if (_tree is { } t && ReferenceEquals(t.Constants, Constants) && ReferenceEquals(t.Variables, Variables) && t.Result == Result) return t.Tree;
        Validate(nameof(FunctionExpression), "Expression");
        return _tree!.Value.Tree;
    }

    /// <summary>Checks the function: every text parses as LEMS, names only inputs, constants and earlier variables, and the result is a variable.</summary>
    /// <param name="owner">The owner named in a message.</param>
    /// <param name="property">The property path named in a message, e.g. Channels[1].Gates[0].Alpha.Expression.</param>
    /// <exception cref="InvalidOptionException">Something is missing, does not parse or names something undefined.</exception>
    public void Validate(string owner, string property) => Validate(owner, property, json: false);

    /// <summary>The checks of <see cref="Validate(string, string)"/>, naming fields as the network file does (camelCase) when <paramref name="json"/>.</summary>
    internal void Validate(string owner, string property, bool json)
    {
        string N(string name) => json ? SpecPath.Camel(name) : name;
        if (Constants is null) throw new InvalidOptionException(owner, $"{property}.{N("Constants")}", "is required (empty when there are none)", null);
        if (Variables is null || Variables.Count == 0) throw new InvalidOptionException(owner, $"{property}.{N("Variables")}", "lists no variables; give at least the result", Variables?.Count ?? 0);
        foreach (var (name, value) in Constants)
        {
            if (!double.IsFinite(value)) throw new InvalidOptionException(owner, $"{property}.{N("Constants")}.{name}", "must be a finite number", value);
            if (Inputs.Contains(name)) throw new InvalidOptionException(owner, $"{property}.{N("Constants")}.{name}", "is an input the engine supplies (v, caConc), not a constant", value);
        }
        var trees = new Dictionary<string, Expr>(StringComparer.Ordinal);
        for (int k = 0; k < Variables.Count; k++)
        {
            var d = Variables[k];
            string at = $"{property}.{N("Variables")}[{k}]";
            if (d is null || string.IsNullOrEmpty(d.Name)) throw new InvalidOptionException(owner, $"{at}.{N("Name")}", "is required", null);
            if (trees.ContainsKey(d.Name) || Constants.ContainsKey(d.Name) || Inputs.Contains(d.Name))
                throw new InvalidOptionException(owner, $"{at}.{N("Name")}", "repeats a name that an input, a constant or an earlier variable has", d.Name);
            if (d.Cases is null || d.Cases.Count == 0) throw new InvalidOptionException(owner, $"{at}.{N("Cases")}", "lists no cases", 0);
            Expr? fallback = null;
            var conditional = new List<(Expr Condition, Expr Value)>();
            for (int c = 0; c < d.Cases.Count; c++)
            {
                var @case = d.Cases[c] ?? throw new InvalidOptionException(owner, $"{at}.{N("Cases")}[{c}]", "is required", null);
                string caseAt = $"{at}.{N("Cases")}[{c}]";
                var value = Parse(owner, $"{caseAt}.{N("Value")}", @case.Value, trees);
                if (@case.Condition is null)
                {
                    if (fallback is not null) throw new InvalidOptionException(owner, $"{caseAt}.{N("Condition")}", $"is missing in a second case of '{d.Name}'; only one case goes without a condition", null);
                    fallback = value;
                }
                else
                {
                    conditional.Add((Parse(owner, $"{caseAt}.{N("Condition")}", @case.Condition, trees), value));
                }
            }
            // Without a default case the last case is taken where no condition holds (LEMS's cases are meant to cover every v).
            Expr tree = fallback ?? conditional[^1].Value;
            int last = fallback is null ? conditional.Count - 2 : conditional.Count - 1;
            for (int c = last; c >= 0; c--) tree = new ConditionalExpr(conditional[c].Condition, conditional[c].Value, tree, 1);
            trees[d.Name] = tree;
        }
        if (string.IsNullOrEmpty(Result) || !trees.TryGetValue(Result, out var result))
            throw new InvalidOptionException(owner, $"{property}.{N("Result")}", $"must name one of the variables ({string.Join(", ", Variables.Select(v => v.Name))})", Result);
        _tree = (result, Constants, Variables, Result);
    }

    /// <summary>Parses one LEMS text and puts earlier variables' trees where it reads them.</summary>
    private Expr Parse(string owner, string path, string? text, Dictionary<string, Expr> earlier)
    {
        if (text is null) throw new InvalidOptionException(owner, path, "is required", null);
        Expr e;
        try
        {
            e = ExpressionParser.ParseLems(text);
        }
        catch (ExpressionSyntaxException x)
        {
            throw new InvalidOptionException(owner, path, $"is not a LEMS expression: {x.Message}", $"'{text}'");
        }
        return Substitute(e, earlier, problem => new InvalidOptionException(owner, path, problem, $"'{text}'"));
    }

    private static string Known(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";

    /// <summary>The tree with each earlier variable's name replaced by its tree; an unknown name or function is refused through <paramref name="fail"/>.</summary>
    private Expr Substitute(Expr e, Dictionary<string, Expr> earlier, Func<string, Exception> fail)
    {
        switch (e)
        {
            case NameExpr n:
                if (earlier.TryGetValue(n.Name, out var tree)) return tree;
                if (!Constants.ContainsKey(n.Name) && !Inputs.Contains(n.Name))
                    throw fail($"reads '{n.Name}' at column {n.Column}, which is not an input (v, caConc), a constant ({Known(Constants.Keys)}) or an earlier variable ({Known(earlier.Keys)})");
                return n;
            case UnaryExpr u:
                return u with { Operand = Substitute(u.Operand, earlier, fail) };
            case BinaryExpr b:
                return b with { Left = Substitute(b.Left, earlier, fail), Right = Substitute(b.Right, earlier, fail) };
            case CallExpr c:
                if (!ExpressionParser.LemsFunctions.TryGetValue(c.Function, out int arity))
                    throw fail($"calls '{c.Function}' at column {c.Column}, which is not a function NeuroSharp evaluates ({string.Join(", ", ExpressionParser.LemsFunctions.Keys)})");
                if (c.Arguments.Length != arity)
                    throw fail(string.Create(CultureInfo.InvariantCulture, $"calls '{c.Function}' at column {c.Column} with {c.Arguments.Length} argument(s); it takes {arity}"));
                return c with { Arguments = [.. c.Arguments.Select(a => Substitute(a, earlier, fail))] };
            case ConditionalExpr q:
                return q with { Condition = Substitute(q.Condition, earlier, fail), Then = Substitute(q.Then, earlier, fail), Else = Substitute(q.Else, earlier, fail) };
            default:
                return e;
        }
    }

    /// <summary>Value equality: the constants as a set, the variables by their elements, the result.</summary>
    /// <param name="other">The other function.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(FunctionExpression? other) =>
        other is not null && Result == other.Result && Variables.SequenceEqual(other.Variables) && Constants.Count == other.Constants.Count
        && Constants.All(kv => other.Constants.TryGetValue(kv.Key, out double v) && v.Equals(kv.Value));

    /// <summary>A hash of the result and the counts.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => HashCode.Combine(Result, Variables.Count, Constants.Count);
}
