using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroSharp.Distributed;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// One rank's gap junctions in a partitioned run (docs/distributed.md, "Gap junctions over ranks"). A pair (a, b)
/// adds <c>g (v_a - v_b)</c> to b's current and its negative to a's. The rank of target b draws the pair and its
/// conductance (from b's streams, as one process does) and adds b's term; when a lives on another rank, the pair
/// (a, b, g) is sent there once at build time, and that rank adds a's term: each term is added on its neuron's rank,
/// exactly once. Before every step each rank receives v of exactly the partners it lacks (the remote sources of its
/// held pairs and the remote targets of the pairs sent to it), a list fixed at build time, through one all-to-all.
/// A rank adds its terms in the whole network's pair order (junction sets in file order; within one, by source, then
/// target), so each neuron's current is summed in the order one process sums it, and v and the spikes are the same bits.
/// Graded projections (<see cref="GradedProjectionSpec"/>) are sets of the same kind whose pairs have only b's term: the rank of b
/// draws the pair, holds its state s and receives a's v when a lives elsewhere, through the same exchange; no pair is sent.
/// </summary>
internal sealed class HeldGapJunctions
{
    private readonly ICommunicator _comm;
    private readonly NeuronPartition _partition;
    private readonly List<NeuronGroup> _touched = [];     // groups whose current the junctions change, in first-touched order
    private readonly List<float[]> _touchedV = [];        // their v
    private readonly List<int> _touchedStart = [];        // per touched group: its first slot in _v
    private readonly List<float[]> _saved = [];
    private readonly List<(NeuronGroup Source, NeuronGroup Target, int First, int End, GradedKinetics? Graded)> _sets = [];
    private readonly List<Entry> _pending = [];            // the build's entries of all sets, before they are placed
    private readonly Dictionary<NeuronGroup, int[]> _heldIndex = []; // the build's maps: population index -> held index, or -1
    private readonly List<(int Set, int A, int B, float G)>[] _mirrorsTo;
    private int[] _aSlot = [], _bSlot = [], _sourceAt = [], _targetAt = [];
    private float[] _g = [];
    private float[] _s = [];                               // per term: a graded pair's state (unused by gap junction terms)
    private float[] _v = [];                               // the touched groups' local v, then the received remote v
    private int _localSlots;
    private (int Touched, int Local)[][] _sendList = [];   // per rank: the held neurons whose v it needs, in its order
    private readonly List<(int Group, int Index)> _needed = []; // the remote neurons whose v this rank receives, by owner rank, then group and index
    private int[] _sendCounts = [], _receiveCounts = [];
    private float[] _send = [];
    private bool _exchanges;

    private record struct Entry(int Set, int A, int B, float G, bool TargetTerm, bool SourceTerm);

    public HeldGapJunctions(ICommunicator communicator, NeuronPartition partition)
    {
        _comm = communicator;
        _partition = partition;
        _mirrorsTo = [.. Enumerable.Range(0, communicator.Size).Select(_ => new List<(int, int, int, float)>())];
    }

    /// <summary>True when the network has no gap junction.</summary>
    public bool IsEmpty => _sets.Count == 0;

    /// <summary>Steps in which v travelled (every step once any rank lacks a partner's v).</summary>
    public long ExchangeCount { get; private set; }

    /// <summary>Bytes of v this rank received (4 per remote partner per step).</summary>
    public long ExchangedBytes { get; private set; }

    /// <summary>Remote partners whose v this rank receives before every step: (population index in build order, index within it).</summary>
    public IReadOnlyList<(int Group, int Index)> RemotePartners => _needed;

    /// <summary>The pairs this rank adds terms of, in the order it adds them: the set, (a, b) as population indices, g, and whether it adds b's term and a's.</summary>
    public IEnumerable<(int Set, int A, int B, float G, bool TargetTerm, bool SourceTerm)> Terms()
    {
        for (int s = 0; s < _sets.Count; s++)
        {
            var (source, target, first, end, _) = _sets[s];
            for (int k = first; k < end; k++)
                yield return (s, GlobalOf(source, target, _aSlot[k], true), GlobalOf(source, target, _bSlot[k], false), _g[k], _targetAt[k] >= 0, _sourceAt[k] >= 0);
        }
    }

