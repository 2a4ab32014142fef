namespace NeuroSharp.Spiking;

/// <summary>Range checks shared by the spiking specs; each throws <see cref="InvalidOptionException"/> naming owner, property and value.</summary>
internal static class SpecChecks
{
    public static void Finite(string owner, string property, double value)
    {
        if (!double.IsFinite(value)) throw new InvalidOptionException(owner, property, "must be a finite number", value);
    }

    public static void Positive(string owner, string property, double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) throw new InvalidOptionException(owner, property, "must be > 0", value);
    }

    public static void NonNegative(string owner, string property, double value)
    {
        if (!(value >= 0) || !double.IsFinite(value)) throw new InvalidOptionException(owner, property, "must be >= 0", value);
    }

    public static void AtLeast(string owner, string property, int value, int minimum) =>
        OptionChecks.AtLeast(owner, property, value, minimum);

    public static void InClosed(string owner, string property, double value, double low, double high) =>
        OptionChecks.InClosed(owner, property, value, low, high);

    public static void Less(string owner, string property, double value, string otherName, double other)
    {
        if (!(value < other)) throw new InvalidOptionException(owner, property, $"must be below {otherName} ({InvalidOptionException.Format(other)})", value);
    }

    public static void NotNull(string owner, string property, object? value)
    {
        if (value is null) throw new InvalidOptionException(owner, property, "is required", null);
    }

    public static void Name(string owner, string property, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new InvalidOptionException(owner, property, "must be a non-empty name", value);
        foreach (char c in value)
        {
            if (char.IsControl(c) || c is ',' or '"')
                throw new InvalidOptionException(owner, property, "must not contain commas, quotes or control characters", value);
        }
    }
}
