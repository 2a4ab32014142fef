using NeuroSharp.Spiking.Equations;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// LEMS's expression syntax in the shared parser (docs/neuroml.md, "LEMS ComponentTypes"): the dotted operators and ^ give the same
/// trees as the equations model's text, and the equations model still refuses them.
/// </summary>
public class LemsExpressionSyntaxTests
{
    [Theory]
    [InlineData("a .gt. b", "a > b")]
    [InlineData("a .lt. b .and. c .geq. 2", "a < b and c >= 2")]
    [InlineData("x .leq. 0 .or. x .eq. 1 .or. x .neq. 3", "x <= 0 or x == 1 or x != 3")]
    [InlineData("-2^2 + 3 * v^-1", "-2**2 + 3 * v**-1")]
    [InlineData("rate * exp((v - midpoint)/scale)", "rate * exp((v - midpoint)/scale)")]
    [InlineData("1.5e-3*x", "1.5e-3*x")]
    public void Lems_GivesTheSameTreeAsTheEquationsText(string lems, string equations)
    {
        var a = ExpressionParser.ParseLems(lems);
        var b = ExpressionParser.Parse(equations);
        double? Value(Expr e) => ExpressionParser.Evaluate(e, n => n switch { "a" => 1, "b" => 2, "c" => 3, "x" => 1, "v" => 4, "rate" => 2, "midpoint" => 1, "scale" => 3, _ => null });
        Assert.Equal(Value(b), Value(a));
        Assert.Equal(Shape(b), Shape(a));
    }

    /// <summary>The tree without its columns.</summary>
    private static string Shape(Expr e) => e switch
    {
        NumberExpr n => n.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        NameExpr n => n.Name,
        UnaryExpr u => $"({u.Op} {Shape(u.Operand)})",
        BinaryExpr b => $"({b.Op} {Shape(b.Left)} {Shape(b.Right)})",
        CallExpr c => $"{c.Function}({string.Join(",", c.Arguments.Select(Shape))})",
        _ => "?",
    };

    [Fact]
    public void Equations_StillRefuseLemsOperators()
    {
        Assert.Contains("'^' at column 2 is not an operator here: write powers as **", Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse("v^2")).Message);
        Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse("v .gt. 2"));
    }

    [Theory]
    [InlineData("v > 0", "unexpected character '>' at column 3")]
    [InlineData("v ** 2", "expected a number, a name, a function call or '(' at column 4, found '*'")]
    [InlineData("v == 0", "'=' at column 3 is not a LEMS operator (comparisons and logic are .gt. .lt. .geq. .leq. .eq. .neq. .and. .or.)")]
    [InlineData("v .gte. 0", "unexpected character '.' at column 3")]
    public void Lems_RefusesTheEquationsOperators(string text, string message)
    {
        Assert.Contains(message, Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.ParseLems(text)).Message);
    }

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(-1.0, 0.0)]
    public void Heaviside_IsOneAboveZero(double x, double expected) =>
        Assert.Equal(expected, ExpressionParser.Evaluate(ExpressionParser.ParseLems("H(x)"), n => x));
}
