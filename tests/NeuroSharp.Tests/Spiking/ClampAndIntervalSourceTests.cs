using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Voltage clamps (<see cref="VoltageClampSpec"/>) against the series-resistance error of a passive cell, and random-interval
/// spike sources (<see cref="RandomIntervalSourceSpec"/>) against their interval distributions.
/// </summary>
public class ClampAndIntervalSourceTests
{
    // A LIF that never fires: v' = (E_L + I - v) / tau with E_L = -70 mV, I in mV.
    private static readonly LifNeuronSpec Passive = new() { TauMs = 10, RestMv = -70, ResetMv = -70, ThresholdMv = 1e6, RefractoryMs = 0 };

    private static float[] Trace(NetworkSpec spec, int steps, int neuron = 0)
    {
        var engine = new SpikingEngine(spec);
        var v = engine.Groups[0].Variable("v")!;
        var trace = new float[steps];
        for (int k = 0; k < steps; k++)
        {
            engine.Step();
            trace[k] = v[neuron];
        }
        return trace;
    }

    [Fact]
    public void Clamp_OnAPassiveLif_HoldsEachLevelAtTheSeriesResistanceFixedPoint()
    {
        // With I = G (T - v), the fixed point of v = E_L + G (T - v) is v* = (E_L + G T) / (1 + G): the clamp misses T by
        // (T - E_L) / (1 + G), the series-resistance error. G = 50: -60 mV is held at -60.196 mV.
        const double g = 50;
        var clamp = new VoltageClampSpec { Target = "p", Gain = g, HoldMv = -80, TargetMv = -60, ReturnMv = -75, StartMs = 50, StopMs = 100 };
        var spec = new NetworkSpec { DtMs = 0.1, Populations = [new PopulationSpec { Name = "p", Count = 2, Model = Passive }], Inputs = [clamp] };
        var v = Trace(spec, 1500);
        static double Held(double target) => (-70 + g * target) / (1 + g);
        Assert.Equal(Held(-80), v[499], 4);   // the step before 50 ms
        Assert.Equal(Held(-60), v[999], 4);   // before 100 ms
        Assert.Equal(Held(-75), v[1499], 4);
        Assert.Equal(-60 - 10.0 / 51, Held(-60), 12);
    }

    [Fact]
    public void Clamp_WithoutHoldAndReturn_InjectsNothingOutsideItsWindow_AndOnlyOnItsIndices()
    {
        var clamp = new VoltageClampSpec { Target = "p", Indices = [1], Gain = 2, TargetMv = -40, StartMs = 10, StopMs = 20 };
        var spec = new NetworkSpec { DtMs = 0.1, Populations = [new PopulationSpec { Name = "p", Count = 2, Model = Passive }], Inputs = [clamp] };
        var engine = new SpikingEngine(spec);
        var group = engine.Groups[0];
        var v = group.Variable("v")!;
        for (int k = 0; k < 300; k++)
        {
            float vStart = v[1];
            engine.Step();
            double expected = k >= 100 && k < 200 ? 2 * (-40 - vStart) : 0;
            Assert.True(Math.Abs(group.Current[1] - expected) < 1e-4, $"step {k}: current {group.Current[1]}, expected {expected}");
            Assert.Equal(0f, group.Current[0]);
        }
        Assert.Equal(-70, v[0], 5);
    }

    [Fact]
    public void Clamp_OnAPassiveHhCell_HoldsAtTheConductanceWeightedMean()
    {
        // An hh cell with only a leak (g_L = 10 nS to -60 mV) and a 1000 nS clamp (1 MOhm) to -50 mV: v* = (10 (-60) + 1000 (-50)) / 1010.
        var cell = new HodgkinHuxleyNeuronSpec { CapacitancePf = 100, Channels = [IonChannelSpec.Passive("leak", 10, -60)], InitialMv = -60, SpikeThresholdMv = 1e6 };
        var clamp = new VoltageClampSpec { Target = "p", Gain = 1000, TargetMv = -50 };
        var spec = new NetworkSpec { DtMs = 0.01, Populations = [new PopulationSpec { Name = "p", Count = 1, Model = cell }], Inputs = [clamp] };
        var v = Trace(spec, 500);
        Assert.Equal((10 * -60.0 + 1000 * -50.0) / 1010, v[^1], 3);
    }

