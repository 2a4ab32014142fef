namespace NeuroSharp.Numerics.Random;

/// <summary>
/// The complete state of a <see cref="RandomStream"/>: its key (from which forks derive) and the four
/// xoshiro256** words. Store it in a checkpoint and restore it to continue the same sequence.
/// </summary>
/// <param name="Key">The key of the stream: the seed, or for a fork the key derived from its parent.</param>
/// <param name="S0">State word 0.</param>
/// <param name="S1">State word 1.</param>
/// <param name="S2">State word 2.</param>
/// <param name="S3">State word 3.</param>
public readonly record struct RandomStreamState(ulong Key, ulong S0, ulong S1, ulong S2, ulong S3)
{
    /// <summary>The state as four hexadecimal words plus the key, for JSON metadata.</summary>
    /// <returns>Five 16-digit hexadecimal strings: key, s0, s1, s2, s3.</returns>
    public string[] ToHex() =>
        [Key.ToString("x16"), S0.ToString("x16"), S1.ToString("x16"), S2.ToString("x16"), S3.ToString("x16")];

    /// <summary>Parses the output of <see cref="ToHex"/>.</summary>
    /// <param name="words">Five hexadecimal words.</param>
    /// <returns>The state.</returns>
    /// <exception cref="FormatException">The words are not five 64-bit hexadecimal numbers, or the state is all zero.</exception>
    public static RandomStreamState FromHex(IReadOnlyList<string> words)
    {
        if (words.Count != 5)
            throw new FormatException($"A random stream state needs 5 hexadecimal words (got {words.Count}).");
        var v = new ulong[5];
        for (int i = 0; i < 5; i++)
        {
            if (!ulong.TryParse(words[i], System.Globalization.NumberStyles.HexNumber, null, out v[i]))
                throw new FormatException($"Random stream state word {i} is not a 64-bit hexadecimal number (got '{words[i]}').");
        }
        if ((v[1] | v[2] | v[3] | v[4]) == 0)
            throw new FormatException("A random stream state cannot be all zero.");
        return new RandomStreamState(v[0], v[1], v[2], v[3], v[4]);
    }
}
