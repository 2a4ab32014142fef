using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// STDP and short-term plasticity on projections whose synapses have their own delays: each synapse
/// learns from its presynaptic spike when it arrives (axonal delay), against closed forms, and equal to
/// the one-constant-delay path when every delay is the same.
/// </summary>
public class DelayedStdpTests
{
    private const double Dt = 0.1;
    private const int Digits = 6;

    /// <summary>
    /// Two sources -> one LIF through plastic synapses with the given delays (ms); a driver makes the LIF
    /// spike exactly at <paramref name="postSteps"/>. Returns the two weights.
    /// </summary>
    private static float[] Weights(int[] preSteps, double[] delaysMs, int[] postSteps, StdpRuleSpec rule)
    {
        var spec = new NetworkSpec
        {
            DtMs = Dt,
            Populations =
            [
                new PopulationSpec { Name = "pre", Count = 2, Model = new SpikeTimesSourceSpec { Indices = [0, 1], TimesMs = [preSteps[0] * Dt, preSteps[1] * Dt] } },
                new PopulationSpec { Name = "driver", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [.. postSteps.Select(_ => 0)], TimesMs = [.. postSteps.Select(s => (s - 1) * Dt)] } },
                new PopulationSpec { Name = "post", Count = 1, Model = new LifNeuronSpec { RestMv = -70, ResetMv = -70, ThresholdMv = -50, TauExcMs = 0, RefractoryMs = 1 } },
            ],
            Projections =
            [
                new ProjectionSpec
                {
                    Name = "plastic", Source = "pre", Target = "post", Receptor = Receptor.Excitatory,
                    Connectivity = new ExplicitConnectivity { Sources = [0, 1], Targets = [0, 0], DelaysMs = delaysMs },
                    Weight = DistributionSpec.Constant(0.5), Stdp = rule,
                },
                new ProjectionSpec { Name = "drive", Source = "driver", Target = "post", Receptor = Receptor.Excitatory, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(1e4) },
            ],
            Monitors = [new SpikeMonitorSpec { Target = "post" }],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(Math.Max(preSteps.Max(), postSteps.Max()) + 200);
        Assert.Equal(postSteps, engine.SpikeMonitors[0].Steps.ToArray());
        return engine.GetProjection("plastic").Weights;
    }

    [Fact]
    public void PreBeforePost_TheDelayShortensTheLag()
    {
        // Both sources spike at step 100, post at 200 (10 ms later). Source 0 arrives at once (lag 10 ms),
        // source 1 after 5 ms (lag 5 ms): LTP A_plus e^{-lag / tau_plus}.
        var rule = new StdpRuleSpec { APlus = 0.01, AMinus = 0, TauPlusMs = 20 };
        var w = Weights([100, 100], [0, 5], [200], rule);
        Assert.Equal(0.5 + 0.01 * Math.Exp(-10.0 / 20), w[0], Digits);
        Assert.Equal(0.5 + 0.01 * Math.Exp(-5.0 / 20), w[1], Digits);
    }

    [Fact]
    public void ArrivalAfterPost_Depresses_ThoughTheSourceSpikedBefore()
    {
        // Sources spike at step 100, post at 150. Source 1's spike arrives 10 ms later, at 200: 5 ms after
        // the post spike, so it depresses by A_minus e^{-5/tau_minus}, where source 0 potentiates.
        var rule = new StdpRuleSpec { APlus = 0.01, AMinus = 0.02, TauPlusMs = 20, TauMinusMs = 20 };
        var w = Weights([100, 100], [0, 10], [150], rule);
        Assert.Equal(0.5 + 0.01 * Math.Exp(-5.0 / 20), w[0], Digits);
        Assert.Equal(0.5 - 0.02 * Math.Exp(-5.0 / 20), w[1], Digits);
    }

    [Fact]
    public void Triplet_ReadsTheDelayedTrace()
    {
        // Diehl and Cook's rule: posts at 100 and 300, both sources spike at 150; source 1 arrives 5 ms later (200).
        // Source 0: LTD at 150 from the post at 100, LTP at 300 from x_pre e^{-15/20}; source 1: the same with lags 10 and 10 ms.
        var rule = new StdpRuleSpec
        {
            APlus = 0, AMinus = 0.0001, APlusTriplet = 0.01, TauPlusMs = 20, TauMinusMs = 20, TauTripletMs = 40, Pairing = StdpPairing.Nearest,
        };
        var w = Weights([150, 150], [0, 5], [100, 300], rule);
        double y2 = Math.Exp(-20.0 / 40);
        Assert.Equal(0.5 - 0.0001 * Math.Exp(-5.0 / 20) + 0.01 * Math.Exp(-15.0 / 20) * y2, w[0], Digits);
        Assert.Equal(0.5 - 0.0001 * Math.Exp(-10.0 / 20) + 0.01 * Math.Exp(-10.0 / 20) * y2, w[1], Digits);
    }

