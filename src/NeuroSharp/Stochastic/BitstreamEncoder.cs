using NeuroSharp.Numerics.Bits;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Stochastic;

/// <summary>
/// Turns values in [0, 1] into bitstreams. The random encoder takes its <see cref="RandomStream"/>
/// explicitly, because whether two streams share their random numbers decides whether logic on them
/// computes products (independent streams) or minima (one shared stream).
/// </summary>
/// <remarks>
/// <para>Bernoulli: bit i = [u_i &lt; v] with u_i uniform; the bits are independent and each is one with
/// probability v (resolution 2^-32). Two streams encoded from equal random sequences are maximally
/// correlated: bit i of (a AND b) is [u_i &lt; min(a, b)].</para>
/// <para>Low-discrepancy: bit i = [frac(phi_b(i) + r) &lt; v] with phi_b the radical inverse in the prime base
/// b of the chosen dimension (van der Corput for base 2, Halton sequence across dimensions) and r a
/// rotation in [0, 1) (Cranley-Patterson). The count of ones is within a few of v L, so the value's
/// error falls like 1/L instead of 1/sqrt(L); streams of different dimensions multiply with an error near
/// (log L)^2 / L, streams of the same dimension and rotation are fully correlated (Alaghi and Hayes,
/// "Fast and accurate computation using stochastic circuits", DATE 2014).</para>
/// </remarks>
public static class BitstreamEncoder
{
    private static readonly int[] Primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53];

    /// <summary>The number of low-discrepancy dimensions (prime bases) available.</summary>
    public static int DimensionCount => Primes.Length;

    /// <summary>Independent Bernoulli bits of probability <paramref name="value"/>.</summary>
    /// <param name="value">The value v in [0, 1].</param>
    /// <param name="length">L, the number of bits.</param>
    /// <param name="rng">The random stream; two calls with equal streams give equal (fully correlated) streams.</param>
    /// <returns>A new stream.</returns>
    public static Bitstream Bernoulli(double value, int length, RandomStream rng)
    {
        var result = new Bitstream(length);
        Bernoulli(value, rng, result.Bits);
        return result;
    }

    /// <summary>Independent Bernoulli bits of probability <paramref name="value"/>, into a destination.</summary>
    /// <param name="value">The value v in [0, 1].</param>
    /// <param name="rng">The random stream (two 32-bit uniforms per draw).</param>
    /// <param name="destination">Receives the bits (all of them are written).</param>
    public static void Bernoulli(double value, RandomStream rng, BitVector destination)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(destination);
        CheckValue(value);
        // Bit = [u < threshold] with u a 32-bit uniform: probability threshold / 2^32 = v up to 2^-33.
        ulong threshold = (ulong)Math.Round(value * 4294967296.0);
        var words = destination.Words;
        int length = destination.Length;
        for (int w = 0; w < words.Length; w++)
        {
            ulong word = 0;
            int bits = Math.Min(64, length - (w << 6));
            for (int b = 0; b < bits; b += 2)
            {
                ulong r = rng.NextUInt64();
                if ((r & 0xFFFFFFFFUL) < threshold) word |= 1UL << b;
                if (b + 1 < bits && (r >> 32) < threshold) word |= 1UL << (b + 1);
            }
            words[w] = word;
        }
    }

    /// <summary>A deterministic low-discrepancy stream: bit i = [frac(phi_b(i) + rotation) &lt; value].</summary>
    /// <param name="value">The value v in [0, 1].</param>
    /// <param name="length">L, the number of bits.</param>
    /// <param name="dimension">Which prime base: 0 is base 2, 1 is base 3, ...; streams meant to multiply use different dimensions.</param>
    /// <param name="rotation">The rotation r in [0, 1); draw it from a random stream for a randomised sequence.</param>
    /// <returns>A new stream.</returns>
    public static Bitstream LowDiscrepancy(double value, int length, int dimension = 0, double rotation = 0)
    {
        var result = new Bitstream(length);
        LowDiscrepancy(value, dimension, rotation, result.Bits);
        return result;
    }

    /// <summary>A deterministic low-discrepancy stream, into a destination.</summary>
    /// <param name="value">The value v in [0, 1].</param>
    /// <param name="dimension">Which prime base, in [0, <see cref="DimensionCount"/>).</param>
    /// <param name="rotation">The rotation r in [0, 1).</param>
    /// <param name="destination">Receives the bits (all of them are written).</param>
    public static void LowDiscrepancy(double value, int dimension, double rotation, BitVector destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckValue(value);
        if ((uint)dimension >= (uint)Primes.Length)
            throw new ArgumentOutOfRangeException(nameof(dimension), $"The low-discrepancy dimension must be in [0, {Primes.Length}) (got {dimension}).");
        if (!(rotation >= 0 && rotation < 1))
            throw new ArgumentOutOfRangeException(nameof(rotation), $"The rotation must be in [0, 1) (got {rotation}).");
        int b = Primes[dimension];
        var words = destination.Words;
        words.Clear();
        for (int i = 0; i < destination.Length; i++)
        {
            double u = RadicalInverse(i, b) + rotation;
            if (u >= 1) u -= 1;
            if (u < value) words[i >> 6] |= 1UL << (i & 63);
        }
    }

    /// <summary>The radical inverse phi_b(i): the base-b digits of i mirrored about the radix point.</summary>
    /// <param name="index">i, at least 0.</param>
    /// <param name="radix">The base b, at least 2.</param>
    /// <returns>A value in [0, 1).</returns>
    public static double RadicalInverse(int index, int radix)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(radix, 2);
        double result = 0, scale = 1.0 / radix;
        while (index > 0)
        {
            result += (index % radix) * scale;
            index /= radix;
            scale /= radix;
        }
        return result;
    }

    private static void CheckValue(double value)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(nameof(value), $"A stochastic value must be in [0, 1] (got {value}).");
    }
}
