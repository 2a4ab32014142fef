using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Learning;

/// <summary>The two sources of training noise: dropout masks and Poisson spike counts.</summary>
internal static class SpikeCoding
{
    /// <summary>
    /// keep_i = 1 / (1 - q) with probability 1 - q, else 0; four 16-bit draws per 64-bit number, so q is
    /// rounded to a multiple of 2^-16 (exact for 0.5, 0.25, 0.2 to 4 decimals).
    /// </summary>
    public static void DrawKeepScales(Span<float> keep, float q, RandomStream stream)
    {
        int threshold = (int)Math.Round(q * 65536.0);
        float scale = 1f / (1f - q);
        int i = 0;
        for (; i + 4 <= keep.Length; i += 4)
        {
            ulong bits = stream.NextUInt64();
            keep[i] = Kept(bits, threshold) * scale;
            keep[i + 1] = Kept(bits >> 16, threshold) * scale;
            keep[i + 2] = Kept(bits >> 32, threshold) * scale;
            keep[i + 3] = Kept(bits >> 48, threshold) * scale;
        }
        if (i < keep.Length)
        {
            ulong bits = stream.NextUInt64();
            for (; i < keep.Length; i++, bits >>= 16) keep[i] = Kept(bits, threshold) * scale;
        }
    }

    /// <summary>1 when the low 16 bits are at least the threshold, else 0, without a branch (a coin flip mispredicts half the time).</summary>
    private static int Kept(ulong bits, int threshold) => ((int)(bits & 0xFFFF) - threshold >> 31) + 1;

    /// <summary>
    /// Replaces each rate h (at least 0) by s = n / T with n ~ Poisson(T h): the unit fires n spikes in a
    /// window where a unit of rate 1 fires T on average. E[s] = h, Var[s] = h / T.
    /// </summary>
    public static void Encode(Span<float> h, float spikeCount, RandomStream stream)
    {
        float inverse = 1f / spikeCount;
        for (int i = 0; i < h.Length; i++)
        {
            float lambda = spikeCount * MathF.Max(h[i], 0f);
            h[i] = lambda <= 0f ? 0f : Poisson(lambda, stream) * inverse;
        }
    }

    /// <summary>A Poisson draw: Knuth's product of uniforms below 30, a rounded normal above (error under 1 %).</summary>
    public static int Poisson(float lambda, RandomStream stream)
    {
        if (lambda < 30f)
        {
            double limit = Math.Exp(-lambda), product = stream.NextDouble();
            int count = 0;
            while (product > limit)
            {
                count++;
                product *= stream.NextDouble();
            }
            return count;
        }
        return Math.Max(0, (int)Math.Round(lambda + Math.Sqrt(lambda) * stream.NextGaussian()));
    }
}
