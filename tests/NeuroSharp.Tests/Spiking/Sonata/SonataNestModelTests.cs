using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Spiking.Sonata;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.Sonata;

/// <summary>SONATA import of NEST's izhikevich and aeif models: NEST's own numerics as references, the step inputs land on, refusals.</summary>
public class SonataNestModelTests
{
    private const double Dt = 0.1;

    /// <summary>One virtual node driving one cell through one edge (weight w, delay 2 ms); the input spikes at 10 ms, so it arrives at 12 ms.</summary>
    private static NetworkSpec OneSynapse(TempDirectory dir, string template, string cellJson, double weight, double tstop = 100)
    {
        var f = new SonataFixture(dir.Path) { Run = (Dt, tstop) };
        f.NodePopulations.Add(("cells", [1]));
        f.NodePopulations.Add(("ext", [100]));
        f.NodeTypes.Add($"1 point_neuron {template} cell.json");
        f.NodeTypes.Add("100 virtual NULL NULL");
        f.Cell("cell.json", cellJson);
        f.EdgePopulations.Add(("ext", "cells", [0], [0], [1], [weight], [2.0]));
        f.Spikes = ("ext", [0], [10.0]);
        return SonataFile.Load(f.Write());
    }

    /// <summary>v (or another variable) after each of the first <paramref name="steps"/> steps, and the spike steps.</summary>
    private static (double[] V, List<int> Spikes) Trace(NetworkSpec spec, int steps, string variable = "v")
    {
        var engine = new SpikingEngine(spec);
        var v = new double[steps];
        var spikes = new List<int>();
        for (int n = 0; n < steps; n++)
        {
            engine.Step();
            v[n] = engine.GetVariable("cells_1", variable)[0];
        }
        foreach (double t in engine.SpikeMonitors.Single(m => m.Target == "cells_1").TimesMs()) spikes.Add((int)Math.Round(t / Dt));
        return (v, spikes);
    }

    private static string Load(TempDirectory dir, string template, string cellJson, string where = "cell.json")
    {
        var f = new SonataFixture(dir.Path);
        f.NodePopulations.Add(("cells", [1]));
        f.NodeTypes.Add($"1 point_neuron {template} {where}");
        f.Cell("cell.json", cellJson);
        return f.Write();
    }

    [Fact]
    public void Izhikevich_CurrentAndOneEdge_FollowsNestsForwardEulerStepForStep()
    {
        // NEST's izhikevich (consistent_integration, its default) in double: v += h (0.04 v^2 + 5 v + 140 - u + I_e) + J in the
        // step ending at 12 ms; u += h a (b v_old - u); v >= V_th -> v = c, u += d. Start V_m -65, U_m 0 (NEST's defaults).
        using var dir = new TempDirectory();
        var spec = OneSynapse(dir, "nest:izhikevich", """{ "a": 0.02, "b": 0.2, "c": -65.0, "d": 8.0, "I_e": 10.0 }""", 3.0, tstop: 300);
        var (v, spikes) = Trace(spec, 3000);
        double rv = -65, ru = 0;
        var expectedSpikes = new List<int>();
        for (int n = 0; n < v.Length; n++)
        {
            double vOld = rv, uOld = ru;
            rv += Dt * (0.04 * vOld * vOld + 5 * vOld + 140 - uOld + 10) + (n + 1 == 120 ? 3.0 : 0);
            ru += Dt * 0.02 * (0.2 * vOld - uOld);
            if (rv >= 30)
            {
                rv = -65;
                ru += 8;
                expectedSpikes.Add(n);
            }
            // float state against double: within 0.05 mV away from the upstroke, where v moves tens of mV a step.
            if (rv < -40 && v[n] < -40) Assert.True(Math.Abs(v[n] - rv) < 0.05, $"after step {n + 1}: v {v[n]} mV vs NEST's {rv} mV");
        }
        Assert.True(expectedSpikes.Count >= 5, $"the reference fired {expectedSpikes.Count} times");
        Assert.Equal(expectedSpikes, spikes);
    }

    [Fact]
    public void Izhikevich_JumpLandsInTheStepNestAddsIt()
    {
        using var dir = new TempDirectory();
        // b 0 and u 0: with no current v rests where 0.04 v^2 + 5 v + 140 = 0 (v = -82.655...), so v only moves by the jump.
        double rest = (-5 - Math.Sqrt(25 - 4 * 0.04 * 140)) / (2 * 0.04); // the stable root (-42.35 is the unstable one)
        string cell = FormattableString.Invariant($$"""{ "b": 0.0, "V_m": {{rest:R}}, "U_m": 0.0 }""");
        var (v, _) = Trace(OneSynapse(dir, "nest:izhikevich", cell, 2.0), 125);
        Assert.True(Math.Abs(v[118] - rest) < 1e-3, $"v moved before the arrival: {v[118]}");
        Assert.True(Math.Abs(v[119] - (rest + 2)) < 1e-3, $"after the step ending at 12 ms: {v[119]} vs {rest + 2}");
    }