    private int GlobalOf(NeuronGroup source, NeuronGroup target, int slot, bool isSource)
    {
        if (slot >= _localSlots) return _needed[slot - _localSlots].Index;
        var group = isSource ? source : target;
        return group.GlobalIndex![slot - _touchedStart[_touched.IndexOf(group)]];
    }

    /// <summary>
    /// Adds the held part of one junction set: the pairs onto the targets held here (CSR by source over the whole source
    /// population, targets as held indices ascending), with their conductances; <paramref name="graded"/>: a graded projection's
    /// law (its pairs add b's term only), or null for a gap junction.
    /// </summary>
    public void Add(NeuronGroup source, NeuronGroup target, CsrPattern pattern, float[] conductance, GradedKinetics? graded = null)
    {
        int set = _sets.Count;
        Touch(source);
        Touch(target);
        _sets.Add((source, target, 0, 0, graded));
        bool oneWay = graded is not null;
        long offset = _partition.Offset(source.Index);
        var targets = target.GlobalIndex!;
        for (int a = 0; a + 1 < pattern.RowStart.Length; a++)
        {
            int owner = _partition.RankOf(offset + a);
            for (int e = pattern.RowStart[a]; e < pattern.RowStart[a + 1]; e++)
            {
                int b = targets[pattern.Targets[e]];
                bool local = owner == _comm.Rank;
                _pending.Add(new Entry(set, a, b, conductance[e], TargetTerm: true, SourceTerm: local && !oneWay));
                if (!local && !oneWay) _mirrorsTo[owner].Add((set, a, b, conductance[e]));
            }
        }
    }

    /// <summary>Per population index of a group: its index held here, or -1.</summary>
    private int[] HeldIndices(NeuronGroup g)
    {
        if (_heldIndex.TryGetValue(g, out var map)) return map;
        map = new int[g.GlobalCount];
        Array.Fill(map, -1);
        var part = g.GlobalIndex!;
        for (int k = 0; k < part.Length; k++) map[part[k]] = k;
        _heldIndex[g] = map;
        return map;
    }

    private void Touch(NeuronGroup g)
    {
        if (g.GlobalIndex is null) throw new InvalidOperationException($"Population '{g.Name}' is held whole; a gap junction needs a split population.");
        var v = g.Variable("v") ?? throw new InvalidInputException($"Population '{g.Name}' has no membrane potential for a gap junction.");
        if (_touched.Contains(g)) return;
        _touchedV.Add(v);
        _touchedStart.Add(_touched.Count == 0 ? 0 : _touchedStart[^1] + _touched[^1].Count);
        _touched.Add(g);
        _saved.Add(new float[g.Count]);
    }

    /// <summary>
    /// Collective, after every set is added: sends each pair whose source lives elsewhere to the source's rank, orders
    /// every rank's terms as one process adds them, and agrees on the per-step exchange of v.
    /// </summary>
    public void Finish()
    {
        int ranks = _comm.Size;
        // 1. The pairs whose source lives elsewhere go to the source's rank (set, a, b, g bits), in this rank's pair order.
        var sendCounts = new int[ranks];
        var send = new List<int>();
        for (int r = 0; r < ranks; r++)
        {
            foreach (var (set, a, b, g) in _mirrorsTo[r]) send.AddRange([set, a, b, BitConverter.SingleToInt32Bits(g)]);
            sendCounts[r] = _mirrorsTo[r].Count * 4 * sizeof(int);
            _mirrorsTo[r].Clear();
        }
        var receiveCounts = new int[ranks];
        var received = MemoryMarshal.Cast<byte, int>(_comm.AllToAllVariable(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(send)), sendCounts, receiveCounts).AsSpan());
        for (int at = 0; at < received.Length; at += 4)
            _pending.Add(new Entry(received[at], received[at + 1], received[at + 2], BitConverter.Int32BitsToSingle(received[at + 3]), TargetTerm: false, SourceTerm: true));

