using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>The LIF models against closed forms.</summary>
public class LifNeuronTests
{
    // E_L = V_r = -70, V_t = -54, tau 20 ms, I = 20 mV: v_inf = -50 and the time from reset to threshold is
    // T = tau ln((v_inf - V_r) / (v_inf - V_t)) = 20 ln 5 = 32.189 ms, i.e. 321.9 steps of 0.1 ms.
    private static readonly LifNeuronSpec Cell = new() { TauMs = 20, RestMv = -70, ResetMv = -70, ThresholdMv = -54, RefractoryMs = 2 };

    private static double[] SpikeTimes(NetworkSpec spec, int steps)
    {
        var engine = new SpikingEngine(spec);
        engine.Run(steps);
        return engine.SpikeMonitors[0].TimesMs();
    }

    [Fact]
    public void Lif_ConstantInput_InterspikeIntervalMatchesClosedForm()
    {
        double dt = 0.1;
        double t = Cell.TauMs * Math.Log((-50 - Cell.ResetMv) / (-50 - Cell.ThresholdMv));
        // Exact integration hits threshold after m* = ceil(T / dt) updates from reset. Brian2's refractory
        // convention (not refractory once t - t_spike >= t_ref) holds v for t_ref / dt - 1 updates after the
        // spike step, so the discrete ISI is t_ref / dt - 1 + m* steps; the first spike comes m* - 1 steps
        // after the start (v starts at V_r).
        int mStar = (int)Math.Ceiling(t / dt);
        int refractory = (int)Math.Round(Cell.RefractoryMs / dt);
        var times = SpikeTimes(Networks.Driven(Cell, 20, dt), 3000);
        Assert.True(times.Length >= 5, $"only {times.Length} spikes");
        Assert.Equal((mStar - 1) * dt, times[0], 9);
        for (int k = 1; k < times.Length; k++)
        {
            double isi = times[k] - times[k - 1];
            Assert.Equal((refractory - 1 + mStar) * dt, isi, 9);
            // And within one step of the continuous-time interval t_ref + T.
            Assert.True(Math.Abs(isi - (Cell.RefractoryMs + t)) < dt, $"ISI {isi} vs continuous {Cell.RefractoryMs + t}");
        }
    }

    [Fact]
    public void Lif_HalvingDt_MovesTheIntervalByLessThanOneStep()
    {
        double continuous = Cell.RefractoryMs + Cell.TauMs * Math.Log(5);
        foreach (double dt in new[] { 0.1, 0.05, 0.025 })
        {
            var times = SpikeTimes(Networks.Driven(Cell, 20, dt), (int)(300 / dt));
            double isi = times[^1] - times[^2];
            // The discrete interval lies within one step of the continuous one, so halving dt halves the bound.
            Assert.True(Math.Abs(isi - continuous) < dt, $"dt {dt}: ISI {isi}, continuous {continuous}");
        }
    }

    [Fact]
    public void Lif_SubthresholdInput_RelaxesToEquilibriumAndNeverSpikes()
    {
        // I = 10 mV gives v_inf = -60 < V_t: no spike; after 10 tau, v is within 16 e^-10 of -60.
        var spec = Networks.Driven(Cell, 10) with { Monitors = [new SpikeMonitorSpec { Target = "n" }] };
        var engine = new SpikingEngine(spec);
        engine.Run(2000);
        Assert.Equal(0, engine.SpikeMonitors[0].Count);
        Assert.Equal(-60.0, engine.GetVariable("n", "v")[0], 2);
    }

    [Fact]
    public void ConductanceLif_ConstantInput_InterspikeIntervalMatchesClosedForm()
    {
        // With no synaptic conductance the conductance LIF is the plain LIF (G = 1), so the same closed form holds.
        var cell = new ConductanceLifNeuronSpec { TauMs = 20, RestMv = -70, ResetMv = -70, ThresholdMv = -54, RefractoryMs = 2 };
        var times = SpikeTimes(Networks.Driven(cell, 20), 3000);
        int mStar = (int)Math.Ceiling(20 * Math.Log(5) / 0.1);
        Assert.Equal((19 + mStar) * 0.1, times[2] - times[1], 6);
    }

