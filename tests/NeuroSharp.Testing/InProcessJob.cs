using System.Runtime.InteropServices;
using NeuroSharp.Distributed;

namespace NeuroSharp.Testing;

/// <summary>
/// A job of several ranks inside one test process, one thread per rank, for testing code written against
/// <see cref="ICommunicator"/> without mpiexec: every collective is a real exchange between the threads
/// (through shared slots and a barrier), so a rank that skips a collective or sends the wrong size fails.
/// </summary>
public sealed class InProcessJob
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Barrier _barrier;
    private readonly byte[][] _slots;

    private InProcessJob(int ranks)
    {
        _barrier = new Barrier(ranks);
        _slots = new byte[ranks][];
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="ranks"/> threads, each with its rank's communicator, and returns their results in rank order.</summary>
    /// <typeparam name="T">What each rank returns.</typeparam>
    /// <param name="ranks">Ranks in the job.</param>
    /// <param name="body">One rank's work.</param>
    /// <returns>The results, rank 0 first.</returns>
    public static T[] Run<T>(int ranks, Func<ICommunicator, T> body)
    {
        var job = new InProcessJob(ranks);
        var results = new T[ranks];
        var errors = new Exception?[ranks];
        var threads = Enumerable.Range(0, ranks).Select(r => new Thread(() =>
        {
            try
            {
                results[r] = body(new Member(job, r));
            }
            catch (Exception e)
            {
                errors[r] = e;
                job._barrier.RemoveParticipant(); // the others fail at their next collective instead of waiting
            }
        }, 16 << 20)).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        if (errors.FirstOrDefault(e => e is not null and not TimeoutException) is { } first) throw new AggregateException(first);
        if (errors.FirstOrDefault(e => e is not null) is { } any) throw new AggregateException(any);
        return results;
    }

    private byte[][] Exchange(int rank, ReadOnlySpan<byte> mine)
    {
        _slots[rank] = mine.ToArray();
        Wait();
        var all = (byte[][])_slots.Clone();
        Wait();
        return all;
    }

    private void Wait()
    {
        if (!_barrier.SignalAndWait(Patience)) throw new TimeoutException("A rank of the in-process job never reached the collective.");
    }

    private sealed class Member(InProcessJob job, int rank) : ICommunicator
    {
        public int Rank => rank;

        public int Size => job._slots.Length;

        public double CommunicationSeconds => 0;

        public void Barrier() => job.Exchange(rank, []);

        public void Broadcast(Span<byte> buffer, int root) => job.Exchange(rank, buffer)[root].CopyTo(buffer);

        public void AllGather(ReadOnlySpan<byte> mine, Span<byte> all)
        {
            var parts = job.Exchange(rank, mine);
            for (int r = 0; r < parts.Length; r++) parts[r].CopyTo(all[(r * mine.Length)..]);
        }

        public byte[] AllGatherVariable(ReadOnlySpan<byte> mine, Span<int> counts)
        {
            var parts = job.Exchange(rank, mine);
            for (int r = 0; r < parts.Length; r++) counts[r] = parts[r].Length;
            return [.. parts.SelectMany(p => p)];
        }

        public byte[] AllToAllVariable(ReadOnlySpan<byte> send, ReadOnlySpan<int> sendCounts, Span<int> receiveCounts)
        {
            var message = new byte[4 * Size + send.Length];
            MemoryMarshal.Cast<int, byte>(sendCounts).CopyTo(message);
            send.CopyTo(message.AsSpan(4 * Size));
            var parts = job.Exchange(rank, message);
            var received = new List<byte>();
            for (int r = 0; r < parts.Length; r++)
            {
                var theirCounts = MemoryMarshal.Cast<byte, int>(parts[r].AsSpan(0, 4 * Size));
                int offset = 4 * Size;
                for (int k = 0; k < rank; k++) offset += theirCounts[k];
                receiveCounts[r] = theirCounts[rank];
                received.AddRange(parts[r].AsSpan(offset, theirCounts[rank]));
            }
            return [.. received];
        }

        public void AllReduce(Span<double> values, ReductionOperation operation)
        {
            var parts = job.Exchange(rank, MemoryMarshal.AsBytes(values));
            for (int i = 0; i < values.Length; i++)
            {
                var column = parts.Select(p => MemoryMarshal.Cast<byte, double>(p)[i]);
                values[i] = operation switch { ReductionOperation.Sum => column.Sum(), ReductionOperation.Min => column.Min(), _ => column.Max() };
            }
        }

        public void AllReduce(Span<long> values, ReductionOperation operation)
        {
            var parts = job.Exchange(rank, MemoryMarshal.AsBytes(values));
            for (int i = 0; i < values.Length; i++)
            {
                var column = parts.Select(p => MemoryMarshal.Cast<byte, long>(p)[i]);
                values[i] = operation switch { ReductionOperation.Sum => column.Sum(), ReductionOperation.Min => column.Min(), _ => column.Max() };
            }
        }
    }
}
