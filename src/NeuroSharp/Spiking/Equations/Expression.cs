using System.Globalization;

namespace NeuroSharp.Spiking.Equations;

/// <summary>The operators of an expression (docs/spiking-equations.md, "Grammar").</summary>
internal enum ExprOp
{
    Add, Subtract, Multiply, Divide, Power,
    Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual,
    And, Or, Not, Negate,
}

/// <summary>A parsed expression: a number, a name, an operator or a function call. <see cref="Column"/> is 1-based in its text.</summary>
internal abstract record Expr(int Column);

/// <summary>A number.</summary>
internal sealed record NumberExpr(double Value, int Column) : Expr(Column);

/// <summary>A name: a parameter, a state or derived variable, t, dt or I.</summary>
internal sealed record NameExpr(string Name, int Column) : Expr(Column);

/// <summary>A unary operator (minus, not).</summary>
internal sealed record UnaryExpr(ExprOp Op, Expr Operand, int Column) : Expr(Column);

/// <summary>A binary operator.</summary>
internal sealed record BinaryExpr(ExprOp Op, Expr Left, Expr Right, int Column) : Expr(Column);

/// <summary>A function call.</summary>
internal sealed record CallExpr(string Function, Expr[] Arguments, int Column) : Expr(Column);

/// <summary>
/// A choice: <paramref name="Then"/> where <paramref name="Condition"/> is not 0, else <paramref name="Else"/> (a LEMS
/// ConditionalDerivedVariable's cases, docs/neuroml.md); the equations model's text has no syntax for it.
/// </summary>
internal sealed record ConditionalExpr(Expr Condition, Expr Then, Expr Else, int Column) : Expr(Column);

/// <summary>A parse error: what was expected, at which column, and the token found there.</summary>
internal sealed class ExpressionSyntaxException(string message) : Exception(message);

/// <summary>
/// The recursive-descent parser of the equations model's expressions, with Python's (and Brian2's) precedence, lowest
/// first: <c>or</c>; <c>and</c>; <c>not</c>; comparisons (<c>&lt; &lt;= &gt; &gt;= == !=</c>, not chained); <c>+ -</c>;
/// <c>* /</c>; unary minus; <c>**</c> (right-associative, binding tighter than a unary minus on its left:
/// <c>-2 ** 2</c> is -4, <c>2 ** -1</c> is 0.5). <c>^</c> is refused: powers are written <c>**</c>.
/// </summary>
internal sealed class ExpressionParser
{
    /// <summary>The functions and their number of arguments.</summary>
    public static IReadOnlyDictionary<string, int> Functions { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["exp"] = 1, ["log"] = 1, ["sqrt"] = 1, ["abs"] = 1, ["sin"] = 1, ["cos"] = 1, ["tanh"] = 1,
        ["pow"] = 2, ["min"] = 2, ["max"] = 2, ["clip"] = 3,
    };

    /// <summary>
    /// The functions of LEMS expressions (docs/neuroml.md, "LEMS ComponentTypes") and their number of arguments: ln and log are
    /// both the natural logarithm (Java's Math.log, as jLEMS evaluates them); H(x) is 1 where x &gt; 0, else 0.
    /// </summary>
    public static IReadOnlyDictionary<string, int> LemsFunctions { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["exp"] = 1, ["log"] = 1, ["ln"] = 1, ["sqrt"] = 1, ["abs"] = 1, ["sin"] = 1, ["cos"] = 1, ["tanh"] = 1, ["H"] = 1,
    };

    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly bool _lems;
    private int _next;

    private ExpressionParser(string text, int offset, bool lems = false)
    {
        _text = text;
        _lems = lems;
        _tokens = Tokenize(text, offset, lems);
    }

    private enum TokenKind { Number, Name, Symbol, End }

    private readonly record struct Token(TokenKind Kind, string Text, int Column, double Value);

    /// <summary>Parses a whole expression.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Its tree.</returns>
    /// <exception cref="ExpressionSyntaxException">It is not an expression; the message gives the column and the token.</exception>
    public static Expr Parse(string text) => ParseAt(text, 0, text.Length);

