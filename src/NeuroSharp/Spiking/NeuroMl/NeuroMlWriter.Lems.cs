using System.Globalization;
using System.Xml.Linq;
using NeuroSharp.Spiking.Equations;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// An expression function (docs/spiking-hh.md, "Expression functions") as the LEMS ComponentType the reader reads back
/// (docs/neuroml.md, "LEMS ComponentTypes"): its constants as Constants in SI, its variables as DerivedVariables and
/// ConditionalDerivedVariables, the result exposed as r, t or x. LEMS declares a dimension for every constant, which the JSON does
/// not keep; the writer infers them from the expressions (v is a voltage, caConc a concentration, the result a rate, time or
/// number; sums and comparisons join alike dimensions, exp, log, sin, cos and tanh take numbers) by solving those linear equations
/// in the powers of M, L, T, I, K, N, taking a constant that nothing constrains as a number.
/// </summary>
internal static partial class NeuroMlWriter
{
    private static readonly string[] DimensionNames = ["none", "time", "per_time", "voltage", "per_voltage", "concentration", "temperature", "current", "conductance", "capacitance", "length", "area"];

    private static readonly Dictionary<string, (int[] Powers, string Unit)> Dimensions = new(StringComparer.Ordinal)
    {
        ["none"] = ([0, 0, 0, 0, 0, 0], ""), ["time"] = ([0, 0, 1, 0, 0, 0], "s"), ["per_time"] = ([0, 0, -1, 0, 0, 0], "per_s"),
        ["voltage"] = ([1, 2, -3, -1, 0, 0], "V"), ["per_voltage"] = ([-1, -2, 3, 1, 0, 0], "per_V"), ["concentration"] = ([0, -3, 0, 0, 0, 1], "mM"),
        ["temperature"] = ([0, 0, 0, 0, 1, 0], "K"), ["current"] = ([0, 0, 0, 1, 0, 0], "A"), ["conductance"] = ([-1, -2, 3, 2, 0, 0], "S"),
        ["capacitance"] = ([-1, -2, 4, 2, 0, 0], "F"), ["length"] = ([0, 1, 0, 0, 0, 0], "m"), ["area"] = ([0, 2, 0, 0, 0, 0], "m2"),
    };

    /// <summary>A dimension as a linear form: known powers plus integer multiples of the constants' unknown powers; literal (a bare number) and wild (unknown) fit any.</summary>
    private sealed record DimForm(double[] Known, Dictionary<string, double> Coefficients, bool Literal = false, bool Wild = false)
    {
        public static DimForm Of(int[] powers) => new([.. powers.Select(p => (double)p)], []);

        public static DimForm None(bool literal = false) => new(new double[6], [], literal);

        public DimForm Scale(double k) => new([.. Known.Select(x => x * k)], Coefficients.ToDictionary(kv => kv.Key, kv => kv.Value * k), Literal, Wild);

        public DimForm Plus(DimForm o, double sign) => new([.. Known.Zip(o.Known, (a, b) => a + sign * b)], Merge(Coefficients, o.Coefficients, sign), Literal && o.Literal, Wild || o.Wild);

        private static Dictionary<string, double> Merge(Dictionary<string, double> a, Dictionary<string, double> b, double sign)
        {
            var d = new Dictionary<string, double>(a, StringComparer.Ordinal);
            foreach (var (k, v) in b) d[k] = d.GetValueOrDefault(k) + sign * v;
            return d;
        }
    }

    /// <summary>The key prefix of a variable's dimension among the constants' (names cannot hold a space).</summary>
    private const string VariablePrefix = " ";

    /// <summary>A dimension name NeuroSharp's reader does not know, declared where a variable's dimension is not one it names (the reader then checks nothing there).</summary>
    private const string UnknownDimension = "neurosharp_unchecked";

