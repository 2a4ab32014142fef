using System.Globalization;

namespace NeuroSharp;

/// <summary>
/// An option record holds a value out of its range. The message reads
/// <c>Owner.Property requirement (got value).</c>; a front end can rephrase it with its own option
/// name from <see cref="Property"/>, <see cref="Requirement"/> and <see cref="Value"/>.
/// </summary>
public sealed class InvalidOptionException : InvalidInputException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="owner">The type that holds the option, e.g. <c>CompetitiveLayerOptions</c>.</param>
    /// <param name="property">The property name, e.g. <c>LearningRate</c>.</param>
    /// <param name="requirement">What the value must satisfy, e.g. <c>must be in (0, 1]</c>.</param>
    /// <param name="value">The rejected value.</param>
    public InvalidOptionException(string owner, string property, string requirement, object? value)
        : base($"{owner}.{property} {requirement} (got {Format(value)}).")
    {
        Owner = owner;
        Property = property;
        Requirement = requirement;
        Value = value;
    }

    /// <summary>The type that holds the option.</summary>
    public string Owner { get; }

    /// <summary>The property that holds the bad value.</summary>
    public string Property { get; }

    /// <summary>What the value must satisfy.</summary>
    public string Requirement { get; }

    /// <summary>The rejected value.</summary>
    public object? Value { get; }

    /// <summary>Formats a value the way messages show it (invariant culture, round-trip floats).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Its text.</returns>
    public static string Format(object? value) => value switch
    {
        null => "null",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
