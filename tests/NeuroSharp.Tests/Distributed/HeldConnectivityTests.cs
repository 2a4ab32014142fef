using NeuroSharp.Distributed;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Distributed;

/// <summary>
/// A rank's part of a projection, drawn from its own targets' streams only (docs/distributed.md, "Synapses live with
/// their target"), against the whole projection: exactly the synapses onto the held targets, in the same order, with
/// the same weights and delays; and the memory check counts a rank's share.
/// </summary>
public class HeldConnectivityTests
{
    public static TheoryData<string> Rules() =>
    [
        """{"rule": "fixedProbability", "probability": 0.15}""",
        """{"rule": "fixedInDegree", "inDegree": 7}""",
        """{"rule": "fixedInDegree", "inDegree": 30}""",
        """{"rule": "allToAll"}""",
        """{"rule": "oneToOne"}""",
        """{"rule": "explicit", "sources": [3, 0, 3, 1, 30], "targets": [2, 5, 2, 33, 0]}""",
    ];

    [Theory]
    [MemberData(nameof(Rules))]
    public void HeldPart_OfEachRule_IsTheWholePatternsSynapsesOntoHeldTargetsWithTheirValues(string rule)
    {
        string json = $$"""
            {"format": "neurosharp.network", "version": 1,
             "populations": [{"name": "a", "count": 37, "model": "lif", "preset": "cuba"}],
             "projections": [{"source": "a", "target": "a", "receptor": "excitatory", "connectivity": {{rule}}, "weight": 1}]}
            """;
        var spec = NetworkFile.Parse(json).Projections[0].Connectivity;
        var wholeValues = Values();
        var whole = ConnectivityBuilder.BuildPattern(spec, 37, 37, recurrent: true, new RandomStream(11).Fork(4), values: wholeValues);
        Assert.True(whole.SynapseCount > 0);
        foreach (var (scheme, ranks) in new[] { (PartitionScheme.RoundRobin, 3), (PartitionScheme.Blocks, 4) })
        {
            var partition = new NeuronPartition([37], ranks, scheme);
            long kept = 0;
            for (int r = 0; r < ranks; r++)
            {
                var owned = partition.Owned(0, r);
                var held = Enumerable.Repeat(-1, 37).ToArray();
                for (int k = 0; k < owned.Length; k++) held[owned[k]] = k;
                var partValues = Values();
                var part = ConnectivityBuilder.BuildPattern(spec, 37, 37, recurrent: true, new RandomStream(11).Fork(4), held, partValues);
                int at = 0;
                for (int s = 0; s < 37; s++)
                {
                    for (int e = whole.RowStart[s]; e < whole.RowStart[s + 1]; e++)
                    {
                        if (held[whole.Targets[e]] < 0) continue;
                        Assert.InRange(at, part.RowStart[s], part.RowStart[s + 1] - 1);
                        Assert.Equal(held[whole.Targets[e]], part.Targets[at]);
                        Assert.Equal(wholeValues.Weights[e], partValues.Weights[at]);
                        Assert.Equal(wholeValues.Delays![e], partValues.Delays![at]);
                        if (whole.Origin is not null) Assert.Equal(whole.Origin[e], part.Origin![at]);
                        at++;
                    }
                    Assert.Equal(at, part.RowStart[s + 1]);
                }
                Assert.Equal(at, part.SynapseCount);
                kept += at;
                // Every rule draws its held synapses' weights and delays from their targets' streams only: two per held synapse.
                Assert.Equal(2L * at, partValues.Draws);
            }
            Assert.Equal(whole.SynapseCount, kept); // every synapse on exactly one rank: its target's
        }
    }

    // Normal weights and uniform delays: every synapse draws both from its target's streams.
    private static SynapseDraws Values() =>
        new(DistributionSpec.Normal(1, 0.5), new RandomStream(5), DistributionSpec.Uniform(0.5, 3), new RandomStream(6), ms => (int)Math.Round(ms / 0.1));

