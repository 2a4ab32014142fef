using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Gap-junction conductances are drawn per target, as chemical synapses' weights are (docs/distributed.md, "Synapses
/// live with their target"): target t's pairs take theirs from the junction's conductance stream forked by t, so a
/// pair's conductance depends on the seed, the junction and its target, not on the other targets nor the thread count.
/// </summary>
public class GapJunctionDrawTests
{
    private static string Json(string rule, int targets) => $$$"""
        {"format": "neurosharp.network", "version": 1,
         "populations": [{"name": "a", "count": 6, "model": "lif", "preset": "cuba"},
                         {"name": "b", "count": {{{targets}}}, "model": "lif", "preset": "cuba"}],
         "gapJunctions": [{"source": "a", "target": "b", "connectivity": {{{rule}}}, "conductance": {"uniform": [0, 1]}}]}
        """;

    private static Dictionary<(int Pre, int Post), float> Pairs(SpikingEngine engine)
    {
        var (_, _, pre, post, g) = Assert.Single(engine.GapJunctions.Junctions);
        var pairs = new Dictionary<(int, int), float>();
        for (int e = 0; e < pre.Length; e++) pairs.Add((pre[e], post[e]), g[e]);
        return pairs;
    }

    [Theory]
    [InlineData("""{"rule": "allToAll"}""")]
    [InlineData("""{"rule": "fixedProbability", "probability": 0.5}""")]
    public void GapConductances_OfTheFirstTargets_SameWhateverTheTargetPopulationsSize(string rule)
    {
        // Drawn in the order of the whole junction (rows by source), pair (s, t) of 10 targets would take the
        // (10 s + t)-th number and of 25 targets the (25 s + t)-th: every pair but source 0's would change.
        var small = Pairs(new SpikingEngine(NetworkFile.Parse(Json(rule, 10)), new SimulationOptions { Seed = 4 }));
        var large = Pairs(new SpikingEngine(NetworkFile.Parse(Json(rule, 25)), new SimulationOptions { Seed = 4 }));
        Assert.True(small.Count >= 20);
        Assert.Equal(small, large.Where(p => p.Key.Post < 10).ToDictionary());
        Assert.Equal(small.Count, small.Values.Distinct().Count()); // drawn, not one value
    }

    [Fact]
    public void GapConductances_AtOneAndThreeThreads_Identical()
    {
        // 900 targets: three workers of 300 at 3 threads (a worker takes at least 256 targets), so the draws really split.
        var spec = NetworkFile.Parse(Json("""{"rule": "allToAll"}""", 900));
        var one = Pairs(new SpikingEngine(spec, new SimulationOptions { Seed = 2, Threads = 1 }));
        var three = Pairs(new SpikingEngine(spec, new SimulationOptions { Seed = 2, Threads = 3 }));
        Assert.Equal(one, three);
    }

    [Fact]
    public void GapConductances_ExplicitListsOwnValues_KeptAndNotDrawn()
    {
        var spec = NetworkFile.Parse("""
            {"format": "neurosharp.network", "version": 1,
             "populations": [{"name": "a", "count": 3, "model": "lif", "preset": "cuba"}],
             "gapJunctions": [{"source": "a", "target": "a", "connectivity": {"rule": "explicit", "sources": [2, 0, 1], "targets": [0, 1, 2], "weights": [0.5, 0.25, 2]}, "conductance": 1}]}
            """);
        var engine = new SpikingEngine(spec);
        Assert.Equal(new Dictionary<(int, int), float> { [(0, 1)] = 0.25f, [(1, 2)] = 2f, [(2, 0)] = 0.5f }, Pairs(engine));
        Assert.Equal(0, engine.BuildDraws);
    }
}
