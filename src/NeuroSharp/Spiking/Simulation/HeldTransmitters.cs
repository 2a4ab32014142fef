using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroSharp.Distributed;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// One rank's transmitter neurons in a partitioned run (docs/distributed.md, "Transmitter neurons over ranks"). The
/// transmitter neurons get the global ids after every spiking neuron and are dealt by the partition like any population
/// under synchronous delivery; under sequential delivery (each neuron steps and delivers at once, in list order: one loop
/// by definition) they all live on the rank of the first of them. Every rank keeps the network's links (a few ints per
/// link) and steps only the neurons it holds. After the step each held neuron's share of its synapse travels to the
/// ranks that hold one of its targets (16 bytes, every step: what is delivered in step t is collected from step t + 1)
/// through one all-to-all of sizes fixed at build time, and each rank adds the shares to its held targets in source
/// order, the order in which one process adds them to each dendrite: every state value is the same bits.
/// </summary>
internal sealed class HeldTransmitters
{
    private readonly TransmitterNetwork _network;
    private readonly ICommunicator _comm;
    private readonly int[] _held;
    private readonly bool[] _isHeld;
    private readonly int[] _sources;          // ascending: every source with a target held here
    private readonly double[] _shareA, _shareI; // per neuron of the network: this step's share (held sources, and received ones)
    private readonly int[][] _sendTo;         // per rank: the held sources with a target there, ascending
    private readonly int[] _received;         // the remote sources whose shares come here, by owner rank, then ascending
    private readonly int[] _sendCounts, _receiveCounts;
    private readonly double[] _send, _receive;
    private readonly bool _whole, _exchanges;

    /// <param name="network">The whole network's neurons and links (every rank builds them; only the held neurons step).</param>
    /// <param name="communicator">The job.</param>
    /// <param name="rankOf">The rank holding each transmitter neuron (index in stepping order).</param>
    public HeldTransmitters(TransmitterNetwork network, ICommunicator communicator, int[] rankOf)
    {
        _network = network;
        _comm = communicator;
        int n = network.Count, me = communicator.Rank, ranks = communicator.Size;
        _isHeld = [.. rankOf.Select(r => r == me)];
        _held = [.. Enumerable.Range(0, n).Where(i => _isHeld[i])];
        _whole = _held.Length == n;
        _shareA = new double[n];
        _shareI = new double[n];
        var (rowStart, targets) = network.Rows();
        var sendTo = Enumerable.Range(0, ranks).Select(_ => new List<int>()).ToArray();
        var needs = new bool[ranks];
        var sources = new List<int>();
        var received = new List<int>[ranks];
        for (int r = 0; r < ranks; r++) received[r] = [];
        for (int i = 0; i < n; i++)
        {
            Array.Clear(needs);
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) needs[rankOf[targets[e]]] = true;
            if (needs[me]) sources.Add(i);
            for (int r = 0; r < ranks; r++)
            {
                if (!needs[r] || r == rankOf[i]) continue;
                if (rankOf[i] == me) sendTo[r].Add(i);
                if (r == me) received[rankOf[i]].Add(i);
            }
        }
        _sources = [.. sources];
        _sendTo = [.. sendTo.Select(l => l.ToArray())];
        _received = [.. received.SelectMany(l => l)];
        // Every rank computes every rank's lists from the same links and partition: whether any share travels is agreed without a word.
        _exchanges = ExchangesAnywhere(rowStart, targets, rankOf);
        _sendCounts = [.. _sendTo.Select(l => 2 * sizeof(double) * l.Length)];
        _receiveCounts = [.. received.Select(l => 2 * sizeof(double) * l.Count)];
        _send = new double[2 * _sendTo.Sum(l => l.Length)];
        _receive = new double[2 * _received.Length];
    }

    private static bool ExchangesAnywhere(int[] rowStart, int[] targets, int[] rankOf)
    {
        for (int i = 0; i + 1 < rowStart.Length; i++)
        {
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++)
            {
                if (rankOf[targets[e]] != rankOf[i]) return true;
            }
        }
        return false;
    }

    /// <summary>The transmitter neurons this rank holds and steps (indices in stepping order, ascending).</summary>
    public ReadOnlySpan<int> Held => _held;

    /// <summary>True when this rank holds transmitter neuron <paramref name="i"/>.</summary>
    public bool IsHeld(int i) => _isHeld[i];

    /// <summary>Steps in which shares travelled between ranks (every step when any link spans two ranks).</summary>
    public long ExchangeCount { get; private set; }

    /// <summary>Bytes of shares this rank received (16 per remote source with a target here, per step).</summary>
    public long ExchangedBytes { get; private set; }

    /// <summary>One step of the held neurons (collective when any link spans two ranks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step()
    {
        if (_whole && !_exchanges)
        {
            _network.Step(); // every neuron is here (one rank, or sequential delivery's rank): exactly one process's step
            return;
        }
        if (_held.Length == 0 && !_exchanges) return;
        _network.StepHeld(_held, _shareA, _shareI);
        if (_exchanges) Exchange();
        _network.DeliverHeld(_sources, _shareA, _shareI, _isHeld, _held);
    }

    private void Exchange()
    {
        int at = 0;
        foreach (var list in _sendTo)
        {
            foreach (int i in list)
            {
                _send[at++] = _shareA[i];
                _send[at++] = _shareI[i];
            }
        }
        _comm.AllToAllKnown(MemoryMarshal.AsBytes(_send.AsSpan()), _sendCounts, _receiveCounts, MemoryMarshal.AsBytes(_receive.AsSpan()));
        for (int k = 0; k < _received.Length; k++)
        {
            _shareA[_received[k]] = _receive[2 * k];
            _shareI[_received[k]] = _receive[2 * k + 1];
        }
        ExchangeCount++;
        ExchangedBytes += _receive.Length * sizeof(double);
    }
}
