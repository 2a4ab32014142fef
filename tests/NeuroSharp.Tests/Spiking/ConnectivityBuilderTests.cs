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

    [Theory]
    [InlineData(300, false)] // more than the column scan's limit: distinct sources marked in a stamp array
    [InlineData(300, true)]
    [InlineData(12, true)] // the column scanned for repeats
    public void FixedInDegree_LargeAndSmallK_ExactlyKDistinctSourcesAndNoSelf(int k, bool recurrent)
    {
        var p = Build(new FixedInDegreeConnectivity { InDegree = k }, 1000, 1000, recurrent, seed: 3);
        var sources = Enumerable.Range(0, 1000).Select(_ => new HashSet<int>()).ToArray();
        for (int s = 0; s < 1000; s++)
        {
            for (int e = p.RowStart[s]; e < p.RowStart[s + 1]; e++) Assert.True(sources[p.Targets[e]].Add(s), "duplicate synapse");
        }
        Assert.All(sources, set => Assert.Equal(k, set.Count));
        if (recurrent) Assert.All(Enumerable.Range(0, 1000), t => Assert.DoesNotContain(t, sources[t]));
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
    [Trait("Category", Categories.Statistical)]
    public void FixedProbability_InAndOutDegrees_AreBinomial()
    {
        // 1 000 sources x 2 000 targets at p = 0.05: each in-degree ~ Binomial(1000, 0.05), mean 50, variance 47.5;
        // each out-degree ~ Binomial(2000, 0.05), mean 100, variance 95. Tolerances 4 standard errors: the mean of
        // N degrees within 4 sqrt(var / N), their variance within 4 var sqrt(2 / N) (near-normal degrees).
        var p = Build(new FixedProbabilityConnectivity { Probability = 0.05 }, 1000, 2000, recurrent: false, seed: 9);
        var inDegree = new double[2000];
        var outDegree = new double[1000];
        for (int s = 0; s < 1000; s++)
        {
            outDegree[s] = p.RowStart[s + 1] - p.RowStart[s];
            for (int e = p.RowStart[s]; e < p.RowStart[s + 1]; e++) inDegree[p.Targets[e]]++;
        }
        AssertMoments(inDegree, 50, 47.5);
        AssertMoments(outDegree, 100, 95);
        AssertRowsSorted(p);
    }

    private static void AssertMoments(double[] x, double mean, double variance)
    {
        double m = x.Average(), v = x.Sum(d => (d - m) * (d - m)) / (x.Length - 1);
        Assert.InRange(m, mean - 4 * Math.Sqrt(variance / x.Length), mean + 4 * Math.Sqrt(variance / x.Length));
        Assert.InRange(v, variance * (1 - 4 * Math.Sqrt(2.0 / x.Length)), variance * (1 + 4 * Math.Sqrt(2.0 / x.Length)));
    }

    [Fact]
    public void FixedProbability_Recurrent_NoAutapseUnlessAllowed()
    {
        var p = Build(new FixedProbabilityConnectivity { Probability = 0.5 }, 60, 60, recurrent: true);
        for (int s = 0; s < 60; s++) Assert.DoesNotContain(s, p.Targets[p.RowStart[s]..p.RowStart[s + 1]]);
        var all = Build(new FixedProbabilityConnectivity { Probability = 1, AllowSelf = true }, 10, 10, recurrent: true);
        Assert.Equal(100, all.Targets.Length);
    }

    [Theory]
    [InlineData("fixedProbability")]
    [InlineData("fixedInDegree")]
    public void RandomRules_TargetsSynapses_DependOnlyOnTheTargetsIndex(string rule)
    {
        // Each target draws from its own stream (keyed by its index), so a target's synapses are the same whatever
        // other targets the projection has: what lets a rank draw only its own targets.
        ConnectivitySpec spec = rule == "fixedInDegree" ? new FixedInDegreeConnectivity { InDegree = 12 } : new FixedProbabilityConnectivity { Probability = 0.1 };
        static HashSet<(int, int)> Pairs((int[] RowStart, int[] Targets) p, int below)
        {
            var pairs = new HashSet<(int, int)>();
            for (int s = 0; s + 1 < p.RowStart.Length; s++)
            {
                for (int e = p.RowStart[s]; e < p.RowStart[s + 1]; e++)
                {
                    if (p.Targets[e] < below) pairs.Add((s, p.Targets[e]));
                }
            }
            return pairs;
        }
        var few = Build(spec, 200, 50, recurrent: false, seed: 4);
        var many = Build(spec, 200, 130, recurrent: false, seed: 4);
        Assert.True(few.Targets.Length > 100);
        Assert.Equal(Pairs(few, 50), Pairs(many, 50));
        Assert.Equal(few.Targets.Length, Pairs(few, 50).Count);
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
