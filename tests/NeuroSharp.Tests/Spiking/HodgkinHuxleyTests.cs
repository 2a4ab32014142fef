using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// The Hodgkin-Huxley neuron (docs/spiking-hh.md): the voltage functions and gate kinetics against their formulas, one squid-axon
/// neuron against an independent double-precision RK4 loop, the rheobase bracket, and the engine's invariants.
/// </summary>
public class HodgkinHuxleyTests
{
    // ---- voltage functions and gates ----

    [Theory]
    [InlineData(-80.0)]
    [InlineData(-52.0)]
    [InlineData(-40.0)]
    [InlineData(-39.9999)]
    [InlineData(0.0)]
    [InlineData(30.0)]
    public void VoltageFunction_EachForm_MatchesItsFormula(double v)
    {
        Assert.Equal(0.7 * Math.Exp((v + 40) / -18), new VoltageFunction(VoltageFunctionForm.Exp, 0.7, -40, -18).Evaluate(v), 12);
        Assert.Equal(4 / (1 + Math.Exp(-(v + 40) / 5)), new VoltageFunction(VoltageFunctionForm.Sigmoid, 4, -40, 5).Evaluate(v), 12);
        double x = (v + 40) / 10;
        double expLinear = x == 0 ? 1.0 : x / (1 - Math.Exp(-x));
        Assert.Equal(1.3 * expLinear, new VoltageFunction(VoltageFunctionForm.ExpLinear, 1.3, -40, 10).Evaluate(v), 9);
        Assert.Equal(2.5, VoltageFunction.Const(2.5).Evaluate(v));
    }

    [Fact]
    public void VoltageFunction_ExpLinear_AtAndNearZero_IsRateAndSmooth()
    {
        var f = new VoltageFunction(VoltageFunctionForm.ExpLinear, 0.1, -55, 10);
        Assert.Equal(0.1, f.Evaluate(-55));
        // x / (1 - e^-x) = 1 + x/2 + x^2/12 + O(x^4): a naive quotient loses about half the digits at |x| = 1e-8.
        foreach (double x in new[] { 1e-12, -1e-12, 1e-8, -1e-8, 1e-5, -1e-5, 3e-4, -3e-4 })
            Assert.Equal(0.1 * (1 + x / 2 + x * x / 12), f.Evaluate(-55 + 10 * x), 12);
    }

    [Fact]
    public void VoltageFunction_Float_EngineEvaluation_MatchesDouble()
    {
        // The group's vectorised float evaluation, ExpLinear across x = 0 included, within float precision.
        var functions = new[]
        {
            new VoltageFunction(VoltageFunctionForm.Exp, 0.128, -46, -18), new VoltageFunction(VoltageFunctionForm.Sigmoid, 4, -23, 5),
            new VoltageFunction(VoltageFunctionForm.ExpLinear, 1.28, -50, 4), new VoltageFunction(VoltageFunctionForm.ExpLinear, 1.4, -23, -5),
            VoltageFunction.Const(0.3),
        };
        var v = new float[301];
        for (int i = 0; i < v.Length; i++) v[i] = -100 + i * 0.5f;
        v[100] = -50f; v[101] = -50.001f; v[102] = -49.96f; v[103] = -23.01f; v[104] = -48.8f; v[105] = -51.2f; // x = 0, 2.5e-4, 1e-2, 2e-3, +-0.3
        var result = new float[v.Length];
        var scratch = new float[v.Length];
        foreach (var f in functions)
        {
            HodgkinHuxleyGroup.Fn.Of(f).Evaluate(v, result, scratch);
            for (int i = 0; i < v.Length; i++)
            {
                double expected = f.Evaluate(v[i]);
                Assert.True(Math.Abs(result[i] - expected) <= 2e-6 * Math.Abs(expected) + 1e-30, $"{f} at {v[i]}: {result[i]} vs {expected}");
            }
        }
    }