        // 2. The whole network's pair order: set, source, target. Pairs of equal (a, b) all come from b's rank in its order,
        //    so a stable sort keeps them as one process has them.
        var order = Enumerable.Range(0, _pending.Count).ToArray();
        var entries = _pending.ToArray();
        _pending.Clear();
        Array.Sort(order, (x, y) =>
        {
            int c = entries[x].Set.CompareTo(entries[y].Set);
            if (c == 0) c = entries[x].A.CompareTo(entries[y].A);
            if (c == 0) c = entries[x].B.CompareTo(entries[y].B);
            return c == 0 ? x.CompareTo(y) : c;
        });

        // 3. The remote partners: sources of held pairs whose source lives elsewhere, targets of the pairs received.
        _localSlots = _touchedStart.Count == 0 ? 0 : _touchedStart[^1] + _touched[^1].Count;
        var needed = new SortedSet<(int Rank, int Group, int Index)>();
        foreach (var e in entries)
        {
            var (source, target, _, _, _) = _sets[e.Set];
            if (!e.SourceTerm && RankOf(source, e.A) is int owner && owner != _comm.Rank) needed.Add((owner, source.Index, e.A));
            if (!e.TargetTerm) needed.Add((RankOf(target, e.B), target.Index, e.B));
        }
        var slotOf = new Dictionary<(int Group, int Index), int>();
        foreach (var (_, group, index) in needed)
        {
            slotOf[(group, index)] = _localSlots + _needed.Count;
            _needed.Add((group, index));
        }

        // 4. The terms in order, with their slots in _v and their places in the groups' currents.
        int n = entries.Length;
        _aSlot = new int[n];
        _bSlot = new int[n];
        _sourceAt = new int[n];
        _targetAt = new int[n];
        _g = new float[n];
        var firsts = new int[_sets.Count + 1];
        Array.Fill(firsts, n);
        for (int k = n - 1; k >= 0; k--) firsts[entries[order[k]].Set] = k;
        for (int s = _sets.Count - 1; s >= 0; s--) firsts[s] = Math.Min(firsts[s], firsts[s + 1]);
        for (int k = 0; k < n; k++)
        {
            var e = entries[order[k]];
            var (source, target, _, _, _) = _sets[e.Set];
            int aHeld = HeldIndices(source)[e.A], bHeld = HeldIndices(target)[e.B];
            _aSlot[k] = aHeld >= 0 ? _touchedStart[_touched.IndexOf(source)] + aHeld : slotOf[(source.Index, e.A)];
            _bSlot[k] = bHeld >= 0 ? _touchedStart[_touched.IndexOf(target)] + bHeld : slotOf[(target.Index, e.B)];
            _sourceAt[k] = e.SourceTerm ? aHeld : -1;
            _targetAt[k] = e.TargetTerm ? bHeld : -1;
            _g[k] = e.G;
        }
        for (int s = 0; s < _sets.Count; s++) _sets[s] = _sets[s] with { First = firsts[s], End = firsts[s + 1] };
        _s = new float[n];
        _v = new float[_localSlots + _needed.Count];
        _heldIndex.Clear();

