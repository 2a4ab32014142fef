namespace NeuroSharp.Distributed;

/// <summary>
/// The processes of one job and the few collective operations NeuroSharp needs between them (the names
/// of MPI's collectives). Every rank calls each collective in the same order with matching sizes; a
/// single process is a job of one rank (<see cref="SingleProcess"/>), so code written against this
/// interface runs unchanged without mpiexec. See docs/distributed.md.
/// </summary>
public interface ICommunicator
{
    /// <summary>This process's rank, in [0, <see cref="Size"/>).</summary>
    int Rank { get; }

    /// <summary>The number of processes in the job.</summary>
    int Size { get; }

    /// <summary>Seconds spent inside collectives so far (what the scaling figures call communication).</summary>
    double CommunicationSeconds { get; }

    /// <summary>MPI collective calls so far (each MPI_Allgather, MPI_Allgatherv, MPI_Alltoallv, ... once); 0 where nothing is counted (one process).</summary>
    long CollectiveCount => 0;

    /// <summary>Waits until every rank has reached this call.</summary>
    void Barrier();

    /// <summary>Copies <paramref name="buffer"/> of rank <paramref name="root"/> into every rank's buffer (all the same length).</summary>
    /// <param name="buffer">The root's data; overwritten on the other ranks.</param>
    /// <param name="root">The rank that sends.</param>
    void Broadcast(Span<byte> buffer, int root);

    /// <summary>Gathers the same number of bytes from every rank, in rank order, on every rank.</summary>
    /// <param name="mine">This rank's bytes.</param>
    /// <param name="all">Size x mine.Length bytes: rank 0's, then rank 1's, ...</param>
    void AllGather(ReadOnlySpan<byte> mine, Span<byte> all);

    /// <summary>Gathers a different number of bytes from each rank, in rank order, on every rank.</summary>
    /// <param name="mine">This rank's bytes.</param>
    /// <param name="counts">Filled with each rank's byte count (length <see cref="Size"/>).</param>
    /// <returns>All ranks' bytes, concatenated in rank order.</returns>
    byte[] AllGatherVariable(ReadOnlySpan<byte> mine, Span<int> counts);

    /// <summary>
    /// Personalised exchange: this rank sends <paramref name="sendCounts"/>[r] bytes to rank r, taken in
    /// rank order from <paramref name="send"/>, and receives what every rank sent it, in rank order.
    /// </summary>
    /// <param name="send">The bytes for rank 0, then for rank 1, ...</param>
    /// <param name="sendCounts">Bytes for each rank (length <see cref="Size"/>).</param>
    /// <param name="receiveCounts">Filled with the bytes received from each rank (length <see cref="Size"/>).</param>
    /// <returns>The bytes received, in rank order.</returns>
    byte[] AllToAllVariable(ReadOnlySpan<byte> send, ReadOnlySpan<int> sendCounts, Span<int> receiveCounts);

    /// <summary>
    /// <see cref="AllGatherVariable(ReadOnlySpan{byte}, Span{int})"/> into a buffer the caller keeps, grown only when
    /// too small: for collectives repeated every few steps, which then allocate nothing.
    /// </summary>
    /// <param name="mine">This rank's bytes.</param>
    /// <param name="counts">Filled with each rank's byte count (length <see cref="Size"/>).</param>
    /// <param name="receive">The buffer; replaced by a larger one when the bytes do not fit.</param>
    /// <returns>How many bytes of <paramref name="receive"/> hold the result.</returns>
    int AllGatherVariable(ReadOnlySpan<byte> mine, Span<int> counts, ref byte[] receive)
    {
        var all = AllGatherVariable(mine, counts);
        if (receive.Length < all.Length) receive = new byte[all.Length];
        all.CopyTo(receive, 0);
        return all.Length;
    }

