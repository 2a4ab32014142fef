namespace NeuroSharp.Distributed;

/// <summary>A job of one rank: every collective is a copy. What a run without mpiexec uses.</summary>
public sealed class SingleProcess : ICommunicator
{
    /// <summary>The one instance.</summary>
    public static SingleProcess Instance { get; } = new();

    private SingleProcess() { }

    /// <inheritdoc/>
    public int Rank => 0;

    /// <inheritdoc/>
    public int Size => 1;

    /// <inheritdoc/>
    public double CommunicationSeconds => 0;

    /// <inheritdoc/>
    public void Barrier() { }

    /// <inheritdoc/>
    public void Broadcast(Span<byte> buffer, int root) => CheckRoot(root);

    /// <inheritdoc/>
    public void AllGather(ReadOnlySpan<byte> mine, Span<byte> all) => mine.CopyTo(all);

    /// <inheritdoc/>
    public byte[] AllGatherVariable(ReadOnlySpan<byte> mine, Span<int> counts)
    {
        counts[0] = mine.Length;
        return mine.ToArray();
    }

    /// <inheritdoc/>
    public byte[] AllToAllVariable(ReadOnlySpan<byte> send, ReadOnlySpan<int> sendCounts, Span<int> receiveCounts)
    {
        receiveCounts[0] = sendCounts[0];
        return send[..sendCounts[0]].ToArray();
    }

    /// <inheritdoc/>
    public void AllReduce(Span<double> values, ReductionOperation operation) { }

    /// <inheritdoc/>
    public void AllReduce(Span<long> values, ReductionOperation operation) { }

    private static void CheckRoot(int root)
    {
        if (root != 0) throw new ArgumentOutOfRangeException(nameof(root), $"A job of one rank has no rank {root}.");
    }
}
