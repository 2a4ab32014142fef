using NeuroSharp.Numerics.Bits;

namespace NeuroSharp.Stochastic;

/// <summary>
/// A stochastic number: a value in [0, 1] carried by a bit vector whose density of ones is the value,
/// the ones spread evenly (article 003, docs/articles.md#article-003-correlation-neuron; docs/stochastic-computing.md). Arithmetic is logic on the bits.
/// </summary>
/// <remarks>
/// <para>For streams a and b whose bits are independent, each output bit is one with probability:
/// AND: p_a p_b (multiplication); OR: p_a + p_b - p_a p_b; NOT: 1 - p_a; MUX with select s:
/// (1 - p_s) p_a + p_s p_b (scaled addition, (p_a + p_b) / 2 at p_s = 1/2). The estimate of a product over
/// L bits is binomial: its standard error is sqrt(p (1 - p) / L). Streams drawn from one shared random
/// sequence are fully correlated instead: AND returns min(p_a, p_b), OR returns max(p_a, p_b); this is the
/// error the article describes for the codes of similar images.</para>
/// <para>Gaines, "Stochastic computing systems", Advances in Information Systems Science 2, 1969;
/// Alaghi and Hayes, "Survey of stochastic computing", ACM TECS 12(2s), 2013.</para>
/// </remarks>
public sealed class Bitstream
{
    /// <summary>Wraps a bit vector (not copied).</summary>
    /// <param name="bits">The bits.</param>
    public Bitstream(BitVector bits)
    {
        ArgumentNullException.ThrowIfNull(bits);
        Bits = bits;
    }

    /// <summary>Creates a stream of zeros (the value 0).</summary>
    /// <param name="length">L, the number of bits.</param>
    public Bitstream(int length)
        : this(new BitVector(length))
    {
    }

    /// <summary>The bits.</summary>
    public BitVector Bits { get; }

    /// <summary>L, the number of bits.</summary>
    public int Length => Bits.Length;

    /// <summary>The value carried: countOnes / L.</summary>
    public double Value => Bits.Density();

    /// <summary>Multiplication: a AND b.</summary>
    /// <param name="a">First factor.</param>
    /// <param name="b">Second factor, same length.</param>
    /// <returns>A new stream of value p_a p_b for independent streams.</returns>
    public static Bitstream Multiply(Bitstream a, Bitstream b)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = new Bitstream(a.Length);
        Multiply(a, b, result);
        return result;
    }

    /// <summary>Multiplication into a destination: destination = a AND b.</summary>
    /// <param name="a">First factor.</param>
    /// <param name="b">Second factor.</param>
    /// <param name="destination">The product (may be a factor).</param>
    public static void Multiply(Bitstream a, Bitstream b, Bitstream destination)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(destination);
        BitVector.And(a.Bits, b.Bits, destination.Bits);
    }

    /// <summary>The product's value without building the product: countOnes(a AND b) / L.</summary>
    /// <param name="a">First factor.</param>
    /// <param name="b">Second factor, same length.</param>
    /// <returns>The estimate of p_a p_b.</returns>
    public static double MultiplyValue(Bitstream a, Bitstream b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Length == 0 ? 0 : (double)BitVector.AndPopCount(a.Bits, b.Bits) / a.Length;
    }

    /// <summary>a OR b: p_a + p_b - p_a p_b for independent streams (saturating addition).</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand, same length.</param>
    /// <returns>A new stream.</returns>
    public static Bitstream Or(Bitstream a, Bitstream b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var result = new Bitstream(a.Length);
        BitVector.Or(a.Bits, b.Bits, result.Bits);
        return result;
    }

    /// <summary>NOT a: the complement 1 - p_a.</summary>
    /// <param name="a">The operand.</param>
    /// <returns>A new stream.</returns>
    public static Bitstream Not(Bitstream a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = new Bitstream(a.Length);
        BitVector.Not(a.Bits, result.Bits);
        return result;
    }

    /// <summary>Scaled addition with a multiplexer: bit of b where the select bit is one, else of a; (1 - p_s) p_a + p_s p_b.</summary>
    /// <param name="a">Chosen where select is 0.</param>
    /// <param name="b">Chosen where select is 1.</param>
    /// <param name="select">The select stream, independent of both; value 1/2 gives (p_a + p_b) / 2.</param>
    /// <returns>A new stream.</returns>
    public static Bitstream ScaledAdd(Bitstream a, Bitstream b, Bitstream select)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(select);
        var result = new Bitstream(a.Length);
        BitVector.Select(a.Bits, b.Bits, select.Bits, result.Bits);
        return result;
    }

    /// <inheritdoc />
    public override string ToString() => $"Bitstream({Length} bits, value {Value:G6})";
}
