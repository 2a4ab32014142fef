using System.Globalization;
using System.Text.RegularExpressions;

namespace NeuroSharp.Spiking.Equations;

/// <summary>An error in a field of a spec, with the field's path inside the spec (e.g. "equations[1]") and one sentence.</summary>
internal sealed class SpecFieldException(string field, string sentence) : InvalidInputException($"{field} {sentence}")
{
    /// <summary>The field's path inside the spec, e.g. "equations[1]".</summary>
    public string Field { get; } = field;

    /// <summary>What is wrong with it, one sentence.</summary>
    public string Sentence { get; } = sentence;
}

/// <summary>The integration methods of an equations model.</summary>
internal enum IntegrationMethod
{
    /// <summary>Forward Euler, every derivative from the values at the start of the step (Brian2's 'euler').</summary>
    Euler,

    /// <summary>The classical fourth-order Runge-Kutta method (Brian2's 'rk4').</summary>
    Rk4,
}

/// <summary>A reset statement: <c>v = expr</c>, or <c>v += expr</c> (and -=, *=, /=).</summary>
/// <param name="State">The state variable's index.</param>
/// <param name="Op">Add, Subtract, Multiply or Divide for an augmented assignment; null for '='.</param>
/// <param name="Value">The right-hand side.</param>
internal sealed record ResetStatement(int State, ExprOp? Op, Expr Value);

/// <summary>
/// An equations model (<see cref="EquationsNeuronSpec"/>) parsed and checked: its names resolved, its derived variables
/// in the order they depend on one another, its constants known. The engine compiles it to vector programs
/// (docs/spiking-equations.md).
/// </summary>
internal sealed partial class EquationSystem
{
    /// <summary>The names an expression may read besides the model's own: time, the step and the current input.</summary>
    public static IReadOnlyList<string> Builtins { get; } = ["t", "dt", "I"];

    private static readonly string[] Reserved = ["t", "dt", "I", "and", "or", "not", "unless", "refractory", "lastspike", "i", "N"];

    private EquationSystem()
    {
    }

    /// <summary>The parameters (constants) by name.</summary>
    public Dictionary<string, double> Parameters { get; } = new(StringComparer.Ordinal);

    /// <summary>The state variables, in the order of "variables".</summary>
    public string[] States { get; private set; } = [];

    /// <summary>The initial value of each state variable.</summary>
    public double[] Initial { get; private set; } = [];

    /// <summary>Each state variable's derivative, or null where it has none (it changes only by inputs and resets).</summary>
    public Expr?[] Derivatives { get; private set; } = [];

    /// <summary>
    /// Whether each state variable is held while its neuron is refractory (Brian2's "(unless refractory)" flag on its
    /// equation): its derivative is multiplied by 0 during the refractory period, as Brian2's int(not_refractory).
    /// </summary>
    public bool[] HeldWhileRefractory { get; private set; } = [];

    /// <summary>The derived variables, each after the ones it reads.</summary>
    public (string Name, Expr Value)[] Derived { get; private set; } = [];

    /// <summary>The threshold condition, or null (never spikes).</summary>
    public Expr? Threshold { get; private set; }

    /// <summary>The reset statements, in order.</summary>
    public ResetStatement[] Reset { get; private set; } = [];

    /// <summary>The integration method.</summary>
    public IntegrationMethod Method { get; private set; }

    /// <summary>The state variable the excitatory input adds to, or -1.</summary>
    public int ExcitatoryState { get; private set; } = -1;

    /// <summary>The state variable the inhibitory input adds to, or -1.</summary>
    public int InhibitoryState { get; private set; } = -1;

    /// <summary>The names a state monitor can record: the state variables, then the derived ones in their listed order.</summary>
    public static IReadOnlyList<string> Recordable(EquationsNeuronSpec spec)
    {
        var names = spec.Variables.Select(v => v.Key).ToList();
        foreach (string eq in spec.Equations)
        {
            if (eq is not null && DerivedLine().Match(eq) is { Success: true } m && !names.Contains(m.Groups[1].Value)) names.Add(m.Groups[1].Value);
        }
        return names;
    }

