using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>Nearest-spike pairing and the triplet term of <see cref="StdpRuleSpec"/> against their closed forms.</summary>
public class TripletStdpTests
{
    private const double Dt = 0.1;

    // Traces decay by a float factor each step: a few hundred steps give a relative error near 1e-5, so 1e-6 absolute on A <= 0.01.
    private const int Digits = 6;

    /// <summary>
    /// pre (spike times) -> post (a LIF) through the plastic synapse; a driver makes post spike exactly
    /// one step after each driver spike (a huge one-step input), so post spikes at <paramref name="postSteps"/>.
    /// </summary>
    private static float Weight(int[] preSteps, int[] postSteps, StdpRuleSpec rule, double w0 = 0.5)
    {
        var spec = new NetworkSpec
        {
            DtMs = Dt,
            Populations =
            [
                new PopulationSpec { Name = "pre", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [.. preSteps.Select(_ => 0)], TimesMs = [.. preSteps.Select(s => s * Dt)] } },
                new PopulationSpec { Name = "driver", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [.. postSteps.Select(_ => 0)], TimesMs = [.. postSteps.Select(s => (s - 1) * Dt)] } },
                new PopulationSpec { Name = "post", Count = 1, Model = new LifNeuronSpec { RestMv = -70, ResetMv = -70, ThresholdMv = -50, TauExcMs = 0, RefractoryMs = 1 } },
            ],
            Projections =
            [
                new ProjectionSpec { Name = "plastic", Source = "pre", Target = "post", Receptor = Receptor.Excitatory, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(w0), Stdp = rule },
                new ProjectionSpec { Name = "drive", Source = "driver", Target = "post", Receptor = Receptor.Excitatory, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(1e4) },
            ],
            Monitors = [new SpikeMonitorSpec { Target = "post" }],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(Math.Max(preSteps.Max(), postSteps.Max()) + 50);
        Assert.Equal(postSteps, engine.SpikeMonitors[0].Steps.ToArray());
        return engine.GetProjection("plastic").Weights[0];
    }

    [Fact]
    public void Nearest_TwoPreSpikesThenPost_OnlyTheLatestPotentiates()
    {
        // pre at 100 and 200, post at 300 (lags 20 and 10 ms), A_minus = 0 to isolate LTP.
        var allToAll = new StdpRuleSpec { APlus = 0.01, AMinus = 0, TauPlusMs = 20 };
        var nearest = allToAll with { Pairing = StdpPairing.Nearest };
        Assert.Equal(0.5 + 0.01 * (Math.Exp(-1) + Math.Exp(-0.5)), Weight([100, 200], [300], allToAll), Digits);
        Assert.Equal(0.5 + 0.01 * Math.Exp(-0.5), Weight([100, 200], [300], nearest), Digits);
    }

    [Fact]
    public void Nearest_TwoPostSpikesThenPre_OnlyTheLatestDepresses()
    {
        var allToAll = new StdpRuleSpec { APlus = 0, AMinus = 0.01, TauMinusMs = 20 };
        var nearest = allToAll with { Pairing = StdpPairing.Nearest };
        Assert.Equal(0.5 - 0.01 * (Math.Exp(-1) + Math.Exp(-0.5)), Weight([300], [100, 200], allToAll), Digits);
        Assert.Equal(0.5 - 0.01 * Math.Exp(-0.5), Weight([300], [100, 200], nearest), Digits);
    }

    [Fact]
    public void Triplet_PostPrePost_PotentiatesByXPreTimesTheSlowTraceBeforeTheSpike()
    {
        // Diehl and Cook's rule: post at 100, pre at 150, post at 300 (steps of 0.1 ms).
        // LTD at the pre spike: -A_minus e^{-5/20}; LTP at the second post: A3 x_pre e^{-15/20} y2 e^{-20/40}
        // (y2 was set to 1 by the first post spike; A_plus = 0, so the first post spike alone changes nothing).
        var rule = new StdpRuleSpec
        {
            APlus = 0, AMinus = 0.0001, APlusTriplet = 0.01, TauPlusMs = 20, TauMinusMs = 20, TauTripletMs = 40, Pairing = StdpPairing.Nearest,
        };
        double expected = 0.5 - 0.0001 * Math.Exp(-5.0 / 20) + 0.01 * Math.Exp(-15.0 / 20) * Math.Exp(-20.0 / 40);
        Assert.Equal(expected, Weight([150], [100, 300], rule), Digits);
    }

    [Fact]
    public void Triplet_SinglePostSpike_NoSlowTraceYet_NoPotentiation()
    {
        // y2 is 0 before the first post spike: with A_plus = 0 a lone pre-post pair does not potentiate.
        var rule = new StdpRuleSpec { APlus = 0, AMinus = 0, APlusTriplet = 0.01, Pairing = StdpPairing.Nearest };
        Assert.Equal(0.5f, Weight([100], [150], rule));
    }

    [Fact]
    public void Triplet_WithPairTerm_AddsBoth()
    {
        // All-to-all: post at 100 and 200, pre at 150... post 300: LTP at 200 = x_pre(200) (A_plus + A3 y2(100 -> 200)),
        // LTP at 300 = x_pre(300) (A_plus + A3 (y2 e^{-10/40} + 1) e^{-10/40}) with the all-to-all y2 before each spike.
        var rule = new StdpRuleSpec { APlus = 0.002, AMinus = 0, APlusTriplet = 0.01, TauPlusMs = 20, TauTripletMs = 40 };
        double y2At200 = Math.Exp(-10.0 / 40);
        double y2At300 = (y2At200 + 1) * Math.Exp(-10.0 / 40);
        double ltp200 = Math.Exp(-5.0 / 20) * (0.002 + 0.01 * y2At200);
        double ltp300 = Math.Exp(-15.0 / 20) * (0.002 + 0.01 * y2At300);
        Assert.Equal(0.5 + ltp200 + ltp300, Weight([150], [100, 200, 300], rule), Digits);
    }

    [Fact]
    public void StdpRule_BadTripletValues_NameTheField()
    {
        var e = Assert.Throws<InvalidOptionException>(() => new StdpRuleSpec { APlusTriplet = -1 }.Validate());
        Assert.Contains("APlusTriplet", e.Message);
        e = Assert.Throws<InvalidOptionException>(() => new StdpRuleSpec { TauTripletMs = 0 }.Validate());
        Assert.Contains("TauTripletMs", e.Message);
        e = Assert.Throws<InvalidOptionException>(() => new StdpRuleSpec { Pairing = (StdpPairing)7 }.Validate());
        Assert.Contains("Pairing", e.Message);
    }

    /// <summary>Three Poisson inputs -> two LIF neurons, all to all, learning by <paramref name="rule"/>: a file to round-trip.</summary>
    private static NetworkSpec PlasticNetwork(StdpRuleSpec rule) => new()
    {
        Populations =
        [
            new PopulationSpec { Name = "in", Count = 3, Model = new PoissonSourceSpec { RateHz = 5 } },
            new PopulationSpec { Name = "out", Count = 2, Model = LifNeuronSpec.Cuba },
        ],
        Projections = [new ProjectionSpec { Name = "p", Source = "in", Target = "out", Connectivity = new AllToAllConnectivity(), Stdp = rule }],
    };

    [Fact]
    public void NetworkFile_TripletRule_RoundTrips_AndPairRuleFilesOmitTheNewFields()
    {
        var rule = new StdpRuleSpec { APlus = 0, AMinus = 0.0001, APlusTriplet = 0.01, TauTripletMs = 40, Pairing = StdpPairing.Nearest };
        var spec = PlasticNetwork(rule);
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"pairing\": \"nearest\"", json);
        Assert.Equal(rule, NetworkFile.Parse(json).Projections[0].Stdp);
        string pair = NetworkFile.ToJson(spec with { Projections = [spec.Projections[0] with { Stdp = new StdpRuleSpec() }] });
        Assert.DoesNotContain("pairing", pair);
        Assert.DoesNotContain("Triplet", pair);
        Assert.DoesNotContain("\"mu\"", pair);
        Assert.DoesNotContain("xTarget", pair);
    }

    [Fact]
    public void NetworkFile_PowerLawRuleWithTarget_RoundTrips()
    {
        var rule = new StdpRuleSpec { APlus = 0.01, AMinus = 0, Bounds = StdpBounds.PowerLaw, Mu = 0.2, XTarget = 0.4 };
        var spec = PlasticNetwork(rule);
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"bounds\": \"powerLaw\"", json);
        Assert.Contains("\"xTarget\": 0.4", json);
        Assert.Equal(rule, NetworkFile.Parse(json).Projections[0].Stdp);
    }
}
