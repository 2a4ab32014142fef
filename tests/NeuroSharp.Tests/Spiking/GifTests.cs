using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking;

/// <summary>The GIF model (PyNN's GIF_cond_exp, docs/spiking-gif.md): membrane, kernels, escape noise and its streams.</summary>
public class GifTests
{
    private const double Dt = 0.1;

    /// <summary>No kernels, no escape (lambda_0 = 0): a plain leaky membrane.</summary>
    private static readonly GifNeuronSpec Silent = new() { EscapeRateHz = 0 };

    private static NetworkSpec Cells(GifNeuronSpec cell, int count, double currentPa, IReadOnlyDictionary<string, DistributionSpec>? initial = null) => new()
    {
        DtMs = Dt, DurationMs = 1000,
        Populations = [new PopulationSpec { Name = "cell", Count = count, Model = cell, Initial = initial }],
        Inputs = currentPa == 0 ? [] : [new CurrentInputSpec { Target = "cell", Amplitude = currentPa }],
    };

    /// <summary>The steps at which neuron 0 spiked, and a variable of neuron 0 after each step.</summary>
    private static (List<int> Spikes, double[] Values) Run(NetworkSpec spec, int steps, string variable = "v")
    {
        var engine = new SpikingEngine(spec);
        var values = new double[steps];
        var spikes = new List<int>();
        var monitor = engine.SpikeMonitors.Single(m => m.Target == "cell");
        for (int n = 0; n < steps; n++)
        {
            engine.Step();
            values[n] = engine.GetVariable("cell", variable)[0];
            if (monitor.Count > spikes.Count) spikes.Add(n);
        }
        return (spikes, values);
    }

    [Fact]
    public void Subthreshold_ConstantCurrent_FollowsTheClosedForm()
    {
        // With constant I and no input conductance the exponential Euler step is the exact propagator:
        // V(t) = E_L + I / g_L (1 - exp(-t g_L / C)), t = (n + 1) dt after step n.
        var cell = Silent with { CapacitancePf = 250, LeakNs = 12.5 };
        double i = 300;
        var (spikes, v) = Run(Cells(cell, 1, i), 500);
        Assert.Empty(spikes);
        for (int n = 0; n < v.Length; n++)
        {
            double t = (n + 1) * Dt, expected = cell.RestMv + i / cell.LeakNs * (1 - Math.Exp(-t * cell.LeakNs / cell.CapacitancePf));
            Assert.True(Math.Abs(v[n] - expected) < 1e-3, $"step {n}: {v[n]} vs {expected}"); // float steps over 500 steps of a 24 mV rise: ~1e-5 mV
        }
    }

