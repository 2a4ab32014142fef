using NeuroSharp.Distributed;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Distributed;

/// <summary>
/// Transmitter neurons (docs/spiking-transmitter.md) in a partitioned run, with 1 to 4 ranks as threads of this process
/// (InProcessJob): every transmitter neuron's state after every step, and every spike, the same bits as one process's.
/// </summary>
public class TransmitterPartitionTests
{
    private const int Steps = 300;

    private sealed record Recording(double[] States, int[][] SpikeSteps, int[][] SpikeNeurons, long Spikes, int[] Held, long ShareBytes);

    private static Recording Record(string json, SimulationOptions options)
    {
        var engine = new SpikingEngine(NetworkFile.Parse(json), options);
        var r = engine.Run(Steps);
        engine.GatherRecordings();
        var t = engine.TransmitterState!;
        var states = new List<double>();
        if (options.Communicator is null || options.Communicator.Rank == 0)
        {
            for (int s = 0; s < t.SampleCount; s++)
            {
                for (int i = 0; i < t.NeuronIds.Count; i++) states.AddRange(t.Row(s, i).ToArray());
            }
        }
        return new Recording([.. states], [.. engine.SpikeMonitors.Select(m => m.Steps.ToArray())], [.. engine.SpikeMonitors.Select(m => m.Neurons.ToArray())],
            r.Spikes, [.. engine.HeldTransmitterNeurons], engine.TransmitterShareBytes);
    }

    private static long[] Bits(double[] x) => [.. x.Select(BitConverter.DoubleToInt64Bits)];

    public static TheoryData<string, int, PartitionScheme, int> Cases()
    {
        var data = new TheoryData<string, int, PartitionScheme, int>();
        foreach (string delivery in new[] { "synchronous", "sequential" })
        {
            for (int ranks = 1; ranks <= 4; ranks++)
            {
                data.Add(delivery, ranks, PartitionScheme.RoundRobin, 1);
                data.Add(delivery, ranks, PartitionScheme.RoundRobin, 2);
            }
            data.Add(delivery, 3, PartitionScheme.Blocks, 1);
            data.Add(delivery, 4, PartitionScheme.Blocks, 2);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PartitionedRun_TransmitterNeurons_EveryStateValueAndSpikeIsOneProcesss(string delivery, int ranks, PartitionScheme scheme, int threads)
    {
        string json = PartitionNetworks.Transmitters(delivery);
        var one = Record(json, new SimulationOptions { Seed = 3, Threads = 1 });
        var parts = InProcessJob.Run(ranks, comm => Record(json, new SimulationOptions { Seed = 3, Threads = threads, Communicator = comm, Partition = scheme }));
        // The network is active: the transmitter neurons release many times beside the spiking neurons.
        var spec = NetworkFile.Parse(json);
        int transmitters = spec.Neurons.Count(n => n.Model is TransmitterNeuronSpec);
        long releases = one.SpikeNeurons.Take(spec.Neurons.Count).Where((_, m) => spec.Neurons[m].Model is TransmitterNeuronSpec).Sum(x => (long)x.Length);
        Assert.True(releases >= 40, $"the transmitter neurons should release often (got {releases})");
        Assert.Equal(Steps * transmitters * TransmitterStateMonitor.Width, one.States.Length);
        Assert.Equal(Bits(one.States), Bits(parts[0].States));
        Assert.Equal(one.Spikes, parts[0].Spikes);
        for (int m = 0; m < one.SpikeSteps.Length; m++)
        {
            Assert.Equal(one.SpikeSteps[m], parts[0].SpikeSteps[m]);
            Assert.Equal(one.SpikeNeurons[m], parts[0].SpikeNeurons[m]);
        }
        // Every transmitter neuron on exactly one rank: dealt by the partition after the spiking neurons under synchronous
        // delivery, all on the first one's rank under sequential delivery (one loop by definition).
        var held = new int[transmitters];
        foreach (var p in parts) foreach (int i in p.Held) held[i]++;
        Assert.All(held, n => Assert.Equal(1, n));
        int spiking = spec.Neurons.Count - transmitters;
        var partition = new NeuronPartition([.. Enumerable.Repeat(1, spiking), .. spec.Populations.Select(p => p.Count), transmitters], ranks, scheme);
        long offset = partition.Offset(spiking + spec.Populations.Count);
        for (int r = 0; r < ranks; r++)
        {
            var expected = delivery == "synchronous"
                ? partition.Owned(spiking + spec.Populations.Count, r)
                : partition.RankOf(offset) == r ? [.. Enumerable.Range(0, transmitters)] : [];
            Assert.Equal(expected, parts[r].Held);
        }
        // Shares travel only where a link spans two ranks: never under sequential delivery or at one rank.
        bool travels = delivery == "synchronous" && ranks > 1;
        Assert.Equal(travels, parts.Sum(p => p.ShareBytes) > 0);
    }

    [Fact]
    public void PartitionedRun_TransmittersOnly_MoreRanksThanNeuronsHoldNothingAndStillMatch()
    {
        // The reflex arc: four transmitter neurons and no spiking neuron, on 6 ranks: two ranks hold nothing.
        string json = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", "networks", "reflex-arc.json"));
        var one = Record(json, new SimulationOptions());
        var parts = InProcessJob.Run(6, comm => Record(json, new SimulationOptions { Communicator = comm }));
        Assert.True(one.Spikes >= 10, $"the arc should fire (got {one.Spikes})");
        Assert.Equal(Bits(one.States), Bits(parts[0].States));
        Assert.Equal(one.SpikeNeurons, parts[0].SpikeNeurons);
        Assert.Equal([1, 1, 1, 1, 0, 0], parts.Select(p => p.Held.Length));
    }
}