    /// <summary>Parses <c>text[offset..end)</c> as an expression, reporting columns in <paramref name="text"/>.</summary>
    public static Expr ParseAt(string text, int offset, int end)
    {
        var p = new ExpressionParser(text[..end], offset);
        var e = p.Or();
        if (p.Peek.Kind != TokenKind.End) throw p.Expected("an operator or the end of the expression");
        return e;
    }

    /// <summary>
    /// Parses a LEMS expression (a DerivedVariable's value, a Case's condition): the same grammar and trees, with LEMS's operators
    /// <c>.gt. .lt. .geq. .leq. .eq. .neq. .and. .or.</c> for the comparisons and logic and <c>^</c> for <c>**</c>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>Its tree.</returns>
    /// <exception cref="ExpressionSyntaxException">It is not an expression; the message gives the column and the token.</exception>
    public static Expr ParseLems(string text)
    {
        var p = new ExpressionParser(text, 0, lems: true);
        var e = p.Or();
        if (p.Peek.Kind != TokenKind.End) throw p.Expected("an operator or the end of the expression");
        return e;
    }

    private Token Peek => _tokens[_next];

    private Token Take() => _tokens[_next++];

    private bool TakeIf(string symbol)
    {
        var t = Peek;
        if ((t.Kind == TokenKind.Symbol || t.Kind == TokenKind.Name) && t.Text == symbol)
        {
            _next++;
            return true;
        }
        return false;
    }

    private ExpressionSyntaxException Expected(string what)
    {
        var t = Peek;
        string found = t.Kind == TokenKind.End ? "the end of the expression" : $"'{t.Text}'";
        return new ExpressionSyntaxException($"expected {what} at column {t.Column}, found {found}");
    }

    private Expr Or()
    {
        var left = And();
        while (Peek is { Kind: TokenKind.Name, Text: "or" } t)
        {
            Take();
            left = new BinaryExpr(ExprOp.Or, left, And(), t.Column);
        }
        return left;
    }

    private Expr And()
    {
        var left = Not();
        while (Peek is { Kind: TokenKind.Name, Text: "and" } t)
        {
            Take();
            left = new BinaryExpr(ExprOp.And, left, Not(), t.Column);
        }
        return left;
    }

    private Expr Not()
    {
        if (Peek is { Kind: TokenKind.Name, Text: "not" } t)
        {
            Take();
            return new UnaryExpr(ExprOp.Not, Not(), t.Column);
        }
        return Comparison();
    }

    private Expr Comparison()
    {
        var left = Sum();
        if (Peek.Kind == TokenKind.Symbol && CompareOp(Peek.Text) is { } op)
        {
            var t = Take();
            left = new BinaryExpr(op, left, Sum(), t.Column);
            if (Peek.Kind == TokenKind.Symbol && CompareOp(Peek.Text) is not null)
                throw Expected("'and' between two comparisons (chained comparisons such as a < b < c are not supported)");
        }
        return left;
    }

    private static ExprOp? CompareOp(string s) => s switch
    {
        "<" => ExprOp.Less, "<=" => ExprOp.LessOrEqual, ">" => ExprOp.Greater, ">=" => ExprOp.GreaterOrEqual,
        "==" => ExprOp.Equal, "!=" => ExprOp.NotEqual, _ => null,
    };

    private Expr Sum()
    {
        var left = Product();
        while (Peek is { Kind: TokenKind.Symbol, Text: "+" or "-" } t)
        {
            Take();
            left = new BinaryExpr(t.Text == "+" ? ExprOp.Add : ExprOp.Subtract, left, Product(), t.Column);
        }
        return left;
    }

    private Expr Product()
    {
        var left = Unary();
        while (Peek is { Kind: TokenKind.Symbol, Text: "*" or "/" } t)
        {
            Take();
            left = new BinaryExpr(t.Text == "*" ? ExprOp.Multiply : ExprOp.Divide, left, Unary(), t.Column);
        }
        return left;
    }

