namespace NeuroSharp.Distributed;

/// <summary>
/// A communicator whose ranks agree, once, whether every rank got as far as its first collective
/// (docs/distributed.md, "When a rank fails"). Ranks that all run the same command line usually refuse bad input
/// before they first talk, and they must then stop together: a rank that exits alone while others wait leaves the
/// launcher to kill them, and the job's exit code becomes a race (2 or the signal's 9). So the first collective
/// of every rank, or the end of a rank that stops before one (<see cref="Agree"/>), is one all-reduce of the
/// ranks' exit codes: if any is not 0, every rank stops there with the largest, and no rank is left waiting.
/// </summary>
/// <param name="inner">The job's communicator.</param>
public sealed class AgreeingCommunicator(ICommunicator inner) : ICommunicator
{
    /// <summary>True once the ranks have agreed (at the first collective or at <see cref="Agree"/>).</summary>
    public bool Agreed { get; private set; }

    /// <summary>The largest exit code the ranks brought to the agreement (0: every rank went on).</summary>
    public int AgreedCode { get; private set; }

    /// <summary>Rank 0's exit code at the agreement (0 when rank 0 went on, so another rank must print its own sentence).</summary>
    public int RankZeroCode { get; private set; }

    /// <inheritdoc/>
    public int Rank => inner.Rank;

    /// <inheritdoc/>
    public int Size => inner.Size;

    /// <inheritdoc/>
    public double CommunicationSeconds => inner.CommunicationSeconds;

    /// <inheritdoc/>
    public long CollectiveCount => inner.CollectiveCount;

    /// <summary>
    /// Collective, at most once: this rank stops before its first collective with <paramref name="code"/> (or goes on
    /// with 0); every other rank meets it at its own first collective or its own stop.
    /// </summary>
    /// <param name="code">This rank's exit code so far.</param>
    /// <returns>The largest code of any rank.</returns>
    public int Agree(int code)
    {
        if (Agreed) throw new InvalidOperationException("The ranks have already agreed.");
        Agreed = true;
        Span<long> codes = [code, inner.Rank == 0 ? code : 0];
        inner.AllReduce(codes, ReductionOperation.Max);
        AgreedCode = (int)codes[0];
        RankZeroCode = (int)codes[1];
        return AgreedCode;
    }

    private void First()
    {
        if (!Agreed && Agree(0) != 0) throw new StoppedByAnotherRankException(AgreedCode);
    }

    /// <inheritdoc/>
    public void AnnounceFailure(int code, string sentence) => inner.AnnounceFailure(code, sentence);

    /// <inheritdoc/>
    public void Barrier()
    {
        First();
        inner.Barrier();
    }

    /// <inheritdoc/>
    public void Broadcast(Span<byte> buffer, int root)
    {
        First();
        inner.Broadcast(buffer, root);
    }

    /// <inheritdoc/>
    public void AllGather(ReadOnlySpan<byte> mine, Span<byte> all)
    {
        First();
        inner.AllGather(mine, all);
    }

    /// <inheritdoc/>
    public byte[] AllGatherVariable(ReadOnlySpan<byte> mine, Span<int> counts)
    {
        First();
        return inner.AllGatherVariable(mine, counts);
    }

    /// <inheritdoc/>
    public byte[] AllToAllVariable(ReadOnlySpan<byte> send, ReadOnlySpan<int> sendCounts, Span<int> receiveCounts)
    {
        First();
        return inner.AllToAllVariable(send, sendCounts, receiveCounts);
    }

    /// <inheritdoc/>
    /// <inheritdoc/>
    public int AllGatherVariable(ReadOnlySpan<byte> mine, Span<int> counts, ref byte[] receive)
    {
        First();
        return inner.AllGatherVariable(mine, counts, ref receive);
    }

    /// <inheritdoc/>
    public int AllToAllVariable(ReadOnlySpan<byte> send, ReadOnlySpan<int> sendCounts, Span<int> receiveCounts, ref byte[] receive)
    {
        First();
        return inner.AllToAllVariable(send, sendCounts, receiveCounts, ref receive);
    }

    /// <inheritdoc/>
    public void AllToAllKnown(ReadOnlySpan<byte> send, ReadOnlySpan<int> sendCounts, ReadOnlySpan<int> receiveCounts, Span<byte> receive)
    {
        First();
        inner.AllToAllKnown(send, sendCounts, receiveCounts, receive);
    }

    /// <inheritdoc/>
    public byte[]? GatherVariable(ReadOnlySpan<byte> mine, Span<int> counts, int root)
    {
        First();
        return inner.GatherVariable(mine, counts, root);
    }

    /// <inheritdoc/>
    public void AllReduce(Span<double> values, ReductionOperation operation)
    {
        First();
        inner.AllReduce(values, operation);
    }

    /// <inheritdoc/>
    public void AllReduce(Span<long> values, ReductionOperation operation)
    {
        First();
        inner.AllReduce(values, operation);
    }
}

/// <summary>Thrown at a rank's first collective when another rank of the job stopped before its own (<see cref="AgreeingCommunicator"/>).</summary>
public sealed class StoppedByAnotherRankException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The exit code the ranks agreed on.</param>
    public StoppedByAnotherRankException(int code) : base($"another rank of this MPI job stopped before the ranks first exchanged anything (exit code {code}); its message names the problem.") => Code = code;

    /// <summary>The exit code the ranks agreed on.</summary>
    public int Code { get; }
}