    private static XElement LemsType(VoltageFunction f, Role role, string name, string path)
    {
        var e = f.Expression!;
        double expectedFactor = role switch { Role.Rate => VoltageFunction.RateFromSi, Role.Time => VoltageFunction.TimeFromSi, _ => 1 };
        if (f.Rate != expectedFactor)
            throw new InvalidInputException($"{path}.rate is {Number(f.Rate)}; a {role.ToString().ToLowerInvariant()} expression is read back from LEMS with the factor {Number(expectedFactor)} (SI to the engine's unit), so export only with that factor.");
        var (resultDim, exposure) = role switch { Role.Rate => ("per_time", "r"), Role.Time => ("time", "t"), _ => ("none", "x") };
        var dims = ConstantDimensions(e, Dimensions[resultDim].Powers, path);
        bool concentration = e.ReadsConcentration;
        string baseType = (role, concentration) switch
        {
            (Role.Rate, false) => "baseVoltageDepRate", (Role.Rate, true) => "baseVoltageConcDepRate",
            (Role.Time, false) => "baseVoltageDepTime", (Role.Time, true) => "baseVoltageConcDepTime",
            (_, false) => "baseVoltageDepVariable", _ => "baseVoltageConcDepVariable",
        };
        var type = new XElement(Ns + "ComponentType", new XAttribute("name", name), new XAttribute("extends", baseType),
            new XAttribute("description", "Written by NeuroSharp from an expression function (docs/neuroml.md, \"What is written\")"));
        foreach (var (constant, value) in e.Constants)
        {
            string dim = dims[constant];
            type.Add(new XElement(Ns + "Constant", new XAttribute("name", constant), new XAttribute("dimension", dim),
                new XAttribute("value", value.ToString("R", CultureInfo.InvariantCulture) + Dimensions[dim].Unit)));
        }
        type.Add(new XElement(Ns + "Exposure", new XAttribute("name", exposure), new XAttribute("dimension", resultDim)));
        type.Add(new XElement(Ns + "Requirement", new XAttribute("name", "v"), new XAttribute("dimension", "voltage")));
        if (concentration) type.Add(new XElement(Ns + "Requirement", new XAttribute("name", "caConc"), new XAttribute("dimension", "concentration")));
        var dynamics = new XElement(Ns + "Dynamics");
        foreach (var v in e.Variables)
        {
            var attributes = new List<XAttribute> { new("name", v.Name), new("dimension", v.Name == e.Result ? resultDim : dims[VariablePrefix + v.Name]) };
            if (v.Name == e.Result) attributes.Add(new XAttribute("exposure", exposure));
            if (v.Cases.Count == 1 && v.Cases[0].Condition is null)
            {
                dynamics.Add(new XElement(Ns + "DerivedVariable", attributes, new XAttribute("value", v.Cases[0].Value)));
                continue;
            }
            dynamics.Add(new XElement(Ns + "ConditionalDerivedVariable", attributes,
                v.Cases.Select(c => new XElement(Ns + "Case", c.Condition is null ? null : new XAttribute("condition", c.Condition), new XAttribute("value", c.Value)))));
        }
        // The XSD's order: the DerivedVariables, then the ConditionalDerivedVariables (the reader orders them by what they read).
        var derived = dynamics.Elements().OrderBy(x => x.Name.LocalName == "DerivedVariable" ? 0 : 1).ToList();
        dynamics.RemoveNodes();
        dynamics.Add(derived);
        type.Add(dynamics);
        return type;
    }

