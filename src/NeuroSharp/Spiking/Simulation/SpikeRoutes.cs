using NeuroSharp.Distributed;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The routes of a routed exchange (<see cref="SpikeExchange.Routed"/>; docs/distributed.md): for each neuron this
/// rank holds, the ranks that hold a synapse from it, in ascending order. Each rank knows which sources its own
/// synapses come from; one all-to-all at build time tells every owner which ranks need each of its neurons
/// (a bit per neuron, sent to the neuron's owner in its owned order), as NEST builds its target tables.
/// </summary>
internal sealed class SpikeRoutes
{
    private readonly int[]?[] _start;
    private readonly int[]?[] _ranks;

    private SpikeRoutes(int[]?[] start, int[]?[] ranks, long destinations)
    {
        _start = start;
        _ranks = ranks;
        Destinations = destinations;
    }

    /// <summary>Sum over the neurons held here of the ranks that need each one's spikes.</summary>
    public long Destinations { get; }

    /// <summary>The ranks that need the spikes of held neuron <paramref name="k"/> of group <paramref name="group"/> (a split group).</summary>
    public ReadOnlySpan<int> RanksOf(int group, int k) => _ranks[group].AsSpan(_start[group]![k], _start[group]![k + 1] - _start[group]![k]);

    /// <summary>Collective: builds the routes of the held neurons of every split group (a group with a <see cref="NeuronGroup.GlobalIndex"/>).</summary>
    public static SpikeRoutes Build(IReadOnlyList<NeuronGroup> groups, IEnumerable<Projection> projections, NeuronPartition partition, ICommunicator comm)
    {
        int ranks = comm.Size;
        // The sources this rank needs: those with a synapse held here, in any projection.
        var need = new bool[groups.Count][];
        for (int g = 0; g < groups.Count; g++) need[g] = groups[g].GlobalIndex is null ? [] : new bool[groups[g].GlobalCount];
        foreach (var p in projections)
        {
            if (p.Source.GlobalIndex is null) continue; // a source population is held whole everywhere: its spikes never travel
            var n = need[p.Source.Index];
            for (int s = 0; s < n.Length; s++) n[s] |= p.RowStart[s + 1] > p.RowStart[s];
        }
        // To each owner, a bit per neuron it owns (in its owned order, split groups in order): does this rank need it?
        var sendCounts = new int[ranks];
        var send = new List<byte>();
        for (int q = 0; q < ranks; q++)
        {
            int before = send.Count;
            for (int g = 0; g < groups.Count; g++)
            {
                if (groups[g].GlobalIndex is null) continue;
                var owned = partition.Owned(g, q);
                var bits = new byte[(owned.Length + 7) / 8];
                for (int j = 0; j < owned.Length; j++)
                {
                    if (need[g][owned[j]]) bits[j >> 3] |= (byte)(1 << (j & 7));
                }
                send.AddRange(bits);
            }
            sendCounts[q] = send.Count - before;
        }
        var receiveCounts = new int[ranks];
        byte[] received = comm.AllToAllVariable(send.ToArray(), sendCounts, receiveCounts);
        // Every rank's bits over the neurons held here, into lists of ranks per neuron (ranks ascending).
        var start = new int[groups.Count][];
        var routes = new int[groups.Count][];
        var at = new int[ranks];
        for (int r = 1; r < ranks; r++) at[r] = at[r - 1] + receiveCounts[r - 1];
        long destinations = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            if (groups[g].GlobalIndex is null) continue;
            int held = groups[g].Count, width = (held + 7) / 8;
            var s = start[g] = new int[held + 1];
            for (int r = 0; r < ranks; r++)
            {
                for (int k = 0; k < held; k++) s[k + 1] += (received[at[r] + (k >> 3)] >> (k & 7)) & 1;
            }
            for (int k = 0; k < held; k++) s[k + 1] += s[k];
            var list = routes[g] = new int[s[held]];
            var fill = s[..held];
            for (int r = 0; r < ranks; r++)
            {
                for (int k = 0; k < held; k++)
                {
                    if (((received[at[r] + (k >> 3)] >> (k & 7)) & 1) != 0) list[fill[k]++] = r;
                }
                at[r] += width;
            }
            destinations += list.Length;
        }
        return new SpikeRoutes(start, routes, destinations);
    }
}
