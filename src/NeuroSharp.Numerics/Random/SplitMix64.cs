namespace NeuroSharp.Numerics.Random;

/// <summary>
/// The SplitMix64 mixing function (Steele, Lea and Flood 2014), used to turn seeds and stream ids
/// into well-spread 64-bit keys. It is a bijection, so distinct inputs give distinct outputs.
/// </summary>
public static class SplitMix64
{
    /// <summary>The golden-ratio increment of SplitMix64.</summary>
    public const ulong Increment = 0x9E3779B97F4A7C15UL;

    /// <summary>Mixes one 64-bit value into a well-spread 64-bit value.</summary>
    /// <param name="value">The value to mix.</param>
    /// <returns>The mixed value.</returns>
    public static ulong Mix(ulong value)
    {
        ulong z = value;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Advances a SplitMix64 state and returns the next output.</summary>
    /// <param name="state">The generator state, advanced in place.</param>
    /// <returns>The next 64-bit output.</returns>
    public static ulong Next(ref ulong state)
    {
        state += Increment;
        return Mix(state);
    }
}