    /// <summary>Parses and checks a spec.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>The checked system.</returns>
    /// <exception cref="SpecFieldException">Something is wrong; the message names the field (e.g. "equations[1]") and says what.</exception>
    public static EquationSystem Build(EquationsNeuronSpec spec)
    {
        var s = new EquationSystem();
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in spec.Parameters)
        {
            CheckName("parameters", name, kinds);
            if (!double.IsFinite(value)) throw new SpecFieldException($"parameters.{name}", $"must be a finite number (got {SpecPath.Number(value)}).");
            kinds[name] = "parameter";
            s.Parameters[name] = value;
        }
        if (spec.Variables.Count == 0) throw new SpecFieldException("variables", "is empty; list each state variable with its initial value, e.g. {\"v\": -65}.");
        foreach (var (name, value) in spec.Variables)
        {
            CheckName("variables", name, kinds);
            if (!double.IsFinite(value)) throw new SpecFieldException($"variables.{name}", $"must be a finite number (got {SpecPath.Number(value)}).");
            kinds[name] = "state variable";
        }
        s.States = [.. spec.Variables.Select(v => v.Key)];
        s.Initial = [.. spec.Variables.Select(v => v.Value)];
        s.Derivatives = new Expr?[s.States.Length];
        s.HeldWhileRefractory = new bool[s.States.Length];

        // Equations: first every left-hand side (so that an expression may read a derived variable defined below it).
        var derived = new List<(string Name, Expr Value, int Line)>();
        var lines = new List<(int Line, string Text, bool IsDerivative, string Name, int Start, int End)>();
        for (int k = 0; k < spec.Equations.Count; k++)
        {
            string field = $"equations[{k}]";
            string text = spec.Equations[k] ?? throw new SpecFieldException(field, "is null.");
            // Brian2's flag "(unless refractory)" at the end: the expression ends before it.
            var flag = UnlessRefractory().Match(text);
            int end = flag.Success ? flag.Index : text.Length;
            string body = text[..end];
            if (body.Contains(':', StringComparison.Ordinal))
                throw new SpecFieldException(field, $"is '{text}': units and flags after ':' are not written here; numbers are in the model's own units (docs/spiking-equations.md, \"Units\").");
            if (DerivativeLine().Match(body) is { Success: true } d)
            {
                string name = d.Groups[1].Value;
                int state = Array.IndexOf(s.States, name);
                if (state < 0)
                {
                    string what = kinds.TryGetValue(name, out var kind) ? $"a {kind}" : "not a state variable";
                    throw new SpecFieldException(field, $"is '{text}': {name} is {what}; list it under \"variables\" with its initial value to give it a derivative (state variables: {SpecPath.List(s.States)}).");
                }
                if (s.Derivatives[state] is not null) throw new SpecFieldException(field, $"is '{text}': d{name}/dt is given twice.");
                lines.Add((k, text, true, name, d.Groups[2].Index, end));
                s.HeldWhileRefractory[state] = flag.Success;
                s.Derivatives[state] = new NumberExpr(0, 0); // a placeholder until the right-hand side is parsed
                continue;
            }
            if (DerivedLine().Match(body) is { Success: true } x)
            {
                string name = x.Groups[1].Value;
                if (flag.Success)
                    throw new SpecFieldException(field, $"is '{text}': '(unless refractory)' holds a state variable while its neuron is refractory; it applies to an equation 'dx/dt = ...', not to the derived variable {name}.");
                if (kinds.TryGetValue(name, out var kind))
                    throw new SpecFieldException(field, $"is '{text}': {name} is already a {kind}; a derived variable needs a name of its own.");
                CheckName(field, name, kinds);
                kinds[name] = "derived variable";
                lines.Add((k, text, false, name, x.Groups[2].Index, end));
                continue;
            }
            throw new SpecFieldException(field, $"is '{text}': not an equation; write 'dx/dt = expression' for a state variable x, or 'y = expression' for a derived variable.");
        }
        foreach (var (line, text, isDerivative, name, start, end) in lines)
        {
            var e = Parse($"equations[{line}]", text, start, s, kinds, end);
            if (isDerivative) s.Derivatives[Array.IndexOf(s.States, name)] = e;
            else derived.Add((name, e, line));
        }
        s.Derived = Order(derived);