    public static TheoryData<string> ThreadedRules() =>
    [
        """{"rule": "allToAll"}""", // a rule with no draw of its own splits over threads too: its values are its targets'
        """{"rule": "fixedProbability", "probability": 0.05}""",
        """{"rule": "fixedInDegree", "inDegree": 7}""",
        """{"rule": "fixedInDegree", "inDegree": 300}""", // the stamp array (K over the scan limit)
        """{"rule": "fixedInDegree", "inDegree": 500}""", // the partial shuffle (K over half the pool)
    ];

    [Theory]
    [MemberData(nameof(ThreadedRules))]
    public void Rule_AtOneTwoAndThreeThreads_SameSynapsesWeightsAndDelaysWholeAndHeld(string rule)
    {
        // 900 targets: three workers of 300 at 3 threads (a worker takes at least 256), so the ranges really split.
        const int sources = 700, targets = 900;
        string json = $$"""
            {"format": "neurosharp.network", "version": 1,
             "populations": [{"name": "a", "count": {{targets}}, "model": "lif", "preset": "cuba"}],
             "projections": [{"source": "a", "target": "a", "receptor": "excitatory", "connectivity": {{rule}}, "weight": 1}]}
            """;
        var spec = NetworkFile.Parse(json).Projections[0].Connectivity;
        var owned = new NeuronPartition([targets], 3, PartitionScheme.RoundRobin).Owned(0, 1);
        var held = Enumerable.Repeat(-1, targets).ToArray();
        for (int k = 0; k < owned.Length; k++) held[owned[k]] = k;
        foreach (var part in new[] { null, held })
        {
            var oneValues = Values();
            var one = ConnectivityBuilder.BuildPattern(spec, sources, targets, recurrent: true, new RandomStream(11).Fork(4), part, oneValues, threads: 1);
            Assert.True(one.SynapseCount > 1000);
            foreach (int threads in new[] { 2, 3 })
            {
                var values = Values();
                var p = ConnectivityBuilder.BuildPattern(spec, sources, targets, recurrent: true, new RandomStream(11).Fork(4), part, values, threads);
                Assert.Equal(one.RowStart, p.RowStart);
                Assert.Equal(one.Targets, p.Targets);
                Assert.Equal(oneValues.Weights, values.Weights);
                Assert.Equal(oneValues.Delays, values.Delays);
            }
        }
    }

    private const string Wide = """
        {"format": "neurosharp.network", "version": 1,
         "populations": [{"name": "a", "count": 4000, "model": "lif", "preset": "cuba"}],
         "projections": [{"source": "a", "target": "a", "receptor": "excitatory", "connectivity": {"rule": "fixedInDegree", "inDegree": 100}, "weight": 1, "delayMs": 1}]}
        """;

    [Fact]
    public void MemoryCheck_PartitionedRun_CountsThisRanksShareNotTheWholeNetwork()
    {
        // 400 000 synapses at about 12 bytes each (4.8 MB) do not fit 4 MiB in one process; a quarter of them per rank does.
        var budget = new MemoryBudget(4L << 20);
        var e = Assert.Throws<InvalidInputException>(() => new SpikingEngine(NetworkFile.Parse(Wide), null, budget));
        Assert.StartsWith("$.projections[0].connectivity would need about", e.Message);
        var held = InProcessJob.Run(4, comm => new SpikingEngine(NetworkFile.Parse(Wide), new SimulationOptions { Communicator = comm }, budget).LocalSynapseCount);
        Assert.Equal(400_000, held.Sum());
    }

    [Fact]
    public void MemoryCheck_RankShareOverTheLimit_RefusedNamingTheRank()
    {
        var messages = InProcessJob.Run(2, comm => Assert.Throws<InvalidInputException>(() =>
            new SpikingEngine(NetworkFile.Parse(Wide), new SimulationOptions { Communicator = comm }, new MemoryBudget(1L << 20))).Message);
        Assert.StartsWith("$.projections[0].connectivity on rank 0 of 2 would need about", messages[0]);
        Assert.StartsWith("$.projections[0].connectivity on rank 1 of 2 would need about", messages[1]);
        Assert.All(messages, m => Assert.Contains("--memory-limit", m));
    }
}
