using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace NeuroSharp.Distributed.Mpi;

/// <summary>
/// MPI_COMM_WORLD of a job started by mpiexec (or srun), over Debian's MPICH. Errors come back as
/// <see cref="MpiException"/> (the communicator's handler is MPI_ERRORS_RETURN), never as a silent
/// abort; a rank that dies ends the whole job through the launcher. Dispose finalizes MPI.
/// </summary>
public sealed class MpiCommunicator : ICommunicator, IDisposable
{
    private long _ticks;
    private bool _disposed;
    // Per-rank counts and displacements reused by every collective, so an exchange repeated every few steps allocates nothing.
    private readonly int[] _sendCounts, _sendDisplacements, _receiveCounts, _receiveDisplacements;

    private MpiCommunicator(int rank, int size)
    {
        Rank = rank;
        Size = size;
        _sendCounts = new int[size];
        _sendDisplacements = new int[size];
        _receiveCounts = new int[size];
        _receiveDisplacements = new int[size];
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <inheritdoc/>
    public double CommunicationSeconds => (double)_ticks / Stopwatch.Frequency;

    /// <summary>Initialises MPI (once per process) and returns the world communicator.</summary>
    /// <returns>The world.</returns>
    /// <exception cref="MpiException">libmpich is missing or MPI could not start.</exception>
    public static MpiCommunicator Initialize()
    {
        try
        {
            Check(MpiNative.Initialized(out int done), "MPI_Initialized");
            if (done == 0) Check(MpiNative.InitThread(IntPtr.Zero, IntPtr.Zero, MpiNative.ThreadFunneled, out _), "MPI_Init_thread");
            Check(MpiNative.CommSetErrhandler(MpiNative.CommWorld, MpiNative.ErrorsReturn), "MPI_Comm_set_errhandler");
            Check(MpiNative.CommRank(MpiNative.CommWorld, out int rank), "MPI_Comm_rank");
            Check(MpiNative.CommSize(MpiNative.CommWorld, out int size), "MPI_Comm_size");
            return new MpiCommunicator(rank, size);
        }
        catch (DllNotFoundException)
        {
            throw new MpiException("this process was started by an MPI launcher but MPICH's library (libmpich.so.12) is not installed: install Debian's mpich (apt-get install mpich), or run without mpiexec.");
        }
    }

    /// <summary>Ends the job on every rank with <paramref name="code"/>: for an error one rank found that the others cannot see.</summary>
    /// <param name="code">The exit code the launcher reports.</param>
    public void Abort(int code) => MpiNative.Abort(MpiNative.CommWorld, code);

    /// <inheritdoc/>
    public void Barrier()
    {
        long t = Stopwatch.GetTimestamp();
        Check(MpiNative.Barrier(MpiNative.CommWorld), "MPI_Barrier");
        _ticks += Stopwatch.GetTimestamp() - t;
    }

    /// <inheritdoc/>
    public void Broadcast(Span<byte> buffer, int root)
    {
        CheckRank(root);
        if (buffer.IsEmpty) return;
        long t = Stopwatch.GetTimestamp();
        Check(MpiNative.Bcast(ref MemoryMarshal.GetReference(buffer), buffer.Length, MpiNative.Byte, root, MpiNative.CommWorld), "MPI_Bcast");
        _ticks += Stopwatch.GetTimestamp() - t;
    }

    /// <inheritdoc/>
    public void AllGather(ReadOnlySpan<byte> mine, Span<byte> all)
    {
        if (all.Length != (long)mine.Length * Size) throw new ArgumentException($"AllGather needs {Size} x {mine.Length} bytes (got {all.Length}).", nameof(all));
        long t = Stopwatch.GetTimestamp();
        byte dummy = 0;
        ref byte send = ref mine.IsEmpty ? ref dummy : ref MemoryMarshal.GetReference(mine);
        ref byte receive = ref all.IsEmpty ? ref dummy : ref MemoryMarshal.GetReference(all);
        Check(MpiNative.Allgather(ref send, mine.Length, MpiNative.Byte, ref receive, mine.Length, MpiNative.Byte, MpiNative.CommWorld), "MPI_Allgather");
        _ticks += Stopwatch.GetTimestamp() - t;
    }

    /// <inheritdoc/>
    public byte[] AllGatherVariable(ReadOnlySpan<byte> mine, Span<int> counts)
    {
        // From an empty buffer the reusing overload allocates exactly the gathered size.
        byte[] result = [];
        AllGatherVariable(mine, counts, ref result);
        return result;
    }

    /// <inheritdoc/>
    public byte[] AllToAllVariable(ReadOnlySpan<byte> send, ReadOnlySpan<int> sendCounts, Span<int> receiveCounts)
    {
        if (sendCounts.Length != Size || receiveCounts.Length != Size) throw new ArgumentException($"One count per rank ({Size}).", nameof(sendCounts));
        var sc = sendCounts.ToArray();
        var rc = new int[Size];
        long t = Stopwatch.GetTimestamp();
        Check(MpiNative.Alltoall(ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(sc.AsSpan())), sizeof(int), MpiNative.Byte,
            ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(rc.AsSpan())), sizeof(int), MpiNative.Byte, MpiNative.CommWorld), "MPI_Alltoall");
        _ticks += Stopwatch.GetTimestamp() - t;
        var sd = Displacements(sc, out long sendTotal);
        var rd = Displacements(rc, out long receiveTotal);
        if (sendTotal > send.Length) throw new ArgumentException($"The send counts add to {sendTotal} bytes but {send.Length} were given.", nameof(sendCounts));
        if (receiveTotal > Array.MaxLength) throw new MpiException($"this rank would receive {receiveTotal} bytes, more than one array holds.");
        rc.CopyTo(receiveCounts);
        var result = new byte[receiveTotal];
        t = Stopwatch.GetTimestamp();
        byte dummy = 0;
        ref byte s = ref send.IsEmpty ? ref dummy : ref MemoryMarshal.GetReference(send);
        ref byte r = ref result.Length == 0 ? ref dummy : ref result[0];
        Check(MpiNative.Alltoallv(ref s, sc, sd, MpiNative.Byte, ref r, rc, rd, MpiNative.Byte, MpiNative.CommWorld), "MPI_Alltoallv");
        _ticks += Stopwatch.GetTimestamp() - t;
        return result;
    }

    /// <inheritdoc/>
    public int AllGatherVariable(ReadOnlySpan<byte> mine, Span<int> counts, ref byte[] receive)
    {
        if (counts.Length != Size) throw new ArgumentException($"One count per rank ({Size}).", nameof(counts));
        Span<int> one = [mine.Length];
        AllGather(MemoryMarshal.AsBytes(one), MemoryMarshal.AsBytes(_receiveCounts.AsSpan()));
        long total = Displacements(_receiveCounts, _receiveDisplacements);
        if (total > Array.MaxLength) throw new MpiException($"the ranks gather {total} bytes, more than one array holds.");
        _receiveCounts.CopyTo(counts);
        if (receive.Length < total) receive = new byte[Math.Max(total, Math.Min(Array.MaxLength, 2L * receive.Length))];
        long t = Stopwatch.GetTimestamp();
        byte dummy = 0;
        ref byte send = ref mine.IsEmpty ? ref dummy : ref MemoryMarshal.GetReference(mine);
        ref byte into = ref receive.Length == 0 ? ref dummy : ref receive[0];
        Check(MpiNative.Allgatherv(ref send, mine.Length, MpiNative.Byte, ref into, _receiveCounts, _receiveDisplacements, MpiNative.Byte, MpiNative.CommWorld), "MPI_Allgatherv");
        _ticks += Stopwatch.GetTimestamp() - t;
        return (int)total;
    }

    /// <inheritdoc/>
    public int AllToAllVariable(ReadOnlySpan<byte> send, ReadOnlySpan<int> sendCounts, Span<int> receiveCounts, ref byte[] receive)
    {
        if (sendCounts.Length != Size || receiveCounts.Length != Size) throw new ArgumentException($"One count per rank ({Size}).", nameof(sendCounts));
        sendCounts.CopyTo(_sendCounts);
        long t = Stopwatch.GetTimestamp();
        Check(MpiNative.Alltoall(ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(_sendCounts.AsSpan())), sizeof(int), MpiNative.Byte,
            ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(_receiveCounts.AsSpan())), sizeof(int), MpiNative.Byte, MpiNative.CommWorld), "MPI_Alltoall");
        _ticks += Stopwatch.GetTimestamp() - t;
        long sendTotal = Displacements(_sendCounts, _sendDisplacements);
        long receiveTotal = Displacements(_receiveCounts, _receiveDisplacements);
        if (sendTotal > send.Length) throw new ArgumentException($"The send counts add to {sendTotal} bytes but {send.Length} were given.", nameof(sendCounts));
        if (receiveTotal > Array.MaxLength) throw new MpiException($"this rank would receive {receiveTotal} bytes, more than one array holds.");
        _receiveCounts.CopyTo(receiveCounts);
        if (receive.Length < receiveTotal) receive = new byte[Math.Max(receiveTotal, Math.Min(Array.MaxLength, 2L * receive.Length))];
        t = Stopwatch.GetTimestamp();
        byte dummy = 0;
        ref byte s = ref send.IsEmpty ? ref dummy : ref MemoryMarshal.GetReference(send);
        ref byte r = ref receive.Length == 0 ? ref dummy : ref receive[0];
        Check(MpiNative.Alltoallv(ref s, _sendCounts, _sendDisplacements, MpiNative.Byte, ref r, _receiveCounts, _receiveDisplacements, MpiNative.Byte, MpiNative.CommWorld), "MPI_Alltoallv");
        _ticks += Stopwatch.GetTimestamp() - t;
        return (int)receiveTotal;
    }

    /// <inheritdoc/>
    public byte[]? GatherVariable(ReadOnlySpan<byte> mine, Span<int> counts, int root)
    {
        CheckRank(root);
        if (counts.Length != Size) throw new ArgumentException($"One count per rank ({Size}).", nameof(counts));
        Span<int> one = [mine.Length];
        long t = Stopwatch.GetTimestamp();
        Check(MpiNative.Gather(ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(one)), sizeof(int), MpiNative.Byte,
            ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(_receiveCounts.AsSpan())), sizeof(int), MpiNative.Byte, root, MpiNative.CommWorld), "MPI_Gather");
        _ticks += Stopwatch.GetTimestamp() - t;
        byte[]? result = null;
        if (Rank == root)
        {
            long total = Displacements(_receiveCounts, _receiveDisplacements);
            if (total > Array.MaxLength) throw new MpiException($"rank {root} would gather {total} bytes, more than one array holds.");
            _receiveCounts.CopyTo(counts);
            result = new byte[total];
        }
        t = Stopwatch.GetTimestamp();
        byte dummy = 0;
        ref byte send = ref mine.IsEmpty ? ref dummy : ref MemoryMarshal.GetReference(mine);
        ref byte into = ref result is not { Length: > 0 } ? ref dummy : ref result[0];
        Check(MpiNative.Gatherv(ref send, mine.Length, MpiNative.Byte, ref into, _receiveCounts, _receiveDisplacements, MpiNative.Byte, root, MpiNative.CommWorld), "MPI_Gatherv");
        _ticks += Stopwatch.GetTimestamp() - t;
        return result;
    }

    /// <inheritdoc/>
    public void AllReduce(Span<double> values, ReductionOperation operation) =>
        Reduce(MemoryMarshal.AsBytes(values), values.Length, MpiNative.Double, operation);

    /// <inheritdoc/>
    public void AllReduce(Span<long> values, ReductionOperation operation) =>
        Reduce(MemoryMarshal.AsBytes(values), values.Length, MpiNative.Int64, operation);

    /// <summary>Finalizes MPI (every rank must call it; after it no collective works).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (MpiNative.Finalized(out int done) == MpiNative.Success && done == 0) MpiNative.Finalize();
    }

    private void Reduce(Span<byte> bytes, int count, int type, ReductionOperation operation)
    {
        if (count == 0) return;
        int op = operation switch
        {
            ReductionOperation.Sum => MpiNative.OpSum,
            ReductionOperation.Min => MpiNative.OpMin,
            ReductionOperation.Max => MpiNative.OpMax,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
        var result = new byte[bytes.Length];
        long t = Stopwatch.GetTimestamp();
        Check(MpiNative.Allreduce(ref MemoryMarshal.GetReference(bytes), ref result[0], count, type, op, MpiNative.CommWorld), "MPI_Allreduce");
        _ticks += Stopwatch.GetTimestamp() - t;
        result.CopyTo(bytes);
    }

    /// <summary>Fills the displacements of <paramref name="counts"/> (a count past int range is refused by the caller through the total) and returns the total.</summary>
    private static long Displacements(int[] counts, int[] displacements)
    {
        long total = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] < 0) throw new ArgumentException($"Count {i} is negative ({counts[i]}).", nameof(counts));
            displacements[i] = (int)Math.Min(int.MaxValue, total);
            total += counts[i];
        }
        return total;
    }

    private static int[] Displacements(int[] counts, out long total)
    {
        var d = new int[counts.Length];
        total = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] < 0) throw new ArgumentException($"Count {i} is negative ({counts[i]}).", nameof(counts));
            d[i] = (int)Math.Min(int.MaxValue, total);
            total += counts[i];
        }
        return d;
    }

    private void CheckRank(int rank)
    {
        if ((uint)rank >= (uint)Size) throw new ArgumentOutOfRangeException(nameof(rank), $"The job has ranks 0 to {Size - 1} (got {rank}).");
    }

    private static void Check(int code, string call)
    {
        if (code == MpiNative.Success) return;
        var text = new byte[MpiNative.MaxErrorString];
        string message = MpiNative.ErrorString(code, text, out int length) == MpiNative.Success
            ? Encoding.ASCII.GetString(text, 0, Math.Clamp(length, 0, text.Length)).Trim()
            : $"error code {code}";
        throw new MpiException($"{call} failed: {message}.");
    }
}

/// <summary>An MPI call failed or MPI could not start; the message is one sentence.</summary>
public sealed class MpiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public MpiException(string message) : base(message) { }
}
