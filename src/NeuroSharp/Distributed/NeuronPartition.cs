namespace NeuroSharp.Distributed;

/// <summary>How a partitioned simulation deals neurons to ranks (docs/distributed.md, "Partitioned simulate").</summary>
public enum PartitionScheme
{
    /// <summary>Global neuron id g goes to rank g mod P, as NEST deals its nodes: every population is spread evenly.</summary>
    RoundRobin,

    /// <summary>The global ids are cut into P contiguous blocks of near-equal size: rank r owns [r N / P, (r + 1) N / P).</summary>
    Blocks,
}

/// <summary>
/// Which rank owns which neuron. The populations are numbered in build order and their neurons get global
/// ids one after the other (population k's neuron i is offset_k + i); a scheme maps each global id to
/// exactly one rank. Every rank computes the same map from the same sizes, so nothing is exchanged to agree on it.
/// </summary>
public sealed class NeuronPartition
{
    private readonly long[] _offsets;

    /// <summary>Deals the neurons of populations of the given sizes to <paramref name="ranks"/> ranks.</summary>
    /// <param name="populationSizes">The neurons of each population, in build order.</param>
    /// <param name="ranks">Ranks in the job, at least 1; with more ranks than neurons, some ranks own none (they still take part in every collective).</param>
    /// <param name="scheme">Round-robin or blocks.</param>
    public NeuronPartition(IReadOnlyList<int> populationSizes, int ranks, PartitionScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(populationSizes);
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        _offsets = new long[populationSizes.Count + 1];
        for (int k = 0; k < populationSizes.Count; k++) _offsets[k + 1] = _offsets[k] + populationSizes[k];
        NeuronCount = _offsets[^1];
        Ranks = ranks;
        Scheme = scheme;
    }

    /// <summary>Ranks in the job.</summary>
    public int Ranks { get; }

    /// <summary>The scheme.</summary>
    public PartitionScheme Scheme { get; }

    /// <summary>Neurons in all populations.</summary>
    public long NeuronCount { get; }

    /// <summary>The global id of population <paramref name="population"/>'s first neuron.</summary>
    /// <param name="population">The population's index in build order.</param>
    /// <returns>Its offset.</returns>
    public long Offset(int population) => _offsets[population];

    /// <summary>The rank that owns global neuron id <paramref name="globalId"/>.</summary>
    /// <param name="globalId">In [0, <see cref="NeuronCount"/>).</param>
    /// <returns>Its rank.</returns>
    public int RankOf(long globalId) => Scheme == PartitionScheme.RoundRobin
        ? (int)(globalId % Ranks)
        : (int)(((globalId + 1) * Ranks - 1) / NeuronCount); // the r with r N / P <= g < (r + 1) N / P

    /// <summary>The neurons of a population that a rank owns: indices within the population, ascending.</summary>
    /// <param name="population">The population's index in build order.</param>
    /// <param name="rank">The rank.</param>
    /// <returns>The owned indices.</returns>
    public int[] Owned(int population, int rank)
    {
        long offset = _offsets[population];
        int count = (int)(_offsets[population + 1] - offset);
        var owned = new List<int>();
        if (Scheme == PartitionScheme.RoundRobin)
        {
            for (long i = ((rank - offset) % Ranks + Ranks) % Ranks; i < count; i += Ranks) owned.Add((int)i);
            return [.. owned];
        }
        long first = BlockStart(rank), end = BlockStart(rank + 1);
        for (long g = Math.Max(first, offset); g < Math.Min(end, offset + count); g++) owned.Add((int)(g - offset));
        return [.. owned];
    }

    /// <summary>How many neurons of a population a rank owns (the length of <see cref="Owned"/>, without listing them).</summary>
    /// <param name="population">The population's index in build order.</param>
    /// <param name="rank">The rank.</param>
    /// <returns>The count.</returns>
    public long OwnedCount(int population, int rank)
    {
        long offset = _offsets[population], count = _offsets[population + 1] - offset;
        if (Scheme == PartitionScheme.RoundRobin)
        {
            long first = ((rank - offset) % Ranks + Ranks) % Ranks;
            return first < count ? (count - 1 - first) / Ranks + 1 : 0;
        }
        return Math.Max(0, Math.Min(BlockStart(rank + 1), offset + count) - Math.Max(BlockStart(rank), offset));
    }

    private long BlockStart(int rank) => rank * NeuronCount / Ranks;
}