    [Fact]
    public void GateSpec_EachKinetics_SteadyStateAndTimeConstant()
    {
        var a = new VoltageFunction(VoltageFunctionForm.Exp, 0.5, -60, 20);
        var b = new VoltageFunction(VoltageFunctionForm.Exp, 0.2, -60, -30);
        var tau = new VoltageFunction(VoltageFunctionForm.Sigmoid, 3, -50, 8);
        var inf = new VoltageFunction(VoltageFunctionForm.Sigmoid, 1, -45, 6);
        const double v = -52, q = 2.5;
        double av = a.Evaluate(v), bv = b.Evaluate(v);
        var rates = new GateSpec("x", 1, GateKinetics.Rates, a, b, null, null, q);
        Assert.Equal(av / (av + bv), rates.SteadyState(v), 14);
        Assert.Equal(1 / ((av + bv) * q), rates.TimeConstant(v), 14);
        var tauInf = new GateSpec("x", 1, GateKinetics.TauInf, null, null, tau, inf, q);
        Assert.Equal(inf.Evaluate(v), tauInf.SteadyState(v), 14);
        Assert.Equal(tau.Evaluate(v) / q, tauInf.TimeConstant(v), 14);
        var ratesInf = new GateSpec("x", 1, GateKinetics.RatesInf, a, b, null, inf, q);
        Assert.Equal(inf.Evaluate(v), ratesInf.SteadyState(v), 14);
        Assert.Equal(1 / ((av + bv) * q), ratesInf.TimeConstant(v), 14);
        var ratesTau = new GateSpec("x", 1, GateKinetics.RatesTau, a, b, tau, null, q);
        Assert.Equal(av / (av + bv), ratesTau.SteadyState(v), 14);
        Assert.Equal(tau.Evaluate(v) / q, ratesTau.TimeConstant(v), 14);
        var instantaneous = new GateSpec("x", 1, GateKinetics.Instantaneous, null, null, null, inf);
        Assert.Equal(inf.Evaluate(v), instantaneous.SteadyState(v), 14);
        Assert.Equal(0, instantaneous.TimeConstant(v));
    }

    /// <summary>
    /// With every gated channel at 0 nS and the leak reversing at v, v stays put, so one step moves each gate from 0 to
    /// inf (1 - exp(-dt / tau)) exactly (an instantaneous gate to inf): each kinetics in the engine, within float precision.
    /// </summary>
    [Fact]
    public void Engine_EachKinetics_OneStepFromZero_MatchesTheFormula()
    {
        const double v0 = -52, dt = 0.1, q = 2.5;
        var a = new VoltageFunction(VoltageFunctionForm.Exp, 0.5, -60, 20);
        var b = new VoltageFunction(VoltageFunctionForm.Exp, 0.2, -60, -30);
        var tau = new VoltageFunction(VoltageFunctionForm.Sigmoid, 3, -50, 8);
        var inf = new VoltageFunction(VoltageFunctionForm.Sigmoid, 1, -45, 6);
        GateSpec[] gates =
        [
            new("r", 2, GateKinetics.Rates, a, b, null, null, q), new("ti", 1, GateKinetics.TauInf, null, null, tau, inf, q),
            new("ri", 3, GateKinetics.RatesInf, a, b, null, inf, q), new("rt", 1, GateKinetics.RatesTau, a, b, tau, null, q),
            new("in", 1, GateKinetics.Instantaneous, null, null, null, inf),
        ];
        var model = new HodgkinHuxleyNeuronSpec
        {
            Channels = [IonChannelSpec.Passive("leak", 10, v0), new IonChannelSpec("c", 0, 50, gates)], InitialMv = v0,
        };
        var initial = gates.ToDictionary(g => $"c_{g.Name}", _ => DistributionSpec.Constant(0));
        var spec = new NetworkSpec
        {
            DtMs = dt,
            Populations = [new PopulationSpec { Name = "n", Count = 3, Model = model, Initial = initial }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v", .. gates.Select(g => $"c_{g.Name}")] }],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(1);
        var m = engine.StateMonitors[0];
        Assert.Equal((float)v0, m.Values("v")[0]);
        foreach (var g in gates)
        {
            double expected = g.Kinetics == GateKinetics.Instantaneous ? g.SteadyState(v0) : g.SteadyState(v0) * (1 - Math.Exp(-dt / g.TimeConstant(v0)));
            Assert.Equal(expected, m.Values($"c_{g.Name}")[0], 5);
        }
    }

    // ---- one squid axon against an independent reference ----

    /// <summary>Hodgkin and Huxley 1952 (modern convention) per cm^2, RK4 in double: the crossing times of -20 mV.</summary>
    private static List<double> ReferenceSpikes(double currentUaPerCm2, double durationMs, double dt = 0.002)
    {
        static (double Am, double Bm, double Ah, double Bh, double An, double Bn) R(double v) => (
            0.1 * (v + 40) / (1 - Math.Exp(-(v + 40) / 10)), 4 * Math.Exp(-(v + 65) / 18),
            0.07 * Math.Exp(-(v + 65) / 20), 1 / (1 + Math.Exp(-(v + 35) / 10)),
            0.01 * (v + 55) / (1 - Math.Exp(-(v + 55) / 10)), 0.125 * Math.Exp(-(v + 65) / 80));
        double[] F(double[] y)
        {
            var (am, bm, ah, bh, an, bn) = R(y[0]);
            double v = y[0], m = y[1], h = y[2], n = y[3];
            return [currentUaPerCm2 - 120 * m * m * m * h * (v - 50) - 36 * n * n * n * n * (v + 77) - 0.3 * (v + 54.387),
                am * (1 - m) - bm * m, ah * (1 - h) - bh * h, an * (1 - n) - bn * n];
        }
        var r0 = R(-65);
        double[] s = [-65, r0.Am / (r0.Am + r0.Bm), r0.Ah / (r0.Ah + r0.Bh), r0.An / (r0.An + r0.Bn)];
        var spikes = new List<double>();
        int steps = (int)Math.Round(durationMs / dt);
        for (int k = 0; k < steps; k++)
        {
            var k1 = F(s);
            var k2 = F([.. s.Select((x, i) => x + dt / 2 * k1[i])]);
            var k3 = F([.. s.Select((x, i) => x + dt / 2 * k2[i])]);
            var k4 = F([.. s.Select((x, i) => x + dt * k3[i])]);
            double[] next = [.. s.Select((x, i) => x + dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]))];
            if (s[0] <= -20 && next[0] > -20) spikes.Add(k * dt + dt * (-20 - s[0]) / (next[0] - s[0]));
            s = next;
        }
        return spikes;
    }