    private Expr Unary()
    {
        if (Peek is { Kind: TokenKind.Symbol, Text: "-" or "+" } t)
        {
            Take();
            var operand = Unary();
            return t.Text == "-" ? new UnaryExpr(ExprOp.Negate, operand, t.Column) : operand;
        }
        return Power();
    }

    private Expr Power()
    {
        var b = Primary();
        if (Peek is { Kind: TokenKind.Symbol, Text: "**" } t)
        {
            Take();
            return new BinaryExpr(ExprOp.Power, b, Unary(), t.Column); // right-associative; the exponent may carry a sign
        }
        return b;
    }

    private Expr Primary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Take();
                return new NumberExpr(t.Value, t.Column);
            case TokenKind.Name when t.Text is "and" or "or" or "not":
                throw Expected("a number, a name, a function call or '('");
            case TokenKind.Name:
                Take();
                if (!TakeIf("(")) return new NameExpr(t.Text, t.Column);
                var args = new List<Expr>();
                if (!TakeIf(")"))
                {
                    do args.Add(Or());
                    while (TakeIf(","));
                    if (!TakeIf(")")) throw Expected("',' or ')'");
                }
                return new CallExpr(t.Text, [.. args], t.Column);
            case TokenKind.Symbol when t.Text == "(":
                Take();
                var inner = Or();
                if (!TakeIf(")")) throw Expected("')'");
                return inner;
            default:
                throw Expected("a number, a name, a function call or '('");
        }
    }

    /// <summary>LEMS's dotted operators and the token each stands for.</summary>
    private static readonly (string Lems, TokenKind Kind, string Text)[] LemsOperators =
    [
        (".gt.", TokenKind.Symbol, ">"), (".lt.", TokenKind.Symbol, "<"), (".geq.", TokenKind.Symbol, ">="), (".leq.", TokenKind.Symbol, "<="),
        (".eq.", TokenKind.Symbol, "=="), (".neq.", TokenKind.Symbol, "!="), (".and.", TokenKind.Name, "and"), (".or.", TokenKind.Name, "or"),
    ];

    private static List<Token> Tokenize(string text, int offset, bool lems = false)
    {
        var tokens = new List<Token>();
        int i = offset;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            int start = i;
            if (lems && c == '.' && Array.FindIndex(LemsOperators, o => string.CompareOrdinal(text, i, o.Lems, 0, o.Lems.Length) == 0) is var k and >= 0)
            {
                tokens.Add(new Token(LemsOperators[k].Kind, LemsOperators[k].Text, start + 1, 0));
                i += LemsOperators[k].Lems.Length;
                continue;
            }
            if (lems && c == '^')
            {
                tokens.Add(new Token(TokenKind.Symbol, "**", start + 1, 0));
                i++;
                continue;
            }
            if (lems && c is '=' or '!' or '&' or '|')
                throw new ExpressionSyntaxException($"'{c}' at column {start + 1} is not a LEMS operator (comparisons and logic are .gt. .lt. .geq. .leq. .eq. .neq. .and. .or.)");
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
                if (i < text.Length && text[i] is 'e' or 'E')
                {
                    int j = i + 1;
                    if (j < text.Length && text[j] is '+' or '-') j++;
                    if (j < text.Length && char.IsAsciiDigit(text[j]))
                    {
                        i = j;
                        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                    }
                }
                string s = text[start..i];
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    throw new ExpressionSyntaxException($"'{s}' at column {start + 1} is not a number");
                tokens.Add(new Token(TokenKind.Number, s, start + 1, v));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new Token(TokenKind.Name, text[start..i], start + 1, 0));
                continue;
            }
            string two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            if (!lems && two is "**" or "<=" or ">=" or "==" or "!=")
            {
                tokens.Add(new Token(TokenKind.Symbol, two, start + 1, 0));
                i += 2;
                continue;
            }
            if (c == '^') throw new ExpressionSyntaxException($"'^' at column {start + 1} is not an operator here: write powers as ** (as Brian2 and Python do)");
            if (c is '+' or '-' or '*' or '/' or '(' or ')' or ',' || (!lems && c is '<' or '>'))
            {
                tokens.Add(new Token(TokenKind.Symbol, c.ToString(), start + 1, 0));
                i++;
                continue;
            }
            throw new ExpressionSyntaxException($"unexpected character '{c}' at column {start + 1}");
        }
        tokens.Add(new Token(TokenKind.End, "", text.Length + 1, 0));
        return tokens;
    }

    /// <summary>Every name an expression reads (not the functions it calls).</summary>
    public static void Names(Expr e, ICollection<NameExpr> into)
    {
        switch (e)
        {
            case NameExpr n:
                into.Add(n);
                break;
            case UnaryExpr u:
                Names(u.Operand, into);
                break;
            case BinaryExpr b:
                Names(b.Left, into);
                Names(b.Right, into);
                break;
            case CallExpr c:
                foreach (var a in c.Arguments) Names(a, into);
                break;
            case ConditionalExpr q:
                Names(q.Condition, into);
                Names(q.Then, into);
                Names(q.Else, into);
                break;
        }
    }

    /// <summary>Evaluates an expression in double precision (constant folding, and the tests' known answers).</summary>
    /// <param name="e">The expression.</param>
    /// <param name="value">The value of a name, or null when it is not a constant.</param>
    /// <returns>The value, or null when the expression reads a name that is not a constant.</returns>
    public static double? Evaluate(Expr e, Func<string, double?> value)
    {
        switch (e)
        {
            case NumberExpr n:
                return n.Value;
            case NameExpr n:
                return value(n.Name);
            case UnaryExpr u:
                if (Evaluate(u.Operand, value) is not { } x) return null;
                return u.Op == ExprOp.Negate ? -x : (x == 0 ? 1 : 0);
            case BinaryExpr b:
                if (Evaluate(b.Left, value) is not { } l || Evaluate(b.Right, value) is not { } r) return null;
                return Apply(b.Op, l, r);
            case CallExpr c:
                var a = new double[c.Arguments.Length];
                for (int k = 0; k < a.Length; k++)
                {
                    if (Evaluate(c.Arguments[k], value) is not { } v) return null;
                    a[k] = v;
                }
                return c.Function switch
                {
                    "exp" => Math.Exp(a[0]), "log" => Math.Log(a[0]), "sqrt" => Math.Sqrt(a[0]), "abs" => Math.Abs(a[0]),
                    "sin" => Math.Sin(a[0]), "cos" => Math.Cos(a[0]), "tanh" => Math.Tanh(a[0]),
                    "pow" => Math.Pow(a[0], a[1]), "min" => Math.Min(a[0], a[1]), "max" => Math.Max(a[0], a[1]),
                    "clip" => Math.Max(Math.Min(a[0], a[2]), a[1]),
                    "ln" => Math.Log(a[0]), "H" => a[0] > 0 ? 1 : 0,
                    _ => null,
                };
            case ConditionalExpr q:
                if (Evaluate(q.Condition, value) is not { } cond) return null;
                return Evaluate(cond != 0 ? q.Then : q.Else, value);
            default:
                return null;
        }
    }

    /// <summary>A binary operator on two numbers (conditions are 1 or 0).</summary>
    public static double Apply(ExprOp op, double l, double r) => op switch
    {
        ExprOp.Add => l + r,
        ExprOp.Subtract => l - r,
        ExprOp.Multiply => l * r,
        ExprOp.Divide => l / r,
        ExprOp.Power => Math.Pow(l, r),
        ExprOp.Less => l < r ? 1 : 0,
        ExprOp.LessOrEqual => l <= r ? 1 : 0,
        ExprOp.Greater => l > r ? 1 : 0,
        ExprOp.GreaterOrEqual => l >= r ? 1 : 0,
        ExprOp.Equal => l == r ? 1 : 0,
        ExprOp.NotEqual => l != r ? 1 : 0,
        ExprOp.And => l != 0 && r != 0 ? 1 : 0,
        ExprOp.Or => l != 0 || r != 0 ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>The text of an expression, for messages.</summary>
    public override string ToString() => _text;
}
