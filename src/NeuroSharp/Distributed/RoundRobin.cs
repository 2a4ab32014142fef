namespace NeuroSharp.Distributed;

/// <summary>
/// Spreads independent work items over the ranks of a job, as NEST assigns neurons: item i belongs to rank
/// i mod size. Each rank computes its own items; the results are gathered on every rank in item order, so
/// the outcome is the same as one process computing every item (given items that depend only on their index).
/// </summary>
public static class RoundRobin
{
    /// <summary>The rank that owns item <paramref name="item"/>.</summary>
    /// <param name="item">The item's index.</param>
    /// <param name="size">Ranks in the job.</param>
    /// <returns>Its rank.</returns>
    public static int RankOf(long item, int size) => (int)(item % size);

    /// <summary>Computes this rank's items and gathers every item's result, in item order, on every rank.</summary>
    /// <param name="count">Items in all.</param>
    /// <param name="communicator">The job.</param>
    /// <param name="compute">Computes one item's result (called only for this rank's items, in ascending order).</param>
    /// <returns>One result per item, in item order.</returns>
    public static byte[][] Map(int count, ICommunicator communicator, Func<int, byte[]> compute)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int size = communicator.Size, rank = communicator.Rank;
        var results = new byte[count][];
        using var mine = new MemoryStream();
        using (var writer = new BinaryWriter(mine, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            for (int i = rank; i < count; i += size)
            {
                results[i] = compute(i);
                writer.Write(results[i].Length);
                writer.Write(results[i]);
            }
        }
        if (size == 1) return results;
        var counts = new int[size];
        byte[] all = communicator.AllGatherVariable(mine.GetBuffer().AsSpan(0, (int)mine.Length), counts);
        int offset = 0;
        for (int r = 0; r < size; r++)
        {
            using var reader = new BinaryReader(new MemoryStream(all, offset, counts[r], writable: false));
            for (int i = r; i < count; i += size)
            {
                int length = reader.ReadInt32();
                results[i] = reader.ReadBytes(length);
            }
            offset += counts[r];
        }
        return results;
    }
}
