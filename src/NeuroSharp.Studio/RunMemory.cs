namespace NeuroSharp.Studio;

/// <summary>
/// The memory the studio's live runs hold together, counted against <see cref="StudioOptions.Memory"/>:
/// every simulation, meta-clustering and evolution run reserves its estimate before it allocates anything and gives
/// it back when it is forgotten. A run whose estimate alone passes the limit is refused as bad input (400);
/// one that would fit alone but not beside the runs already held is refused as a limit reached now (429),
/// naming how much the running runs hold.
/// </summary>
internal sealed class RunMemory(MemoryBudget budget)
{
    /// <summary>Memory handed back at once gives a compacting collection (large runs are hundreds of MiB).</summary>
    private const long CollectAboveBytes = 64L << 20;

    private readonly object _gate = new();
    private long _held;

    /// <summary>The budget.</summary>
    public MemoryBudget Budget => budget;

    /// <summary>Bytes the live runs hold now (their estimates).</summary>
    public long HeldBytes
    {
        get
        {
            lock (_gate) return _held;
        }
    }

    /// <summary>Reserves a run's estimate.</summary>
    /// <param name="what">What asks, as a sentence's subject (e.g. "The clustering run on 'uniform:dims=1000'").</param>
    /// <param name="estimateBytes">The estimate.</param>
    /// <returns>The reservation; dispose it when the run is forgotten.</returns>
    /// <exception cref="InvalidInputException">The estimate alone is over the limit.</exception>
    /// <exception cref="StudioLimitException">The estimate and the live runs' together are over the limit.</exception>
    public Lease Reserve(string what, long estimateBytes)
    {
        budget.Require(what, estimateBytes);
        lock (_gate)
        {
            if (MemoryBudget.Plus(_held, estimateBytes) > budget.LimitBytes)
                throw new StudioLimitException(
                    $"{what} would need about {MemoryBudget.FormatBytes(estimateBytes)} of memory, and the running simulations, clustering and evolution runs " +
                    $"hold {MemoryBudget.FormatBytes(_held)} of the limit of {MemoryBudget.FormatBytes(budget.LimitBytes)}; " +
                    $"stop a run or close a page first (or raise the limit with {budget.Option}).");
            _held += estimateBytes;
        }
        return new Lease(this, estimateBytes);
    }

    private void Release(long bytes)
    {
        if (bytes <= 0) return;
        lock (_gate) _held -= bytes;
        if (bytes >= CollectAboveBytes)
        {
            // A large run was forgotten: give its memory back to the machine now rather than at the next
            // collection, which an idle server may never reach.
            ThreadPool.QueueUserWorkItem(static _ => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true));
        }
    }

    /// <summary>One run's reservation.</summary>
    internal sealed class Lease : IDisposable
    {
        private readonly RunMemory _owner;
        private long _bytes;

        /// <summary>Creates the reservation (already counted).</summary>
        /// <param name="owner">The accounting.</param>
        /// <param name="bytes">The bytes reserved.</param>
        public Lease(RunMemory owner, long bytes)
        {
            _owner = owner;
            _bytes = bytes;
        }

        /// <summary>Bytes reserved now.</summary>
        public long Bytes => Interlocked.Read(ref _bytes);

        /// <summary>Gives back all but <paramref name="keepBytes"/> (a finished run keeps only its last picture).</summary>
        /// <param name="keepBytes">The bytes still held.</param>
        public void ShrinkTo(long keepBytes)
        {
            long old;
            do
            {
                old = Interlocked.Read(ref _bytes);
                if (keepBytes >= old) return;
            }
            while (Interlocked.CompareExchange(ref _bytes, Math.Max(0, keepBytes), old) != old);
            _owner.Release(old - Math.Max(0, keepBytes));
        }

        /// <inheritdoc />
        public void Dispose() => _owner.Release(Interlocked.Exchange(ref _bytes, 0));
    }
}