    private static double[] EngineSpikes(double currentUaPerCm2, double durationMs, double dt)
    {
        // 1 000 um^2: 1 uA/cm^2 is 10 pA.
        var engine = new SpikingEngine(Networks.Driven(HodgkinHuxleyNeuronSpec.HodgkinHuxley1952, 10 * currentUaPerCm2, dt) with
        {
            Monitors = [new SpikeMonitorSpec { Target = "n" }],
        });
        engine.Run((int)Math.Round(durationMs / dt));
        return engine.SpikeMonitors[0].TimesMs();
    }

    /// <summary>The same cell by exponential Euler in double, written out from the 1952 formulas: v crossing -20 mV in step k is stamped k dt.</summary>
    private static List<double> ExponentialEulerSpikes(double currentUaPerCm2, double durationMs, double dt)
    {
        double v = -65;
        double Am(double u) => 0.1 * (u + 40) / (1 - Math.Exp(-(u + 40) / 10));
        double Bm(double u) => 4 * Math.Exp(-(u + 65) / 18);
        double Ah(double u) => 0.07 * Math.Exp(-(u + 65) / 20);
        double Bh(double u) => 1 / (1 + Math.Exp(-(u + 35) / 10));
        double An(double u) => 0.01 * (u + 55) / (1 - Math.Exp(-(u + 55) / 10));
        double Bn(double u) => 0.125 * Math.Exp(-(u + 65) / 80);
        double m = Am(v) / (Am(v) + Bm(v)), h = Ah(v) / (Ah(v) + Bh(v)), n = An(v) / (An(v) + Bn(v));
        var spikes = new List<double>();
        int steps = (int)Math.Round(durationMs / dt);
        for (int k = 0; k < steps; k++)
        {
            double gNa = 120 * m * m * m * h, gK = 36 * n * n * n * n, g = gNa + gK + 0.3;
            double vInf = (gNa * 50 - gK * 77 - 0.3 * 54.387 + currentUaPerCm2) / g;
            double sm = Am(v) + Bm(v), sh = Ah(v) + Bh(v), sn = An(v) + Bn(v);
            m = Am(v) / sm + (m - Am(v) / sm) * Math.Exp(-dt * sm);
            h = Ah(v) / sh + (h - Ah(v) / sh) * Math.Exp(-dt * sh);
            n = An(v) / sn + (n - An(v) / sn) * Math.Exp(-dt * sn);
            double next = vInf + (v - vInf) * Math.Exp(-dt * g);
            if (v <= -20 && next > -20) spikes.Add(k * dt);
            v = next;
        }
        return spikes;
    }

