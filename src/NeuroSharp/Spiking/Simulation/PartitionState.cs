using NeuroSharp.Distributed;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// What one rank of a partitioned run knows about the split (docs/distributed.md, "Partitioned simulate"):
/// which neurons of each population it holds, the synapses onto them (only their targets' draws are made), the exchange window, and the buffers of
/// the window's spikes. Source populations (Poisson, spike times) are held whole on every rank: their draws
/// are made everywhere, as one process makes them, so their spikes never travel; each is still owned, for
/// recording, by the ranks the partition names.
/// </summary>
internal sealed class PartitionState
{
    private readonly int _rank;
    private NeuronPartition? _partition;
    private readonly List<int[]> _owned = []; // per group: the owned indices within the population
    private readonly List<bool> _replicated = [];
    private readonly List<int[]?> _localOf = []; // per group: population index -> index held here, or -1 (null for a whole group)
    private readonly List<long> _heldSynapses = []; // per projection: the synapses held here; after FinishBuild, the whole network's
    private int _minDelay = int.MaxValue;
    private bool _everyStep;

    public PartitionState(NetworkSpec spec, SimulationOptions options, ICommunicator communicator)
    {
        Communicator = communicator;
        _rank = communicator.Rank;
        Refuse(spec, options);
        Scheme = options.Partition;
    }

    public ICommunicator Communicator { get; }

    public PartitionScheme Scheme { get; }

    /// <summary>The partition (after the groups are known).</summary>
    public NeuronPartition Partition => _partition!;

    /// <summary>Steps between exchanges: the smallest delay in steps plus one (a spike of step s with delay d is added at step s + d and acts from s + d + 1), or 1.</summary>
    public int Window { get; private set; } = 1;

    /// <summary>Synapses of the whole network (summed over the ranks in <see cref="FinishBuild"/>).</summary>
    public long GlobalSynapseCount { get; private set; }

    /// <summary>Synapses of projection <paramref name="k"/> in the whole network (after <see cref="FinishBuild"/>).</summary>
    public long GlobalSynapseCountOf(int k) => _heldSynapses[k];

    /// <summary>The features a partitioned run cannot split yet: each is refused with one sentence.</summary>
    private static void Refuse(NetworkSpec spec, SimulationOptions options)
    {
        const string Tail = "run this network in one process (without mpiexec)";
        if (options.Backend is not null)
            throw new InvalidInputException($"A partitioned run (mpiexec) steps on the CPU: drop --device, or {Tail}.");
        foreach (var p in spec.Projections)
        {
            // A release is drawn per synapse by its index in the projection, which a rank's share of the synapses does not keep.
            if (p.Release is not null || p.ShortTermPlasticity is { Sites: > 0 })
                throw new InvalidInputException($"Projection '{p.DisplayName}' releases stochastically ({(p.Release is not null ? "release.probability" : "shortTermPlasticity.sites")}), which a partitioned run (mpiexec) does not draw yet: {Tail}.");
        }
    }

    /// <summary>
    /// The part of population <paramref name="index"/> this rank holds: its owned indices, or null for a
    /// source population (held whole). <see cref="Start"/> made the partition.
    /// </summary>
    public int[]? Part(int index, NeuronModelSpec model)
    {
        var owned = _partition!.Owned(index, _rank);
        _owned.Add(owned);
        bool source = model is PoissonSourceSpec or SpikeTimesSourceSpec;
        _replicated.Add(source);
        return source ? null : owned;
    }

    /// <summary>
    /// Makes the partition from the groups' sizes in build order (called before the first group is built): the single
    /// spiking neurons of $.neurons, each a population of 1, then the populations.
    /// </summary>
    public void Start(NetworkSpec spec)
    {
        int transmitters = spec.Neurons.Count(n => n.Model is TransmitterNeuronSpec);
        List<int> sizes = [.. SpikingNeurons(spec).Select(_ => 1), .. spec.Populations.Select(p => p.Count)];
        if (transmitters > 0) sizes.Add(transmitters); // the transmitter neurons' ids come after every spiking neuron's
        _partition = new NeuronPartition(sizes, Communicator.Size, Scheme);
        if (transmitters == 0) return;
        int index = sizes.Count - 1;
        TransmitterRanks = new int[transmitters];
        if (spec.Delivery == TransmitterDelivery.Sequential)
            Array.Fill(TransmitterRanks, _partition.RankOf(_partition.Offset(index))); // one loop by definition: all on the first one's rank
        else
        {
            for (int i = 0; i < transmitters; i++) TransmitterRanks[i] = _partition.RankOf(_partition.Offset(index) + i);
        }
    }

    /// <summary>The rank holding each transmitter neuron (in stepping order), or null without transmitter neurons (after <see cref="Start"/>).</summary>
    public int[]? TransmitterRanks { get; private set; }

    /// <summary>The single spiking neurons of $.neurons (transmitter neurons step as a network of their own), in the order the groups are built.</summary>
    private static IEnumerable<SingleNeuronSpec> SpikingNeurons(NetworkSpec spec) => spec.Neurons.Where(n => n.Model is not TransmitterNeuronSpec);