    /// <summary>NEST's aeif ODE with an input of the given shape from 12 ms, by RK4 at 1 us: V after each 0.1 ms step (subthreshold).</summary>
    private static double[] AeifReference(int steps, Func<double, double, double> synapticCurrent, double vStart = -70.6)
    {
        const double c = 281, gl = 30, el = -70.6, vt = -50.4, slope = 2, a = 4, tauW = 144, h = 0.001;
        double v = vStart, w = 0, t = 0;
        var result = new double[steps];
        (double, double) F(double time, double vv, double ww) =>
            ((-gl * (vv - el) + gl * slope * Math.Exp((vv - vt) / slope) - ww + synapticCurrent(time, vv)) / c, (a * (vv - el) - ww) / tauW);
        for (int n = 0; n < steps; n++)
        {
            for (int k = 0; k < 100; k++)
            {
                var (k1v, k1w) = F(t, v, w);
                var (k2v, k2w) = F(t + h / 2, v + h / 2 * k1v, w + h / 2 * k1w);
                var (k3v, k3w) = F(t + h / 2, v + h / 2 * k2v, w + h / 2 * k2w);
                var (k4v, k4w) = F(t + h, v + h * k3v, w + h * k3w);
                v += h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
                w += h / 6 * (k1w + 2 * k2w + 2 * k3w + k4w);
                t += h;
            }
            result[n] = v;
        }
        return result;
    }

    [Theory]
    [InlineData("nest:aeif_psc_exp", 300.0)]
    [InlineData("nest:aeif_psc_alpha", 100.0)]
    [InlineData("nest:aeif_cond_exp", 5.0)]
    [InlineData("nest:aeif_cond_alpha", 2.0)]
    public void Aeif_OneEdge_PspFollowsNestsOdeWithinTheEulerStep(string template, double weight)
    {
        // NEST's defaults (tau_syn_ex 0.2 ms, E_ex 0 mV); the input starts at 12 ms. Forward Euler at 0.1 ms with each step's
        // charge matched: the peak within 1 % of the ODE's and one step of its time. Exponential inputs follow the ODE within
        // 2 % of the peak (0.7 % seen); the step-held alpha input lags by about half a step, so alpha PSPs are compared with the
        // ODE's input started 0.05 ms later, within 4 % (3 % seen; unshifted the gap is 12 %).
        using var dir = new TempDirectory();
        var spec = OneSynapse(dir, template, "{}", weight);
        bool conductance = template.Contains("cond", StringComparison.Ordinal), alpha = template.EndsWith("alpha", StringComparison.Ordinal);
        double Shape(double s) => s < 0 ? 0 : alpha ? Math.E * s / 0.2 * Math.Exp(-s / 0.2) : Math.Exp(-s / 0.2);
        var reference = AeifReference(400, (t, v) => weight * Shape(t - 12) * (conductance ? 0 - v : 1));
        var shifted = alpha ? AeifReference(400, (t, v) => weight * Shape(t - 12.05) * (conductance ? 0 - v : 1)) : reference;
        var (v, spikes) = Trace(spec, 400);
        Assert.Empty(spikes);
        double peak = reference.Max() - reference[100];
        Assert.True(peak > 0.1, $"the reference PSP is only {peak} mV");
        Assert.True(Math.Abs(v.Max() - v[100] - peak) < 0.01 * peak, $"{template}: PSP peak {v.Max() - v[100]} mV vs the ODE's {peak} mV");
        Assert.InRange(Array.IndexOf(v, v.Max()) - Array.IndexOf(reference, reference.Max()), -1, 1);
        for (int n = 0; n < v.Length; n++)
            Assert.True(Math.Abs(v[n] - shifted[n]) < (alpha ? 0.04 : 0.02) * peak, $"{template} after step {n + 1}: v {v[n]} mV vs the ODE's {shifted[n]} mV (peak {peak} mV)");
    }

    [Fact]
    public void AeifPscDelta_OneEdge_JumpsByTheWeightInTheStepNestAddsIt()
    {
        using var dir = new TempDirectory();
        var (v, _) = Trace(OneSynapse(dir, "nest:aeif_psc_delta", "{}", 1.5), 200);
        var reference = AeifReference(200, (_, _) => 0);
        // Before the arrival v drifts with the ODE (the exponential term at rest); the step ending at 12 ms adds 1.5 mV.
        Assert.True(Math.Abs(v[118] - reference[118]) < 1e-3, $"before: {v[118]} vs {reference[118]}");
        Assert.True(Math.Abs(v[119] - v[118] - 1.5) < 0.01, $"the jump is {v[119] - v[118]} mV");
    }