    [Theory]
    [InlineData("{\"type\": \"voltageClamp\", \"target\": \"s\", \"gain\": 1, \"targetMv\": -60}", "$.inputs[0].target is 's', a randomIntervals source, which receives no input.")]
    [InlineData("{\"type\": \"voltageClamp\", \"target\": \"p\", \"gain\": 0, \"targetMv\": -60}", "gain")]
    [InlineData("{\"type\": \"voltageClamp\", \"target\": \"p\", \"gain\": 1, \"targetMv\": -60, \"startMs\": 5, \"stopMs\": 2}", "stopMs")]
    public void Clamp_BadFields_AreRefusedInOneSentence(string input, string expected)
    {
        string json = "{\"format\": \"neurosharp.network\", \"version\": 1, \"populations\": [{\"name\": \"p\", \"count\": 1, \"model\": \"lif\", \"preset\": \"brunel\"},"
            + " {\"name\": \"s\", \"count\": 1, \"model\": \"randomIntervals\", \"params\": {\"minIsiMs\": 1, \"maxIsiMs\": 2}}], \"inputs\": [" + input + "]}";
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(json));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ClampAndIntervalSources_SurviveTheJsonFile()
    {
        var spec = new NetworkSpec
        {
            DtMs = 0.1,
            Populations =
            [
                new PopulationSpec { Name = "p", Count = 2, Model = Passive },
                new PopulationSpec { Name = "u", Count = 3, Model = new RandomIntervalSourceSpec { MinIsiMs = 10, MaxIsiMs = 30 } },
                new PopulationSpec { Name = "r", Count = 3, Model = new RandomIntervalSourceSpec { MinIsiMs = 10, RateHz = 50 } },
            ],
            Inputs = [new VoltageClampSpec { Target = "p", Indices = [1], Gain = 3.5, HoldMv = -70, TargetMv = -50, ReturnMv = -65, StartMs = 5, StopMs = 9 }],
        };
        string json = NetworkFile.ToJson(spec);
        var back = NetworkFile.Parse(json);
        Assert.Equal(spec.Inputs[0], back.Inputs[0] with { Indices = spec.Inputs[0].Indices });
        Assert.Equal([1], back.Inputs[0].Indices!);
        Assert.Equal(spec.Populations[1].Model, back.Populations[1].Model);
        Assert.Equal(spec.Populations[2].Model, back.Populations[2].Model);
        Assert.Equal(json, NetworkFile.ToJson(back));
    }

