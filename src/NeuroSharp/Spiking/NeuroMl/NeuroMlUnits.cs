using System.Globalization;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// Parses NeuroML quantities such as <c>"3pF"</c>, <c>"0.1 nS"</c>, <c>"-70mV"</c>, <c>"50Hz"</c> or <c>"0.2 uS"</c>
/// and converts them to the engine's unit of their dimension (ms, mV, pA, nS, pF, Hz), and back.
/// </summary>
/// <remarks>
/// The conversion is exact in decimal: the number is read as a <see cref="decimal"/>, multiplied by the
/// unit's power of ten and only then rounded to the nearest double, so "0.2 uS" is exactly 200 nS and
/// "3pF" exactly 3 pF. Numbers beyond decimal's range fall back to double arithmetic.
/// </remarks>
public static class NeuroMlUnits
{
    private static readonly Dictionary<NeuroMlDimension, (string Engine, Dictionary<string, int> Powers)> Units = new()
    {
        [NeuroMlDimension.Time] = ("ms", new() { ["s"] = 3, ["ms"] = 0, ["us"] = -3 }),
        [NeuroMlDimension.Voltage] = ("mV", new() { ["V"] = 3, ["mV"] = 0, ["uV"] = -3 }),
        [NeuroMlDimension.Current] = ("pA", new() { ["A"] = 12, ["mA"] = 9, ["uA"] = 6, ["nA"] = 3, ["pA"] = 0, ["fA"] = -3 }),
        [NeuroMlDimension.Conductance] = ("nS", new() { ["S"] = 9, ["mS"] = 6, ["uS"] = 3, ["nS"] = 0, ["pS"] = -3 }),
        [NeuroMlDimension.Capacitance] = ("pF", new() { ["F"] = 12, ["mF"] = 9, ["uF"] = 6, ["nF"] = 3, ["pF"] = 0 }),
        [NeuroMlDimension.Frequency] = ("Hz", new() { ["Hz"] = 0, ["per_s"] = 0, ["kHz"] = 3, ["per_ms"] = 3 }),
        [NeuroMlDimension.ConductancePerVoltage] = ("nS_per_mV", new() { ["nS_per_mV"] = 0, ["S_per_V"] = 6, ["uS_per_mV"] = 3 }),
        [NeuroMlDimension.None] = ("", new() { [""] = 0 }),
    };

    /// <summary>The engine's unit of a dimension, as NeuroML writes it ("ms", "mV", "pA", "nS", "pF", "Hz").</summary>
    /// <param name="dimension">The dimension.</param>
    /// <returns>The symbol.</returns>
    public static string EngineUnit(NeuroMlDimension dimension) => Units[dimension].Engine;

    /// <summary>The unit symbols NeuroML files may use for a dimension.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <returns>The symbols.</returns>
    public static IReadOnlyCollection<string> Symbols(NeuroMlDimension dimension) => Units[dimension].Powers.Keys;

    /// <summary>Reads a quantity in the engine's unit of its dimension, or null with the reason it is not one.</summary>
    /// <param name="text">The attribute's text.</param>
    /// <param name="dimension">The dimension it must have.</param>
    /// <param name="value">The value in the engine's unit.</param>
    /// <returns>Null, or why the text is not a quantity of that dimension.</returns>
    public static string? TryParse(string text, NeuroMlDimension dimension, out double value)
    {
        value = 0;
        string s = text.Trim();
        int end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] is '+' or '-' or '.'
            || (s[end] is 'e' or 'E' && end + 1 < s.Length && (char.IsAsciiDigit(s[end + 1]) || s[end + 1] is '+' or '-'))))
        {
            if (s[end] is 'e' or 'E') end++; // the exponent's sign or first digit
            end++;
        }
        string number = s[..end];
        string unit = s[end..].Trim();
        var (engine, powers) = Units[dimension];
        if (!powers.TryGetValue(unit, out int power))
            return dimension == NeuroMlDimension.None
                ? "not a plain number"
                : $"not a {Describe(dimension)} (units: {string.Join(", ", powers.Keys)})";
        if (number.Length == 0) return "has no number";
        if (decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d))
        {
            try
            {
                value = (double)(power >= 0 ? d * Pow10(power) : d / Pow10(-power));
                return null;
            }
            catch (OverflowException)
            {
                // Past decimal's range: double arithmetic below.
            }
        }
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
            return "not a finite number";
        value = x * Math.Pow(10, power);
        return double.IsFinite(value) ? null : "not a finite number";
    }

    /// <summary>Writes a value in the engine's unit as NeuroML text, e.g. <c>"3pF"</c> (round-trip precision, no space).</summary>
    /// <param name="value">The value in the engine's unit.</param>
    /// <param name="dimension">Its dimension.</param>
    /// <returns>The text.</returns>
    public static string Format(double value, NeuroMlDimension dimension) =>
        value.ToString("R", CultureInfo.InvariantCulture) + EngineUnit(dimension);

    private static decimal Pow10(int power)
    {
        decimal p = 1;
        for (int i = 0; i < power; i++) p *= 10;
        return p;
    }

    private static string Describe(NeuroMlDimension dimension) => dimension switch
    {
        NeuroMlDimension.Time => "time",
        NeuroMlDimension.Voltage => "voltage",
        NeuroMlDimension.Current => "current",
        NeuroMlDimension.Conductance => "conductance",
        NeuroMlDimension.Capacitance => "capacitance",
        NeuroMlDimension.Frequency => "frequency",
        NeuroMlDimension.ConductancePerVoltage => "conductance per voltage",
        _ => "number",
    };
}
