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
}

/// <summary>
/// A function of the membrane potential that gives a gate's rate (1/ms), time constant (ms) or steady state (dimensionless),
/// the forms NeuroML names (docs/spiking-hh.md). <see cref="MidpointMv"/> and <see cref="ScaleMv"/> are unused by
/// <see cref="VoltageFunctionForm.Constant"/>.
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
            default:
                return Rate;
        }
    }

    /// <summary>Checks the numbers: all finite, a scale other than 0 (except for a constant).</summary>
    /// <param name="owner">The owner named in a message.</param>
    /// <param name="property">The property path named in a message.</param>
    /// <exception cref="InvalidOptionException">A number is out of range.</exception>
    public void Validate(string owner, string property)
    {
        if (!Enum.IsDefined(Form)) throw new InvalidOptionException(owner, $"{property}.Form", "must be exp, sigmoid, expLinear or constant", Form);
        SpecChecks.Finite(owner, $"{property}.{nameof(Rate)}", Rate);
        if (Form == VoltageFunctionForm.Constant) return;
        SpecChecks.Finite(owner, $"{property}.{nameof(MidpointMv)}", MidpointMv);
        if (!(ScaleMv != 0) || !double.IsFinite(ScaleMv)) throw new InvalidOptionException(owner, $"{property}.{nameof(ScaleMv)}", "must be a finite number other than 0", ScaleMv);
    }

    /// <summary>exp(x) - 1 without the cancellation near 0.</summary>
    internal static double ExpM1(double x) => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1;
}
