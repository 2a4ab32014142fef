using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Control between steps (SpikingEngine.Control): rates set at run time, learning switched off,
/// normalisation on request, learned state read and written, and dynamics reset with the learned state kept.
/// </summary>
public class EngineControlTests
{
    /// <summary>20 Poisson inputs -> 4 conductance LIF neurons with an adaptive threshold, plastic all-to-all.</summary>
    private static NetworkSpec Plastic(int everySteps = 0) => new()
    {
        DtMs = 0.5,
        Populations =
        [
            new PopulationSpec { Name = "in", Count = 20, Model = new PoissonSourceSpec { RateHz = 0 } },
            new PopulationSpec
            {
                Name = "out", Count = 4,
                Model = new ConductanceLifNeuronSpec { TauMs = 20, RestMv = -65, ResetMv = -65, ThresholdMv = -55, RefractoryMs = 2, AdaptiveThreshold = new AdaptiveThresholdSpec { IncrementMv = 0.5, TauMs = 1e4 } },
            },
        ],
        Projections =
        [
            new ProjectionSpec
            {
                Name = "w", Source = "in", Target = "out", Receptor = Receptor.Excitatory, Connectivity = new AllToAllConnectivity(),
                Weight = DistributionSpec.Uniform(0.05, 0.3),
                Stdp = new StdpRuleSpec { APlus = 0.01, AMinus = 0.005, WMax = 1 },
                Normalization = new WeightNormalizationSpec { IncomingSum = 3, EverySteps = everySteps },
            },
        ],
        Monitors = [new SpikeMonitorSpec { Target = "out" }],
    };

    private static float[] Rates(float hz) => Enumerable.Repeat(hz, 20).ToArray();

    [Fact]
    public void SetRates_ZeroThenHigh_SpikesOnlyWhileOn_AndResetRestoresTheNetworksRates()
    {
        var spec = new NetworkSpec { DtMs = 0.5, Populations = [new PopulationSpec { Name = "in", Count = 1000, Model = new PoissonSourceSpec { RateHz = 0 } }] };
        var engine = new SpikingEngine(spec);
        engine.Run(2000);
        Assert.Equal(0, engine.SpikeMonitors[0].Count);
        engine.SetRates("in", Enumerable.Repeat(40f, 1000).ToArray());
        engine.Run(2000);
        // 1000 sources x 40 Hz x 1 s = 40 000 expected, sd 200: 4 sd.
        Assert.InRange(engine.SpikeMonitors[0].Count, 40_000 - 800, 40_000 + 800);
        engine.ResetDynamics();
        engine.Run(2000);
        Assert.Equal(0, engine.SpikeMonitors[0].Count);
    }

    [Fact]
    public void SpikeMonitorClear_ForgetsWhatWasRead_AndTheRunGoesOnRecording()
    {
        var spec = new NetworkSpec { DtMs = 0.5, Populations = [new PopulationSpec { Name = "in", Count = 1000, Model = new PoissonSourceSpec { RateHz = 40 } }] };
        var read = new SpikingEngine(spec);
        var whole = new SpikingEngine(spec);
        var monitor = read.SpikeMonitors[0];
        var steps = new List<int>();
        for (int chunk = 0; chunk < 4; chunk++)
        {
            read.Run(500);
            Assert.All(monitor.Steps.ToArray(), s => Assert.InRange(s, chunk * 500, chunk * 500 + 499)); // only this chunk's spikes
            steps.AddRange(monitor.Steps.ToArray());
            monitor.Clear();
            Assert.Equal(0, monitor.Count);
        }
        whole.Run(2000);
        Assert.Equal(whole.SpikeMonitors[0].Steps.ToArray(), steps); // nothing lost, nothing changed
        Assert.True(steps.Count > 30_000);
    }

