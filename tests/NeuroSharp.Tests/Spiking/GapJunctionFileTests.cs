using NeuroSharp.Spiking;

namespace NeuroSharp.Tests.Spiking;

/// <summary>The "gapJunctions" section of a network file: read, written back, and its bad values refused with their path.</summary>
public class GapJunctionFileTests
{
    private const string Head = """{"format": "neurosharp.network", "version": 1, "populations": [{"name": "a", "count": 2, "model": "conductanceLif", "preset": "coba"}, {"name": "s", "count": 1, "model": "poisson", "params": {"rateHz": 5}}], """;

    [Fact]
    public void GapJunctions_JsonRoundTrip_Equal()
    {
        var spec = NetworkFile.Parse(Head + """ "gapJunctions": [{"name": "g", "source": "a", "target": "a", "connectivity": {"rule": "explicit", "sources": [0], "targets": [1]}, "conductance": 0.25}]}""");
        var g = Assert.Single(spec.GapJunctions);
        Assert.Equal(0.25, g.Conductance.Value);
        Assert.Equal(NetworkFile.ToJson(spec), NetworkFile.ToJson(NetworkFile.Parse(NetworkFile.ToJson(spec))));
    }

    [Fact]
    public void GapJunctions_NegativeConductance_RefusedWithItsPath()
    {
        var ex = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Head + """ "gapJunctions": [{"name": "g", "source": "a", "target": "a", "connectivity": {"rule": "oneToOne"}, "conductance": -1}]}""", "net.json"));
        Assert.Contains("$.gapJunctions[0].conductance must be >= 0 (got -1)", ex.Message);
    }

    [Fact]
    public void GapJunctions_OnASpikeSource_Refused()
    {
        var ex = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Head + """ "gapJunctions": [{"source": "s", "target": "a", "connectivity": {"rule": "allToAll"}, "conductance": 1}]}""", "net.json"));
        Assert.Contains("$.gapJunctions[0].source", ex.Message);
        Assert.Contains("no membrane potential", ex.Message);
    }

    [Fact]
    public void RiseTime_AboveDecay_RefusedWithItsPath()
    {
        var ex = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse("""{"format": "neurosharp.network", "version": 1, "populations": [{"name": "a", "count": 1, "model": "conductanceLif", "preset": "coba", "params": {"riseExcMs": 6}}]}""", "net.json"));
        Assert.Contains("riseExcMs", ex.Message);
        Assert.Contains("at most tauExcMs (5)", ex.Message);
    }
}
