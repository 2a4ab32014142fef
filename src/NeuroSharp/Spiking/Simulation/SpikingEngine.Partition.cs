using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroSharp.Distributed;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The partitioned run (<see cref="SimulationOptions.Communicator"/>; docs/distributed.md, "Partitioned simulate"):
/// each rank integrates the neurons it holds and delivers to them only, and the spikes of the held neurons are
/// all-gathered (or routed to the ranks that hold their targets: <see cref="SpikeRoutes"/>) once per window of <see cref="ExchangeWindow"/> steps. The steps keep the order of
/// <see cref="StepOrder"/>; what changes is when a spike's emission (its queue slot, or its weights in the delay
/// ring) is written: at the end of its window rather than in its own step, which is early enough because no
/// delay is shorter than the window. Every float is added in the order one process adds it, so the spikes and
/// the recorded values are the same bits as the plain engine's.
/// </summary>
public sealed partial class SpikingEngine
{
    private readonly PartitionState? _part;
    private readonly GrowableBuffer<int> _send = new();     // per window step, per split group: count, owned spike ids
    private readonly GrowableBuffer<int> _keep = new();     // per window step, per whole (source) group: count, spike ids
    private readonly GrowableBuffer<int> _gathered = new(); // per window step, per group: the spikes of the whole population
    private GrowableBuffer<int>[] _sendTo = [];            // a routed exchange: per rank, per window step, per split group: count, spike ids it needs
    private int[] _countAt = [];
    private int[] _spikesTo = [];                          // a routed exchange: per rank, the spike ids of this window in its buffer
    private int[] _sendCounts = [];                        // per rank: bytes sent, and received, in the window's exchange
    private int[] _receiveCounts = [];
    private byte[] _received = [];                         // the window's exchanged bytes (grown, never shrunk: an exchange allocates nothing)
    private SpikeRoutes? _routes;
    private HeldGapJunctions? _heldGaps;                   // a partitioned run's gap junctions: the terms of the neurons held here
    private HeldTransmitters? _heldTransmitters;           // a partitioned run's transmitter neurons: those held here, and the shares that travel
    private int[] _gatheredStart = [];
    private int[][] _ownedSpikes = [];
    private int[] _ownedCounts = [];
    private int _windowSteps;
    private bool _recordingsGathered;

    /// <summary>True when this engine is one rank's part of a partitioned run.</summary>
    public bool IsPartitioned => _part is not null;

    /// <summary>Steps between two exchanges of spikes in a partitioned run (the smallest delay in steps + 1, or 1); 1 in one process.</summary>
    public int ExchangeWindow => _part?.Window ?? 1;

    /// <summary>Exchanges of spikes (all-gathers or routed all-to-alls of a window) since the build: what the scaling model counts.</summary>
    public long ExchangeCount { get; private set; }

    /// <summary>Bytes this rank received in exchanges of spikes since the build (its own included): 4 per spike id and per count.</summary>
    public long ExchangedBytes { get; private set; }

    /// <summary>Bytes of membrane potentials this rank received for its gap junctions since the build (4 per remote partner per step; 0 in one process).</summary>
    public long GapJunctionBytes => _heldGaps?.ExchangedBytes ?? 0;

    /// <summary>Steps in which membrane potentials travelled for gap junctions since the build (0 in one process, or when no rank lacks a partner).</summary>
    public long GapJunctionExchangeCount => _heldGaps?.ExchangeCount ?? 0;

    /// <summary>The gap-junction terms this rank adds and the partners whose v it receives (null in one process or without gap junctions).</summary>
    internal HeldGapJunctions? HeldGapJunctions => _heldGaps;

    /// <summary>Spiking neurons this rank holds and updates (all of them in one process).</summary>
    public int LocalNeuronCount => _groups.Sum(g => g.GlobalIndex is null && _part is not null ? 0 : g.Count);

    /// <summary>Transmitter neurons this rank holds and steps (all of them in one process).</summary>
    public int LocalTransmitterCount => _heldTransmitters?.Held.Length ?? Transmitters?.Count ?? 0;

    /// <summary>The transmitter neurons this rank holds and steps, in stepping order (all of them in one process).</summary>
    public IReadOnlyList<int> HeldTransmitterNeurons => _heldTransmitters?.Held.ToArray() ?? [.. Enumerable.Range(0, Transmitters?.Count ?? 0)];