    [Theory]
    [InlineData("{\"minIsiMs\": 10}", "maxIsiMs")]
    [InlineData("{\"minIsiMs\": 10, \"maxIsiMs\": 30, \"rateHz\": 5}", "maxIsiMs")]
    [InlineData("{\"minIsiMs\": 10, \"maxIsiMs\": 5}", "at least minIsiMs")]
    [InlineData("{\"minIsiMs\": 10, \"rateHz\": 200}", "at most 1000 / minIsiMs")]
    public void IntervalSource_BadParams_AreRefusedInOneSentence(string parameters, string expected)
    {
        string json = "{\"format\": \"neurosharp.network\", \"version\": 1, \"populations\": [{\"name\": \"s\", \"count\": 1, \"model\": \"randomIntervals\", \"params\": " + parameters + "}]}";
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(json));
        Assert.Contains(expected, e.Message);
    }

    /// <summary>The intervals between successive spikes of each source, in ms (from the spike monitor's steps).</summary>
    private static List<double> Intervals(RandomIntervalSourceSpec model, int count, double durationMs, double dtMs, int threads = 1, ulong seed = 7)
    {
        var spec = new NetworkSpec
        {
            DtMs = dtMs,
            Populations = [new PopulationSpec { Name = "s", Count = count, Model = model }],
            Monitors = [new SpikeMonitorSpec { Target = "s" }],
        };
        var engine = new SpikingEngine(spec, new SimulationOptions { Seed = seed, Threads = threads });
        engine.Run((int)Math.Round(durationMs / dtMs));
        var m = engine.SpikeMonitors[0];
        var last = new int[count];
        Array.Fill(last, -1);
        var isi = new List<double>();
        for (int k = 0; k < m.Steps.Length; k++)
        {
            int i = m.Neurons[k];
            if (last[i] >= 0) isi.Add((m.Steps[k] - last[i]) * dtMs);
            last[i] = m.Steps[k];
        }
        return isi;
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void UniformIntervals_AreUniformBetweenMinAndMax_KolmogorovSmirnov()
    {
        // 200 sources for 2 s at 0.1 ms: about 20 000 intervals. The spike falls in the first step past its time, so a measured
        // interval differs from the drawn one by less than dt: the KS distance to U(10, 30) is at most the sampling
        // part (1.95 / sqrt(n), p = 0.001) plus dt / (30 - 10) = 0.005.
        var isi = Intervals(new RandomIntervalSourceSpec { MinIsiMs = 10, MaxIsiMs = 30 }, 200, 2000, 0.1);
        Assert.True(isi.Count > 15_000, $"{isi.Count} intervals");
        Assert.True(isi.Min() >= 10 - 0.1 && isi.Max() <= 30 + 0.1, $"intervals in [{isi.Min()}, {isi.Max()}]");
        isi.Sort();
        double d = 0;
        for (int k = 0; k < isi.Count; k++)
        {
            double f = Math.Clamp((isi[k] - 10) / 20, 0, 1);
            d = Math.Max(d, Math.Max(Math.Abs((k + 1.0) / isi.Count - f), Math.Abs((double)k / isi.Count - f)));
        }
        double bound = 1.95 / Math.Sqrt(isi.Count) + 0.005;
        Assert.True(d < bound, $"KS distance {d:F4} above {bound:F4}");
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void RefractoryPoisson_IntervalsAreTheDeadTimePlusAnExponential_OfMeanOneOverRate()
    {
        // spikeGeneratorRefPoisson at 50 Hz with minimumISI 10 ms: ISI = 10 + Exp(mean 20 - 10 = 10 ms), so mean 20 ms and sd 10 ms.
        // About 20 000 intervals: the mean's standard error is 0.07 ms; allowed 0.4 ms (about 5 errors) plus dt. No interval is
        // shorter than the dead time (less one step), and the exponential part has its sd equal to its mean (within 5 %).
        var isi = Intervals(new RandomIntervalSourceSpec { MinIsiMs = 10, RateHz = 50 }, 200, 2000, 0.1);
        Assert.True(isi.Count > 15_000, $"{isi.Count} intervals");
        double mean = isi.Average();
        Assert.True(Math.Abs(mean - 20) < 0.5, $"mean interval {mean} ms, expected 20");
        Assert.True(isi.Min() >= 10 - 0.1, $"shortest interval {isi.Min()} ms");
        Assert.True(isi.Min() < 10.5, $"shortest interval {isi.Min()} ms: the exponential part should reach near 0");
        double sd = Math.Sqrt(isi.Sum(x => (x - mean) * (x - mean)) / (isi.Count - 1));
        Assert.True(Math.Abs(sd - 10) < 0.5, $"sd {sd} ms, expected 10");
    }

    [Fact]
    public void IntervalSources_SameSeed_SameSpikes_AtOneAndTwoThreads()
    {
        // 5000 sources span two blocks, so two threads step them apart.
        var model = new RandomIntervalSourceSpec { MinIsiMs = 2, RateHz = 100 };
        var one = Intervals(model, 5000, 100, 0.1, threads: 1);
        var two = Intervals(model, 5000, 100, 0.1, threads: 2);
        Assert.True(one.Count > 10_000);
        Assert.Equal(one, two);
        Assert.NotEqual(one, Intervals(model, 5000, 100, 0.1, threads: 1, seed: 8));
    }

    [Fact]
    public void Clamp_SameSeed_SameTrace_AtOneAndTwoThreads()
    {
        var spec = new NetworkSpec
        {
            DtMs = 0.1,
            Populations = [new PopulationSpec { Name = "p", Count = 5000, Model = Passive, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-80, -60) } }],
            Inputs = [new VoltageClampSpec { Target = "p", Gain = 0.5, TargetMv = -50, StartMs = 1, StopMs = 3 }],
            Monitors = [new StateMonitorSpec { Target = "p", Variables = ["v"], Indices = [0, 4999] }],
        };
        float[] Run(int threads)
        {
            var e = new SpikingEngine(spec, new SimulationOptions { Seed = 3, Threads = threads });
            e.Run(50);
            return [.. e.StateMonitors[0].Values("v").ToArray()];
        }
        Assert.Equal(Run(1), Run(2));
    }
}