        if (!string.IsNullOrWhiteSpace(spec.Threshold))
        {
            var e = Parse("threshold", spec.Threshold, 0, s, kinds);
            if (!IsCondition(e))
                throw new SpecFieldException("threshold", $"is '{spec.Threshold}': not a condition; write a comparison such as 'v > Vt'.");
            s.Threshold = e;
        }
        var reset = new List<ResetStatement>();
        for (int k = 0; k < spec.Reset.Count; k++)
        {
            string field = $"reset[{k}]";
            string text = spec.Reset[k] ?? throw new SpecFieldException(field, "is null.");
            if (ResetLine().Match(text) is not { Success: true } m)
                throw new SpecFieldException(field, $"is '{text}': not a statement; write 'v = expression' or 'v += expression' (also -=, *=, /=).");
            string name = m.Groups[1].Value;
            int state = Array.IndexOf(s.States, name);
            if (state < 0)
            {
                string what = kinds.TryGetValue(name, out var kind) ? $"a {kind}" : "not a name of this model";
                throw new SpecFieldException(field, $"is '{text}': it assigns {name}, {what}; a reset assigns state variables ({NearestName.DidYouMean(s.States, name)}state variables: {SpecPath.List(s.States)}).");
            }
            ExprOp? op = m.Groups[2].Value switch { "+=" => ExprOp.Add, "-=" => ExprOp.Subtract, "*=" => ExprOp.Multiply, "/=" => ExprOp.Divide, _ => null };
            reset.Add(new ResetStatement(state, op, Parse(field, text, m.Groups[3].Index, s, kinds)));
        }
        s.Reset = [.. reset];