    /// <summary>Bytes of transmitter shares this rank received since the build (16 per remote source with a target here, per step; 0 in one process).</summary>
    public long TransmitterShareBytes => _heldTransmitters?.ExchangedBytes ?? 0;

    /// <summary>Synapses this rank holds (all of them in one process): the incoming synapses of its neurons.</summary>
    public long LocalSynapseCount => _projections.Sum(p => (long)p.SynapseCount);

    /// <summary>
    /// Random draws the build made for this rank's synapse weights, per-synapse delays and gap-junction conductances (one per drawn value): under
    /// every connectivity rule only its own targets' synapses draw, so on a rank holding no target of a projection its
    /// draws are none, however large the projection.
    /// </summary>
    public long BuildDraws { get; private set; }

    private void StartPartition()
    {
        _part!.Start(Spec);
    }

    /// <summary>True when this partitioned run routes each spike to the ranks that hold a target of it (else every rank receives every spike).</summary>
    public bool RoutesSpikes => _routes is not null;

    private void FinishPartition()
    {
        _part!.FinishBuild();
        ChooseExchange(_part.Communicator);
        _ownedSpikes = [.. _groups.Select(g => new int[g.Count])];
        _ownedCounts = new int[_groups.Count];
        _gatheredStart = new int[_part.Window * _groups.Count + 1];
        _receiveCounts = new int[_part.Communicator.Size];
    }

    /// <summary>
    /// Collective: routed or all-gathered (<see cref="SimulationOptions.Exchange"/>). Auto routes when the ranks
    /// that need a spike, summed over the split neurons, are at most three quarters of ranks x neurons: then
    /// routing saves a quarter or more of the spike bytes.
    /// </summary>
    private void ChooseExchange(Distributed.ICommunicator comm)
    {
        var mode = Options.Exchange;
        if (mode == Distributed.SpikeExchange.AllGather || comm.Size == 1) return;
        var routes = SpikeRoutes.Build(_groups, _projections, _part!.Partition, comm);
        if (mode == Distributed.SpikeExchange.Auto)
        {
            Span<long> sums = [routes.Destinations, _groups.Sum(g => g.GlobalIndex is null ? 0L : g.Count)];
            comm.AllReduce(sums, Distributed.ReductionOperation.Sum);
            if (4 * sums[0] > 3L * comm.Size * sums[1]) return;
        }
        _routes = routes;
        _sendTo = [.. Enumerable.Range(0, comm.Size).Select(_ => new GrowableBuffer<int>())];
        _countAt = new int[comm.Size];
        _spikesTo = new int[comm.Size];
        _sendCounts = new int[comm.Size];
    }