        // 5. Tell each owner which of its neurons this rank needs (population index, index), in this rank's order.
        Span<long> any = [_needed.Count];
        _comm.AllReduce(any, ReductionOperation.Sum);
        _exchanges = any[0] > 0;
        _sendCounts = new int[ranks];
        _receiveCounts = new int[ranks];
        if (!_exchanges) return;
        var askCounts = new int[ranks];
        var ask = new List<int>();
        foreach (var (rank, group, index) in needed)
        {
            ask.AddRange([group, index]);
            askCounts[rank] += 2 * sizeof(int);
        }
        Array.Clear(_receiveCounts);
        foreach (var (rank, _, _) in needed) _receiveCounts[rank] += sizeof(float);
        var asked = MemoryMarshal.Cast<byte, int>(_comm.AllToAllVariable(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(ask)), askCounts, receiveCounts).AsSpan());
        _sendList = new (int, int)[ranks][];
        int at2 = 0, total = 0;
        for (int r = 0; r < ranks; r++)
        {
            int count = receiveCounts[r] / (2 * sizeof(int));
            var list = new (int Touched, int Local)[count];
            for (int k = 0; k < count; k++, at2 += 2)
            {
                int group = asked[at2], t = 0;
                while (_touched[t].Index != group) t++;
                int local = Array.BinarySearch(_touched[t].GlobalIndex!, asked[at2 + 1]);
                list[k] = (t, local);
            }
            _sendList[r] = list;
            _sendCounts[r] = count * sizeof(float);
            total += count;
        }
        _send = new float[total];
    }

    private int RankOf(NeuronGroup g, int index) => _partition.RankOf(_partition.Offset(g.Index) + index);

    /// <summary>
    /// Collective when any rank lacks a partner's v: receives the remote partners' v, saves the touched groups' currents,
    /// and adds every term held here from v at the start of the step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply()
    {
        for (int t = 0; t < _touched.Count; t++)
        {
            var g = _touched[t];
            _touchedV[t].AsSpan(0, g.Count).CopyTo(_v.AsSpan(_touchedStart[t]));
            g.Current.AsSpan().CopyTo(_saved[t]);
        }
        // v rode with the last step's spikes, or (the first step of a run, or v does not ride) travels now.
        if (_exchanges && !_fresh) Exchange();
        _fresh = false;
        var v = _v;
        foreach (var (source, target, first, end, graded) in _sets)
        {
            var cs = source.Current;
            var ct = target.Current;
            if (graded is { } law)
            {
                var state = _s;
                for (int k = first; k < end; k++) ct[_targetAt[k]] += law.Step(_g[k], ref state[k], v[_aSlot[k]], v[_bSlot[k]]);
                continue;
            }
            for (int k = first; k < end; k++)
            {
                float i = _g[k] * (v[_aSlot[k]] - v[_bSlot[k]]);
                if (_targetAt[k] >= 0) ct[_targetAt[k]] += i;
                if (_sourceAt[k] >= 0) cs[_sourceAt[k]] -= i;
            }
        }
    }

    private void Exchange()
    {
        int at = 0;
        foreach (var list in _sendList)
        {
            foreach (var (t, local) in list) _send[at++] = _v[_touchedStart[t] + local];
        }
        // The values come by owner rank in the order this rank asked for them: the order of _needed, straight into _v.
        var remote = MemoryMarshal.AsBytes(_v.AsSpan(_localSlots));
        _comm.AllToAllKnown(MemoryMarshal.AsBytes(_send.AsSpan()), _sendCounts, _receiveCounts, remote);
        ExchangeCount++;
        ExchangedBytes += remote.Length;
    }

    /// <summary>True when some rank lacks a partner's v: v travels every step.</summary>
    public bool Exchanges => _exchanges;

    /// <summary>True when v rides in the spike exchange of a one-step window instead of a collective of its own (<see cref="RideWithSpikes"/>).</summary>
    public bool Rides { get; private set; }

    private bool _fresh;                                   // the remote v arrived with the last step's spikes, after its reset
    private (int Touched, int Local)[] _export = [];       // all-gathered spikes: the held neurons any rank needs, ascending
    private int[] _exportFrom = [];                        // all-gathered spikes: per rank, the v at the end of its block
    private int[] _exportSlot = [];                        // all-gathered spikes: per remote partner, its place among its owner's v

    /// <summary>
    /// Collective under all-gathered spikes (called by every rank when the window is one step and v travels): from now on v
    /// after each step's reset rides at the end of each rank's block of the step's spike exchange (<see cref="WriteRiding"/>,
    /// <see cref="ReadRiding"/>), so a step has one exchange instead of two. Routed, each rank's block for rank r ends with
    /// the v r asked for, in its order; all-gathered, each rank's block ends with the v of every held neuron any rank needs,
    /// whose list every rank learns here once (8 bytes per such neuron).
    /// </summary>
    public void RideWithSpikes(bool allGather)
    {
        Rides = true;
        _fresh = false;
        if (!allGather) return;
        var union = new SortedSet<(int Touched, int Local)>();
        foreach (var list in _sendList) union.UnionWith(list);
        _export = [.. union];
        var mine = new int[2 * _export.Length];
        for (int k = 0; k < _export.Length; k++)
        {
            var (t, local) = _export[k];
            mine[2 * k] = _touched[t].Index;
            mine[2 * k + 1] = _touched[t].GlobalIndex![local];
        }
        var counts = new int[_comm.Size];
        var all = MemoryMarshal.Cast<byte, int>(_comm.AllGatherVariable(MemoryMarshal.AsBytes(mine.AsSpan()), counts).AsSpan());
        _exportFrom = [.. counts.Select(c => c / (2 * sizeof(int)))];
        var place = new Dictionary<(int Group, int Index), int>();
        for (int r = 0, at = 0; r < _comm.Size; r++)
        {
            for (int k = 0; k < _exportFrom[r]; k++, at += 2)
            {
                if (r != _comm.Rank) place[(all[at], all[at + 1])] = k;
            }
        }
        _exportSlot = [.. _needed.Select(x => place[x])];
    }

    /// <summary>The v that ride at the end of rank <paramref name="rank"/>'s block of a spike exchange (as ints).</summary>
    public int RidingFrom(int rank) => _exportFrom.Length > 0 ? _exportFrom[rank] : _receiveCounts[rank] / sizeof(float);

    /// <summary>Appends the v after this step's reset that ride to rank <paramref name="destination"/> (routed), or to every rank (all-gathered: -1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteRiding(GrowableBuffer<int> buffer, int destination)
    {
        var list = destination < 0 ? _export : _sendList[destination];
        foreach (var (t, local) in list) buffer.Add(BitConverter.SingleToInt32Bits(_touchedV[t][local]));
    }

    /// <summary>
    /// Takes the remote partners' v from the end of each rank's block of a spike exchange (<paramref name="blockEnd"/>: where
    /// each rank's block ends, in ints); the next <see cref="Apply"/> uses them instead of a collective of its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ReadRiding(ReadOnlySpan<int> all, ReadOnlySpan<int> blockEnd)
    {
        long received = 0;
        int k = 0;
        for (int r = 0; r < blockEnd.Length; r++)
        {
            int n = RidingFrom(r), start = blockEnd[r] - n;
            if (r != _comm.Rank) received += n;
            if (_exportFrom.Length == 0)
            {
                for (int j = 0; j < n; j++) _v[_localSlots + k++] = BitConverter.Int32BitsToSingle(all[start + j]);
                continue;
            }
            for (; k < _needed.Count && RankOf(_needed[k]) == r; k++) _v[_localSlots + k] = BitConverter.Int32BitsToSingle(all[start + _exportSlot[k]]);
        }
        ExchangedBytes += received * sizeof(float);
        _fresh = true;
    }

    private int RankOf((int Group, int Index) neuron) => _partition.RankOf(_partition.Offset(neuron.Group) + neuron.Index);

    /// <summary>The v that rode with the last spikes no longer hold (the dynamics were reset): the next step exchanges them itself.</summary>
    public void Stale() => _fresh = false;

    /// <summary>The graded pairs' state back to its start (s = 0).</summary>
    public void ResetState() => Array.Clear(_s);

    /// <summary>
    /// Visits the state s of the graded terms held here, for a checkpoint. After a restore the v of the remote partners are
    /// exchanged again before the next step (every rank alike), as the v that rode with the last spikes are not in the file.
    /// </summary>
    public void VisitState(StateVisitor visitor)
    {
        visitor.Values("s", _s.AsSpan());
        if (visitor.Reading) _fresh = false;
    }

    /// <summary>Puts back the currents saved by <see cref="Apply"/>.</summary>
    public void Restore()
    {
        for (int t = 0; t < _touched.Count; t++) _saved[t].AsSpan().CopyTo(_touched[t].Current);
    }
}
