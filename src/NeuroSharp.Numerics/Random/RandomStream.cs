using System.Runtime.CompilerServices;

namespace NeuroSharp.Numerics.Random;

/// <summary>
/// A deterministic pseudo-random stream: xoshiro256** (Blackman and Vigna 2018) seeded through
/// SplitMix64. Sequences depend only on the seed, never on the .NET version or the thread count.
/// </summary>
/// <remarks>
/// Streams fork by id: <c>Fork(id)</c> depends only on this stream's key and <c>id</c>, not on how many
/// numbers were drawn, so a partition of the work (a layer, a worker, a population) gets the same
/// stream whatever else ran before it. Use one stream per independent consumer; a stream is not
/// thread-safe.
/// </remarks>
public sealed class RandomStream
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates the stream of a seed.</summary>
    /// <param name="seed">Any 64-bit seed; equal seeds give equal sequences.</param>
    public RandomStream(ulong seed) => Seed(seed);

    private void Seed(ulong seed)
    {
        Key = seed;
        ulong sm = seed;
        _s0 = SplitMix64.Next(ref sm);
        _s1 = SplitMix64.Next(ref sm);
        _s2 = SplitMix64.Next(ref sm);
        _s3 = SplitMix64.Next(ref sm);
    }

    /// <summary>Restores a stream from a saved state.</summary>
    /// <param name="state">A state from <see cref="GetState"/>.</param>
    /// <exception cref="ArgumentException">The state words are all zero (not a reachable state).</exception>
    public RandomStream(RandomStreamState state)
    {
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0)
            throw new ArgumentException("A random stream state cannot be all zero.", nameof(state));
        Key = state.Key;
        (_s0, _s1, _s2, _s3) = (state.S0, state.S1, state.S2, state.S3);
    }

    /// <summary>The key of this stream: its seed, or for a fork the key derived from the parent and id.</summary>
    public ulong Key { get; private set; }

    /// <summary>Derives the independent stream number <paramref name="streamId"/> of this stream.</summary>
    /// <param name="streamId">The id of the child stream (a layer index, a worker index, a purpose tag).</param>
    /// <returns>A new stream whose sequence depends only on (<see cref="Key"/>, <paramref name="streamId"/>).</returns>
    public RandomStream Fork(ulong streamId) =>
        new(ForkKey(streamId));

    /// <summary>
    /// Turns <paramref name="child"/> into the stream <see cref="Fork"/> returns for <paramref name="streamId"/>,
    /// reusing its object: a loop that forks one stream per item (a target's synapses) allocates nothing.
    /// </summary>
    /// <param name="streamId">The id of the child stream.</param>
    /// <param name="child">The stream to overwrite (not this one's parent chain: its old state is lost).</param>
    public void ForkInto(ulong streamId, RandomStream child)
    {
        ArgumentNullException.ThrowIfNull(child);
        child.Seed(ForkKey(streamId));
    }

    private ulong ForkKey(ulong streamId) => ChildKey(Key, streamId);

    /// <summary>
    /// The key of child <paramref name="streamId"/> of the stream keyed <paramref name="parentKey"/> (what <see cref="Fork"/> seeds
    /// the child with), without making the stream: a counter-based draw, one 64-bit value per (parent, id), for work that
    /// needs one number per item and step and keeps no state per item but its key.
    /// </summary>
    /// <param name="parentKey">The parent stream's <see cref="Key"/>.</param>
    /// <param name="streamId">The child's id.</param>
    /// <returns>The child's key: well spread, and distinct for distinct ids of one parent.</returns>
    public static ulong ChildKey(ulong parentKey, ulong streamId) => SplitMix64.Mix(parentKey ^ SplitMix64.Mix(streamId + SplitMix64.Increment));

    /// <summary>Returns the state, to store in a checkpoint.</summary>
    /// <returns>The key and the four state words.</returns>
    public RandomStreamState GetState() => new(Key, _s0, _s1, _s2, _s3);

    /// <summary>Returns the next 64 random bits.</summary>
    /// <returns>A uniformly distributed 64-bit value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Returns a uniform double in [0, 1) with 53 random bits.</summary>
    /// <returns>A value in [0, 1).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Returns a uniform float in [0, 1) with 24 random bits.</summary>
    /// <returns>A value in [0, 1).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Returns a uniform integer in [0, <paramref name="maxExclusive"/>), without bias (Lemire 2019).</summary>
    /// <param name="maxExclusive">The exclusive upper bound, at least 1.</param>
    /// <returns>An integer in [0, maxExclusive).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is below 1.</exception>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        uint range = (uint)maxExclusive;
        ulong m = (ulong)(uint)(NextUInt64() >> 32) * range;
        uint low = (uint)m;
        if (low < range)
        {
            uint threshold = (uint)(-range) % range;
            while (low < threshold)
            {
                m = (ulong)(uint)(NextUInt64() >> 32) * range;
                low = (uint)m;
            }
        }
        return (int)(m >> 32);
    }

    /// <summary>Returns true with probability <paramref name="probability"/>.</summary>
    /// <param name="probability">The probability of true, in [0, 1].</param>
    /// <returns>A Bernoulli draw.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool NextBernoulli(double probability) => NextDouble() < probability;

    /// <summary>Returns a standard normal value (Box-Muller; one value per two uniforms, no cache, so the state stays five words).</summary>
    /// <returns>A draw from N(0, 1).</returns>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Shuffles a span in place (Fisher-Yates).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="values">The values to shuffle.</param>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>Returns a random permutation of 0..<paramref name="count"/>-1.</summary>
    /// <param name="count">The number of elements, at least 0.</param>
    /// <returns>A new array holding a permutation.</returns>
    public int[] Permutation(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var p = new int[count];
        for (int i = 0; i < count; i++) p[i] = i;
        Shuffle(p.AsSpan());
        return p;
    }

    /// <summary>Returns <paramref name="count"/> distinct integers from [0, <paramref name="populationCount"/>), in draw order.</summary>
    /// <param name="count">How many to draw; at most <paramref name="populationCount"/>.</param>
    /// <param name="populationCount">The size of the population.</param>
    /// <returns>A new array of distinct indices.</returns>
    /// <exception cref="ArgumentOutOfRangeException">count is negative or larger than the population.</exception>
    public int[] SampleWithoutReplacement(int count, int populationCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > populationCount)
            throw new ArgumentOutOfRangeException(nameof(count), $"Cannot draw {count} distinct items from {populationCount}.");
        // Partial Fisher-Yates over a lazily materialised permutation: O(count) memory for small counts.
        var swapped = new Dictionary<int, int>();
        var result = new int[count];
        for (int i = 0; i < count; i++)
        {
            int j = i + NextInt(populationCount - i);
            int vj = swapped.TryGetValue(j, out int a) ? a : j;
            int vi = swapped.TryGetValue(i, out int b) ? b : i;
            swapped[j] = vi;
            result[i] = vj;
        }
        return result;
    }

    /// <summary>Fills a span with uniform floats in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    /// <param name="destination">The span to fill.</param>
    /// <param name="low">The inclusive lower bound.</param>
    /// <param name="high">The exclusive upper bound.</param>
    public void FillUniform(Span<float> destination, float low = 0f, float high = 1f)
    {
        float width = high - low;
        for (int i = 0; i < destination.Length; i++) destination[i] = low + width * NextSingle();
    }
}
