using System.Globalization;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// Parses NeuroML quantities such as <c>"3pF"</c>, <c>"0.1 nS"</c>, <c>"-70mV"</c>, <c>"50Hz"</c> or <c>"0.2 uS"</c>
/// and converts them to the engine's unit of their dimension (ms, mV, pA, nS, pF, Hz), and back.
/// </summary>
/// <remarks>
/// The conversion is exact: the unit's power of ten is added to the number's decimal exponent and the
/// result is rounded once to the nearest double, so "0.2 uS" is exactly 200 nS, "3pF" exactly 3 pF, and a
/// number written with round-trip precision reads back as the same double.
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
        [NeuroMlDimension.PerTime] = ("per_ms", new() { ["per_ms"] = 0, ["per_s"] = -3, ["Hz"] = -3, ["kHz"] = 0 }),
        [NeuroMlDimension.ConductanceDensity] = ("S_per_m2", new() { ["S_per_m2"] = 0, ["mS_per_cm2"] = 1, ["S_per_cm2"] = 4, ["uS_per_cm2"] = -2 }),
        [NeuroMlDimension.SpecificCapacitance] = ("F_per_m2", new() { ["F_per_m2"] = 0, ["uF_per_cm2"] = -2 }),
        [NeuroMlDimension.Concentration] = ("mM", new() { ["mM"] = 0, ["mol_per_m3"] = 0, ["M"] = 3, ["mol_per_cm3"] = 6 }),
        [NeuroMlDimension.Resistivity] = ("ohm_m", new() { ["ohm_m"] = 0, ["kohm_cm"] = 1, ["ohm_cm"] = -2 }),
        [NeuroMlDimension.Length] = ("um", new() { ["m"] = 6, ["cm"] = 4, ["um"] = 0 }),
        [NeuroMlDimension.Permeability] = ("m_per_s", new() { ["m_per_s"] = 0, ["cm_per_s"] = -2, ["um_per_ms"] = -3, ["cm_per_ms"] = 1 }),
        [NeuroMlDimension.RhoFactor] = ("mol_per_m_per_A_per_s", new() { ["mol_per_m_per_A_per_s"] = 0, ["mol_per_cm_per_uA_per_ms"] = 11, ["umol_per_cm_per_nA_per_ms"] = 8 }),
        [NeuroMlDimension.Resistance] = ("Mohm", new() { ["ohm"] = -6, ["kohm"] = -3, ["Mohm"] = 0, ["Gohm"] = 3 }),
        [NeuroMlDimension.PerVoltage] = ("per_mV", new() { ["per_mV"] = 0, ["per_V"] = -3 }),
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
        // Shift the decimal exponent instead of multiplying: "0.2" "uS" is parsed as 0.2E3 nS, which .NET rounds
        // correctly from the exact decimal value (one rounding, no product error).
        int e = number.IndexOfAny(['e', 'E']);
        string mantissa = e < 0 ? number : number[..e];
        int exponent = 0;
        if (e >= 0 && !int.TryParse(number[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            return "not a finite number";
        if (!double.TryParse(mantissa, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
            return "not a finite number";
        string shifted = string.Create(CultureInfo.InvariantCulture, $"{mantissa}E{(long)exponent + power}");
        if (!double.TryParse(shifted, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
            return "not a finite number";
        return null;
    }

    /// <summary>Reads a temperature ("6.3 degC", "279.45 K", "279.45K") in kelvin, or null with the reason it is not one.</summary>
    /// <param name="text">The attribute's text.</param>
    /// <param name="kelvin">The temperature in K.</param>
    /// <returns>Null, or why the text is not a temperature.</returns>
    public static string? TryParseTemperature(string text, out double kelvin)
    {
        kelvin = 0;
        string s = text.Trim();
        double offset;
        if (s.EndsWith("degC", StringComparison.Ordinal)) { offset = 273.15; s = s[..^4]; }
        else if (s.EndsWith('K')) { offset = 0; s = s[..^1]; }
        else return "not a temperature (units: degC, K)";
        if (!double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value)) return "not a finite number";
        kelvin = value + offset;
        return null;
    }

    /// <summary>Writes a value in the engine's unit as NeuroML text, e.g. <c>"3pF"</c> (round-trip precision, no space).</summary>
    /// <param name="value">The value in the engine's unit.</param>
    /// <param name="dimension">Its dimension.</param>
    /// <returns>The text.</returns>
    public static string Format(double value, NeuroMlDimension dimension) =>
        value.ToString("R", CultureInfo.InvariantCulture) + EngineUnit(dimension);

    private static string Describe(NeuroMlDimension dimension) => dimension switch
    {
        NeuroMlDimension.Time => "time",
        NeuroMlDimension.Voltage => "voltage",
        NeuroMlDimension.Current => "current",
        NeuroMlDimension.Conductance => "conductance",
        NeuroMlDimension.Capacitance => "capacitance",
        NeuroMlDimension.Frequency => "frequency",
        NeuroMlDimension.ConductancePerVoltage => "conductance per voltage",
        NeuroMlDimension.PerTime => "rate",
        NeuroMlDimension.ConductanceDensity => "conductance density",
        NeuroMlDimension.SpecificCapacitance => "specific capacitance",
        NeuroMlDimension.Concentration => "concentration",
        NeuroMlDimension.Resistivity => "resistivity",
        NeuroMlDimension.Length => "length",
        NeuroMlDimension.Permeability => "permeability",
        NeuroMlDimension.RhoFactor => "rho factor",
        NeuroMlDimension.PerVoltage => "per voltage",
        _ => "number",
    };
}
