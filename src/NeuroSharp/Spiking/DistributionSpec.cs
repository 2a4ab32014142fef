namespace NeuroSharp.Spiking;

/// <summary>
/// A value drawn per neuron or per synapse at build time (weights, delays, initial membrane
/// potentials): a constant, a uniform range or a normal distribution. In the network file a constant
/// is a plain number, the others <c>{"uniform": [low, high]}</c> and <c>{"normal": [mean, sd]}</c>.
/// </summary>
public sealed record DistributionSpec
{
    /// <summary>The shape.</summary>
    public DistributionKind Kind { get; init; }

    /// <summary>The constant (for <see cref="DistributionKind.Constant"/>).</summary>
    public double Value { get; init; }

    /// <summary>Lower bound of a uniform range (inclusive).</summary>
    public double Low { get; init; }

    /// <summary>Upper bound of a uniform range (exclusive).</summary>
    public double High { get; init; }

    /// <summary>Mean of a normal distribution.</summary>
    public double Mean { get; init; }

    /// <summary>Standard deviation of a normal distribution, at least 0.</summary>
    public double StdDev { get; init; }

    /// <summary>A constant.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The spec.</returns>
    public static DistributionSpec Constant(double value) => new() { Kind = DistributionKind.Constant, Value = value };

    /// <summary>A uniform range [low, high).</summary>
    /// <param name="low">The lower bound.</param>
    /// <param name="high">The upper bound, at least <paramref name="low"/>.</param>
    /// <returns>The spec.</returns>
    public static DistributionSpec Uniform(double low, double high) => new() { Kind = DistributionKind.Uniform, Low = low, High = high };

    /// <summary>A normal distribution.</summary>
    /// <param name="mean">The mean.</param>
    /// <param name="stdDev">The standard deviation.</param>
    /// <returns>The spec.</returns>
    public static DistributionSpec Normal(double mean, double stdDev) => new() { Kind = DistributionKind.Normal, Mean = mean, StdDev = stdDev };

    /// <summary>True when every draw is the same value.</summary>
    public bool IsConstant => Kind == DistributionKind.Constant || (Kind == DistributionKind.Uniform && Low == High) || (Kind == DistributionKind.Normal && StdDev == 0);

    /// <summary>The smallest value a draw can take (minus infinity for a normal with spread).</summary>
    public double Minimum => Kind switch
    {
        DistributionKind.Constant => Value,
        DistributionKind.Uniform => Low,
        _ => StdDev == 0 ? Mean : double.NegativeInfinity,
    };

    /// <summary>Checks the parameters.</summary>
    /// <param name="owner">The spec that holds this value (for the message).</param>
    /// <param name="property">The property that holds this value.</param>
    /// <exception cref="InvalidOptionException">A parameter is not finite, or high is below low, or sd is negative.</exception>
    public void Validate(string owner, string property)
    {
        OptionChecks.Defined(owner, property, Kind);
        switch (Kind)
        {
            case DistributionKind.Constant:
                SpecChecks.Finite(owner, property, Value);
                break;
            case DistributionKind.Uniform:
                SpecChecks.Finite(owner, property, Low);
                SpecChecks.Finite(owner, property, High);
                if (High < Low) throw new InvalidOptionException(owner, property, $"needs low <= high in its uniform range (low {InvalidOptionException.Format(Low)})", High);
                break;
            default:
                SpecChecks.Finite(owner, property, Mean);
                SpecChecks.NonNegative(owner, property, StdDev);
                break;
        }
    }
}