    private void ClearWindow()
    {
        _heldGaps?.Stale();
        foreach (var b in _sendTo) b.Clear();
        Array.Clear(_spikesTo);
        _send.Clear();
        _keep.Clear();
        _gathered.Clear();
        _windowSteps = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepPartitioned(int step)
    {
        if (_recordingsGathered) throw new InvalidOperationException("The recordings of this partitioned run were gathered; build a new engine to run on.");
        Inputs(step);
        _heldGaps?.Apply(); // collective when a rank lacks a partner's v: every step, gap junctions have no delay
        foreach (var p in _populations) p.IntegrateAndThreshold(step, Options.Threads);
        _heldGaps?.Restore();
        CollectOwned();
        // When v rides with the spikes (a one-step window with gap junctions across ranks), the reset comes first, so that
        // v after it travels: the reset writes v, u or w, the last spike and theta, which the delivery and the learning
        // below neither read nor write, so the order changes no bit.
        bool rides = _heldGaps is { Rides: true };
        if (rides)
        {
            foreach (var p in _populations) p.ApplyReset(step);
        }
        if (++_windowSteps == _part!.Window) Exchange(step);
        foreach (var (ring, channel) in _ringChannels) ring.Drain(step, channel);
        if (_part.Window == 1)
        {
            foreach (var p in _projections) p.Deliver(step, Gathered(0, p.Source.Index));
        }
        else
        {
            foreach (var p in _projections) p.ArriveDue(step);
        }
        Plasticity(step);
        for (int i = 0; i < _populations.Count; i++)
        {
            if (!rides) _populations[i].ApplyReset(step);
            // The transmitter population (after the groups) holds only this rank's releases.
            _spikeTotals[i] += i < _groups.Count ? _ownedCounts[i] : _populations[i].StepSpikes.Length;
        }
        foreach (var (monitor, slice) in _spikeMonitors) monitor.Record(step, slice.Population is NeuronGroup g ? Owned(g.Index) : slice.StepSpikes());
        foreach (var (monitor, slice) in _rateMonitors) monitor.Record(slice.Population is NeuronGroup g ? _ownedCounts[g.Index] : slice.StepSpikes().Length);
        foreach (var (monitor, population, variables, neurons) in _stateMonitors)
        {
            if (monitor.IsDue(step)) monitor.Record(step, population, variables, neurons);
        }
        TransmitterState?.Record(step);
        _step = step + 1;
    }

    private ReadOnlySpan<int> Owned(int group) => _ownedSpikes[group].AsSpan(0, _ownedCounts[group]);

    /// <summary>This step's spikes of the neurons this rank owns, as population indices, into the window's buffers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CollectOwned()
    {
        for (int g = 0; g < _groups.Count; g++)
        {
            var group = _groups[g];
            var spikes = group.StepSpikes;
            var owned = _ownedSpikes[g];
            int n = 0;
            if (group.GlobalIndex is { } part)
            {
                foreach (int i in spikes) owned[n++] = part[i];
                if (_routes is not null) Route(g, spikes, owned);
                else
                {
                    _send.Add(n);
                    _send.AddRange(owned.AsSpan(0, n));
                }
            }
            else
            {
                foreach (int i in spikes)
                {
                    if (_part!.IsOwned(g, i)) owned[n++] = i;
                }
                _keep.Add(spikes.Length);
                _keep.AddRange(spikes);
            }
            _ownedCounts[g] = n;
        }
    }

    /// <summary>A routed exchange: this step's spikes of split group <paramref name="g"/> into the buffer of each rank that needs them (a count, then the ids ascending).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Route(int g, ReadOnlySpan<int> spikes, int[] ids)
    {
        var routes = _routes!;
        for (int r = 0; r < _sendTo.Length; r++)
        {
            _countAt[r] = _sendTo[r].Count;
            _sendTo[r].Add(0);
        }
        for (int j = 0; j < spikes.Length; j++)
        {
            foreach (int r in routes.RanksOf(g, spikes[j])) _sendTo[r].Add(ids[j]);
        }
        for (int r = 0; r < _sendTo.Length; r++)
        {
            int n = _sendTo[r].Count - _countAt[r] - 1;
            _sendTo[r].Set(_countAt[r], n);
            _spikesTo[r] += n;
        }
    }

    /// <summary>
    /// The end of a window: all-gathers (or routes) the window's spikes of the split populations, assembles every
    /// population's spikes per step (ascending, as one process finds them), and writes each step's emissions in
    /// step order and, within a step, in projection order (the order one process writes them).
    /// </summary>
    private void Exchange(int step)
    {
        var comm = _part!.Communicator;
        int ranks = comm.Size, groups = _groups.Count, steps = _windowSteps;
        var counts = _receiveCounts;
        int length;
        var riding = _heldGaps is { Rides: true } gaps ? gaps : null; // v after this step's reset, at the end of each rank's block
        if (_routes is null)
        {
            riding?.WriteRiding(_send, -1);
            length = comm.AllGatherVariable(MemoryMarshal.AsBytes(_send.AsSpan()), counts, ref _received);
        }
        else
        {
            // The same layout as the all-gather, per sending rank, holding only the spikes this rank needs; a rank
            // that needs none of this window's spikes gets nothing, not even the counts (it reads them as zeros).
            for (int r = 0; r < ranks; r++)
            {
                int before = _send.Count;
                if (_spikesTo[r] > 0) _send.AddRange(_sendTo[r].AsSpan());
                riding?.WriteRiding(_send, r);
                _sendCounts[r] = (_send.Count - before) * sizeof(int);
                _sendTo[r].Clear();
                _spikesTo[r] = 0;
            }
            length = comm.AllToAllVariable(MemoryMarshal.AsBytes(_send.AsSpan()), _sendCounts, counts, ref _received);
        }
        var all = MemoryMarshal.Cast<byte, int>(_received.AsSpan(0, length));
        ExchangeCount++;
        Span<int> cursor = stackalloc int[ranks];
        Span<int> spikeInts = stackalloc int[ranks]; // each rank's block less the v riding at its end
        int riders = 0;
        for (int r = 0; r < ranks; r++)
        {
            int ride = riding?.RidingFrom(r) ?? 0;
            spikeInts[r] = counts[r] / sizeof(int) - ride;
            riders += ride;
            if (r > 0) cursor[r] = cursor[r - 1] + counts[r - 1] / sizeof(int);
        }
        ExchangedBytes += length - riders * sizeof(int);
        if (riding is not null)
        {
            Span<int> blockEnd = stackalloc int[ranks];
            for (int r = 0; r < ranks; r++) blockEnd[r] = cursor[r] + counts[r] / sizeof(int);
            riding.ReadRiding(all, blockEnd);
        }
        var keep = _keep.AsSpan();
        int keepAt = 0;
        _gathered.Clear();
        for (int k = 0; k < steps; k++)
        {
            for (int g = 0; g < groups; g++)
            {
                _gatheredStart[k * groups + g] = _gathered.Count;
                if (_groups[g].GlobalIndex is null)
                {
                    int n = keep[keepAt];
                    _gathered.AddRange(keep.Slice(keepAt + 1, n));
                    keepAt += n + 1;
                    continue;
                }
                int start = _gathered.Count;
                for (int r = 0; r < ranks; r++)
                {
                    if (spikeInts[r] == 0) continue; // a routed rank that sent this one no spike in the window
                    int n = all[cursor[r]];
                    _gathered.AddRange(all.Slice(cursor[r] + 1, n));
                    cursor[r] += n + 1;
                }
                _gathered.SortTail(start);
            }
        }
        _gatheredStart[steps * groups] = _gathered.Count;
        _send.Clear();
        _keep.Clear();
        _windowSteps = 0;
        if (_part.Window == 1) return; // the step delivers whole (Deliver with the gathered spikes)
        int first = step - steps + 1;
        for (int k = 0; k < steps; k++)
        {
            foreach (var p in _projections) p.Emit(first + k, Gathered(k, p.Source.Index));
        }
    }

    /// <summary>Collective: true on every rank when any rank's <paramref name="token"/> asks to stop (then all stop at this step).</summary>
    private bool AgreeToStop(CancellationToken token)
    {
        Span<long> stop = [token.IsCancellationRequested ? 1 : 0];
        _part!.Communicator.AllReduce(stop, Distributed.ReductionOperation.Max);
        return stop[0] != 0;
    }

    private ReadOnlySpan<int> Gathered(int k, int group)
    {
        int at = k * _groups.Count + group;
        return _gathered.AsSpan()[_gatheredStart[at].._gatheredStart[at + 1]];
    }

    /// <summary>
    /// Collective, after the last run of a partitioned engine: merges every rank's recordings on rank 0, so that its
    /// spike and state monitors hold the whole network's, exactly what one process records (then spikes.csv and
    /// state.csv are written from rank 0 as from one process); the other ranks keep only what they recorded of their
    /// own neurons, and hold no copy of the merged records. Every rank gets the whole network's rate monitors, spike
    /// counts and synaptic events (a few numbers per bin and population). Nothing to do in one process. The engine
    /// runs no further steps afterwards.
    /// </summary>
    public void GatherRecordings()
    {
        if (_part is null || _recordingsGathered) return;
        var comm = _part.Communicator;
        var counts = new int[comm.Size];
        foreach (var (monitor, _) in _spikeMonitors) MergeSpikes(comm, monitor);
        foreach (var (monitor, _) in _rateMonitors)
        {
            var sum = new long[monitor.BinCount];
            for (int b = 0; b < sum.Length; b++) sum[b] = monitor.Counts[b];
            comm.AllReduce(sum, ReductionOperation.Sum);
            monitor.Replace([.. sum.Select(x => (int)x)]);
        }
        foreach (var (monitor, population, _, neurons) in _stateMonitors)
        {
            var group = (NeuronGroup)population;
            var positions = _part.StateMonitorPositions(group, monitor.Indices);
            int samples = monitor.SampleCount, width = monitor.Indices.Count;
            var full = new float[monitor.Variables.Count][];
            for (int v = 0; v < full.Length; v++)
            {
                var mine = new float[1 + positions.Length + samples * positions.Length];
                mine[0] = BitConverter.Int32BitsToSingle(positions.Length);
                for (int j = 0; j < positions.Length; j++) mine[1 + j] = BitConverter.Int32BitsToSingle(positions[j]);
                monitor.Values(monitor.Variables[v]).CopyTo(mine.AsSpan(1 + positions.Length));
                var gathered = comm.GatherVariable(MemoryMarshal.AsBytes(mine.AsSpan()), counts, 0);
                if (gathered is null) continue; // only rank 0 holds the merged columns
                var all = MemoryMarshal.Cast<byte, float>(gathered.AsSpan());
                full[v] = new float[samples * width];
                for (int at = 0; at < all.Length;)
                {
                    int n = BitConverter.SingleToInt32Bits(all[at]);
                    for (int s = 0; s < samples; s++)
                    {
                        for (int j = 0; j < n; j++) full[v][s * width + BitConverter.SingleToInt32Bits(all[at + 1 + j])] = all[at + 1 + n + s * n + j];
                    }
                    at += 1 + n + samples * n;
                }
            }
            if (comm.Rank == 0) monitor.ReplaceValues(full);
        }
        if (TransmitterState is { } transmitters) MergeTransmitterState(comm, transmitters, _part.TransmitterRanks!);
        comm.AllReduce(_spikeTotals, ReductionOperation.Sum);
        var events = _projections.Select(p => p.SynapticEvents).ToArray();
        comm.AllReduce(events, ReductionOperation.Sum);
        for (int k = 0; k < events.Length; k++) _projections[k].AddEvents(events[k] - _projections[k].SynapticEvents);
        _recordingsGathered = true;
    }

    /// <summary>
    /// Merges every rank's spikes of one monitor into rank 0's monitor, in (step, neuron) order as one process
    /// records them. Each rank's record is already in that order (steps ascending, a step's neurons ascending) and
    /// the ranks' neurons are disjoint, so the runs are merged as they arrive, with no sort and no key array: rank 0
    /// holds the gathered steps and neurons and the merged copy (16 bytes per spike of the network) for the merge;
    /// the other ranks only send theirs.
    /// </summary>
    private static void MergeSpikes(Distributed.ICommunicator comm, SpikeMonitor monitor)
    {
        int ranks = comm.Size;
        if (ranks == 1) return; // one rank recorded everything
        var counts = new int[ranks];
        var stepBytes = comm.GatherVariable(MemoryMarshal.AsBytes(monitor.Steps), counts, 0);
        var neuronBytes = comm.GatherVariable(MemoryMarshal.AsBytes(monitor.Neurons), counts, 0);
        if (stepBytes is null || neuronBytes is null) return; // not rank 0: its own record stays as it was
        var steps = MemoryMarshal.Cast<byte, int>(stepBytes.AsSpan());
        var neurons = MemoryMarshal.Cast<byte, int>(neuronBytes.AsSpan());
        Span<int> at = stackalloc int[ranks], end = stackalloc int[ranks];
        for (int r = 0; r < ranks; r++)
        {
            at[r] = r == 0 ? 0 : end[r - 1];
            end[r] = at[r] + counts[r] / sizeof(int);
        }
        monitor.Overwrite(steps.Length, out var mergedSteps, out var mergedNeurons); // the gathered copies hold every rank's record, this one's included
        for (int k = 0; k < mergedSteps.Length; k++)
        {
            int best = -1;
            for (int r = 0; r < ranks; r++)
            {
                if (at[r] == end[r]) continue;
                if (best < 0 || steps[at[r]] < steps[at[best]] || (steps[at[r]] == steps[at[best]] && neurons[at[r]] < neurons[at[best]])) best = r;
            }
            mergedSteps[k] = steps[at[best]];
            mergedNeurons[k] = neurons[at[best]++];
        }
    }

    /// <summary>
    /// Puts every transmitter neuron's rows back in rank 0's monitor (each rank recorded the rows of the neurons it holds,
    /// per sample in ascending order): rank 0 then holds one process's record; the other ranks keep their own rows.
    /// </summary>
    private static void MergeTransmitterState(Distributed.ICommunicator comm, TransmitterStateMonitor monitor, int[] rankOf)
    {
        if (comm.Size == 1) return; // one rank recorded every row
        const int Width = TransmitterStateMonitor.Width;
        var counts = new int[comm.Size];
        var gathered = comm.GatherVariable(MemoryMarshal.AsBytes(monitor.RecordedValues), counts, 0);
        if (gathered is null) return; // not rank 0
        var all = MemoryMarshal.Cast<byte, double>(gathered.AsSpan());
        int n = rankOf.Length, samples = monitor.SampleCount;
        var full = new double[(long)samples * n * Width];
        int at = 0;
        for (int r = 0; r < comm.Size; r++)
        {
            var held = Enumerable.Range(0, n).Where(i => rankOf[i] == r).ToArray();
            for (int s = 0; s < samples; s++)
            {
                foreach (int i in held)
                {
                    all.Slice(at, Width).CopyTo(full.AsSpan((s * n + i) * Width, Width));
                    at += Width;
                }
            }
        }
        monitor.ReplaceRows(full);
    }

    /// <summary>
    /// A projection's current weights in the whole network's synapse order (CSR by source, targets ascending),
    /// gathered from every rank of a partitioned run (collective); a copy of the weights in one process.
    /// </summary>
    /// <param name="projection">The projection's name.</param>
    /// <returns>One weight per synapse of the whole projection.</returns>
    public float[] GatherWeights(string projection)
    {
        var p = WithHostWeights(ProjectionOf(projection));
        if (_part is null) return (float[])p.Weights.Clone();
        int k = _projections.IndexOf(p);
        // Each rank's synapses as (source, target's population index, weight), in its CSR order: by source, then
        // target ascending (a rank's held targets ascend with their population indices). A pair of an explicit list
        // given twice is on one rank (its target's), in list order there, so a merge by (source, target) that takes
        // ties from the lowest rank first restores the whole projection's order.
        var part = p.Target.GlobalIndex; // null: a target population held whole
        var mine = new int[3 * p.SynapseCount];
        for (int s = 0, e = 0; s + 1 < p.RowStart.Length; s++)
        {
            for (; e < p.RowStart[s + 1]; e++)
            {
                mine[3 * e] = s;
                mine[3 * e + 1] = part is null ? p.Targets[e] : part[p.Targets[e]];
                mine[3 * e + 2] = BitConverter.SingleToInt32Bits(p.Weights[e]);
            }
        }
        var comm = _part.Communicator;
        var counts = new int[comm.Size];
        var all = MemoryMarshal.Cast<byte, int>(comm.AllGatherVariable(MemoryMarshal.AsBytes(mine.AsSpan()), counts).AsSpan());
        var weights = new float[_part.GlobalSynapseCountOf(k)];
        Span<int> at = stackalloc int[comm.Size], end = stackalloc int[comm.Size];
        for (int r = 0; r < comm.Size; r++)
        {
            at[r] = r == 0 ? 0 : end[r - 1];
            end[r] = at[r] + counts[r] / sizeof(int);
        }
        for (int w = 0; w < weights.Length; w++)
        {
            int best = -1;
            for (int r = 0; r < comm.Size; r++)
            {
                if (at[r] == end[r]) continue;
                if (best < 0 || all[at[r]] < all[at[best]] || (all[at[r]] == all[at[best]] && all[at[r] + 1] < all[at[best] + 1])) best = r;
            }
            weights[w] = BitConverter.Int32BitsToSingle(all[at[best] + 2]);
            at[best] += 3;
        }
        return weights;
    }

    /// <summary>Refuses an engine method that reads or writes per-neuron or per-synapse state of one process, on a part of a partitioned run.</summary>
    private void RefuseWhenPartitioned(string method)
    {
        if (_part is not null)
            throw new InvalidOperationException($"{method} reads or writes the state of one process; this engine is rank {_part.Communicator.Rank}'s part of a partitioned run (use GatherRecordings or GatherWeights).");
    }
}