    /// <summary>
    /// 10 uA/cm^2 for 100 ms, dt 0.01 ms: the same spikes as the exponential Euler loop in double above, each within 0.02 ms (float
    /// against double), and as an RK4 loop at dt 0.002 ms within 0.03 ms + 0.6 % of the spike's time (exponential Euler is first
    /// order: at dt 0.01 ms each interval of about 14.7 ms comes out about 0.075 ms long, so the lag grows by about 0.5 % of t).
    /// </summary>
    [Fact]
    public void HodgkinHuxley1952_StepCurrent_SpikeTimesMatchIndependentReferences()
    {
        const double dt = 0.01;
        var euler = ExponentialEulerSpikes(10, 100, dt);
        var rk4 = ReferenceSpikes(10, 100);
        var ours = EngineSpikes(10, 100, dt);
        Assert.True(rk4.Count >= 6, $"reference fired {rk4.Count} times");
        Assert.Equal(rk4.Count, ours.Length);
        Assert.Equal(euler.Count, ours.Length);
        for (int k = 0; k < ours.Length; k++)
        {
            Assert.True(Math.Abs(ours[k] - euler[k]) <= 0.02 + 1e-9, $"spike {k}: {ours[k]} ms vs exponential Euler in double {euler[k]} ms");
            // The crossing lies in [n dt, (n + 1) dt) of a spike stamped n dt.
            Assert.True(Math.Abs(ours[k] + dt / 2 - rk4[k]) <= dt / 2 + 0.03 + 0.006 * rk4[k], $"spike {k}: {ours[k]} ms vs RK4 {rk4[k]:F4} ms");
        }
    }

    /// <summary>
    /// The rheobase of a long step (300 ms, dt 0.01 ms): 2 uA/cm^2 gives no spike; 6.0 gives at most two onset spikes and then
    /// rest (none after 50 ms); 6.6 fires repetitively to the end (the classic threshold of repetitive firing lies near 6.2-6.3;
    /// the RK4 reference above crosses it between 6.2 and 6.3).
    /// </summary>
    [Fact]
    public void HodgkinHuxley1952_LongStep_RheobaseBracket()
    {
        Assert.Empty(EngineSpikes(2, 300, 0.01));
        var below = EngineSpikes(6.0, 300, 0.01);
        Assert.InRange(below.Length, 1, 2);
        Assert.All(below, t => Assert.True(t < 50, $"spike at {t} ms below the rheobase"));
        var above = EngineSpikes(6.6, 300, 0.01);
        Assert.True(above.Length >= 12, $"{above.Length} spikes above the rheobase");
        Assert.True(above[^1] > 270, $"last spike at {above[^1]} ms: firing stopped");
    }

    // ---- engine invariants ----

