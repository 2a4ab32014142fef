using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace NeuroSharp.Distributed.Mpi;

/// <summary>
/// MPI_COMM_WORLD of a job started by mpiexec (or srun), over Debian's MPICH. Errors come back as
/// <see cref="MpiException"/> (the communicator's handler is MPI_ERRORS_RETURN), never as a silent
/// abort; a rank that dies ends the whole job through the launcher. Dispose finalizes MPI.
/// </summary>
/// <remarks>
/// Every collective is MPI's nonblocking one, completed by polling, and while it waits a rank also looks for a
/// failure notice (<see cref="AnnounceFailure"/>): a rank that stops after the ranks first talked (bad input found
/// late, a file it cannot write, a run interrupted on rank 0) tells the others, and each ends at its next collective,
/// finalizing MPI and exiting with that rank's code, instead of waiting forever for the rank that left (docs/distributed.md,
/// "When a rank fails"). The buffers stay pinned (<c>fixed</c>) until the request completes or the process ends.
/// </remarks>
public sealed unsafe class MpiCommunicator : ICommunicator, IDisposable
{
    /// <summary>The tag of a failure notice: the exit code of the rank that stops, the length of its sentence, the sentence (UTF-8).</summary>
    private const int FailureTag = 0x4e53;

    /// <summary>The bytes of a failure notice (small enough to be sent eagerly: the send never waits for the receiver).</summary>
    private const int NoticeBytes = 1024;

    private long _ticks;
    private bool _disposed, _announced;
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

    /// <inheritdoc/>
    public long CollectiveCount { get; private set; }