    /// <summary>This rank's share of the network for the memory check before the build: its neurons of each population (source populations whole).</summary>
    public NetworkMemory.RankShare Share(NetworkSpec spec)
    {
        var held = new Dictionary<string, long>(StringComparer.Ordinal);
        int singles = SpikingNeurons(spec).Count();
        foreach (var (n, k) in SpikingNeurons(spec).Select((n, k) => (n, k))) held[n.Id] = _partition!.OwnedCount(k, _rank);
        for (int k = 0; k < spec.Populations.Count; k++)
        {
            var p = spec.Populations[k];
            held[p.Name] = p.Model is PoissonSourceSpec or SpikeTimesSourceSpec ? p.Count : _partition!.OwnedCount(singles + k, _rank);
        }
        return new NetworkMemory.RankShare(_rank, Communicator.Size, held);
    }

    /// <summary>After the groups are built: the maps from population index to held index.</summary>
    public void Attach(IReadOnlyList<NeuronGroup> groups)
    {
        foreach (var g in groups)
        {
            if (g.GlobalIndex is not { } part)
            {
                _localOf.Add(null);
                continue;
            }
            var local = new int[g.GlobalCount];
            Array.Fill(local, -1);
            for (int k = 0; k < part.Length; k++) local[part[k]] = k;
            _localOf.Add(local);
        }
    }

    /// <summary>True when group <paramref name="index"/> is held whole here (a source).</summary>
    public bool IsReplicated(int index) => _replicated[index];

    /// <summary>The owned indices (within the population) of group <paramref name="index"/>.</summary>
    public int[] Owned(int index) => _owned[index];

    /// <summary>A current input's indices (population indices, or null for all) as indices of the neurons held here.</summary>
    public static IReadOnlyList<int>? LocalIndices(NeuronGroup group, IReadOnlyList<int>? indices)
    {
        if (indices is null || group.GlobalIndex is not { } part) return indices;
        var local = new List<int>();
        foreach (int i in indices)
        {
            int k = Array.BinarySearch(part, i);
            if (k >= 0) local.Add(k);
        }
        return local;
    }

    /// <summary>The neurons held here among a state monitor's (population indices), as indices into the group.</summary>
    public int[] StateMonitorNeurons(NeuronGroup group, IReadOnlyList<int> indices)
    {
        var local = _localOf[group.Index];
        var owned = new List<int>();
        foreach (int i in indices)
        {
            if (local is null ? IsOwned(group.Index, i) : local[i] >= 0) owned.Add(local is null ? i : local[i]);
        }
        return [.. owned];
    }

    /// <summary>The positions in a state monitor's indices that this rank records (the same order as <see cref="StateMonitorNeurons"/>).</summary>
    public int[] StateMonitorPositions(NeuronGroup group, IReadOnlyList<int> indices)
    {
        var local = _localOf[group.Index];
        var positions = new List<int>();
        for (int p = 0; p < indices.Count; p++)
        {
            if (local is null ? IsOwned(group.Index, indices[p]) : local[indices[p]] >= 0) positions.Add(p);
        }
        return [.. positions];
    }

    /// <summary>True when this rank owns neuron <paramref name="i"/> of group <paramref name="index"/>.</summary>
    public bool IsOwned(int index, int i) => _partition!.RankOf(_partition.Offset(index) + i) == _rank;

    /// <summary>For a group's projections: per target (population index), its index among the targets held here or -1; null for a source group (held whole).</summary>
    public int[]? HeldMap(int index) => _localOf[index];

    /// <summary>
    /// Notes a projection's part held here (drawn by <see cref="ConnectivityBuilder.BuildPattern"/> with <see cref="HeldMap"/>):
    /// its synapse count and its smallest delay (the whole network's count and the window's smallest delay over all
    /// ranks are agreed in <see cref="FinishBuild"/>).
    /// </summary>
    public void NoteProjection(int k, CsrPattern pattern, int constantDelay, int[]? delays, bool stdp)
    {
        if (k != _heldSynapses.Count) throw new InvalidOperationException($"Projection {k} noted out of order.");
        _heldSynapses.Add(pattern.SynapseCount);
        if (delays is null) NoteDelay(constantDelay); // even with no synapse: a projection of delay 0 has no queue to emit into apart
        else
        {
            if (stdp) _everyStep = true; // STDP with per-synapse delays delivers and learns in one pass: exchange every step
            foreach (int d in delays) NoteDelay(d);
        }
    }

    private void NoteDelay(int d)
    {
        if (d < _minDelay) _minDelay = d;
    }

    /// <summary>Fixes the window after every projection is built: the smallest delay + 1 steps (at most <see cref="MaxWindow"/>), or 1.</summary>
    public void FinishBuild()
    {
        // Each rank saw the delays of its own synapses only: the window is set by the smallest of any rank's.
        Span<long> least = [_minDelay];
        Communicator.AllReduce(least, ReductionOperation.Min);
        _minDelay = (int)least[0];
        // Each rank drew only its own synapses: the whole network's counts are the sums.
        var counts = _heldSynapses.ToArray();
        Communicator.AllReduce(counts, ReductionOperation.Sum);
        for (int k = 0; k < counts.Length; k++) _heldSynapses[k] = counts[k];
        GlobalSynapseCount = counts.Sum();
        if (_everyStep || _minDelay == 0) Window = 1;
        else Window = (int)Math.Min(MaxWindow, _minDelay + 1L);
    }

    /// <summary>The longest window: without projections (or with very long delays) spikes still travel this often, for the window buffers' sake.</summary>
    public const int MaxWindow = 64;
}