    [Fact]
    public void Initialize_GatesStartAtTheirSteadyStateAtEachNeuronsV()
    {
        var spec = new NetworkSpec
        {
            DtMs = 0.1,
            Populations = [new PopulationSpec { Name = "n", Count = 50, Model = HodgkinHuxleyNeuronSpec.TraubMiles, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Normal(-65, 5) } }],
        };
        var engine = new SpikingEngine(spec);
        var v = engine.GetVariable("n", "v");
        var m = engine.GetVariable("n", "na_m");
        var n = engine.GetVariable("n", "k_n");
        var gm = HodgkinHuxleyNeuronSpec.TraubMiles.Channels[1].Gates[0];
        var gn = HodgkinHuxleyNeuronSpec.TraubMiles.Channels[2].Gates[0];
        Assert.True(v.Distinct().Count() > 40);
        for (int i = 0; i < v.Length; i++)
        {
            Assert.Equal(gm.SteadyState(v[i]), m[i], 6);
            Assert.Equal(gn.SteadyState(v[i]), n[i], 6);
        }
    }

    [Fact]
    public void Refractory_SuppressesTheThresholdButNeverResetsV()
    {
        // A strong current: with a 15 ms refractory period every interval is at least 15 ms, and v still peaks above 0 after each spike.
        var model = HodgkinHuxleyNeuronSpec.TraubMiles;
        var free = new SpikingEngine(Networks.Driven(model, 2000) with { Monitors = [new SpikeMonitorSpec { Target = "n" }] });
        free.Run(2000);
        var refractory = new SpikingEngine(Networks.Driven(model with { RefractoryMs = 15 }, 2000) with
        {
            Monitors = [new SpikeMonitorSpec { Target = "n" }, new StateMonitorSpec { Target = "n", Variables = ["v"] }],
        });
        refractory.Run(2000);
        var t = free.SpikeMonitors[0].TimesMs();
        var r = refractory.SpikeMonitors[0].TimesMs();
        Assert.True(t.Zip(t.Skip(1), (a, b) => b - a).Min() < 15, "the free neuron should fire faster than every 15 ms");
        Assert.All(r.Zip(r.Skip(1), (a, b) => b - a), d => Assert.True(d >= 15 - 1e-9, $"interval {d} ms inside the refractory period"));
        Assert.True(r.Length < t.Length);
        // The same trajectory of v (no reset): it still crosses -20 mV between the counted spikes.
        var v = refractory.StateMonitors[0].Values("v").ToArray();
        int crossings = v.Zip(v.Skip(1), (a, b) => a <= -20 && b > -20).Count(c => c);
        Assert.True(crossings >= t.Length - 1, $"{crossings} crossings of -20 mV, {t.Length} free spikes");
    }

    [Fact]
    public void Cobahh_SameSeed_SameSpikes_AtAnyThreadCount() =>
        Networks.AssertSameSpikesAtOneTwoAndFourThreads(Networks.CobahhInTwoBlocks());

    [Fact]
    public void Retune_SameChannels_KeepsTheStateAndTakesTheNumbers()
    {
        var spec = Networks.Driven(HodgkinHuxleyNeuronSpec.TraubMiles, 500) with { Monitors = [new SpikeMonitorSpec { Target = "n" }] };
        var engine = new SpikingEngine(spec);
        engine.Run(100);
        float v = engine.GetVariable("n", "v")[0];
        var bigger = HodgkinHuxleyNeuronSpec.TraubMiles with { CapacitancePf = 100 };
        Assert.True(engine.CanSetModel("n", bigger));
        engine.SetModel("n", bigger);
        Assert.Equal(v, engine.GetVariable("n", "v")[0]);
        var fewer = HodgkinHuxleyNeuronSpec.TraubMiles with { Channels = [.. HodgkinHuxleyNeuronSpec.TraubMiles.Channels.Take(2)] };
        Assert.False(engine.CanSetModel("n", fewer));
    }
}

/// <summary>A Traub-Miles neuron against Brian2's COBAHH equations (tests/brian2/traub_miles_neuron.py), where python3-brian exists.</summary>
public class HodgkinHuxleyBrian2Tests
{
    /// <summary>
    /// 200 pA for 200 ms, dt 0.1 ms, both by exponential Euler from the same start (v -65 mV, gates at 0): the same number of spikes,
    /// each within 0.2 ms (two steps) of Brian2's: NeuroSharp integrates in float, Brian2 in double, and a crossing near a step's
    /// end can fall one step apart.
    /// </summary>
    [Brian2Fact]
    [Trait("Category", NeuroSharp.Testing.Categories.Slow)]
    public void TraubMiles_ConstantCurrent_SpikeTimesMatchBrian2()
    {
        string script = Path.Combine(NeuroSharp.Testing.RepositoryRoot.Path, "tests", "brian2", "traub_miles_neuron.py");
        var (exit, output, err) = NeuroSharp.Testing.DebianPython.Run(TimeSpan.FromMinutes(5), null, script, "200", "200");
        Assert.True(exit == 0, err);
        var theirs = System.Text.Json.JsonSerializer.Deserialize<double[]>(output.Trim().Split('\n')[^1])!;
        var model = HodgkinHuxleyNeuronSpec.TraubMiles with { RefractoryMs = 3 };
        var gates = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-65), ["na_m"] = DistributionSpec.Constant(0), ["na_h"] = DistributionSpec.Constant(0), ["k_n"] = DistributionSpec.Constant(0) };
        var engine = new SpikingEngine(Networks.Driven(model, 200, 0.1, gates) with { Monitors = [new SpikeMonitorSpec { Target = "n" }] });
        engine.Run(2000);
        var ours = engine.SpikeMonitors[0].TimesMs();
        Assert.True(theirs.Length >= 5, $"Brian2 fired {theirs.Length} times");
        Assert.Equal(theirs.Length, ours.Length);
        for (int k = 0; k < ours.Length; k++)
            Assert.True(Math.Abs(ours[k] - theirs[k]) <= 0.2 + 1e-9, $"spike {k}: {ours[k]} ms vs Brian2 {theirs[k]} ms");
    }
}
