using NeuroSharp.Distributed;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Distributed;

/// <summary>
/// Gap junctions split over ranks (docs/distributed.md, "Gap junctions over ranks"): each pair's term for its target
/// is added on the target's rank and its term for its source on the source's rank, each exactly once, in the whole
/// network's pair order with one process's conductances; the v a rank receives before each step are exactly its remote partners'.
/// </summary>
public class GapJunctionPartitionTests
{
    [Theory]
    [InlineData(2, PartitionScheme.RoundRobin)]
    [InlineData(3, PartitionScheme.RoundRobin)]
    [InlineData(3, PartitionScheme.Blocks)]
    [InlineData(4, PartitionScheme.Blocks)]
    public void PartitionedBuild_GapJunctions_EachTermOnItsNeuronsRankOnceAndTheExchangeListIsTheRemotePartners(int ranks, PartitionScheme scheme)
    {
        string json = PartitionNetworks.GapJunctions;
        var spec = NetworkFile.Parse(json);
        var whole = new SpikingEngine(spec, new SimulationOptions { Seed = 4 });
        // The whole network's pairs in one process's order: (set, a, b, g bits).
        var sets = whole.GapJunctions.Junctions.ToArray();
        var pairs = sets.SelectMany((j, s) => j.Pre.Select((a, k) => (Set: s, A: a, B: j.Post[k], G: BitConverter.SingleToInt32Bits(j.Conductance[k]), SourceGroup: j.Source.Index, TargetGroup: j.Target.Index))).ToArray();
        Assert.True(pairs.Length > 250, $"the test network should have many pairs (got {pairs.Length})");
        var parts = InProcessJob.Run(ranks, comm =>
        {
            var e = new SpikingEngine(NetworkFile.Parse(json), new SimulationOptions { Seed = 4, Communicator = comm, Partition = scheme });
            return (Terms: e.HeldGapJunctions!.Terms().ToArray(), Partners: e.HeldGapJunctions.RemotePartners.ToArray(), e.BuildDraws);
        });
        var partition = new NeuronPartition([.. spec.Populations.Select(p => p.Count)], ranks, scheme);
        int RankOf(int group, int i) => partition.RankOf(partition.Offset(group) + i);
        int remoteSources = 0, remoteTargets = 0;
        for (int r = 0; r < ranks; r++)
        {
            var terms = parts[r].Terms;
            // Target terms: exactly the pairs onto this rank's neurons, in one process's order, with its conductances.
            Assert.Equal(pairs.Where(p => RankOf(p.TargetGroup, p.B) == r).Select(p => (p.Set, p.A, p.B, p.G)),
                terms.Where(t => t.TargetTerm).Select(t => (t.Set, t.A, t.B, BitConverter.SingleToInt32Bits(t.G))));
            // Source terms: exactly the pairs from this rank's neurons, in the same order.
            Assert.Equal(pairs.Where(p => RankOf(p.SourceGroup, p.A) == r).Select(p => (p.Set, p.A, p.B, p.G)),
                terms.Where(t => t.SourceTerm).Select(t => (t.Set, t.A, t.B, BitConverter.SingleToInt32Bits(t.G))));
            // No pair twice on a rank, and every pair this rank holds is in the whole order.
            Assert.Equal(pairs.Where(p => RankOf(p.TargetGroup, p.B) == r || RankOf(p.SourceGroup, p.A) == r).Select(p => (p.Set, p.A, p.B)),
                terms.Select(t => (t.Set, t.A, t.B)));
            // The partners whose v travel to this rank: the remote sources of its target terms and the remote targets of its source terms, each once.
            var expected = terms.Where(t => !t.SourceTerm).Select(t => (pairs.First(p => p.Set == t.Set).SourceGroup, t.A))
                .Concat(terms.Where(t => !t.TargetTerm).Select(t => (pairs.First(p => p.Set == t.Set).TargetGroup, t.B)))
                .Distinct().OrderBy(x => RankOf(x.Item1, x.Item2)).ThenBy(x => x.Item1).ThenBy(x => x.Item2).ToArray();
            Assert.Equal(expected, parts[r].Partners.Select(p => (p.Group, p.Index)));
            Assert.All(parts[r].Partners, p => Assert.NotEqual(r, RankOf(p.Group, p.Index)));
            remoteSources += terms.Count(t => !t.SourceTerm);
            remoteTargets += terms.Count(t => !t.TargetTerm);
        }
        Assert.True(remoteSources > 0 && remoteTargets > 0, "some pairs should span two ranks");
        Assert.Equal(remoteSources, remoteTargets); // a pair spanning two ranks is a remote source on one and a remote target on the other
        // The conductances are drawn once, on the target's rank: the draws add up to one process's.
        Assert.Equal(whole.BuildDraws, parts.Sum(p => p.BuildDraws));
    }