    /// <summary>
    /// <see cref="AllToAllVariable(ReadOnlySpan{byte}, ReadOnlySpan{int}, Span{int})"/> into a buffer the caller
    /// keeps, grown only when too small.
    /// </summary>
    /// <param name="send">The bytes for rank 0, then for rank 1, ...</param>
    /// <param name="sendCounts">Bytes for each rank (length <see cref="Size"/>).</param>
    /// <param name="receiveCounts">Filled with the bytes received from each rank (length <see cref="Size"/>).</param>
    /// <param name="receive">The buffer; replaced by a larger one when the bytes do not fit.</param>
    /// <returns>How many bytes of <paramref name="receive"/> hold the result, in rank order.</returns>
    int AllToAllVariable(ReadOnlySpan<byte> send, ReadOnlySpan<int> sendCounts, Span<int> receiveCounts, ref byte[] receive)
    {
        var all = AllToAllVariable(send, sendCounts, receiveCounts);
        if (receive.Length < all.Length) receive = new byte[all.Length];
        all.CopyTo(receive, 0);
        return all.Length;
    }

    /// <summary>
    /// <see cref="AllToAllVariable(ReadOnlySpan{byte}, ReadOnlySpan{int}, Span{int})"/> when every rank already knows
    /// how many bytes each rank sends it (a pattern fixed once, such as the membrane potentials gap junctions need every
    /// step): one personalised exchange, without first exchanging the sizes.
    /// </summary>
    /// <param name="send">The bytes for rank 0, then for rank 1, ...</param>
    /// <param name="sendCounts">Bytes for each rank (length <see cref="Size"/>).</param>
    /// <param name="receiveCounts">Bytes from each rank (length <see cref="Size"/>): what that rank's sendCounts give this one.</param>
    /// <param name="receive">Room for the received bytes, in rank order (at least their sum).</param>
    void AllToAllKnown(ReadOnlySpan<byte> send, ReadOnlySpan<int> sendCounts, ReadOnlySpan<int> receiveCounts, Span<byte> receive)
    {
        var got = new int[Size];
        var all = AllToAllVariable(send, sendCounts, got);
        if (!receiveCounts.SequenceEqual(got)) throw new InvalidOperationException("A rank sent another number of bytes than the receiver expected.");
        all.CopyTo(receive);
    }

    /// <summary>
    /// Gathers a different number of bytes from each rank, in rank order, on rank <paramref name="root"/> only (the
    /// others receive nothing and hold no copy: what a result written by one rank needs).
    /// </summary>
    /// <param name="mine">This rank's bytes.</param>
    /// <param name="counts">On the root, filled with each rank's byte count (length <see cref="Size"/>); untouched elsewhere.</param>
    /// <param name="root">The rank that receives.</param>
    /// <returns>On the root, all ranks' bytes in rank order; null on the other ranks.</returns>
    byte[]? GatherVariable(ReadOnlySpan<byte> mine, Span<int> counts, int root)
    {
        Span<int> all = stackalloc int[Size];
        var bytes = AllGatherVariable(mine, all);
        if (Rank != root) return null;
        all.CopyTo(counts);
        return bytes;
    }

    /// <summary>
    /// Tells the other ranks that this one stops with <paramref name="code"/> after the ranks first talked, so that none
    /// waits for it in a collective (docs/distributed.md, "When a rank fails"). Nothing to tell in a job of one process
    /// or of threads; MPI's ranks end at their next collective with this code (<see cref="Mpi.MpiCommunicator"/>).
    /// </summary>
    /// <param name="code">This rank's exit code.</param>
    /// <param name="sentence">What rank 0 prints for this rank when it did not stop itself (empty: nothing).</param>
    void AnnounceFailure(int code, string sentence)
    {
    }

    /// <summary>Element-wise reduction of equal-length arrays over the ranks; every rank gets the result.</summary>
    /// <param name="values">This rank's values; replaced by the reduction.</param>
    /// <param name="operation">Sum, Min or Max.</param>
    void AllReduce(Span<double> values, ReductionOperation operation);

    /// <summary>Element-wise reduction of equal-length arrays over the ranks; every rank gets the result.</summary>
    /// <param name="values">This rank's values; replaced by the reduction.</param>
    /// <param name="operation">Sum, Min or Max.</param>
    void AllReduce(Span<long> values, ReductionOperation operation);
}

/// <summary>What <see cref="ICommunicator.AllReduce(Span{double}, ReductionOperation)"/> computes.</summary>
public enum ReductionOperation
{
    /// <summary>The sum over ranks.</summary>
    Sum,

    /// <summary>The smallest value over ranks.</summary>
    Min,

    /// <summary>The largest value over ranks.</summary>
    Max,
}