    /// <summary>Initialises MPI (once per process) and returns the world communicator.</summary>
    /// <returns>The world.</returns>
    /// <exception cref="MpiException">libmpich is missing or MPI could not start.</exception>
    public static MpiCommunicator Initialize()
    {
        try
        {
            QuietTransport();
            // A rank that never starts (its program or host missing) leaves the others waiting in MPI_Init or in their first
            // collective, and MPICH's launcher does not end them: every rank waits for the others at most StartTimeout, then
            // says so and exits, which ends the job (docs/distributed.md, "When a rank fails").
            var limit = StartTimeout();
            using var watchdog = new System.Threading.Timer(_ => NeverStarted(limit), null, limit, Timeout.InfiniteTimeSpan);
            Check(MpiNative.Initialized(out int done), "MPI_Initialized");
            if (done == 0) Check(MpiNative.InitThread(IntPtr.Zero, IntPtr.Zero, MpiNative.ThreadFunneled, out _), "MPI_Init_thread");
            Check(MpiNative.CommSetErrhandler(MpiNative.CommWorld, MpiNative.ErrorsReturn), "MPI_Comm_set_errhandler");
            Check(MpiNative.CommRank(MpiNative.CommWorld, out int rank), "MPI_Comm_rank");
            Check(MpiNative.CommSize(MpiNative.CommWorld, out int size), "MPI_Comm_size");
            if (size == 1 && OpenMpiWorldSize() is > 1 and var launched)
            {
                throw new MpiException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"this process is one of {launched} ranks started by Open MPI's launcher (OMPI_COMM_WORLD_SIZE={launched}), but NeuroSharp runs on MPICH, to which each of them is a job of one rank: start it with MPICH's launcher, mpiexec.mpich -n {launched} ... (Debian's mpiexec points at Open MPI when both are installed; update-alternatives --config mpirun chooses), or with neurosharp mpirun, which finds MPICH's."));
            }
            var world = new MpiCommunicator(rank, size);
            world.Barrier(); // every rank is up
            watchdog.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return world;
        }
        catch (DllNotFoundException)
        {
            throw new MpiException("this process was started by an MPI launcher but MPICH's library (libmpich.so.12) is not installed: install Debian's mpich (apt-get install mpich), or run without mpiexec.");
        }
    }

    /// <summary>The world size Open MPI's launcher gave this process (OMPI_COMM_WORLD_SIZE), or null when it did not start it.</summary>
    private static int? OpenMpiWorldSize() =>
        int.TryParse(Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE"), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : null;

    /// <summary>How long a rank waits for every rank of its job to start: NEUROSHARP_MPI_START_SECONDS, or 120 s.</summary>
    private static TimeSpan StartTimeout()
    {
        string? text = Environment.GetEnvironmentVariable("NEUROSHARP_MPI_START_SECONDS");
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0 && s < 1e6
            ? TimeSpan.FromSeconds(s) : TimeSpan.FromSeconds(120);
    }

    /// <summary>The job did not start within <paramref name="limit"/>: one sentence and exit 1 (without MPI_Finalize, so the launcher ends the job).</summary>
    private static void NeverStarted(TimeSpan limit)
    {
        string rank = Environment.GetEnvironmentVariable("PMI_RANK") ?? Environment.GetEnvironmentVariable("PMIX_RANK") ?? "?";
        string size = Environment.GetEnvironmentVariable("PMI_SIZE") ?? "?";
        Console.Error.WriteLine($"neurosharp: rank {rank} of {size}: not every rank of this MPI job started within {limit.TotalSeconds:0.#} s " +
            "(a rank whose program or host could not start?); ending the job (NEUROSHARP_MPI_START_SECONDS sets the wait).");
        Console.Error.Flush();
        Environment.Exit(1);
    }

    /// <summary>
    /// MPICH's UCX transport warns on stderr about messages left unmatched at MPI_Finalize, which is what ranks that end
    /// together after a failure notice leave behind (the collective they were in never completes): errors only, unless
    /// the user set UCX_LOG_LEVEL.
    /// </summary>
    private static void QuietTransport()
    {
        try
        {
            if (Environment.GetEnvironmentVariable("UCX_LOG_LEVEL") is null) MpiNative.SetEnvironment("UCX_LOG_LEVEL", "error", 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc setenv (not Linux): the warnings stay.
        }
    }

    /// <summary>Ends the job on every rank with <paramref name="code"/>: for an error one rank found that the others cannot see.</summary>
    /// <param name="code">The exit code the launcher reports.</param>
    public void Abort(int code) => MpiNative.Abort(MpiNative.CommWorld, code);

    /// <summary>
    /// Tells every other rank that this one stops with <paramref name="code"/> after the ranks first talked (once; later
    /// calls do nothing). Each of them ends at its next collective, or in the one it waits in: MPI finalized, the process
    /// exits with <paramref name="code"/>; rank 0 prints <paramref name="sentence"/> first (the others print nothing),
    /// unless it stopped itself and printed its own. Small sends, so this returns at once.
    /// </summary>
    /// <param name="code">This rank's exit code.</param>
    /// <param name="sentence">What rank 0 should print for this rank (empty: nothing; cut to about 1000 bytes).</param>
    public void AnnounceFailure(int code, string sentence)
    {
        if (_announced) return;
        _announced = true;
        var notice = stackalloc byte[NoticeBytes];
        new Span<byte>(notice, NoticeBytes).Clear();
        ((int*)notice)[0] = code;
        var text = Encoding.UTF8.GetBytes(sentence);
        int length = Math.Min(text.Length, NoticeBytes - 2 * sizeof(int));
        ((int*)notice)[1] = length;
        text.AsSpan(0, length).CopyTo(new Span<byte>(notice + 2 * sizeof(int), length));
        for (int r = 0; r < Size; r++)
        {
            if (r != Rank) MpiNative.Send(notice, NoticeBytes, MpiNative.Byte, r, FailureTag, MpiNative.CommWorld);
        }
    }

    /// <inheritdoc/>
    public void Barrier()
    {
        long t = Stopwatch.GetTimestamp();
        Check(MpiNative.Ibarrier(MpiNative.CommWorld, out int request), "MPI_Ibarrier");
        Complete(ref request, "MPI_Barrier");
        _ticks += Stopwatch.GetTimestamp() - t;
    }

    /// <inheritdoc/>
    public void Broadcast(Span<byte> buffer, int root)
    {
        CheckRank(root);
        if (buffer.IsEmpty) return;
        long t = Stopwatch.GetTimestamp();
        fixed (byte* b = buffer)
        {
            Check(MpiNative.Ibcast(b, buffer.Length, MpiNative.Byte, root, MpiNative.CommWorld, out int request), "MPI_Ibcast");
            Complete(ref request, "MPI_Bcast");
        }
        _ticks += Stopwatch.GetTimestamp() - t;
    }

    /// <inheritdoc/>
    public void AllGather(ReadOnlySpan<byte> mine, Span<byte> all)
    {
        if (all.Length != (long)mine.Length * Size) throw new ArgumentException($"AllGather needs {Size} x {mine.Length} bytes (got {all.Length}).", nameof(all));
        long t = Stopwatch.GetTimestamp();
        byte dummy = 0;
        fixed (byte* s = mine)
        fixed (byte* r = all)
        {
            Check(MpiNative.Iallgather(s is null ? &dummy : s, mine.Length, MpiNative.Byte, r is null ? &dummy : r, mine.Length, MpiNative.Byte, MpiNative.CommWorld, out int request), "MPI_Iallgather");
            Complete(ref request, "MPI_Allgather");
        }
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
        // From an empty buffer the reusing overload allocates exactly the received size.
        byte[] result = [];
        AllToAllVariable(send, sendCounts, receiveCounts, ref result);
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
        fixed (byte* s = mine)
        fixed (byte* r = receive)
        fixed (int* rc = _receiveCounts)
        fixed (int* rd = _receiveDisplacements)
        {
            Check(MpiNative.Iallgatherv(s is null ? &dummy : s, mine.Length, MpiNative.Byte, r is null ? &dummy : r, rc, rd, MpiNative.Byte, MpiNative.CommWorld, out int request), "MPI_Iallgatherv");
            Complete(ref request, "MPI_Allgatherv");
        }
        _ticks += Stopwatch.GetTimestamp() - t;
        return (int)total;
    }

    /// <inheritdoc/>
    public int AllToAllVariable(ReadOnlySpan<byte> send, ReadOnlySpan<int> sendCounts, Span<int> receiveCounts, ref byte[] receive)
    {
        if (sendCounts.Length != Size || receiveCounts.Length != Size) throw new ArgumentException($"One count per rank ({Size}).", nameof(sendCounts));
        sendCounts.CopyTo(_sendCounts);
        long t = Stopwatch.GetTimestamp();
        fixed (int* sc = _sendCounts)
        fixed (int* rc = _receiveCounts)
        {
            Check(MpiNative.Ialltoall((byte*)sc, sizeof(int), MpiNative.Byte, (byte*)rc, sizeof(int), MpiNative.Byte, MpiNative.CommWorld, out int request), "MPI_Ialltoall");
            Complete(ref request, "MPI_Alltoall");
        }
        _ticks += Stopwatch.GetTimestamp() - t;
        long sendTotal = Displacements(_sendCounts, _sendDisplacements);
        long receiveTotal = Displacements(_receiveCounts, _receiveDisplacements);
        if (sendTotal > send.Length) throw new ArgumentException($"The send counts add to {sendTotal} bytes but {send.Length} were given.", nameof(sendCounts));
        if (receiveTotal > Array.MaxLength) throw new MpiException($"this rank would receive {receiveTotal} bytes, more than one array holds.");
        _receiveCounts.CopyTo(receiveCounts);
        if (receive.Length < receiveTotal) receive = new byte[Math.Max(receiveTotal, Math.Min(Array.MaxLength, 2L * receive.Length))];
        t = Stopwatch.GetTimestamp();
        AllToAllV(send, receive);
        _ticks += Stopwatch.GetTimestamp() - t;
        return (int)receiveTotal;
    }

    /// <inheritdoc/>
    public void AllToAllKnown(ReadOnlySpan<byte> send, ReadOnlySpan<int> sendCounts, ReadOnlySpan<int> receiveCounts, Span<byte> receive)
    {
        if (sendCounts.Length != Size || receiveCounts.Length != Size) throw new ArgumentException($"One count per rank ({Size}).", nameof(sendCounts));
        sendCounts.CopyTo(_sendCounts);
        receiveCounts.CopyTo(_receiveCounts);
        long sendTotal = Displacements(_sendCounts, _sendDisplacements);
        long receiveTotal = Displacements(_receiveCounts, _receiveDisplacements);
        if (sendTotal > send.Length) throw new ArgumentException($"The send counts add to {sendTotal} bytes but {send.Length} were given.", nameof(sendCounts));
        if (receiveTotal > receive.Length) throw new ArgumentException($"The receive counts add to {receiveTotal} bytes but there is room for {receive.Length}.", nameof(receiveCounts));
        long t = Stopwatch.GetTimestamp();
        AllToAllV(send, receive);
        _ticks += Stopwatch.GetTimestamp() - t;
    }

    /// <summary>MPI_Alltoallv of bytes with the counts and displacements already in their fields.</summary>
    private void AllToAllV(ReadOnlySpan<byte> send, Span<byte> receive)
    {
        byte dummy = 0;
        fixed (byte* s = send)
        fixed (byte* r = receive)
        fixed (int* sc = _sendCounts)
        fixed (int* sd = _sendDisplacements)
        fixed (int* rc = _receiveCounts)
        fixed (int* rd = _receiveDisplacements)
        {
            Check(MpiNative.Ialltoallv(s is null ? &dummy : s, sc, sd, MpiNative.Byte, r is null ? &dummy : r, rc, rd, MpiNative.Byte, MpiNative.CommWorld, out int request), "MPI_Ialltoallv");
            Complete(ref request, "MPI_Alltoallv");
        }
    }

    /// <inheritdoc/>
    public byte[]? GatherVariable(ReadOnlySpan<byte> mine, Span<int> counts, int root)
    {
        CheckRank(root);
        if (counts.Length != Size) throw new ArgumentException($"One count per rank ({Size}).", nameof(counts));
        int one = mine.Length;
        long t = Stopwatch.GetTimestamp();
        fixed (int* rc = _receiveCounts)
        {
            Check(MpiNative.Igather((byte*)&one, sizeof(int), MpiNative.Byte, (byte*)rc, sizeof(int), MpiNative.Byte, root, MpiNative.CommWorld, out int request), "MPI_Igather");
            Complete(ref request, "MPI_Gather");
        }
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
        fixed (byte* s = mine)
        fixed (byte* r = result)
        fixed (int* rc = _receiveCounts)
        fixed (int* rd = _receiveDisplacements)
        {
            Check(MpiNative.Igatherv(s is null ? &dummy : s, mine.Length, MpiNative.Byte, r is null ? &dummy : r, rc, rd, MpiNative.Byte, root, MpiNative.CommWorld, out int request), "MPI_Igatherv");
            Complete(ref request, "MPI_Gatherv");
        }
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
        Span<byte> result = bytes.Length <= 256 ? stackalloc byte[bytes.Length] : new byte[bytes.Length];
        long t = Stopwatch.GetTimestamp();
        fixed (byte* s = bytes)
        fixed (byte* r = result)
        {
            Check(MpiNative.Iallreduce(s, r, count, type, op, MpiNative.CommWorld, out int request), "MPI_Iallreduce");
            Complete(ref request, "MPI_Allreduce");
        }
        _ticks += Stopwatch.GetTimestamp() - t;
        result.CopyTo(bytes);
    }

    /// <summary>
    /// Polls a nonblocking collective to its end, looking for a failure notice every few polls. The caller's buffers are
    /// pinned for as long as this runs, so a notice ends the process from here (<see cref="EndOnFailureNotice"/>).
    /// </summary>
    private void Complete(ref int request, string call)
    {
        CollectiveCount++;
        for (int polls = 0; ; polls++)
        {
            Check(MpiNative.Test(ref request, out int done, MpiNative.StatusIgnore), call);
            if (done != 0) return;
            if ((polls & 15) != 15) continue;
            EndOnFailureNotice();
            // Ranks oversubscribed on fewer cores (3 or 4 on 2 in the tests) need the core that this poll would keep.
            Thread.Yield();
        }
    }

    /// <summary>
    /// When another rank announced that it stopped, ends this process with its code: MPI finalized (the collective in
    /// flight never completes, and its buffers stay pinned because this frame is still inside it); rank 0 prints the
    /// sentence that came with the notice.
    /// </summary>
    private void EndOnFailureNotice()
    {
        Check(MpiNative.Iprobe(MpiNative.AnySource, FailureTag, MpiNative.CommWorld, out int pending, MpiNative.StatusIgnore), "MPI_Iprobe");
        if (pending == 0) return;
        var notice = stackalloc byte[NoticeBytes];
        Check(MpiNative.Recv(notice, NoticeBytes, MpiNative.Byte, MpiNative.AnySource, FailureTag, MpiNative.CommWorld, MpiNative.StatusIgnore), "MPI_Recv");
        int code = ((int*)notice)[0];
        int length = Math.Clamp(((int*)notice)[1], 0, NoticeBytes - 2 * sizeof(int));
        Console.Out.Flush();
        if (Rank == 0 && length > 0) Console.Error.WriteLine(Encoding.UTF8.GetString(notice + 2 * sizeof(int), length));
        Console.Error.Flush();
        _disposed = true;
        MpiNative.Finalize();
        Environment.Exit(code);
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