    [Fact]
    public void PartitionedRun_GapJunctionsOnTwoRanks_ExchangeEveryStepFourBytesPerRemotePartner()
    {
        var parts = InProcessJob.Run(2, comm =>
        {
            var e = new SpikingEngine(NetworkFile.Parse(PartitionNetworks.GapJunctions), new SimulationOptions { Communicator = comm });
            e.Run(100);
            return (e.GapJunctionExchangeCount, e.GapJunctionBytes, Partners: e.HeldGapJunctions!.RemotePartners.Count, e.ExchangeWindow);
        });
        Assert.All(parts, p => Assert.Equal(6, p.ExchangeWindow)); // spikes travel every 6 steps, v every step
        Assert.All(parts, p => Assert.Equal(100, p.GapJunctionExchangeCount));
        Assert.All(parts, p => Assert.Equal(100L * 4 * p.Partners, p.GapJunctionBytes));
    }
    [Theory]
    [InlineData(SpikeExchange.Routed)]
    [InlineData(SpikeExchange.AllGather)]
    public void PartitionedRun_OneStepWindow_VRidesWithTheSpikesOneExchangePerStep(SpikeExchange exchange)
    {
        // A window of one step: after the first step of each run, v after the reset travels in the spike exchange, so a step
        // has one exchange, not two. Routed, each rank receives exactly its remote partners' v (4 bytes each per step, as
        // before); all-gathered, every rank's block carries the v of its neurons that any rank needs.
        var parts = InProcessJob.Run(3, comm =>
        {
            var e = new SpikingEngine(NetworkFile.Parse(PartitionNetworks.GapJunctionsEveryStep), new SimulationOptions { Communicator = comm, Exchange = exchange });
            e.Run(60);
            e.Run(40); // a second run goes on with the v that rode with the first run's last spikes
            long afterTwoRuns = e.GapJunctionExchangeCount;
            e.ResetDynamics(); // v changed: the next run's first step sends it itself
            e.Run(10);
            return (AfterTwoRuns: afterTwoRuns, AfterReset: e.GapJunctionExchangeCount, e.ExchangeCount, e.GapJunctionBytes, Partners: e.HeldGapJunctions!.RemotePartners.Count, e.ExchangeWindow, e.RoutesSpikes);
        });
        Assert.All(parts, p => Assert.Equal(1, p.ExchangeWindow));
        Assert.All(parts, p => Assert.Equal(exchange == SpikeExchange.Routed, p.RoutesSpikes));
        Assert.All(parts, p => Assert.True(p.Partners > 0, "every rank should lack some partner's v"));
        Assert.All(parts, p => Assert.Equal(1, p.AfterTwoRuns)); // only the first step of the build's run exchanged v alone
        Assert.All(parts, p => Assert.Equal(2, p.AfterReset));
        Assert.All(parts, p => Assert.Equal(110, p.ExchangeCount)); // one spike exchange per step
        // v arrives 112 times: with each step's spikes (after the last step too) and alone in the two first steps.
        if (exchange == SpikeExchange.Routed) Assert.All(parts, p => Assert.Equal(112L * 4 * p.Partners, p.GapJunctionBytes));
        else Assert.All(parts, p => Assert.True(p.GapJunctionBytes >= 112L * 4 * p.Partners, $"{p.GapJunctionBytes} bytes"));
    }
}