    [Fact]
    public void ForcedSpike_KernelsJumpAndDecay()
    {
        // v starts 8 mV above V_T* with a near-certain escape (lambda_0 1e9 Hz): the cell fires at step 0, then eta and V_T
        // jump by the sum of their steps and each term decays by exp(-dt / tau_j) per step; V stays at V_reset for
        // round(t_ref / dt) = 20 steps, then eta (a positive current, subtracted) pulls it below V_reset.
        var cell = new GifNeuronSpec
        {
            EscapeRateHz = 1e9, SharpnessMv = 0.5, ThresholdStarMv = -48, ResetMv = -60, RefractoryMs = 2,
            EtaTausMs = [1, 10, 100], EtaAmpsPa = [30, 20, 10], GammaTausMs = [2, 20, 200], GammaAmpsMv = [5, 3, 1],
        };
        var initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-40) };
        var (spikes, eta) = Run(Cells(cell, 1, 0, initial), 300, "eta");
        var (_, vt) = Run(Cells(cell, 1, 0, initial), 300, "vt");
        var (_, v) = Run(Cells(cell, 1, 0, initial), 300, "v");
        Assert.Equal([0], spikes);
        for (int n = 0; n < 300; n++)
        {
            double expectedEta = 0, expectedVt = cell.ThresholdStarMv;
            for (int j = 0; j < 3; j++)
            {
                expectedEta += cell.EtaAmpsPa[j] * Math.Exp(-n * Dt / cell.EtaTausMs[j]);
                expectedVt += cell.GammaAmpsMv[j] * Math.Exp(-n * Dt / cell.GammaTausMs[j]);
            }
            Assert.True(Math.Abs(eta[n] - expectedEta) < 1e-3 * 60, $"eta at step {n}: {eta[n]} vs {expectedEta}"); // float decay over 300 steps: relative 1e-5
            Assert.True(Math.Abs(vt[n] - expectedVt) < 1e-3, $"v_T at step {n}: {vt[n]} vs {expectedVt}");
        }
        for (int n = 0; n <= 20; n++) Assert.Equal(-60.0, v[n]);
        Assert.True(v[21] < -60 && v[40] < v[21], $"{v[21]} {v[40]}");
    }

    [Fact]
    public void HugeRateTinySharpness_FiresDeterministicallyAtThreshold()
    {
        // lambda_0 = 1e6 Hz, Delta_V = 1e-3 mV: 0.02 mV below V_T* the escape probability per step is 1e6 e^-20 1e-4 = 2e-7, 0.02 mV
        // above it is 1. So the cell fires as a LIF with threshold V_T*: first at the step n* where
        // V_n = V_inf + (V_0 - V_inf) e^(-n dt g / C) first exceeds V_T*, then every t_ref / dt + (crossing from V_reset) steps.
        var cell = new GifNeuronSpec { EscapeRateHz = 1e6, SharpnessMv = 1e-3, ThresholdStarMv = -48, ResetMv = -63, RefractoryMs = 3 };
        double i = 4000, vInf = cell.RestMv + i / cell.LeakNs, lnDecay = -Dt * cell.LeakNs / cell.CapacitancePf;
        double first = Math.Log((vInf - cell.ThresholdStarMv) / (vInf - cell.RestMv)) / lnDecay;
        double later = Math.Log((vInf - cell.ThresholdStarMv) / (vInf - cell.ResetMv)) / lnDecay;
        // V moves by about 0.3 mV per step near V_T*: crossings at least 0.1 step from a whole number are 0.03 mV clear of it.
        Assert.True(Math.Abs(first - Math.Round(first)) > 0.1 && Math.Abs(later - Math.Round(later)) > 0.1, $"{first} {later}");
        var (spikes, _) = Run(Cells(cell, 1, i), 2000);
        Assert.True(spikes.Count > 10, $"{spikes.Count} spikes");
        Assert.Equal((int)Math.Floor(first), spikes[0]);
        int period = 30 + (int)Math.Floor(later) + 1;
        for (int k = 1; k < spikes.Count; k++) Assert.Equal(period, spikes[k] - spikes[k - 1]);
    }

    [Theory]
    [Trait("Category", Categories.Statistical)]
    [InlineData(0.0, 200.0)]  // V = V_T*: lambda dt = 0.02, p = 0.0198
    [InlineData(2.0, 1000.0)] // V 2 Delta_V above V_T*: lambda = 1000 e^2 = 7389 Hz, lambda dt = 0.739, p = 0.522 (not lambda dt)
    public void EscapeRate_FiringProbabilityPerStep_IsOneMinusExpOfLambdaDt(double aboveThresholdInSharpness, double lambda0)
    {
        // V held at E_L (no input, V_reset = E_L, no kernels, no refractory period): every neuron in every step is one Bernoulli
        // trial with p = 1 - exp(-lambda dt), lambda = lambda_0 exp((E_L - V_T*) / Delta_V). 10 000 neurons (three blocks with
        // streams of their own) x 200 steps = 2e6 trials; the count is within 5 standard deviations of N p (a false failure
        // about once in 3.5 million runs; the seed is fixed, so it is the same count every run).
        var cell = new GifNeuronSpec { EscapeRateHz = lambda0, SharpnessMv = 0.5, RestMv = -65, ResetMv = -65, RefractoryMs = 0 };
        cell = cell with { ThresholdStarMv = cell.RestMv - aboveThresholdInSharpness * cell.SharpnessMv };
        double lambda = lambda0 * Math.Exp((cell.RestMv - cell.ThresholdStarMv) / cell.SharpnessMv);
        double p = 1 - Math.Exp(-lambda * Dt / 1000);
        const int count = 10_000, steps = 200;
        var engine = new SpikingEngine(Cells(cell, count, 0), new SimulationOptions { Seed = 7, Threads = 2 });
        engine.Run(steps);
        int spikes = engine.SpikeMonitors.Single(m => m.Target == "cell").Count;
        double trials = (double)count * steps, sd = Math.Sqrt(trials * p * (1 - p));
        Assert.True(Math.Abs(spikes - trials * p) < 5 * sd, $"{spikes} spikes, expected {trials * p:F0} +- {sd:F0} (lambda dt = {lambda * Dt / 1000:F3})");
    }

    private static (int[] Neurons, int[] Steps) Noisy(ulong seed, int threads)
    {
        var engine = new SpikingEngine(Cells(GifNeuronSpec.PyNN with { ThresholdStarMv = -50 }, 9_000, 900), new SimulationOptions { Seed = seed, Threads = threads });
        engine.Run(2000);
        var m = engine.SpikeMonitors.Single(x => x.Target == "cell");
        return (m.Neurons.ToArray(), m.Steps.ToArray());
    }

    [Fact]
    public void Spikes_SameSeed_SameAtAnyThreadCount_OtherSeedDiffers()
    {
        // 9 000 neurons are three blocks, each drawing from its own stream: the thread count cannot change a draw.
        var one = Noisy(3, 1);
        var four = Noisy(3, 4);
        var other = Noisy(4, 1);
        Assert.True(one.Neurons.Length > 1000, $"{one.Neurons.Length} spikes");
        Assert.Equal(one.Neurons, four.Neurons);
        Assert.Equal(one.Steps, four.Steps);
        Assert.NotEqual(one.Neurons, other.Neurons);
    }

    [Fact]
    public void Reset_ThenOneLongRun_EqualsTwoShortRuns()
    {
        // The streams restart at a reset and continue across runs: 1 000 + 1 000 steps give the spikes of one run of 2 000.
        var spec = Cells(GifNeuronSpec.PyNN with { ThresholdStarMv = -50 }, 300, 900);
        var engine = new SpikingEngine(spec, new SimulationOptions { Seed = 5 });
        engine.Run(1000);
        engine.Run(1000);
        var m = engine.SpikeMonitors.Single(x => x.Target == "cell");
        var (neurons, steps) = (m.Neurons.ToArray(), m.Steps.ToArray());
        Assert.True(neurons.Length > 100, $"{neurons.Length} spikes");
        engine.Reset();
        engine.Run(2000);
        Assert.Equal(neurons, m.Neurons.ToArray());
        Assert.Equal(steps, m.Steps.ToArray());
    }

    [Fact]
    public void TimedChange_OfTheThreshold_BeforeBitForBit_KernelsOfOtherLengthsRefused()
    {
        // A change of V_T* at 100 ms takes effect in place: the spikes before step 1 000 are those of the unchanged network (the
        // state and the streams go on), later ones differ (V_T* 5 mV lower fires more). Kernels of other lengths reshape the state.
        var cell = GifNeuronSpec.PyNN with { ThresholdStarMv = -50 };
        var plain = Cells(cell, 300, 900);
        var changed = plain with { Changes = [new ModelChangeSpec { AtMs = 100, Population = "cell", Model = cell with { ThresholdStarMv = -55 } }] };
        (int[] Neurons, int[] Steps) Spikes(NetworkSpec spec)
        {
            var engine = new SpikingEngine(spec, new SimulationOptions { Seed = 9 });
            engine.Run(2000);
            var m = engine.SpikeMonitors.Single(x => x.Target == "cell");
            return (m.Neurons.ToArray(), m.Steps.ToArray());
        }
        var a = Spikes(plain);
        var b = Spikes(changed);
        int before = a.Steps.Count(s => s < 1000);
        Assert.True(before > 20, $"{before} spikes before the change");
        Assert.Equal(a.Neurons[..before], b.Neurons[..before]);
        Assert.Equal(a.Steps[..before], b.Steps[..before]);
        Assert.True(b.Steps.Length > a.Steps.Length, $"{b.Steps.Length} spikes with V_T* lowered, {a.Steps.Length} without");
        var reshaped = plain with { Changes = [new ModelChangeSpec { AtMs = 100, Population = "cell", Model = cell with { EtaTausMs = [5], EtaAmpsPa = [10] } }] };
        Assert.Contains("cannot take in place", Assert.Throws<InvalidInputException>(() => new SpikingEngine(reshaped)).Message);
    }

    [Fact]
    public void Validate_KernelStepsWithoutTheirTimeConstants_NamesBoth()
    {
        var bad = new GifNeuronSpec { EtaTausMs = [1, 10], EtaAmpsPa = [1] };
        var ex = Assert.Throws<InvalidOptionException>(bad.Validate);
        Assert.Contains("EtaAmpsPa", ex.Message);
        Assert.Contains("etaTausMs lists 2", ex.Message);
        Assert.Contains("SharpnessMv", Assert.Throws<InvalidOptionException>((GifNeuronSpec.PyNN with { SharpnessMv = 0 }).Validate).Message);
    }

    [Fact]
    public void NetworkFile_Initial_EtaIsRefusedWithTheKnownNames()
    {
        var spec = Cells(GifNeuronSpec.PyNN, 2, 0, new Dictionary<string, DistributionSpec> { ["eta"] = DistributionSpec.Constant(1) });
        var ex = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(NetworkFile.ToJson(spec), "gif.json"));
        Assert.Contains("initial.eta", ex.Message);
        Assert.Contains("v, ge, gi", ex.Message);
    }
}
