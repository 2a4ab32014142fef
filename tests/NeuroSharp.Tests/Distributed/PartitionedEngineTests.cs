using NeuroSharp.Distributed;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Distributed;

/// <summary>
/// A partitioned run (SimulationOptions.Communicator) against the plain engine, with 1 to 4 ranks as threads of
/// this process (InProcessJob): the merged recordings must be the same bits as one process's.
/// </summary>
public class PartitionedEngineTests
{
    private const int Steps = 600;

    /// <summary>What one run recorded, merged: every monitor's data, the spike and event counts, the final weights.</summary>
    private sealed record Recording(int[][] SpikeSteps, int[][] SpikeNeurons, float[][] States, int[][] Rates, long Spikes, long Events, long Synapses,
        float[][] Weights, int Window, string[] SpikeTargets);

    private static Recording Record(string json, SimulationOptions options)
    {
        var engine = new SpikingEngine(NetworkFile.Parse(json), options);
        var r = engine.Run(Steps);
        engine.GatherRecordings();
        return new Recording(
            [.. engine.SpikeMonitors.Select(m => m.Steps.ToArray())],
            [.. engine.SpikeMonitors.Select(m => m.Neurons.ToArray())],
            [.. engine.StateMonitors.SelectMany(m => m.Variables.Select(v => m.Values(v).ToArray()))],
            [.. engine.RateMonitors.Select(m => m.Counts.ToArray())],
            r.Spikes, r.SynapticEvents, engine.SynapseCount,
            [.. engine.ProjectionNames.Select(engine.GatherWeights)],
            engine.ExchangeWindow,
            [.. engine.SpikeMonitors.Select(m => m.Target)]);
    }

    private static void AssertSame(Recording one, Recording part)
    {
        Assert.True(one.Spikes > 50, $"the test network should be active (got {one.Spikes} spikes)");
        Assert.Equal(one.Spikes, part.Spikes);
        Assert.Equal(one.Events, part.Events);
        Assert.Equal(one.Synapses, part.Synapses);
        for (int m = 0; m < one.SpikeSteps.Length; m++)
        {
            Assert.Equal(one.SpikeSteps[m], part.SpikeSteps[m]);
            Assert.Equal(one.SpikeNeurons[m], part.SpikeNeurons[m]);
        }
        Assert.Equal(one.States.Length, part.States.Length);
        for (int s = 0; s < one.States.Length; s++) Assert.Equal(Bits(one.States[s]), Bits(part.States[s]));
        Assert.Equal(one.Rates, part.Rates);
        for (int p = 0; p < one.Weights.Length; p++) Assert.Equal(Bits(one.Weights[p]), Bits(part.Weights[p]));
    }

    private static int[] Bits(float[] x) => [.. x.Select(BitConverter.SingleToInt32Bits)];

    public static TheoryData<string, int, PartitionScheme, int, SpikeExchange> Cases()
    {
        var data = new TheoryData<string, int, PartitionScheme, int, SpikeExchange>();
        foreach (string network in new[] { "cuba", "stdp", "stdp-delays", "chain", "gap", "gap-every-step", "graded", "graded-every-step", "singles", "homeostasis", "equations" })
        {
            for (int ranks = 1; ranks <= 4; ranks++) data.Add(network, ranks, PartitionScheme.RoundRobin, 1, SpikeExchange.AllGather);
            data.Add(network, 3, PartitionScheme.Blocks, 1, SpikeExchange.AllGather);
            data.Add(network, 2, PartitionScheme.RoundRobin, 3, SpikeExchange.AllGather);
            // Routed: only the spikes a rank has targets for reach it, in the same order.
            data.Add(network, 2, PartitionScheme.RoundRobin, 1, SpikeExchange.Routed);
            data.Add(network, 3, PartitionScheme.Blocks, 3, SpikeExchange.Routed);
            data.Add(network, 4, PartitionScheme.Blocks, 1, SpikeExchange.Routed);
            data.Add(network, 4, PartitionScheme.RoundRobin, 1, SpikeExchange.Auto);
        }
        return data;
    }

