using NeuroSharp.Distributed;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Distributed;

/// <summary>
/// The bytes a partitioned run's exchanges bring each rank, against the scaling model of docs/distributed.md
/// computed from the plain engine's spikes and synapses: all-gathered, every rank receives 4 bytes per spike of the
/// split populations and per count (ranks x split populations per step); routed, only the spikes of neurons with a
/// target on the rank, and the counts of a window only from the ranks that send it one of them.
/// </summary>
public class SpikeRoutingTests
{
    private const int Steps = 600;

    [Theory]
    [InlineData(SpikeExchange.AllGather, PartitionScheme.Blocks, 4)]
    [InlineData(SpikeExchange.Routed, PartitionScheme.Blocks, 4)]
    [InlineData(SpikeExchange.Routed, PartitionScheme.RoundRobin, 3)]
    public void ExchangedBytes_EachRank_EqualTheModelsCount(SpikeExchange exchange, PartitionScheme scheme, int ranks)
    {
        var spec = NetworkFile.Parse(PartitionNetworks.Chain);
        var plain = new SpikingEngine(spec, new SimulationOptions { Seed = 3 });
        plain.Run(Steps);
        var partition = new NeuronPartition([.. spec.Populations.Select(p => p.Count)], ranks, scheme);
        // The ranks that hold a target of each neuron (global id), from the whole network's synapses.
        var populations = spec.Populations.Select(p => p.Name).ToList();
        var destinations = new HashSet<int>[(int)partition.NeuronCount];
        for (int g = 0; g < destinations.Length; g++) destinations[g] = [];
        foreach (string name in plain.ProjectionNames)
        {
            var p = plain.GetProjection(name);
            long source = partition.Offset(populations.IndexOf(p.Source)), target = partition.Offset(populations.IndexOf(p.Target));
            for (int s = 0; s + 1 < p.RowStart.Length; s++)
            {
                for (int e = p.RowStart[s]; e < p.RowStart[s + 1]; e++) destinations[source + s].Add(partition.RankOf(target + p.Targets[e]));
            }
        }
        var measured = InProcessJob.Run(ranks, comm =>
        {
            var e = new SpikingEngine(spec, new SimulationOptions { Seed = 3, Communicator = comm, Partition = scheme, Exchange = exchange });
            e.Run(Steps);
            Assert.Equal(exchange == SpikeExchange.Routed, e.RoutesSpikes);
            Assert.Equal(0, Steps % e.ExchangeWindow); // every step's spikes travelled
            return (e.ExchangedBytes, e.ExchangeWindow);
        });
        int window = measured[0].ExchangeWindow;
        var expected = new long[ranks];
        // All-gathered: one count per sending rank, split population and step. Routed: the window's counts come only
        // from a sending rank with at least one spike for the receiver in that window.
        var sends = new HashSet<(int Window, int From, int To)>();
        if (exchange == SpikeExchange.AllGather)
        {
            for (int r = 0; r < ranks; r++) expected[r] = (long)ranks * populations.Count * Steps;
        }
        foreach (var m in plain.SpikeMonitors)
        {
            long offset = partition.Offset(populations.IndexOf(m.Target));
            for (int k = 0; k < m.Neurons.Length; k++)
            {
                long g = offset + m.Neurons[k];
                for (int r = 0; r < ranks; r++)
                {
                    if (exchange == SpikeExchange.AllGather || destinations[g].Contains(r))
                    {
                        expected[r]++;
                        sends.Add((m.Steps[k] / window, partition.RankOf(g), r));
                    }
                }
            }
        }
        if (exchange == SpikeExchange.Routed)
        {
            foreach (var (_, _, to) in sends) expected[to] += (long)window * populations.Count;
        }
        Assert.True(plain.SpikeCountOf("b") > 50, "the chain should be active");
        Assert.True(exchange == SpikeExchange.AllGather || sends.Count < ranks * ranks * (Steps / window), "some window should send a rank nothing");
        Assert.Equal(expected.Select(x => 4 * x), measured.Select(m => m.ExchangedBytes));
    }

    [Fact]
    public void RoutedExchange_LocalConnectivity_ReceivesFewerBytesThanAllGather()
    {
        long Bytes(SpikeExchange exchange) => InProcessJob.Run(4, comm =>
        {
            var e = new SpikingEngine(NetworkFile.Parse(PartitionNetworks.Chain), new SimulationOptions { Communicator = comm, Partition = PartitionScheme.Blocks, Exchange = exchange });
            e.Run(Steps);
            return e.ExchangedBytes;
        }).Sum();
        long gathered = Bytes(SpikeExchange.AllGather), routed = Bytes(SpikeExchange.Routed);
        Assert.True(routed < gathered, $"routed {routed} bytes, all-gathered {gathered}");
    }

    [Theory]
    [InlineData("chain", PartitionScheme.Blocks, 4, true)] // a neuron's targets sit on one or two of four ranks
    [InlineData("cuba", PartitionScheme.RoundRobin, 2, false)] // random connectivity: nearly every neuron has targets on both ranks
    public void AutoExchange_RoutesOnlyWhenThatSavesAQuarterOfTheBytes(string network, PartitionScheme scheme, int ranks, bool routes)
    {
        string json = network == "chain" ? PartitionNetworks.Chain : PartitionNetworks.CubaDelays;
        var chosen = InProcessJob.Run(ranks, comm => new SpikingEngine(NetworkFile.Parse(json), new SimulationOptions { Communicator = comm, Partition = scheme }).RoutesSpikes);
        Assert.All(chosen, c => Assert.Equal(routes, c));
    }
}