    /// <summary>Poisson inputs -> recurrent-free LIF layer, all pairs listed; the delay given per synapse or as the projection's one constant.</summary>
    private static NetworkSpec PoissonLayer(bool perSynapse, double delayMs, StdpRuleSpec? stdp, ShortTermPlasticitySpec? stp)
    {
        const int inputs = 40, outputs = 6;
        var sources = new List<int>();
        var targets = new List<int>();
        for (int s = 0; s < inputs; s++)
        {
            for (int t = 0; t < outputs; t++)
            {
                sources.Add(s);
                targets.Add(t);
            }
        }
        return new NetworkSpec
        {
            DtMs = 0.5,
            Populations =
            [
                new PopulationSpec { Name = "in", Count = inputs, Model = new PoissonSourceSpec { RateHz = 40 } },
                new PopulationSpec { Name = "out", Count = outputs, Model = LifNeuronSpec.Cuba },
            ],
            Projections =
            [
                new ProjectionSpec
                {
                    Name = "p", Source = "in", Target = "out", Receptor = Receptor.Excitatory,
                    Connectivity = new ExplicitConnectivity { Sources = sources, Targets = targets, DelaysMs = perSynapse ? [.. sources.Select(_ => delayMs)] : null },
                    Weight = DistributionSpec.Uniform(0.5, 2), DelayMs = DistributionSpec.Constant(perSynapse ? 0 : delayMs), Stdp = stdp, ShortTermPlasticity = stp,
                },
            ],
            Monitors = [new SpikeMonitorSpec { Target = "out" }],
        };
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void EqualPerSynapseDelays_SameSpikesAndWeightsAsOneConstantDelay(bool withStdp, bool withStp)
    {
        var stdp = withStdp ? new StdpRuleSpec { APlus = 0.05, AMinus = 0.06, WMax = 3 } : null;
        var stp = withStp ? new ShortTermPlasticitySpec { U = 0.3, TauRecMs = 200, TauFacMs = 50 } : null;
        var constant = new SpikingEngine(PoissonLayer(perSynapse: false, 2, stdp, stp), new SimulationOptions { Seed = 5 });
        var perSynapse = new SpikingEngine(PoissonLayer(perSynapse: true, 2, stdp, stp), new SimulationOptions { Seed = 5 });
        var initial = constant.GetProjection("p").Weights;
        constant.Run(4000);
        perSynapse.Run(4000);
        Assert.True(constant.SpikeMonitors[0].Count > 50, $"only {constant.SpikeMonitors[0].Count} spikes: the comparison would prove little");
        Assert.Equal(constant.SpikeMonitors[0].Steps.ToArray(), perSynapse.SpikeMonitors[0].Steps.ToArray());
        Assert.Equal(constant.SpikeMonitors[0].Neurons.ToArray(), perSynapse.SpikeMonitors[0].Neurons.ToArray());
        Assert.Equal(constant.GetProjection("p").Weights, perSynapse.GetProjection("p").Weights);
        if (withStdp) Assert.NotEqual(initial, constant.GetProjection("p").Weights);
    }

    [Fact]
    public void RandomDelays_WithStdp_AreAccepted_AndLearn()
    {
        var spec = PoissonLayer(perSynapse: false, 0, new StdpRuleSpec { APlus = 0.05, AMinus = 0.06, WMax = 3 }, null);
        spec = spec with { Projections = [spec.Projections[0] with { Connectivity = new AllToAllConnectivity(), DelayMs = DistributionSpec.Uniform(0, 10) }] };
        var engine = new SpikingEngine(spec, new SimulationOptions { Seed = 5 });
        var before = engine.GetProjection("p");
        Assert.True(before.DelaySteps.Distinct().Count() > 10, "delays should differ per synapse");
        engine.Run(4000);
        var after = engine.GetProjection("p");
        Assert.NotEqual(before.Weights, after.Weights);
        Assert.All(after.Weights, w => Assert.InRange(w, 0f, 3f));
    }
}
