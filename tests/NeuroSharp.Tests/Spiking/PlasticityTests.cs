using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>STDP and short-term plasticity against their closed forms.</summary>
public class PlasticityTests
{
    private const double Dt = 0.1;

    /// <summary>
    /// pre (a spike source) -> post (a LIF) through the plastic synapse of weight w0; a driver source
    /// makes post spike exactly one step after the driver's spike (a huge one-step input: tau_e = 0).
    /// </summary>
    private static float WeightAfterPair(int preStep, int postStep, StdpRuleSpec rule, double w0 = 0.5)
    {
        var spec = new NetworkSpec
        {
            DtMs = Dt,
            Populations =
            [
                new PopulationSpec { Name = "pre", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [preStep * Dt] } },
                new PopulationSpec { Name = "driver", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [(postStep - 1) * Dt] } },
                new PopulationSpec { Name = "post", Count = 1, Model = new LifNeuronSpec { RestMv = -70, ResetMv = -70, ThresholdMv = -50, TauExcMs = 0, RefractoryMs = 5 } },
            ],
            Projections =
            [
                new ProjectionSpec { Name = "plastic", Source = "pre", Target = "post", Receptor = Receptor.Excitatory, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(w0), Stdp = rule },
                new ProjectionSpec { Name = "drive", Source = "driver", Target = "post", Receptor = Receptor.Excitatory, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(1e4) },
            ],
            Monitors = [new SpikeMonitorSpec { Target = "post" }],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(Math.Max(preStep, postStep) + 50);
        var post = engine.SpikeMonitors[0];
        Assert.Equal(1, post.Count);
        Assert.Equal(postStep, post.Steps[0]);
        return engine.GetProjection("plastic").Weights[0];
    }

    // Traces decay by a float factor each step: after 100 steps the relative error is ~1e-5, so 1e-6 absolute on A = 0.01.
    private const int Digits = 6;

    [Theory]
    [InlineData(100)]
    [InlineData(37)]
    [InlineData(400)]
    public void Stdp_PreBeforePost_PotentiatesByAPlusTimesExp(int lagSteps)
    {
        var rule = new StdpRuleSpec { APlus = 0.01, AMinus = 0.012, TauPlusMs = 20, TauMinusMs = 30, WMax = 1 };
        float w = WeightAfterPair(50, 50 + lagSteps, rule);
        Assert.Equal(0.5 + 0.01 * Math.Exp(-lagSteps * Dt / 20), w, Digits);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(250)]
    public void Stdp_PostBeforePre_DepressesByAMinusTimesExp(int lagSteps)
    {
        var rule = new StdpRuleSpec { APlus = 0.01, AMinus = 0.012, TauPlusMs = 20, TauMinusMs = 30, WMax = 1 };
        float w = WeightAfterPair(50 + lagSteps, 50, rule);
        Assert.Equal(0.5 - 0.012 * Math.Exp(-lagSteps * Dt / 30), w, Digits);
    }

    [Fact]
    public void Stdp_SameStep_CountsAsPreBeforePost()
    {
        // Deliver (LTD from x_post, not yet bumped) runs before Plasticity (LTP from x_pre = 1): + A_plus exactly.
        var rule = new StdpRuleSpec { APlus = 0.01, AMinus = 0.012 };
        Assert.Equal(0.51, WeightAfterPair(80, 80, rule), Digits);
    }

    [Fact]
    public void Stdp_SoftBounded_ScalesWithDistanceToTheBound()
    {
        var rule = new StdpRuleSpec { APlus = 0.1, AMinus = 0.1, TauPlusMs = 20, TauMinusMs = 20, WMin = 0, WMax = 1, Bounds = StdpBounds.SoftBounded };
        // LTP: A_plus e^{-5/20} (w_max - w0); LTD: A_minus e^{-5/20} (w0 - w_min).
        Assert.Equal(0.8 + 0.1 * Math.Exp(-0.25) * 0.2, WeightAfterPair(50, 100, rule, 0.8), Digits);
        Assert.Equal(0.8 - 0.1 * Math.Exp(-0.25) * 0.8, WeightAfterPair(100, 50, rule, 0.8), Digits);
    }

    [Fact]
    public void Stdp_PowerLaw_ScalesWithDistanceToTheBoundToTheMu()
    {
        var rule = new StdpRuleSpec { APlus = 0.1, AMinus = 0.1, WMin = 0, WMax = 1, Bounds = StdpBounds.PowerLaw, Mu = 0.2 };
        // LTP: A_plus e^{-5/20} (w_max - w0)^mu; LTD: A_minus e^{-5/20} (w0 - w_min)^mu.
        Assert.Equal(0.8 + 0.1 * Math.Exp(-0.25) * Math.Pow(0.2, 0.2), WeightAfterPair(50, 100, rule, 0.8), Digits);
        Assert.Equal(0.8 - 0.1 * Math.Exp(-0.25) * Math.Pow(0.8, 0.2), WeightAfterPair(100, 50, rule, 0.8), Digits);
    }

    [Fact]
    public void Stdp_PowerLaw_MuOneIsSoftBoundedAndMuZeroIsAdditive()
    {
        var soft = new StdpRuleSpec { APlus = 0.1, AMinus = 0.1, Bounds = StdpBounds.SoftBounded };
        var additive = soft with { Bounds = StdpBounds.Additive };
        Assert.Equal(WeightAfterPair(50, 100, soft, 0.8), WeightAfterPair(50, 100, soft with { Bounds = StdpBounds.PowerLaw, Mu = 1 }, 0.8));
        Assert.Equal(WeightAfterPair(100, 50, soft, 0.8), WeightAfterPair(100, 50, soft with { Bounds = StdpBounds.PowerLaw, Mu = 1 }, 0.8));
        Assert.Equal(WeightAfterPair(50, 100, additive, 0.8), WeightAfterPair(50, 100, soft with { Bounds = StdpBounds.PowerLaw, Mu = 0 }, 0.8));
    }

    [Theory]
    [InlineData(20)]  // x_pre = e^{-2/20} = 0.905 > x_tar: potentiation
    [InlineData(300)] // x_pre = e^{-30/20} = 0.223 < x_tar: a quiet input is depressed at the postsynaptic spike
    public void Stdp_PresynapticTarget_PotentiatesByXPreLessXTarget(int lagSteps)
    {
        // Diehl and Cook 2015's power-law rule: Delta w = eta (x_pre - x_tar)(w_max - w)^mu at the post spike, no LTD at pre spikes.
        var rule = new StdpRuleSpec { APlus = 0.01, AMinus = 0, Bounds = StdpBounds.PowerLaw, Mu = 0.2, XTarget = 0.4, WMax = 1 };
        double expected = 0.5 + 0.01 * (Math.Exp(-lagSteps * Dt / 20) - 0.4) * Math.Pow(0.5, 0.2);
        Assert.Equal(expected, WeightAfterPair(50, 50 + lagSteps, rule), Digits);
    }

    [Fact]
    public void StdpRule_NegativeMuOrXTarget_IsRefusedWithTheParameterNamed()
    {
        var mu = Assert.Throws<InvalidOptionException>(() => new StdpRuleSpec { Bounds = StdpBounds.PowerLaw, Mu = -0.5 }.Validate());
        Assert.Contains("Mu", mu.Message);
        Assert.Contains("-0.5", mu.Message);
        var target = Assert.Throws<InvalidOptionException>(() => new StdpRuleSpec { XTarget = double.NaN }.Validate());
        Assert.Contains("XTarget", target.Message);
    }

    [Fact]
    public void Stdp_Additive_ClipsAtWMax()
    {
        var rule = new StdpRuleSpec { APlus = 0.5, AMinus = 0.1, WMax = 1 };
        Assert.Equal(1f, WeightAfterPair(50, 51, rule, 0.9));
    }

    [Fact]
    public void ShortTermDepression_TwoSpikes_SecondTransmitsClosedForm()
    {
        // tau_fac = 0: r1 = U; x drops to 1 - U and recovers to 1 - U e^{-D/tau_rec}; r2 = U (1 - U e^{-D/tau_rec}).
        // A one-step input (tau_e = 0) into a LIF with huge tau makes each delivery visible as a jump in v.
        double u = 0.4, tauRec = 100, gapMs = 20;
        var spec = new NetworkSpec
        {
            DtMs = Dt,
            Populations =
            [
                new PopulationSpec { Name = "pre", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0, 0], TimesMs = [1, 1 + gapMs] } },
                new PopulationSpec { Name = "post", Count = 1, Model = new LifNeuronSpec { TauMs = 1e9, RestMv = 0, ResetMv = -10, ThresholdMv = 1e6, TauExcMs = 0 } },
            ],
            Projections =
            [
                new ProjectionSpec
                {
                    Source = "pre", Target = "post", Receptor = Receptor.Excitatory, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(1),
                    ShortTermPlasticity = new ShortTermPlasticitySpec { U = u, TauRecMs = tauRec, TauFacMs = 0 },
                },
            ],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(100);
        float first = engine.GetVariable("post", "v")[0];
        engine.Run(200);
        float both = engine.GetVariable("post", "v")[0];
        // With tau_m = 1e9 ms and tau_e = 0 the LIF integrates a one-step input w into (1 - e^{-dt/tau_m}) w; divide it out.
        double gain = 1 - Math.Exp(-Dt / 1e9);
        Assert.Equal(u, first / gain, 3);
        Assert.Equal(u * (1 - u * Math.Exp(-gapMs / tauRec)), (both - first) / gain, 3);
    }

    [Fact]
    public void Normalization_ScalesIncomingWeightsToTheTargetSum()
    {
        var spec = new NetworkSpec
        {
            Populations =
            [
                new PopulationSpec { Name = "in", Count = 10, Model = new PoissonSourceSpec { RateHz = 0 } },
                new PopulationSpec { Name = "out", Count = 3, Model = LifNeuronSpec.Cuba },
            ],
            Projections =
            [
                new ProjectionSpec
                {
                    Name = "p", Source = "in", Target = "out", Receptor = Receptor.Excitatory, Connectivity = new AllToAllConnectivity(),
                    Weight = DistributionSpec.Uniform(0, 1), Normalization = new WeightNormalizationSpec { IncomingSum = 2.5, EverySteps = 5 },
                },
            ],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(5);
        var p = engine.GetProjection("p");
        for (int target = 0; target < 3; target++)
        {
            double sum = 0;
            for (int e = 0; e < p.Targets.Length; e++) if (p.Targets[e] == target) sum += p.Weights[e];
            Assert.Equal(2.5, sum, 5);
        }
    }

    [Fact]
    public void AdaptiveThreshold_RaisesThresholdPerSpikeAndSlowsFiring()
    {
        var plain = new LifNeuronSpec { RestMv = -70, ResetMv = -70, ThresholdMv = -54, RefractoryMs = 2 };
        var adaptive = plain with { AdaptiveThreshold = new AdaptiveThresholdSpec { IncrementMv = 1, TauMs = 1000 } };
        var a = new SpikingEngine(Networks.Driven(plain, 20));
        var b = new SpikingEngine(Networks.Driven(adaptive, 20));
        a.Run(5000);
        b.Run(5000);
        Assert.True(b.SpikeMonitors[0].Count < a.SpikeMonitors[0].Count);
        // theta = sum over spikes of e^{-(t - t_k)/tau}: at least (spikes) x e^{-0.5 s / 1 s}.
        Assert.True(b.GetVariable("n", "theta")[0] > b.SpikeMonitors[0].Count * Math.Exp(-0.5));
    }
}