    private static string Network(string name) => name switch
    {
        "cuba" => PartitionNetworks.CubaDelays,
        "stdp" => PartitionNetworks.Stdp(perSynapseDelays: false),
        "chain" => PartitionNetworks.Chain,
        "gap" => PartitionNetworks.GapJunctions,
        "gap-every-step" => PartitionNetworks.GapJunctionsEveryStep,
        "graded" => PartitionNetworks.Graded(everyStep: false),
        "graded-every-step" => PartitionNetworks.Graded(everyStep: true),
        "singles" => PartitionNetworks.SingleNeurons,
        "homeostasis" => PartitionNetworks.Homeostasis,
        "equations" => PartitionNetworks.Equations,
        _ => PartitionNetworks.Stdp(perSynapseDelays: true),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PartitionedRun_AnyRanksSchemeThreadsAndExchange_RecordsExactlyWhatOneProcessRecords(string network, int ranks, PartitionScheme scheme, int threads, SpikeExchange exchange)
    {
        string json = Network(network);
        var one = Record(json, new SimulationOptions { Seed = 7, Threads = 1 });
        var parts = InProcessJob.Run(ranks, comm => Record(json, new SimulationOptions { Seed = 7, Threads = threads, Communicator = comm, Partition = scheme, Exchange = exchange }));
        AssertSame(one, parts[0]); // rank 0 holds the merged recordings
        // The other ranks hold no merged copy: only the spikes of their own neurons, as they recorded them.
        var spec = NetworkFile.Parse(json);
        // Global ids: the single spiking neurons first (each a population of 1), then the populations.
        var partition = new NeuronPartition([.. spec.Neurons.Select(_ => 1), .. spec.Populations.Select(p => p.Count)], ranks, scheme);
        var names = spec.Neurons.Select(n => n.Id).Concat(spec.Populations.Select(p => p.Name)).ToList();
        for (int r = 1; r < ranks; r++)
        {
            Assert.Equal(one.Spikes, parts[r].Spikes);
            for (int m = 0; m < one.SpikeSteps.Length; m++)
            {
                long offset = partition.Offset(names.IndexOf(one.SpikeTargets[m]));
                var own = Enumerable.Range(0, one.SpikeNeurons[m].Length).Where(k => partition.RankOf(offset + one.SpikeNeurons[m][k]) == r).ToArray();
                Assert.Equal(own.Select(k => one.SpikeSteps[m][k]), parts[r].SpikeSteps[m]);
                Assert.Equal(own.Select(k => one.SpikeNeurons[m][k]), parts[r].SpikeNeurons[m]);
            }
        }
    }

    [Theory]
    [InlineData("cuba", 3)] // delays of 2 steps and more: a spike of step s acts from s + 3 at the earliest
    [InlineData("stdp", 6)] // one delay of 5 steps
    [InlineData("stdp-delays", 1)] // STDP with per-synapse delays delivers and learns in one pass: every step
    public void ExchangeWindow_IsTheShortestDelayPlusOneStep(string network, int window)
    {
        var windows = InProcessJob.Run(2, comm => new SpikingEngine(NetworkFile.Parse(Network(network)), new SimulationOptions { Communicator = comm }).ExchangeWindow);
        Assert.All(windows, w => Assert.Equal(window, w));
    }

    [Fact]
    public void ExchangeWindow_ProjectionOfDelayZeroWithoutSynapses_StillExchangesEveryStep()
    {
        // An empty projection of delay 0 has no queue: emission cannot be split from arrival, so the window is 1.
        const string Json = """
            {"format": "neurosharp.network", "version": 1, "dtMs": 0.1,
             "populations": [{"name": "a", "count": 6, "model": "lif", "preset": "cuba", "kind": "excitatory"}],
             "projections": [
               {"name": "slow", "source": "a", "target": "a", "receptor": "excitatory", "connectivity": {"rule": "allToAll"}, "weight": 1, "delayMs": 1},
               {"name": "empty", "source": "a", "target": "a", "receptor": "excitatory", "connectivity": {"rule": "fixedProbability", "probability": 0}, "weight": 1}]}
            """;
        var windows = InProcessJob.Run(2, comm =>
        {
            var e = new SpikingEngine(NetworkFile.Parse(Json), new SimulationOptions { Communicator = comm });
            e.Run(30);
            return e.ExchangeWindow;
        });
        Assert.All(windows, w => Assert.Equal(1, w));
    }

    [Fact]
    public void PartitionedBuild_EachRankHoldsItsNeuronsAndExactlyTheirIncomingSynapses()
    {
        string json = PartitionNetworks.CubaDelays;
        var whole = new SpikingEngine(NetworkFile.Parse(json));
        var held = InProcessJob.Run(3, comm =>
        {
            var e = new SpikingEngine(NetworkFile.Parse(json), new SimulationOptions { Communicator = comm });
            return (e.LocalNeuronCount, e.LocalSynapseCount, e.SynapseCount, e.NeuronCount);
        });
        // The 50 Poisson sources are held whole on every rank; the 200 LIF neurons are split.
        Assert.Equal(200, held.Sum(h => h.LocalNeuronCount));
        Assert.Equal(whole.SynapseCount, held.Sum(h => h.LocalSynapseCount));
        Assert.All(held, h => Assert.Equal(whole.SynapseCount, h.SynapseCount));
        Assert.All(held, h => Assert.Equal(250, h.NeuronCount));
        Assert.All(held, h => Assert.InRange(h.LocalSynapseCount, whole.SynapseCount / 3 * 0.7, whole.SynapseCount / 3 * 1.3));
    }

    [Fact]
    public void PartitionedRun_OneRankCancelled_EveryRankStopsAtTheSameStep()
    {
        // Ctrl+C reaches the ranks at different steps; they agree every 1024 steps, so all stop where any asked.
        var results = InProcessJob.Run(3, comm =>
        {
            var e = new SpikingEngine(NetworkFile.Parse(PartitionNetworks.Chain), new SimulationOptions { Communicator = comm });
            using var cancel = new CancellationTokenSource();
            var first = e.Run(1500, cancel.Token); // nobody asks: all 1500 steps
            if (comm.Rank == 1) cancel.Cancel();
            var second = e.Run(5000, cancel.Token);
            e.GatherRecordings();
            return (First: first, Second: second, e.StepCount);
        });
        Assert.All(results, r => Assert.Equal((1500, false), (r.First.Steps, r.First.Cancelled)));
        Assert.All(results, r => Assert.Equal((0, true), (r.Second.Steps, r.Second.Cancelled)));
        Assert.All(results, r => Assert.Equal(1500, r.StepCount));
    }

    [Theory]
    [InlineData(1, PartitionScheme.RoundRobin)]
    [InlineData(2, PartitionScheme.RoundRobin)]
    [InlineData(3, PartitionScheme.Blocks)]
    [InlineData(4, PartitionScheme.RoundRobin)]
    public void PartitionedBuild_InitialValuesAndPoissonDrive_EachRankDrawsOnlyItsOwnNeuronsOneProcesssValues(int ranks, PartitionScheme scheme)
    {
        // CubaDelays: exc has initial v ~ N(-55, 3) and a Poisson drive on every neuron; inh initial v ~ U(-60, -50).
        string json = PartitionNetworks.CubaDelays;
        var whole = new SpikingEngine(NetworkFile.Parse(json), new SimulationOptions { Seed = 11 });
        var wholeV = whole.Groups.Where(g => g.Variable("v") is not null).ToDictionary(g => g.Name, g => (float[])g.Variable("v")!.Clone());
        var wholeKeys = (ulong[])whole.Drives[0].Keys.Clone();
        var held = InProcessJob.Run(ranks, comm =>
        {
            var e = new SpikingEngine(NetworkFile.Parse(json), new SimulationOptions { Seed = 11, Communicator = comm, Partition = scheme });
            var drive = e.Drives[0];
            return (Groups: e.Groups.Where(g => g.Variable("v") is not null).Select(g => (g.Name, Index: g.GlobalIndex, V: (float[])g.Variable("v")!.Clone())).ToArray(),
                Keys: (ulong[])drive.Keys.Clone(), Targets: (int[])drive.Targets.Clone());
        });
        foreach (var rank in held)
        {
            foreach (var (name, index, v) in rank.Groups)
            {
                if (index is null) continue; // a source population, held whole
                Assert.Equal(index.Select(i => BitConverter.SingleToInt32Bits(wholeV[name][i])), v.Select(BitConverter.SingleToInt32Bits));
            }
            // The drive's entries are exc's neurons held here, each with one process's stream: nothing drawn for the others.
            var exc = rank.Groups.Single(g => g.Name == "exc").Index!;
            Assert.Equal(Enumerable.Range(0, exc.Length), rank.Targets);
            Assert.Equal(exc.Select(i => wholeKeys[i]), rank.Keys);
        }
        Assert.Equal(160, held.Sum(r => r.Keys.Length));
        Assert.True(wholeV["exc"].Distinct().Count() > 150, "the initial potentials should be drawn, not constant");
    }

    /// <summary>
    /// A state monitor reserves, on each rank, room for the monitored neurons that rank owns only (samples x its own
    /// columns), never the whole list; the columns of the ranks add up to the monitor's list, and rank 0's merged
    /// values are one process's bits.
    /// </summary>
    [Theory]
    [InlineData(PartitionScheme.RoundRobin, 3)]
    [InlineData(PartitionScheme.Blocks, 4)]
    public void PartitionedRun_StateMonitor_EachRankReservesOnlyItsOwnNeuronsRows(PartitionScheme scheme, int ranks)
    {
        string json = PartitionNetworks.CubaDelays;
        var one = new SpikingEngine(NetworkFile.Parse(json), new SimulationOptions { Seed = 7 });
        one.Run(Steps);
        var parts = InProcessJob.Run(ranks, comm =>
        {
            var e = new SpikingEngine(NetworkFile.Parse(json), new SimulationOptions { Seed = 7, Communicator = comm, Partition = scheme });
            e.Run(Steps);
            var reserved = e.StateMonitors.Select(m => (m.RecordedCount, m.ReservedValues)).ToArray();
            e.GatherRecordings();
            return (Reserved: reserved, Values: e.StateMonitors.SelectMany(m => m.Variables.Select(v => m.Values(v).ToArray())).ToArray());
        });
        var spec = NetworkFile.Parse(json);
        var partition = new NeuronPartition([.. spec.Populations.Select(p => p.Count)], ranks, scheme);
        var names = spec.Populations.Select(p => p.Name).ToList();
        for (int m = 0; m < one.StateMonitors.Count; m++)
        {
            var monitor = one.StateMonitors[m];
            long offset = partition.Offset(names.IndexOf(monitor.Target));
            int samples = Steps / monitor.Spec.EverySteps + 1; // what a run of Steps reserves
            Assert.Equal(samples * monitor.Indices.Count, monitor.ReservedValues);
            for (int r = 0; r < ranks; r++)
            {
                int own = monitor.Indices.Count(i => partition.RankOf(offset + i) == r);
                Assert.Equal(own, parts[r].Reserved[m].RecordedCount);
                Assert.Equal(samples * own, parts[r].Reserved[m].ReservedValues);
            }
            Assert.Equal(monitor.Indices.Count, parts.Sum(p => p.Reserved[m].RecordedCount));
        }
        Assert.True(parts.Max(p => p.Reserved[0].RecordedCount) < one.StateMonitors[0].Indices.Count, "the first monitor's neurons should be split over the ranks");
        var oneValues = one.StateMonitors.SelectMany(m => m.Variables.Select(v => m.Values(v).ToArray())).ToArray();
        Assert.Equal(oneValues.Length, parts[0].Values.Length);
        for (int k = 0; k < oneValues.Length; k++) Assert.Equal(Bits(oneValues[k]), Bits(parts[0].Values[k]));
    }

    /// <summary>
    /// A big all-to-all projection (2 000 sources onto 3 targets) and a one-to-one and an explicit one, all with random
    /// weights and delays: each rank draws exactly two values per synapse it holds, so under blocks the ranks holding
    /// none of the targets draw nothing at all, and the weights and delays are still one process's (rank 0's gathered
    /// weights against the plain engine's).
    /// </summary>
    [Theory]
    [InlineData(PartitionScheme.RoundRobin)]
    [InlineData(PartitionScheme.Blocks)]
    public void PartitionedBuild_RulesWithNoDrawOfTheirOwn_EachRankDrawsOnlyItsOwnTargetsWeightsAndDelays(PartitionScheme scheme)
    {
        const string Json = """
            {"format": "neurosharp.network", "version": 1, "dtMs": 0.1,
             "populations": [{"name": "in", "count": 2000, "model": "poisson", "params": {"rateHz": 5}},
                             {"name": "few", "count": 3, "model": "lif", "preset": "cuba"},
                             {"name": "many", "count": 60, "model": "lif", "preset": "cuba"}],
             "projections": [
               {"name": "wide", "source": "in", "target": "few", "receptor": "excitatory", "connectivity": {"rule": "allToAll"}, "weight": {"uniform": [0, 1]}, "delayMs": {"uniform": [0.5, 2]}},
               {"name": "one", "source": "many", "target": "many", "receptor": "excitatory", "connectivity": {"rule": "oneToOne"}, "weight": {"normal": [1, 0.2]}, "delayMs": {"uniform": [0.5, 2]}},
               {"name": "list", "source": "many", "target": "many", "receptor": "inhibitory", "connectivity": {"rule": "explicit", "sources": [0, 1, 59, 30], "targets": [2, 2, 0, 31]}, "weight": {"uniform": [1, 2]}, "delayMs": {"uniform": [0.5, 2]}}]}
            """;
        var whole = new SpikingEngine(NetworkFile.Parse(Json), new SimulationOptions { Seed = 5 });
        Assert.Equal(2 * whole.SynapseCount, whole.BuildDraws);
        var ranks = InProcessJob.Run(3, comm =>
        {
            var e = new SpikingEngine(NetworkFile.Parse(Json), new SimulationOptions { Seed = 5, Communicator = comm, Partition = scheme });
            return (e.BuildDraws, e.LocalSynapseCount, Weights: e.ProjectionNames.Select(e.GatherWeights).ToArray());
        });
        Assert.All(ranks, r => Assert.Equal(2 * r.LocalSynapseCount, r.BuildDraws));
        Assert.Equal(whole.BuildDraws, ranks.Sum(r => r.BuildDraws));
        // Blocks: the 2 063 ids cut at 687 and 1 375, so ranks 0 and 1 hold only Poisson sources and every target is rank 2's.
        if (scheme == PartitionScheme.Blocks) Assert.Equal([0L, 0L, whole.BuildDraws], ranks.Select(r => r.BuildDraws));
        var wholeWeights = whole.ProjectionNames.Select(whole.GatherWeights).ToArray();
        for (int p = 0; p < wholeWeights.Length; p++) Assert.Equal(Bits(wholeWeights[p]), Bits(ranks[0].Weights[p]));
    }

    [Theory]
    [InlineData(PartitionScheme.RoundRobin, 1)]
    [InlineData(PartitionScheme.RoundRobin, 4)]
    [InlineData(PartitionScheme.RoundRobin, 7)]
    [InlineData(PartitionScheme.Blocks, 1)]
    [InlineData(PartitionScheme.Blocks, 4)]
    [InlineData(PartitionScheme.Blocks, 7)]
    public void NeuronPartition_EveryNeuronOnExactlyOneRank(PartitionScheme scheme, int ranks)
    {
        int[] sizes = [5, 1, 13, 0, 8];
        var partition = new NeuronPartition(sizes, ranks, scheme);
        for (int p = 0; p < sizes.Length; p++)
        {
            var owners = new int[sizes[p]];
            for (int r = 0; r < ranks; r++)
            {
                var owned = partition.Owned(p, r);
                Assert.Equal(owned.Order(), owned);
                foreach (int i in owned)
                {
                    owners[i]++;
                    Assert.Equal(r, partition.RankOf(partition.Offset(p) + i));
                }
            }
            Assert.All(owners, n => Assert.Equal(1, n));
        }
        var perRank = Enumerable.Range(0, ranks).Select(r => Enumerable.Range(0, sizes.Length).Sum(p => partition.Owned(p, r).Length)).ToArray();
        Assert.True(perRank.Max() - perRank.Min() <= 1, $"ranks hold {string.Join(", ", perRank)} neurons: both schemes deal evenly");
    }

    [Fact]
    public void NeuronPartition_RoundRobinDealsGlobalIdsInTurn_BlocksDealContiguousRanges()
    {
        var rr = new NeuronPartition([3, 4], 3, PartitionScheme.RoundRobin);
        Assert.Equal([0, 1, 2, 0, 1, 2, 0], Enumerable.Range(0, 7).Select(g => rr.RankOf(g)));
        Assert.Equal([1], rr.Owned(1, 1)); // global ids 3..6: id 4 is rank 1's
        var blocks = new NeuronPartition([3, 4], 3, PartitionScheme.Blocks);
        Assert.Equal([0, 0, 1, 1, 2, 2, 2], Enumerable.Range(0, 7).Select(g => blocks.RankOf(g)));
        Assert.Equal([1, 2, 3], blocks.Owned(1, 2)); // global ids 4..6
    }

    [Theory]
    [InlineData(PartitionScheme.RoundRobin, new[] { 1, 1, 1, 0 })]
    [InlineData(PartitionScheme.Blocks, new[] { 0, 1, 1, 1 })] // blocks of 3 / 4 ids: [0, 0), [0, 1), [1, 2), [2, 3)
    public void NeuronPartition_MoreRanksThanNeurons_EachNeuronStillOnOneRankAndTheRestHoldNothing(PartitionScheme scheme, int[] perRank)
    {
        var partition = new NeuronPartition([2, 1], 4, scheme);
        Assert.Equal(perRank, Enumerable.Range(0, 4).Select(r => partition.Owned(0, r).Length + partition.Owned(1, r).Length));
        Assert.Equal(perRank.Select(n => (long)n), Enumerable.Range(0, 4).Select(r => partition.OwnedCount(0, r) + partition.OwnedCount(1, r)));
        var owners = new int[3];
        for (int r = 0; r < 4; r++)
        {
            foreach (int i in partition.Owned(0, r)) owners[i]++;
            foreach (int i in partition.Owned(1, r)) owners[2 + i]++;
        }
        Assert.Equal([1, 1, 1], owners);
    }

    [Theory]
    [InlineData(4, PartitionScheme.RoundRobin)]
    [InlineData(5, PartitionScheme.Blocks)]
    public void PartitionedRun_MoreRanksThanNeurons_EmptyRanksTakePartAndTheRecordingsAreOneProcesss(int ranks, PartitionScheme scheme)
    {
        // Two single neurons and a population of one: 3 spiking neurons, so one or two ranks hold none and still take
        // part in every exchange, gap-junction step and gather.
        const string json = """
            {
              "format": "neurosharp.network", "version": 1, "dtMs": 0.1, "durationMs": 60,
              "neurons": [
                { "id": "driver", "model": "lif", "preset": "cuba", "kind": "excitatory" },
                { "id": "relay", "model": "lif", "preset": "cuba", "kind": "excitatory" }
              ],
              "links": [ { "from": "driver", "to": "relay", "weight": 25, "delayMs": 0.5 } ],
              "populations": [ { "name": "last", "count": 1, "model": "lif", "preset": "cuba", "kind": "excitatory" } ],
              "projections": [ { "source": "relay", "target": "last", "receptor": "excitatory", "connectivity": { "rule": "allToAll" }, "weight": 30, "delayMs": 0.2 } ],
              "gapJunctions": [ { "source": "driver", "target": "last", "connectivity": { "rule": "allToAll" }, "conductance": 0.05 } ],
              "inputs": [ { "type": "current", "target": "driver", "amplitude": 20 } ],
              "monitors": [
                { "type": "spikes", "target": "driver" }, { "type": "spikes", "target": "relay" }, { "type": "spikes", "target": "last" },
                { "type": "state", "target": "last", "variables": ["v"] }
              ]
            }
            """;
        var one = Record(json, new SimulationOptions { Seed = 2 });
        var parts = InProcessJob.Run(ranks, comm =>
        {
            var options = new SimulationOptions { Seed = 2, Communicator = comm, Partition = scheme };
            var engine = new SpikingEngine(NetworkFile.Parse(json), options);
            int held = engine.LocalNeuronCount;
            return (Recording: Record(json, options), Held: held);
        });
        Assert.True(one.Spikes >= 10, $"the chain should fire (got {one.Spikes})");
        Assert.Equal(one.Spikes, parts[0].Recording.Spikes);
        Assert.Equal(one.SpikeSteps, parts[0].Recording.SpikeSteps);
        Assert.Equal(one.SpikeNeurons, parts[0].Recording.SpikeNeurons);
        Assert.Equal(Bits(one.States[0]), Bits(parts[0].Recording.States[0]));
        Assert.Equal(3, parts.Sum(p => p.Held));
        Assert.Equal(ranks - 3, parts.Count(p => p.Held == 0));
    }

    [Fact]
    public void PartitionedEngine_PerProcessStateAccess_RefusedInsteadOfAnsweringForOneRank()
    {
        var messages = InProcessJob.Run(2, comm =>
        {
            var e = new SpikingEngine(NetworkFile.Parse(PartitionNetworks.CubaDelays), new SimulationOptions { Communicator = comm });
            return Assert.Throws<InvalidOperationException>(() => e.GetVariable("exc", "v")).Message;
        });
        Assert.All(messages, m => Assert.Contains("partitioned run", m));
    }
}