    /// <summary>The LEMS dimension of each constant of <paramref name="e"/>, solved from its expressions and the result's dimension.</summary>
    private static Dictionary<string, string> ConstantDimensions(FunctionExpression e, int[] result, string path)
    {
        var constraints = new List<DimForm>();
        var variables = new Dictionary<string, DimForm>(StringComparer.Ordinal);
        void Equal(DimForm a, DimForm b)
        {
            if (a.Literal || b.Literal || a.Wild || b.Wild) return;
            constraints.Add(a.Plus(b, -1));
        }
        DimForm Go(Expr x)
        {
            switch (x)
            {
                case NumberExpr:
                    return DimForm.None(literal: true);
                case NameExpr n:
                    if (n.Name == "v") return DimForm.Of(Dimensions["voltage"].Powers);
                    if (n.Name == "caConc") return DimForm.Of(Dimensions["concentration"].Powers);
                    if (e.Constants.ContainsKey(n.Name)) return new DimForm(new double[6], new(StringComparer.Ordinal) { [n.Name] = 1 });
                    return variables.TryGetValue(n.Name, out var known) ? known : new DimForm(new double[6], [], Wild: true);
                case UnaryExpr u:
                    var operand = Go(u.Operand);
                    return u.Op == ExprOp.Not ? DimForm.None() : operand;
                case BinaryExpr b:
                {
                    var l = Go(b.Left);
                    var r = Go(b.Right);
                    switch (b.Op)
                    {
                        case ExprOp.Power:
                            Equal(r, DimForm.None());
                            if (ExpressionParser.Evaluate(b.Right, _ => null) is { } k && k == Math.Floor(k)) return l.Scale(k);
                            Equal(l, DimForm.None());
                            return l;
                        case ExprOp.Multiply:
                            return l.Plus(r, 1);
                        case ExprOp.Divide:
                            return l.Plus(r, -1);
                        case ExprOp.And or ExprOp.Or:
                            return DimForm.None();
                        case ExprOp.Add or ExprOp.Subtract:
                            Equal(l, r);
                            return l.Literal || l.Wild ? r : l;
                        default:
                            Equal(l, r);
                            return DimForm.None();
                    }
                }
                case CallExpr call:
                {
                    var a = Go(call.Arguments[0]);
                    if (call.Function == "abs") return a;
                    if (call.Function == "sqrt") return a.Scale(0.5);
                    if (call.Function != "H") Equal(a, DimForm.None());
                    return DimForm.None(a.Literal);
                }
                default:
                    return new DimForm(new double[6], [], Wild: true);
            }
        }
        foreach (var v in e.Variables)
        {
            DimForm? form = null;
            foreach (var c in v.Cases)
            {
                if (c.Condition is not null) Go(ExpressionParser.ParseLems(c.Condition));
                var value = Go(ExpressionParser.ParseLems(c.Value));
                if (value.Literal || value.Wild) continue;
                if (form is null) form = value;
                else Equal(form, value);
            }
            variables[v.Name] = form ?? new DimForm(new double[6], [], Wild: true);
        }
        if (variables.TryGetValue(e.Result, out var final)) Equal(final, DimForm.Of(result));

        // Solve A x = b (one column per constant, the same matrix for each of the six powers) by Gaussian elimination; free ones are 0.
        var names = e.Constants.Keys.ToList();
        int n = names.Count, m = constraints.Count;
        var a = new double[m, n];
        var rhs = new double[m, 6];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++) a[i, j] = constraints[i].Coefficients.GetValueOrDefault(names[j]);
            for (int c = 0; c < 6; c++) rhs[i, c] = -constraints[i].Known[c];
        }
        var pivotOf = new int[n];
        Array.Fill(pivotOf, -1);
        int row = 0;
        for (int col = 0; col < n && row < m; col++)
        {
            int best = row;
            for (int i = row + 1; i < m; i++) if (Math.Abs(a[i, col]) > Math.Abs(a[best, col])) best = i;
            if (Math.Abs(a[best, col]) < 1e-12) continue;
            for (int j = 0; j < n; j++) (a[row, j], a[best, j]) = (a[best, j], a[row, j]);
            for (int c = 0; c < 6; c++) (rhs[row, c], rhs[best, c]) = (rhs[best, c], rhs[row, c]);
            for (int i = 0; i < m; i++)
            {
                if (i == row || a[i, col] == 0) continue;
                double factor = a[i, col] / a[row, col];
                for (int j = 0; j < n; j++) a[i, j] -= factor * a[row, j];
                for (int c = 0; c < 6; c++) rhs[i, c] -= factor * rhs[row, c];
            }
            pivotOf[col] = row++;
        }
        for (int i = row; i < m; i++)
        {
            for (int c = 0; c < 6; c++)
            {
                if (Math.Abs(rhs[i, c]) > 1e-9)
                    throw new InvalidInputException($"{path}.expression: its dimensions do not agree (v is a voltage, caConc a concentration, the result a {(result[2] == -1 ? "rate" : result[2] == 1 ? "time" : "number")}), so no LEMS ComponentType can declare them; NeuroML export needs dimensionally consistent expressions.");
            }
        }
        // The free constants (no pivot) take named dimensions, tried in order (none first), until every constant has a named one.
        var free = Enumerable.Range(0, n).Where(j => pivotOf[j] < 0).ToList();
        var choice = new int[free.Count];
        string[]? found = null;
        for (long tries = 0; tries < 50_000 && found is null; tries++)
        {
            var powers = new double[n][];
            for (int f = 0; f < free.Count; f++) powers[free[f]] = [.. Dimensions[DimensionNames[choice[f]]].Powers.Select(p => (double)p)];
            var names_ = new string[n];
            bool ok = true;
            for (int j = 0; j < n && ok; j++)
            {
                if (pivotOf[j] >= 0)
                {
                    int r = pivotOf[j];
                    powers[j] = new double[6];
                    for (int c = 0; c < 6; c++)
                    {
                        double x = rhs[r, c];
                        foreach (int fj in free) x -= a[r, fj] * powers[fj][c];
                        powers[j][c] = x / a[r, j];
                    }
                }
                string? name = DimensionNames.FirstOrDefault(d => Dimensions[d].Powers.Select((p, c) => Math.Abs(p - powers[j][c]) < 1e-9).All(b => b));
                if (name is null) ok = false;
                else names_[j] = name;
            }
            if (ok)
            {
                found = names_;
                break;
            }
            // The next choice (an odometer over the free constants).
            int digit = 0;
            while (digit < choice.Length && ++choice[digit] == DimensionNames.Length) choice[digit++] = 0;
            if (digit == choice.Length) break;
        }
        if (found is null)
            throw new InvalidInputException($"{path}.expression: no assignment of LEMS dimensions ({string.Join(", ", DimensionNames)}) to its constants makes its dimensions agree, so no ComponentType NeuroSharp writes can declare them.");
        var dims = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int j = 0; j < n; j++) dims[names[j]] = found[j];
        // Each variable's dimension from the constants' (a bare number or an unknown: a name NeuroSharp does not know, which it does not check).
        foreach (var (variable, form) in variables)
        {
            var powers = (double[])form.Known.Clone();
            foreach (var (constant, k) in form.Coefficients)
            {
                for (int c = 0; c < 6; c++) powers[c] += k * Dimensions[dims[constant]].Powers[c];
            }
            string? name = form.Literal || form.Wild ? null : DimensionNames.FirstOrDefault(d => Dimensions[d].Powers.Select((p, c) => Math.Abs(p - powers[c]) < 1e-9).All(b => b));
            dims[VariablePrefix + variable] = name ?? UnknownDimension;
        }
        return dims;
    }
}
