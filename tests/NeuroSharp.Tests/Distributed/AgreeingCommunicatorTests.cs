using NeuroSharp.Distributed;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Distributed;

/// <summary>The ranks' one agreement at their first collective: a rank that stops before it stops every rank there, with the same code.</summary>
public class AgreeingCommunicatorTests
{
    [Fact]
    public void FirstCollective_EveryRankGoesOn_CollectivesWorkAndTheAgreedCodeIsZero()
    {
        var results = InProcessJob.Run(3, comm =>
        {
            var agreeing = new AgreeingCommunicator(comm);
            Span<long> x = [agreeing.Rank + 1];
            agreeing.AllReduce(x, ReductionOperation.Sum);
            return (x[0], agreeing.Agreed, agreeing.AgreedCode);
        });
        Assert.All(results, r => Assert.Equal((6L, true, 0), r));
    }

    [Fact]
    public void FirstCollective_OneRankStoppedBeforeIt_EveryRankStopsWithTheLargestCode()
    {
        var results = InProcessJob.Run(3, comm =>
        {
            var agreeing = new AgreeingCommunicator(comm);
            if (agreeing.Rank == 2) return (agreeing.Agree(2), agreeing.RankZeroCode, "stopped");
            var e = Assert.Throws<StoppedByAnotherRankException>(() => agreeing.AllGatherVariable(new byte[3], new int[3]));
            return (e.Code, agreeing.RankZeroCode, "met it");
        });
        Assert.Equal([(2, 0, "met it"), (2, 0, "met it"), (2, 0, "stopped")], results);
    }
}
