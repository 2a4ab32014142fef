namespace NeuroSharp;

/// <summary>Range checks for option records; each throws <see cref="InvalidOptionException"/> naming the option.</summary>
internal static class OptionChecks
{
    public static void AtLeast(string owner, string property, int value, int minimum)
    {
        if (value < minimum) throw new InvalidOptionException(owner, property, $"must be at least {minimum}", value);
    }

    public static void AtLeast(string owner, string property, long value, long minimum)
    {
        if (value < minimum) throw new InvalidOptionException(owner, property, $"must be at least {minimum}", value);
    }

    // The float overloads keep the float for the message: (double)-0.1f would print as -0.10000000149011612.

    /// <summary>lowExclusive &lt; value &lt;= high.</summary>
    public static void InHalfOpen(string owner, string property, double value, double lowExclusive, double high) =>
        InHalfOpen(owner, property, value, lowExclusive, high, value);

    /// <summary>lowExclusive &lt; value &lt;= high.</summary>
    public static void InHalfOpen(string owner, string property, float value, double lowExclusive, double high) =>
        InHalfOpen(owner, property, value, lowExclusive, high, value);

    /// <summary>low &lt;= value &lt;= high.</summary>
    public static void InClosed(string owner, string property, double value, double low, double high) =>
        InClosed(owner, property, value, low, high, value);

    /// <summary>low &lt;= value &lt;= high.</summary>
    public static void InClosed(string owner, string property, float value, double low, double high) =>
        InClosed(owner, property, value, low, high, value);

    /// <summary>low &lt;= value &lt; highExclusive.</summary>
    public static void InRightOpen(string owner, string property, double value, double low, double highExclusive)
    {
        if (!(value >= low && value < highExclusive))
            throw new InvalidOptionException(owner, property, $"must be in [{Show(low)}, {Show(highExclusive)})", value);
    }

    private static void InHalfOpen(string owner, string property, double value, double lowExclusive, double high, object shown)
    {
        if (!(value > lowExclusive && value <= high))
            throw new InvalidOptionException(owner, property, $"must be in ({Show(lowExclusive)}, {Show(high)}]", shown);
    }

    private static void InClosed(string owner, string property, double value, double low, double high, object shown)
    {
        if (!(value >= low && value <= high))
            throw new InvalidOptionException(owner, property, $"must be in [{Show(low)}, {Show(high)}]", shown);
    }

    private static string Show(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Refuses a count of elements larger than one .NET array holds (<see cref="Array.MaxLength"/>).</summary>
    /// <param name="what">What would be allocated, for the message.</param>
    /// <param name="elements">The element count (saturated products allowed).</param>
    public static void FitsOneArray(string what, long elements)
    {
        if (elements > Array.MaxLength)
            throw new InvalidInputException($"{what} would need {(elements == long.MaxValue ? "more than 9.2E+18" : elements.ToString(System.Globalization.CultureInfo.InvariantCulture))} values in one array; at most {Array.MaxLength} fit.");
    }

    public static void Defined<TEnum>(string owner, string property, TEnum value) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new InvalidOptionException(owner, property, $"must be one of {string.Join(", ", Enum.GetNames<TEnum>())}", value);
    }
}