    [Fact]
    public void ConductanceLif_ExcitatoryConductance_DrivesTowardsReversal()
    {
        // A constant g_e cannot be set from outside, but one input of weight g at t = 0 decays as g e^{-t/tau_e}:
        // v must rise above rest and stay below E_e; an inhibitory input must pull v towards E_i = -80.
        NetworkSpec Kick(Receptor receptor) => new()
        {
            DtMs = 0.1,
            Populations =
            [
                new PopulationSpec { Name = "src", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [0] } },
                new PopulationSpec { Name = "n", Count = 1, Model = new ConductanceLifNeuronSpec { ThresholdMv = 100, ResetMv = -60 } },
            ],
            Projections = [new ProjectionSpec { Source = "src", Target = "n", Receptor = receptor, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(0.5) }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v"] }],
        };
        var up = new SpikingEngine(Kick(Receptor.Excitatory));
        up.Run(100);
        var down = new SpikingEngine(Kick(Receptor.Inhibitory));
        down.Run(100);
        float peakUp = up.StateMonitors[0].Values("v").ToArray().Max();
        float lowDown = down.StateMonitors[0].Values("v").ToArray().Min();
        Assert.InRange(peakUp, -59.9f, 0f);
        Assert.InRange(lowDown, -80f, -60.1f);
    }

