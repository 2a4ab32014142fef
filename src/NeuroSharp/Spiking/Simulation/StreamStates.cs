using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The state words of per-block random streams, out and back in: a device backend draws with the same xoshiro256**
/// streams and hands their states back, so the host's streams continue where the device stopped (keys kept).
/// </summary>
internal static class StreamStates
{
    /// <summary>Writes the four state words of each stream, stream by stream.</summary>
    public static void Copy(RandomStream[] streams, Span<ulong> words)
    {
        for (int b = 0; b < streams.Length; b++)
        {
            var s = streams[b].GetState();
            (words[4 * b], words[4 * b + 1], words[4 * b + 2], words[4 * b + 3]) = (s.S0, s.S1, s.S2, s.S3);
        }
    }

    /// <summary>Continues each stream from its four state words.</summary>
    public static void Set(RandomStream[] streams, ReadOnlySpan<ulong> words)
    {
        for (int b = 0; b < streams.Length; b++)
            streams[b] = new RandomStream(new RandomStreamState(streams[b].Key, words[4 * b], words[4 * b + 1], words[4 * b + 2], words[4 * b + 3]));
    }
}
