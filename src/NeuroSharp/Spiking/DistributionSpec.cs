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

    /// <summary>The value of each neuron in order (for <see cref="DistributionKind.PerNeuron"/>), else null.</summary>
    /// <remarks>Left out of JSON when null, so files that embed a distribution (model files' options) keep their bytes.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Values { get; init; }

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

    /// <summary>One value per neuron, in neuron order (initial values only).</summary>
    /// <param name="values">The values, as many as the population has neurons.</param>
    /// <returns>The spec.</returns>
    public static DistributionSpec PerNeuron(IReadOnlyList<double> values) => new() { Kind = DistributionKind.PerNeuron, Values = values };

    /// <summary>True when every draw is the same value (a per-neuron list never counts: it is read by index, not drawn).</summary>
    public bool IsConstant => Kind == DistributionKind.Constant || (Kind == DistributionKind.Uniform && Low == High) || (Kind == DistributionKind.Normal && StdDev == 0);

    /// <summary>The smallest value a draw can take (minus infinity for a normal with spread).</summary>
    public double Minimum => Kind switch
    {
        DistributionKind.Constant => Value,
        DistributionKind.Uniform => Low,
        DistributionKind.PerNeuron => Values is { Count: > 0 } v ? v.Min() : double.NaN,
        _ => StdDev == 0 ? Mean : double.NegativeInfinity,
    };

    /// <summary>Checks the parameters.</summary>
    /// <param name="owner">The spec that holds this value (for the message).</param>
    /// <param name="property">The property that holds this value.</param>
    /// <param name="neurons">The population's size where a per-neuron list is allowed (initial values), else null.</param>
    /// <exception cref="InvalidOptionException">A parameter is not finite, or high is below low, or sd is negative, or a
    /// per-neuron list is where it is not allowed or does not hold one value per neuron.</exception>
    public void Validate(string owner, string property, int? neurons = null)
    {
        OptionChecks.Defined(owner, property, Kind);
        switch (Kind)
        {
            case DistributionKind.PerNeuron:
                if (neurons is not { } n)
                    throw new InvalidOptionException(owner, property, "takes a number or a distribution; a list of one value per neuron is for initial values only", Values?.Count ?? 0);
                if (Values is null || Values.Count != n)
                    throw new InvalidOptionException(owner, property, $"lists one value per neuron, so needs {n} values", Values?.Count ?? 0);
                for (int i = 0; i < n; i++) SpecChecks.Finite(owner, $"{property}[{i}]", Values[i]);
                break;
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