    [Fact]
    public void Lif_ExactPropagator_MatchesTheAnalyticResponseToOneInput()
    {
        // v(t) after one input w at t = 0 (from rest, tau_e != tau_m):
        // v - E_L = w tau_e / (tau_e - tau_m) (e^{-t/tau_e} - e^{-t/tau_m}). The input is delivered in step 0
        // and integrated from step 1, so after step n the neuron has integrated it for n dt.
        var cell = new LifNeuronSpec { TauMs = 20, TauExcMs = 5, RestMv = -70, ResetMv = -80, ThresholdMv = 0 };
        var spec = new NetworkSpec
        {
            DtMs = 0.1,
            Populations =
            [
                new PopulationSpec { Name = "src", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [0] } },
                new PopulationSpec { Name = "n", Count = 1, Model = cell },
            ],
            Projections = [new ProjectionSpec { Source = "src", Target = "n", Receptor = Receptor.Excitatory, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(10) }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v"] }],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(400);
        var v = engine.StateMonitors[0].Values("v");
        for (int n = 0; n < 400; n += 37)
        {
            double t = n * 0.1;
            double expected = -70 + 10 * 5 / (5 - 20.0) * (Math.Exp(-t / 5) - Math.Exp(-t / 20));
            // float state over up to 400 steps: agreement to 1e-4 mV.
            Assert.True(Math.Abs(expected - v[n]) < 1e-4, $"step {n}: {v[n]} vs {expected}");
        }
    }

    private static NetworkSpec DeltaPair(double excWeight, double inhWeight, double inhTimeMs) => new()
    {
        DtMs = 0.1,
        Populations =
        [
            new PopulationSpec { Name = "e", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [0] } },
            new PopulationSpec { Name = "i", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [inhTimeMs] } },
            new PopulationSpec { Name = "n", Count = 1, Model = LifNeuronSpec.Brunel },
        ],
        Projections =
        [
            new ProjectionSpec { Source = "e", Target = "n", Receptor = Receptor.Excitatory, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(excWeight), DelayMs = DistributionSpec.Constant(1.5) },
            new ProjectionSpec { Source = "i", Target = "n", Receptor = Receptor.Inhibitory, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(inhWeight), DelayMs = DistributionSpec.Constant(1.5) },
        ],
        Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v"] }, new SpikeMonitorSpec { Target = "n" }],
    };

    [Fact]
    public void DeltaInputs_OneSpike_JumpsByExactlyItsWeightOneDelayLater()
    {
        // Brunel's neuron (E_L = 0, tau_m = 20 ms). A spike in step 0 with delay D = 1.5 ms (15 steps) reaches the channel in
        // step 15 and jumps v by J at the start of step 16 (t = 1.6 ms); after step m >= 16, v = J exp(-(m - 15) dt / tau_m).
        // An inhibitory spike of weight g J at 5 ms jumps v down by g J at t = 6.6 ms, and the two add (the system is linear).
        const double j = 0.1, gj = 0.5, dt = 0.1, tau = 20;
        var engine = new SpikingEngine(DeltaPair(j, gj, 5));
        engine.Run(300);
        var v = engine.StateMonitors[0].Values("v");
        for (int m = 0; m < 16; m++) Assert.Equal(0f, v[m]);
        Assert.Equal(j * Math.Exp(-dt / tau), v[16], 1e-7);
        for (int m = 16; m < 300; m++)
        {
            double expected = j * Math.Exp(-(m - 15) * dt / tau) - (m >= 66 ? gj * Math.Exp(-(m - 65) * dt / tau) : 0);
            // The float e_m (relative error up to 6e-8) compounds over up to 284 steps of a 0.5 mV term: within 1e-5 mV.
            Assert.True(Math.Abs(expected - v[m]) < 1e-5, $"after step {m}: v {v[m]} mV vs {expected} mV");
        }
        Assert.Equal(0, engine.SpikeMonitors[0].Count);
    }

    [Fact]
    public void DeltaInputs_AJumpPastThreshold_SpikesInTheStepItLands()
    {
        // A jump of 25 mV from rest lands at the start of step 16 and decays to 25 e^{-dt/tau} = 24.88 > theta = 20 by the
        // step's threshold test: the neuron spikes in step 16 and is reset to V_r = 10 mV.
        var engine = new SpikingEngine(DeltaPair(25, 0, 0));
        engine.Run(40);
        var spikes = engine.SpikeMonitors[0];
        Assert.Equal(1, spikes.Count);
        Assert.Equal(16, spikes.Steps[0]);
        Assert.Equal(10f, engine.StateMonitors[0].Values("v")[16]);
    }

    [Fact]
    public void DeltaInputs_WithATimeConstant_IsRefusedNamingTheField()
    {
        var ex = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(
            """{"format": "neurosharp.network", "version": 1, "neurons": [{"id": "a", "model": "lif", "preset": "brunel", "params": {"tauExcMs": 5}}]}""", "bad.json"));
        Assert.Contains("tauExcMs", ex.Message);
        Assert.Contains("deltaInputs", ex.Message);
        var flag = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(
            """{"format": "neurosharp.network", "version": 1, "neurons": [{"id": "a", "model": "lif", "preset": "brunel", "params": {"deltaInputs": 1}}]}""", "bad.json"));
        Assert.Contains("$.neurons[0].params.deltaInputs", flag.Message);
    }

    [Fact]
    public void DeltaInputs_ReadFromAFile_RoundTripsAndIsWrittenOnlyWhenSet()
    {
        var spec = NetworkFile.Parse(
            """{"format": "neurosharp.network", "version": 1, "neurons": [{"id": "a", "model": "lif", "params": {"tauMs": 20, "restMv": 0, "resetMv": 10, "thresholdMv": 20, "refractoryMs": 2, "tauExcMs": 0, "tauInhMs": 0, "deltaInputs": true}}]}""", "brunel.json");
        Assert.Equal(LifNeuronSpec.Brunel, spec.Neurons[0].Model);
        Assert.Contains("\"deltaInputs\": true", NetworkFile.ToJson(spec));
        Assert.DoesNotContain("deltaInputs", NetworkFile.ToJson(new NetworkSpec { Neurons = [new SingleNeuronSpec { Id = "a", Model = LifNeuronSpec.Cuba }] }));
    }

    [Fact]
    public void AdaptiveThreshold_SlowDecay_FollowsTheExponentialBelowFloatResolution()
    {
        // Diehl and Cook's tau_theta = 1e7 ms at dt = 0.5 ms: theta loses 5e-8 of itself per step, less than float
        // resolves near 1 (6e-8). Decayed in float, theta = 20 mV lost 0.38 mV in 100 s instead of 0.199.
        var neuron = new NeuroSharp.Spiking.Learning.DiehlCookNetworkSpec().ExcitatoryNeuron;
        var spec = new NetworkSpec { DtMs = 0.5, Populations = [new PopulationSpec { Name = "n", Count = 3, Model = neuron }] };
        var engine = new SpikingEngine(spec);
        double[] start = [20, 40.123456789, 60];
        engine.SetThetaExact("n", start);
        engine.Run(200_000); // 100 s, no input: no spikes
        Assert.Equal(0, engine.SpikeCountOf("n"));
        var theta = engine.GetThetaExact("n");
        var copy = engine.GetVariable("n", "theta");
        for (int i = 0; i < 3; i++)
        {
            double expected = start[i] * Math.Exp(-100_000 / 1e7);
            Assert.Equal(expected, theta[i], 1e-9 * expected);
            Assert.Equal((float)theta[i], copy[i]);
        }
    }

    [Fact]
    public void SetThetaExact_ANonFiniteValue_IsRefusedAndLeavesThetaAsItWas()
    {
        var neuron = new NeuroSharp.Spiking.Learning.DiehlCookNetworkSpec().ExcitatoryNeuron;
        var spec = new NetworkSpec { DtMs = 0.5, Populations = [new PopulationSpec { Name = "n", Count = 3, Model = neuron }] };
        var engine = new SpikingEngine(spec);
        engine.SetThetaExact("n", [1, 2, 3]);
        var e = Assert.Throws<ArgumentException>(() => engine.SetThetaExact("n", [7, 8, double.NaN]));
        Assert.Contains("theta[2]", e.Message);
        Assert.Equal([1.0, 2.0, 3.0], engine.GetThetaExact("n"));
        Assert.Equal([1f, 2f, 3f], engine.GetVariable("n", "theta"));
    }
}
