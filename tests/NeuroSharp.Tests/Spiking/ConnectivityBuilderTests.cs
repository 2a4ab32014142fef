using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking;

/// <summary>The connectivity builders: counts, exclusions, sorted rows, determinism.</summary>
public class ConnectivityBuilderTests
{
    private static (int[] RowStart, int[] Targets) Build(ConnectivitySpec spec, int sources, int targets, bool recurrent, ulong seed = 1) =>
        ConnectivityBuilder.Build(spec, sources, targets, recurrent, new RandomStream(seed));

    private static void AssertRowsSorted((int[] RowStart, int[] Targets) p)
    {
        for (int s = 0; s + 1 < p.RowStart.Length; s++)
        {
            for (int e = p.RowStart[s] + 1; e < p.RowStart[s + 1]; e++) Assert.True(p.Targets[e - 1] <= p.Targets[e]);
        }
    }

    [Fact]
    public void AllToAll_Recurrent_ExcludesSelfUnlessAllowed()
    {
        var p = Build(new AllToAllConnectivity(), 5, 5, recurrent: true);
        Assert.Equal(20, p.Targets.Length);
        for (int s = 0; s < 5; s++) Assert.DoesNotContain(s, p.Targets[p.RowStart[s]..p.RowStart[s + 1]]);
        Assert.Equal(25, Build(new AllToAllConnectivity { AllowSelf = true }, 5, 5, recurrent: true).Targets.Length);
        Assert.Equal(15, Build(new AllToAllConnectivity(), 3, 5, recurrent: false).Targets.Length);
    }

    [Fact]
    public void FixedInDegree_EveryTargetGetsExactlyKDistinctSources()
    {
        foreach (int k in new[] { 0, 3, 40, 99 })
        {
            var p = Build(new FixedInDegreeConnectivity { InDegree = k }, 100, 70, recurrent: false);
            var inDegree = new int[70];
            var pairs = new HashSet<(int, int)>();
            for (int s = 0; s < 100; s++)
            {
                for (int e = p.RowStart[s]; e < p.RowStart[s + 1]; e++)
                {
                    inDegree[p.Targets[e]]++;
                    Assert.True(pairs.Add((s, p.Targets[e])), "duplicate synapse");
                }
            }
            Assert.All(inDegree, d => Assert.Equal(k, d));
            AssertRowsSorted(p);
        }
    }

    [Fact]
    public void FixedInDegree_RecurrentAllButSelf_NeverConnectsSelf()
    {
        var p = Build(new FixedInDegreeConnectivity { InDegree = 49 }, 50, 50, recurrent: true);
        Assert.Equal(50 * 49, p.Targets.Length);
        for (int s = 0; s < 50; s++) Assert.DoesNotContain(s, p.Targets[p.RowStart[s]..p.RowStart[s + 1]]);
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void FixedProbability_SynapseCountWithinFourStandardErrors()
    {
        // 1 000 x 1 000 pairs at p = 0.02: mean 20 000, sd sqrt(n p (1 - p)) = 140; tolerance 4 sd per seed, 5 seeds.
        for (ulong seed = 1; seed <= 5; seed++)
        {
            var p = Build(new FixedProbabilityConnectivity { Probability = 0.02, AllowSelf = true }, 1000, 1000, recurrent: true, seed);
            Assert.InRange(p.Targets.Length, 20_000 - 560, 20_000 + 560);
            AssertRowsSorted(p);
        }
    }

    [Fact]
    public void FixedProbability_Extremes()
    {
        Assert.Empty(Build(new FixedProbabilityConnectivity { Probability = 0 }, 10, 10, false).Targets);
        Assert.Equal(90, Build(new FixedProbabilityConnectivity { Probability = 1 }, 10, 10, true).Targets.Length);
    }

    [Fact]
    public void OneToOne_AndExplicit_BuildTheListedPairs()
    {
        var one = Build(new OneToOneConnectivity(), 4, 4, false);
        Assert.Equal([0, 1, 2, 3], one.Targets);
        var list = Build(new ExplicitConnectivity { Sources = [2, 0, 2, 1], Targets = [1, 3, 0, 1] }, 3, 4, false);
        Assert.Equal([0, 1, 2, 4], list.RowStart);
        Assert.Equal([3, 1, 0, 1], list.Targets);
    }

    [Fact]
    public void Build_SameSeed_SamePattern()
    {
        var spec = new FixedProbabilityConnectivity { Probability = 0.1 };
        Assert.Equal(Build(spec, 300, 300, true, 42).Targets, Build(spec, 300, 300, true, 42).Targets);
        Assert.NotEqual(Build(spec, 300, 300, true, 42).Targets, Build(spec, 300, 300, true, 43).Targets);
    }
}