    [Fact]
    public void SetRates_BadInput_Throws()
    {
        var engine = new SpikingEngine(Plastic());
        Assert.Throws<ArgumentException>(() => engine.SetRates("in", Rates(1)[..3]));
        Assert.Throws<ArgumentException>(() => engine.SetRates("out", new float[4]));
        var bad = Rates(1);
        bad[2] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => engine.SetRates("in", bad));
        Assert.Contains("Rate 2", e.Message);
    }

    [Fact]
    public void LearningOff_WeightsAndThresholdsStayFrozen_WhileNeuronsFire()
    {
        var engine = new SpikingEngine(Plastic());
        engine.SetRates("in", Rates(100));
        engine.Run(1000);
        var weights = engine.GetProjection("w").Weights;
        var theta = engine.GetVariable("out", "theta");
        Assert.Contains(theta, t => t > 0); // it learned while on
        engine.LearningEnabled = false;
        int before = engine.SpikeMonitors[0].Count;
        engine.Run(1000);
        Assert.True(engine.SpikeMonitors[0].Count > before);
        Assert.Equal(weights, engine.GetProjection("w").Weights);
        Assert.Equal(theta, engine.GetVariable("out", "theta"));
        engine.LearningEnabled = true;
        engine.Run(1000);
        Assert.NotEqual(weights, engine.GetProjection("w").Weights);
    }

    [Fact]
    public void ResetDynamics_KeepsWeightsAndThresholds_AndTheSameSeedRepeatsTheSpikes()
    {
        var engine = new SpikingEngine(Plastic());
        engine.SetRates("in", Rates(100));
        engine.Run(1000);
        var learned = engine.GetProjection("w").Weights;
        var theta = engine.GetVariable("out", "theta");
        engine.LearningEnabled = false;

        int[] Response(ulong seed)
        {
            engine.ResetDynamics(seed);
            engine.SetRates("in", Rates(100));
            engine.Run(600);
            return engine.SpikeMonitors[0].Neurons.ToArray();
        }

        var a = Response(7);
        var b = Response(8);
        var c = Response(7);
        Assert.Equal(0, engine.StepCount - 600);
        Assert.Equal(a, c);
        Assert.NotEqual(a, b);
        Assert.Equal(learned, engine.GetProjection("w").Weights);
        Assert.Equal(theta, engine.GetVariable("out", "theta"));

        // A fresh engine given the learned state answers the same.
        var fresh = new SpikingEngine(Plastic()) { LearningEnabled = false };
        fresh.SetWeights("w", learned);
        fresh.SetVariable("out", "theta", theta);
        fresh.ResetDynamics(7);
        fresh.SetRates("in", Rates(100));
        fresh.Run(600);
        Assert.Equal(a, fresh.SpikeMonitors[0].Neurons.ToArray());
    }

    [Fact]
    public void Reset_ReturnsToTheBuiltWeightsAndThresholds()
    {
        var engine = new SpikingEngine(Plastic());
        var built = engine.GetProjection("w").Weights;
        engine.SetRates("in", Rates(100));
        engine.Run(1000);
        engine.Reset();
        Assert.Equal(built, engine.GetProjection("w").Weights);
        Assert.All(engine.GetVariable("out", "theta"), t => Assert.Equal(0f, t));
    }

    [Fact]
    public void NormalizeWeights_OnRequest_EveryTargetSumsToTheDeclaredTotal_AndEveryStepsZeroNeverRunsByItself()
    {
        var engine = new SpikingEngine(Plastic(everySteps: 0));
        engine.Run(100);
        var w = new float[80];
        engine.CopyWeights("w", w);
        Assert.NotEqual(3.0, Sum(w, 0), 3); // uniform(0.05, 0.3) x 20 is about 3.5, never exactly 3
        engine.NormalizeWeights("w");
        engine.CopyWeights("w", w);
        for (int j = 0; j < 4; j++) Assert.Equal(3.0, Sum(w, j), 5);
    }

    [Fact]
    public void NormalizeWeights_WithoutANormalization_Throws()
    {
        var spec = Plastic() with { Projections = [Plastic().Projections[0] with { Normalization = null }] };
        var e = Assert.Throws<ArgumentException>(() => new SpikingEngine(spec).NormalizeWeights("w"));
        Assert.Contains("no normalization", e.Message);
    }

    [Fact]
    public void SetWeights_NegativeOrWrongLength_Throws()
    {
        var engine = new SpikingEngine(Plastic());
        Assert.Throws<ArgumentException>(() => engine.SetWeights("w", new float[79]));
        var w = new float[80];
        w[5] = -1;
        Assert.Throws<ArgumentException>(() => engine.SetWeights("w", w));
        Assert.Throws<ArgumentException>(() => engine.SetWeights("nope", new float[80]));
    }

    [Fact]
    public void AdaptiveThreshold_AllowsAResetAboveTheBareThreshold()
    {
        // Diehl and Cook: V_t = -72 mV with theta starting at 20 mV, reset -65 mV.
        var cell = new ConductanceLifNeuronSpec { RestMv = -65, ResetMv = -65, ThresholdMv = -72 };
        Assert.Throws<InvalidOptionException>(cell.Validate);
        (cell with { AdaptiveThreshold = new AdaptiveThresholdSpec() }).Validate();
    }

    private static double Sum(float[] w, int target)
    {
        // All-to-all 20 -> 4: synapse (s, j) sits at s x 4 + j.
        double sum = 0;
        for (int s = 0; s < 20; s++) sum += w[s * 4 + target];
        return sum;
    }
}