        if (!(spec.RefractoryMs >= 0) || !double.IsFinite(spec.RefractoryMs))
            throw new SpecFieldException("refractoryMs", $"must be >= 0 (got {SpecPath.Number(spec.RefractoryMs)}).");
        s.Method = spec.Method switch
        {
            "euler" => IntegrationMethod.Euler,
            "rk4" => IntegrationMethod.Rk4,
            "exponential_euler" => throw new SpecFieldException("method", "is 'exponential_euler', which NeuroSharp does not implement (it needs each equation split into its part linear in the variable and the rest); use euler or rk4 with a small dtMs."),
            _ => throw new SpecFieldException("method", $"is '{spec.Method}', not a known method ({NearestName.DidYouMean(["euler", "rk4"], spec.Method ?? "")}known: euler, rk4)."),
        };
        s.ExcitatoryState = InputState("inputs.excitatory", spec.ExcitatoryVariable, s.States);
        s.InhibitoryState = InputState("inputs.inhibitory", spec.InhibitoryVariable, s.States);
        if (!double.IsFinite(spec.ExcitatorySign) || spec.ExcitatorySign == 0)
            throw new SpecFieldException("inputs.excitatorySign", $"must be a finite number other than 0 (got {SpecPath.Number(spec.ExcitatorySign)}).");
        if (!double.IsFinite(spec.InhibitorySign) || spec.InhibitorySign == 0)
            throw new SpecFieldException("inputs.inhibitorySign", $"must be a finite number other than 0 (got {SpecPath.Number(spec.InhibitorySign)}).");
        return s;
    }

    private static int InputState(string field, string? name, string[] states)
    {
        if (name is null) return -1;
        int k = Array.IndexOf(states, name);
        if (k < 0) throw new SpecFieldException(field, $"is '{name}', not a state variable ({NearestName.DidYouMean(states, name)}state variables: {SpecPath.List(states)}).");
        return k;
    }

    private static void CheckName(string field, string name, Dictionary<string, string> kinds)
    {
        string path = field.Contains('[', StringComparison.Ordinal) ? field : $"{field}.{name}";
        if (!Identifier().IsMatch(name)) throw new SpecFieldException(path, $"is named '{name}', not a name: use letters, digits and '_', starting with a letter.");
        if (Reserved.Contains(name) || ExpressionParser.Functions.ContainsKey(name))
            throw new SpecFieldException(path, $"is named '{name}', which is reserved (t, dt, I, and, or, not, and the functions {string.Join(", ", ExpressionParser.Functions.Keys)}).");
        if (kinds.TryGetValue(name, out var kind)) throw new SpecFieldException(path, $"is named '{name}', which is already a {kind}.");
    }

    private static Expr Parse(string field, string text, int start, EquationSystem s, Dictionary<string, string> kinds, int end = -1)
    {
        Expr e;
        try
        {
            e = ExpressionParser.ParseAt(text, start, end < 0 ? text.Length : end);
        }
        catch (ExpressionSyntaxException x)
        {
            throw new SpecFieldException(field, $"is '{text}': {x.Message}.");
        }
        Check(field, text, e, s, kinds);
        return e;
    }

    /// <summary>Resolves the names and calls, and refuses a division by a constant 0.</summary>
    private static void Check(string field, string text, Expr e, EquationSystem s, Dictionary<string, string> kinds)
    {
        switch (e)
        {
            case NameExpr n:
                if (!kinds.ContainsKey(n.Name) && !Builtins.Contains(n.Name))
                {
                    var known = kinds.Keys.Concat(Builtins).ToList();
                    throw new SpecFieldException(field, $"is '{text}': '{n.Name}' at column {n.Column} is not a parameter, variable, t, dt or I ({NearestName.DidYouMean(known, n.Name)}known: {SpecPath.List(known)}).");
                }
                break;
            case UnaryExpr u:
                Check(field, text, u.Operand, s, kinds);
                break;
            case BinaryExpr b:
                Check(field, text, b.Left, s, kinds);
                Check(field, text, b.Right, s, kinds);
                if (b.Op == ExprOp.Divide && s.Constant(b.Right) is 0)
                    throw new SpecFieldException(field, $"is '{text}': the '/' at column {b.Column} divides by a constant 0.");
                break;
            case CallExpr c:
                if (!ExpressionParser.Functions.TryGetValue(c.Function, out int arity))
                    throw new SpecFieldException(field, $"is '{text}': '{c.Function}' at column {c.Column} is not a function ({NearestName.DidYouMean(ExpressionParser.Functions.Keys, c.Function)}known: {string.Join(", ", ExpressionParser.Functions.Keys)}).");
                if (c.Arguments.Length != arity)
                    throw new SpecFieldException(field, $"is '{text}': {c.Function} at column {c.Column} takes {arity} argument{(arity == 1 ? "" : "s")}, not {c.Arguments.Length}.");
                foreach (var a in c.Arguments) Check(field, text, a, s, kinds);
                break;
        }
    }

    /// <summary>The value of an expression that reads only numbers, parameters and dt-free names, or null.</summary>
    public double? Constant(Expr e) => ExpressionParser.Evaluate(e, name => Parameters.TryGetValue(name, out double v) ? v : null);

    private static bool IsCondition(Expr e) => e switch
    {
        BinaryExpr { Op: ExprOp.Less or ExprOp.LessOrEqual or ExprOp.Greater or ExprOp.GreaterOrEqual or ExprOp.Equal or ExprOp.NotEqual or ExprOp.And or ExprOp.Or } => true,
        UnaryExpr { Op: ExprOp.Not } => true,
        _ => false,
    };

    /// <summary>Orders the derived variables so that each follows the ones it reads (stable: in their listed order where free); refuses a cycle.</summary>
    private static (string Name, Expr Value)[] Order(List<(string Name, Expr Value, int Line)> derived)
    {
        var byName = derived.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<(string, Expr)>();
        var path = new List<string>();
        void Visit((string Name, Expr Value, int Line) d)
        {
            if (done.Contains(d.Name)) return;
            int at = path.IndexOf(d.Name);
            if (at >= 0)
            {
                var cycle = path.Skip(at).Append(d.Name);
                throw new SpecFieldException($"equations[{d.Line}]", $"defines {d.Name} through a cycle of derived variables ({string.Join(" -> ", cycle)}); a derived variable cannot depend on itself.");
            }
            path.Add(d.Name);
            var names = new List<NameExpr>();
            ExpressionParser.Names(d.Value, names);
            foreach (var n in names)
            {
                if (byName.TryGetValue(n.Name, out var dep)) Visit(dep);
            }
            path.RemoveAt(path.Count - 1);
            done.Add(d.Name);
            order.Add((d.Name, d.Value));
        }
        foreach (var d in derived) Visit(d);
        return [.. order];
    }

    [GeneratedRegex(@"^\s*d([A-Za-z_][A-Za-z0-9_]*)\s*/\s*dt\s*=(?!=)(.*)$", RegexOptions.Singleline)]
    private static partial Regex DerivativeLine();

    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)(.*)$", RegexOptions.Singleline)]
    private static partial Regex DerivedLine();

    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=|\+=|-=|\*=|/=)(?!=)(.*)$", RegexOptions.Singleline)]
    private static partial Regex ResetLine();

    [GeneratedRegex(@"\(\s*unless\s+refractory\s*\)\s*$")]
    private static partial Regex UnlessRefractory();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    /// <summary>A number for messages.</summary>
    internal static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