    [Fact]
    public void AeifCondExp_ConstantCurrent_FiresAsNestsOdeWithinTheEulerStep()
    {
        // I_e 1000 pA on NEST's default cell (V_reset -60, V_peak 0, t_ref 0, b 80.5 pA): adapting spikes. The ODE's spike
        // times by Euler at 1 us with NEST's reset (11.8, 21.4, 33.0, 47.1, 64.7 ms); the engine's forward Euler at 0.1 ms
        // fires first within 0.5 ms of it (0.3 ms later) and each of the next four intervals within 5 % (0.3-0.4 ms longer, 1.4-3.8 %).
        using var dir = new TempDirectory();
        var spec = SonataFile.Load(Load(dir, "nest:aeif_cond_exp", """{ "I_e": 1000.0 }"""));
        var (_, spikes) = Trace(spec, 2000);
        const double c = 281, gl = 30, el = -70.6, vt = -50.4, slope = 2, a = 4, tauW = 144, h = 0.001;
        double v = el, w = 0;
        var reference = new List<double>();
        for (int k = 0; k < 200_000 && reference.Count < 5; k++)
        {
            double dv = (-gl * (v - el) + gl * slope * Math.Exp((Math.Min(v, 0) - vt) / slope) - w + 1000) / c, dw = (a * (v - el) - w) / tauW;
            v += h * dv;
            w += h * dw;
            if (v >= 0)
            {
                v = -60;
                w += 80.5;
                reference.Add((k + 1) * h);
            }
        }
        Assert.Equal(5, reference.Count);
        Assert.True(spikes.Count >= 5, $"the engine fired {spikes.Count} times");
        Assert.True(Math.Abs((spikes[0] + 1) * Dt - reference[0]) < 0.5, $"first spike: {(spikes[0] + 1) * Dt} ms vs the ODE's {reference[0]} ms");
        for (int i = 1; i < 5; i++)
        {
            double isi = (spikes[i] - spikes[i - 1]) * Dt, expected = reference[i] - reference[i - 1];
            Assert.True(Math.Abs(isi - expected) < 0.05 * expected, $"interval {i}: {isi} ms vs the ODE's {expected} ms");
        }
    }

    [Fact]
    public void Aeif_NestDefaults_MapOntoTheEngineAdEx()
    {
        using var dir = new TempDirectory();
        var spec = SonataFile.Load(Load(dir, "nest:aeif_cond_alpha", """{ "t_ref": 2.0, "V_m": -65.0, "w": 10.0 }"""));
        var population = spec.Populations.Single();
        var m = Assert.IsType<AdExNeuronSpec>(population.Model);
        Assert.Equal((281.0, 30.0, -70.6, -50.4, 2.0, 0.0, -60.0), (m.CapacitancePf, m.LeakNs, m.RestMv, m.ThresholdMv, m.SlopeMv, m.PeakMv, m.ResetMv));
        Assert.Equal((4.0, 80.5, 144.0), (m.AdaptationNs, m.SpikeAdaptationPa, m.TauWMs));
        Assert.Equal(2.1, m.RefractoryMs, 12); // t_ref + dt: NEST's whole steps after the crossing step
        Assert.Equal((0.2, 0.2, 2.0, 2.0), (m.TauExcMs, m.RiseExcMs, m.TauInhMs, m.RiseInhMs));
        Assert.Equal((0.0, -85.0), (m.ExcReversalMv, m.InhReversalMv));
        Assert.Equal(-65, population.Initial!["v"].Value);
        Assert.Equal(10, population.Initial["w"].Value);
    }

    [Theory]
    [InlineData("nest:izhikevich", """{ "consistent_integration": false }""", "consistent_integration false")]
    [InlineData("nest:izhikevich", """{ "V_min": -80.0 }""", "V_min -80 mV")]
    [InlineData("nest:izhikevich", """{ "tau_syn_ex": 2.0 }""", "'tau_syn_ex'")]
    [InlineData("nest:aeif_cond_exp", """{ "Delta_T": 0.0 }""", "Delta_T is 0 mV")]
    [InlineData("nest:aeif_psc_delta", """{ "tau_syn_ex": 2.0 }""", "'tau_syn_ex'")]
    [InlineData("nest:aeif_psc_exp", """{ "E_ex": 0.0 }""", "'E_ex'")]
    [InlineData("nest:aeif_psc_exp", """{ "V_reset": 5.0 }""", "V_reset 5 mV is not below V_peak 0 mV")]
    [InlineData("nest:aeif_psc_delta", """{ "refractory_input": true }""", "refractory_input")]
    public void NestModel_WhatTheEngineLacks_IsRefusedNamingTheFileAndKey(string template, string json, string expected)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => SonataFile.Load(Load(dir, template, json)));
        Assert.Contains("cell.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdExConductanceInputs_OneReversalOnly_IsRefused()
    {
        var e = Assert.Throws<InvalidOptionException>(() => new AdExNeuronSpec { ExcReversalMv = 0 }.Validate());
        Assert.Contains("inhReversalMv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdExWithConductanceInputsAndRises_RoundTripsThroughNetworkJson()
    {
        using var dir = new TempDirectory();
        var spec = SonataFile.Load(Load(dir, "nest:aeif_cond_alpha", "{}"));
        string path = Path.Combine(dir.Path, "net.json");
        NetworkFile.Save(path, spec);
        var back = NetworkFile.Load(path);
        Assert.Equal(spec.Populations.Single().Model, back.Populations.Single().Model);
    }
}
