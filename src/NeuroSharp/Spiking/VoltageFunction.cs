namespace NeuroSharp.Spiking;

/// <summary>The shape of a <see cref="VoltageFunction"/> (NeuroML's HHExpRate, HHSigmoidRate, HHExpLinearRate and their *Variable forms, fixedTimeCourse).</summary>
public enum VoltageFunctionForm
{
    /// <summary><c>Rate exp((v - mid) / scale)</c>.</summary>
    Exp,

    /// <summary><c>Rate / (1 + exp(-(v - mid) / scale))</c>.</summary>
    Sigmoid,

    /// <summary><c>Rate x / (1 - exp(-x))</c> with <c>x = (v - mid) / scale</c>; equal to Rate at x = 0.</summary>
    ExpLinear,

    /// <summary><c>Rate</c>, whatever v.</summary>
    Constant,

    /// <summary>
    /// <c>Rate f(v / 1000, caConc)</c> with f a <see cref="FunctionExpression"/> evaluated in SI (a LEMS ComponentType's Dynamics);
    /// Rate converts its SI value to the engine's unit: 0.001 for a rate (1/s to 1/ms), 1000 for a time (s to ms), 1 for a steady state.
    /// </summary>
    Expression,
}

/// <summary>
/// A function of the membrane potential that gives a gate's rate (1/ms), time constant (ms) or steady state (dimensionless),
/// the forms NeuroML names (docs/spiking-hh.md). <see cref="MidpointMv"/> and <see cref="ScaleMv"/> are unused by
/// <see cref="VoltageFunctionForm.Constant"/> and <see cref="VoltageFunctionForm.Expression"/>; <see cref="Expression"/> is the
/// function of the expression form (null for the others).
/// </summary>
/// <param name="Form">The shape.</param>
/// <param name="Rate">The scale of the value: 1/ms for a rate, ms for a time constant, 1 for a steady state.</param>
/// <param name="MidpointMv">The potential the shape is centred on, in mV.</param>
/// <param name="ScaleMv">The potential scale in mV, not 0 (negative: the function falls with v).</param>
public sealed record VoltageFunction(VoltageFunctionForm Form, double Rate, double MidpointMv, double ScaleMv)
{
    /// <summary>A constant function (a fixed rate, time constant or steady state).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The function.</returns>
    public static VoltageFunction Const(double value) => new(VoltageFunctionForm.Constant, value, 0, 1);

    /// <summary>The LEMS function of the expression form, in SI (null for the other forms).</summary>
    public FunctionExpression? Expression { get; init; }

    /// <summary>The SI-to-engine factor of a rate (1/s to 1/ms).</summary>
    public const double RateFromSi = 0.001;

    /// <summary>The SI-to-engine factor of a time constant (s to ms).</summary>
    public const double TimeFromSi = 1000;

    /// <summary>An expression function (docs/spiking-hh.md, "Expression functions").</summary>
    /// <param name="expression">The function in SI.</param>
    /// <param name="fromSi">Its SI value's factor to the engine's unit: <see cref="RateFromSi"/>, <see cref="TimeFromSi"/> or 1.</param>
    /// <returns>The function.</returns>
    public static VoltageFunction Of(FunctionExpression expression, double fromSi) =>
        new(VoltageFunctionForm.Expression, fromSi, 0, 1) { Expression = expression };

    /// <summary>The function at a potential and a calcium concentration, in double precision.</summary>
    /// <param name="v">The membrane potential in mV.</param>
    /// <param name="caConcMm">The calcium concentration in mM (read by expression functions only).</param>
    /// <returns>The value.</returns>
    public double Evaluate(double v, double caConcMm) =>
        Form == VoltageFunctionForm.Expression ? Rate * Expression!.Evaluate(v / 1000, caConcMm) : Evaluate(v);

    /// <summary>The function at a potential, in double precision (x / (1 - exp(-x)) by its series for |x| below 1e-4).</summary>
    /// <param name="v">The membrane potential in mV.</param>
    /// <returns>The value.</returns>
    public double Evaluate(double v)
    {
        switch (Form)
        {
            case VoltageFunctionForm.Exp:
                return Rate * Math.Exp((v - MidpointMv) / ScaleMv);
            case VoltageFunctionForm.Sigmoid:
                return Rate / (1 + Math.Exp(-(v - MidpointMv) / ScaleMv));
            case VoltageFunctionForm.ExpLinear:
                {
                    double x = (v - MidpointMv) / ScaleMv;
                    // x / (1 - e^-x) = 1 + x/2 + x^2/12 - x^4/720 ...; -expm1(-x) keeps the digits near 0.
                    if (Math.Abs(x) < 1e-4) return Rate * (1 + x * (0.5 + x / 12));
                    return Rate * x / -ExpM1(-x);
                }
            case VoltageFunctionForm.Expression:
                return Rate * Expression!.Evaluate(v / 1000, 0);
            default:
                return Rate;
        }
    }

    /// <summary>Checks the numbers: all finite, a scale other than 0 (except for a constant); an expression form's function.</summary>
    /// <param name="owner">The owner named in a message.</param>
    /// <param name="property">The property path named in a message.</param>
    /// <exception cref="InvalidOptionException">A number is out of range.</exception>
    public void Validate(string owner, string property)
    {
        if (!Enum.IsDefined(Form)) throw new InvalidOptionException(owner, $"{property}.Form", "must be exp, sigmoid, expLinear, constant or expression", Form);
        SpecChecks.Finite(owner, $"{property}.{nameof(Rate)}", Rate);
        if (Form == VoltageFunctionForm.Expression)
        {
            if (Expression is null) throw new InvalidOptionException(owner, $"{property}.{nameof(Expression)}", "is required by the expression form", null);
            if (Rate == 0) throw new InvalidOptionException(owner, $"{property}.{nameof(Rate)}", "must not be 0 (it converts the expression's SI value to the engine's unit)", Rate);
            Expression.Validate(owner, $"{property}.{nameof(Expression)}");
            return;
        }
        if (Expression is not null) throw new InvalidOptionException(owner, $"{property}.{nameof(Expression)}", $"is given to a {Form} function; only the expression form reads one", "an expression");
        if (Form == VoltageFunctionForm.Constant) return;
        SpecChecks.Finite(owner, $"{property}.{nameof(MidpointMv)}", MidpointMv);
        if (!(ScaleMv != 0) || !double.IsFinite(ScaleMv)) throw new InvalidOptionException(owner, $"{property}.{nameof(ScaleMv)}", "must be a finite number other than 0", ScaleMv);
    }

    /// <summary>exp(x) - 1 without the cancellation near 0.</summary>
    internal static double ExpM1(double x) => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1;
}
