using NeuroSharp.Numerics.Bits;

namespace NeuroSharp.Stochastic;

/// <summary>
/// The multiplier neuron of article 003 (docs/articles.md#article-003-correlation-neuron): binary excitatory synapses of equal weight and a summing transfer
/// function, so its output is the stochastic product of its input activity and its synaptic map.
/// </summary>
/// <remarks>
/// output = countOnes(a AND s) / L, with a the input activity (bit i: input neuron i fired), s the
/// synaptic map (bit i: a synapse from input neuron i) and L the number of inputs. When a and s are
/// independent, evenly spread vectors of densities p_a and p_s the output estimates p_a p_s (0.7 x 0.4 =
/// 0.28 in the article's example).
/// </remarks>
public sealed class MultiplierNeuron
{
    /// <summary>Creates the neuron.</summary>
    /// <param name="synapses">The synaptic map s (kept, not copied).</param>
    public MultiplierNeuron(BitVector synapses)
    {
        ArgumentNullException.ThrowIfNull(synapses);
        Synapses = synapses;
    }

    /// <summary>The synaptic map s.</summary>
    public BitVector Synapses { get; }

    /// <summary>L, the number of inputs.</summary>
    public int InputCount => Synapses.Length;

    /// <summary>The output for an input activity.</summary>
    /// <param name="input">The activity a, L bits.</param>
    /// <returns>countOnes(a AND s) / L.</returns>
    public double Respond(BitVector input) => Multiply(input, Synapses);

    /// <summary>countOnes(a AND s) / L for any two vectors of equal length.</summary>
    /// <param name="activity">The activity a.</param>
    /// <param name="synapses">The map s.</param>
    /// <returns>The product estimate (0 for empty vectors).</returns>
    public static double Multiply(BitVector activity, BitVector synapses)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(synapses);
        return activity.Length == 0 ? 0 : (double)BitVector.AndPopCount(activity, synapses) / activity.Length;
    }
}
