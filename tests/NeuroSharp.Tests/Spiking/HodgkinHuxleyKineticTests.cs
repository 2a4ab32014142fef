using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Kinetic-scheme gates (docs/spiking-hh.md, "Kinetic schemes"): a two-state scheme against the Hodgkin-Huxley gate of the same rates,
/// a three-state chain's steady state against its closed form, a voltage-clamped three-state channel against an independent double
/// loop, occupancies in [0, 1] summing to 1 for random schemes, the same spikes at 1, 2 and 4 threads, and the file format with its
/// refusals at their JSON paths.
/// </summary>
public class HodgkinHuxleyKineticTests
{
    private static readonly VoltageFunction AlphaN = new(VoltageFunctionForm.ExpLinear, 0.1, -55, 10);
    private static readonly VoltageFunction BetaN = new(VoltageFunctionForm.Exp, 0.125, -65, -80);

    /// <summary>The squid axon with its n gate as the scheme c &lt;-&gt; o (forward alpha_n, reverse beta_n), power 4.</summary>
    private static HodgkinHuxleyNeuronSpec SquidWithSchemeN(KineticStart start = KineticStart.SteadyState)
    {
        var squid = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952;
        var scheme = new KineticSchemeSpec([new KineticStateSpec("c"), new KineticStateSpec("o", Open: true)],
            [KineticTransitionSpec.FromRates("c", "o", AlphaN, BetaN)]) { Start = start };
        return squid with { Channels = [squid.Channels[0], squid.Channels[1], squid.Channels[2] with { Gates = [GateSpec.FromScheme("n", 4, scheme)] }] };
    }

    private static float[] Trace(HodgkinHuxleyNeuronSpec model, int steps, double dt, out double[] spikes, out float[] n)
    {
        var engine = new SpikingEngine(Networks.Driven(model, 100, dt) with
        {
            Monitors = [new SpikeMonitorSpec { Target = "n" }, new StateMonitorSpec { Target = "n", Variables = ["v", "k_n"] }],
        });
        engine.Run(steps);
        spikes = engine.SpikeMonitors[0].TimesMs();
        n = engine.StateMonitors[0].Values("k_n").ToArray();
        return engine.StateMonitors[0].Values("v").ToArray();
    }

    [Fact]
    public void TwoStateScheme_EqualsTheHodgkinHuxleyGate_OfTheSameRates()
    {
        // The scheme's step is exp(A dt) p; for c <-> o that is o' = inf + (o - inf) exp(-(a + b) dt), the HH gate's exponential Euler.
        // They differ only by rounding: the gate in float (TensorPrimitives.Exp), the scheme in double rounded to float. n agrees within
        // 1e-6 in the first ms and 1e-4 over 50 ms of firing (the rounding amplified through v on each upstroke); v within 0.05 mV, the largest differences on the upstroke of a spike, where v moves about 500 mV/ms (0.05 mV is 1e-4 ms).
        const double dt = 0.01;
        var hh = Trace(HodgkinHuxleyNeuronSpec.HodgkinHuxley1952, 5000, dt, out var hhSpikes, out var hhN);
        var ks = Trace(SquidWithSchemeN(), 5000, dt, out var ksSpikes, out var ksN);
        Assert.True(hhSpikes.Length >= 3, $"the driven axon should fire (got {hhSpikes.Length} spikes)");
        Assert.Equal(hhSpikes, ksSpikes);
        double worst = hh.Zip(ks, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 0.05, $"largest difference {worst} mV");
        double worstN = hhN.Zip(ksN, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worstN < 1e-4, $"largest difference of n {worstN}");
        // Before the first upstroke (the first 1 ms) the two agree to float rounding.
        double early = hhN.Take(100).Zip(ksN.Take(100), (a, b) => Math.Abs(a - b)).Max();
        Assert.True(early < 1e-6, $"largest difference of n in the first ms {early}");
    }

    [Fact]
    public void TwoStateScheme_GateValue_IsTheOpenOccupancy_AndStartsAtTheSteadyState()
    {
        var model = SquidWithSchemeN();
        var engine = new SpikingEngine(Networks.Driven(model, 100, 0.01));
        var n = engine.GetVariable("n", "k_n");
        var c = engine.GetVariable("n", "k_n_c");
        var o = engine.GetVariable("n", "k_n_o");
        double a = AlphaN.Evaluate(-65), b = BetaN.Evaluate(-65);
        Assert.Equal(a / (a + b), o[0], 6);
        Assert.Equal(o[0], n[0]);
        Assert.Equal(1, c[0] + o[0], 6);
        engine.Run(300);
        n = engine.GetVariable("n", "k_n");
        o = engine.GetVariable("n", "k_n_o");
        Assert.Equal(o[0], n[0], 6);
        Assert.True(o[0] > 0.4, $"the driven axon's n should have risen (got {o[0]})");
    }

    [Fact]
    public void FirstStateStart_PutsEveryOccupancyInTheFirstState()
    {
        var engine = new SpikingEngine(Networks.Driven(SquidWithSchemeN(KineticStart.FirstState), 0, 0.01));
        Assert.Equal(1f, engine.GetVariable("n", "k_n_c")[0]);
        Assert.Equal(0f, engine.GetVariable("n", "k_n_o")[0]);
        Assert.Equal(0f, engine.GetVariable("n", "k_n")[0]);
    }

    /// <summary>c1 &lt;-&gt; c2 &lt;-&gt; o with constant rates (1/ms).</summary>
    private static KineticSchemeSpec Chain(double a1, double b1, double a2, double b2, KineticStart start = KineticStart.SteadyState) => new(
        [new KineticStateSpec("c1"), new KineticStateSpec("c2"), new KineticStateSpec("o", Open: true)],
        [KineticTransitionSpec.FromRates("c1", "c2", VoltageFunction.Const(a1), VoltageFunction.Const(b1)),
         KineticTransitionSpec.FromRates("c2", "o", VoltageFunction.Const(a2), VoltageFunction.Const(b2))]) { Start = start };

    [Fact]
    public void ThreeStateChain_SteadyState_IsTheClosedForm_AtTheStartAndAfterRelaxing()
    {
        // Detailed balance: p_c2 / p_c1 = a1 / b1, p_o / p_c2 = a2 / b2, so p = (1, r1, r1 r2) / (1 + r1 + r1 r2).
        const double a1 = 0.8, b1 = 0.3, a2 = 2.5, b2 = 0.7;
        double r1 = a1 / b1, r2 = a2 / b2, z = 1 + r1 + r1 * r2;
        double[] expected = [1 / z, r1 / z, r1 * r2 / z];
        var p = Chain(a1, b1, a2, b2).InitialOccupancies(-65, 0, 1);
        for (int k = 0; k < 3; k++) Assert.Equal(expected[k], p[k], 12);

        // The engine, started in c1, relaxes to it (the slowest rate of this chain is about 0.2/ms: 200 ms is 40 time constants).
        var model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with
        {
            Channels = [IonChannelSpec.Passive("leak", 3, -65), new IonChannelSpec("x", 0, 0, [GateSpec.FromScheme("g", 1, Chain(a1, b1, a2, b2, KineticStart.FirstState))])],
        };
        var engine = new SpikingEngine(new NetworkSpec { DtMs = 0.1, Populations = [new PopulationSpec { Name = "n", Count = 1, Model = model }] });
        engine.Run(2000);
        string[] names = ["x_g_c1", "x_g_c2", "x_g_o"];
        for (int k = 0; k < 3; k++) Assert.Equal(expected[k], engine.GetVariable("n", names[k])[0], 6);
        Assert.Equal(expected[2], engine.GetVariable("n", "x_g")[0], 6);
    }

    /// <summary>A sodium-like c &lt;-&gt; o &lt;-&gt; i scheme with c &lt;-&gt; i too: voltage-dependent activation, inactivation and recovery.</summary>
    private static KineticSchemeSpec Sodiumish() => new(
        [new KineticStateSpec("c"), new KineticStateSpec("o", Open: true), new KineticStateSpec("i")],
        [
            KineticTransitionSpec.FromRates("c", "o", new(VoltageFunctionForm.ExpLinear, 1.0, -40, 10), new(VoltageFunctionForm.Exp, 4, -65, -18)),
            KineticTransitionSpec.FromRates("o", "i", new(VoltageFunctionForm.Sigmoid, 1, -35, 10), null),
            new KineticTransitionSpec("i", "c", TransitionKinetics.TauInf, null, null, VoltageFunction.Const(5), new(VoltageFunctionForm.Sigmoid, 1, -60, -6)),
        ]);

    [Theory]
    [InlineData(-20.0, 0.01)]
    [InlineData(10.0, 0.025)]
    public void VoltageClamp_ThreeStates_AgainstADoubleLoop(double clampMv, double dt)
    {
        // A leak of 1e6 nS at the clamp potential on 1 pF: v jumps from -80 mV to the clamp in the first step (exp(-dt G / C) is 0)
        // and stays there. The first step's rates are at -80 mV (the start-of-step v), every later one's at the clamp. The channel
        // has no conductance, so it does not disturb v.
        var scheme = Sodiumish();
        var model = new HodgkinHuxleyNeuronSpec
        {
            CapacitancePf = 1, InitialMv = -80,
            Channels = [IonChannelSpec.Passive("leak", 1e6, clampMv), new IonChannelSpec("na", 0, 50, [GateSpec.FromScheme("s", 1, scheme)])],
        };
        var engine = new SpikingEngine(new NetworkSpec { DtMs = dt, Populations = [new PopulationSpec { Name = "n", Count = 2, Model = model }] });

        // The double loop: p from the steady state at -80 mV, dp/dt = A(v) p integrated by RK4 at dt / 50 with the step's A.
        var p = scheme.InitialOccupancies(-80, 0, 1);
        double worst = 0, openMax = 0;
        int steps = (int)Math.Round(5 / dt);
        for (int step = 0; step < steps; step++)
        {
            var a = scheme.Generator(step == 0 ? -80 : clampMv, 0, 1);
            double h = dt / 50;
            for (int sub = 0; sub < 50; sub++) p = Rk4(a, p, h);
            engine.Run(1);
            Assert.Equal(clampMv, engine.GetVariable("n", "v")[0], 3);
            string[] names = ["na_s_c", "na_s_o", "na_s_i"];
            for (int k = 0; k < 3; k++) worst = Math.Max(worst, Math.Abs(engine.GetVariable("n", names[k])[1] - p[k]));
            openMax = Math.Max(openMax, p[1]);
        }
        Assert.True(openMax > 0.05, $"the clamp should open the channel (largest open occupancy {openMax})");
        Assert.True(worst < 2e-6, $"largest occupancy difference {worst}");
    }

    [Fact]
    public void VoltageClamp_TwoStates_OpenFirst_WrittenBothWays_AgainstADoubleLoop()
    {
        // The two-state closed form (docs/spiking-hh.md, "Kinetic schemes") with the open state listed first and two transitions
        // between the pair, one written c -> o and one o -> c (forward 0.4/ms, reverse sigmoid): the engine sums them per direction.
        // Clamped at -80 mV for the first step and then at -30 mV, from the first state (all open) the occupancies follow an RK4 double
        // loop of the same generator within float rounding, stay in [0, 1] and sum to 1.
        var scheme = new KineticSchemeSpec([new KineticStateSpec("o", Open: true), new KineticStateSpec("c")],
            [
                KineticTransitionSpec.FromRates("c", "o", new(VoltageFunctionForm.ExpLinear, 0.1, -55, 10), null),
                KineticTransitionSpec.FromRates("o", "c", VoltageFunction.Const(0.4), new(VoltageFunctionForm.Sigmoid, 0.5, -40, 8)),
            ]) { Start = KineticStart.FirstState };
        const double dt = 0.02, clampMv = -30;
        var model = new HodgkinHuxleyNeuronSpec
        {
            CapacitancePf = 1, InitialMv = -80,
            Channels = [IonChannelSpec.Passive("leak", 1e6, clampMv), new IonChannelSpec("k", 0, -77, [GateSpec.FromScheme("s", 1, scheme)])],
        };
        var engine = new SpikingEngine(new NetworkSpec { DtMs = dt, Populations = [new PopulationSpec { Name = "n", Count = 3, Model = model }] });
        double[] p = [1, 0];
        double worst = 0, closedMax = 0;
        for (int step = 0; step < 250; step++)
        {
            var a = scheme.Generator(step == 0 ? -80 : clampMv, 0, 1);
            for (int sub = 0; sub < 50; sub++) p = Rk4(a, p, dt / 50);
            engine.Run(1);
            float o = engine.GetVariable("n", "k_s_o")[2], c = engine.GetVariable("n", "k_s_c")[2];
            Assert.InRange(o, 0f, 1f);
            Assert.InRange(c, 0f, 1f);
            Assert.Equal(1, o + c, 6);
            Assert.Equal(o, engine.GetVariable("n", "k_s")[2]);
            worst = Math.Max(worst, Math.Max(Math.Abs(o - p[0]), Math.Abs(c - p[1])));
            closedMax = Math.Max(closedMax, p[1]);
        }
        Assert.True(closedMax > 0.3, $"the clamp should close the gate (largest closed occupancy {closedMax})");
        Assert.True(worst < 2e-6, $"largest occupancy difference {worst}");
    }

    private static double[] Rk4(double[] a, double[] p, double h)
    {
        int n = p.Length;
        double[] F(double[] x)
        {
            var d = new double[n];
            for (int i = 0; i < n; i++)
            {
                for (int k = 0; k < n; k++) d[i] += a[i * n + k] * x[k];
            }
            return d;
        }
        double[] Add(double[] x, double[] d, double s) => [.. x.Select((xi, i) => xi + s * d[i])];
        var k1 = F(p);
        var k2 = F(Add(p, k1, h / 2));
        var k3 = F(Add(p, k2, h / 2));
        var k4 = F(Add(p, k3, h));
        return [.. p.Select((x, i) => x + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]))];
    }

    [Fact]
    public void Advance_KeepsOccupanciesInTheUnitInterval_SummingToOne_ForRandomSchemes()
    {
        // Property: for 500 random generators (2 to 8 states, rates from 0 to 10^3 per step, some transitions one-way) and random
        // starting occupancies, exp(A) p stays in [0, 1] and sums to 1 within 1e-12, and two half steps equal one whole step.
        var random = new Random(11);
        for (int trial = 0; trial < 500; trial++)
        {
            int n = random.Next(2, 9);
            var a = new double[n * n];
            double scale = Math.Pow(10, random.NextDouble() * 6 - 3);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    if (i == j || random.NextDouble() < 0.4) continue;
                    double rate = random.NextDouble() * scale;
                    a[i * n + j] += rate;
                    a[j * n + j] -= rate;
                }
            }
            var p = new double[n];
            for (int i = 0; i < n; i++) p[i] = random.NextDouble();
            double total = p.Sum();
            for (int i = 0; i < n; i++) p[i] /= total;
            var work = new double[KineticSchemeMath.WorkLength(n)];
            var whole = (double[])p.Clone();
            KineticSchemeMath.Advance(a, n, whole, work);
            var half = a.Select(x => x / 2).ToArray();
            var twice = (double[])p.Clone();
            KineticSchemeMath.Advance(half, n, twice, work);
            KineticSchemeMath.Advance(half, n, twice, work);
            Assert.All(whole, x => Assert.InRange(x, 0, 1));
            Assert.Equal(1, whole.Sum(), 12);
            for (int i = 0; i < n; i++) Assert.True(Math.Abs(whole[i] - twice[i]) < 1e-9, $"trial {trial}: exp(A) p and exp(A/2)^2 p differ at {i}: {whole[i]} vs {twice[i]}");
        }
    }

    [Fact]
    public void Threads_SameSpikesAndOccupancies_AtOneTwoAndFour()
    {
        var model = SquidWithSchemeN() with
        {
            Channels = [.. SquidWithSchemeN().Channels, new IonChannelSpec("nap", 20, 50, [GateSpec.FromScheme("s", 1, Sodiumish())])],
        };
        var spec = new NetworkSpec
        {
            DtMs = 0.01,
            Populations = [new PopulationSpec { Name = "n", Count = 600, Model = model, Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Normal(-65, 8) } }],
            Inputs = [new CurrentInputSpec { Target = "n", Amplitude = 80 }],
            Monitors = [new SpikeMonitorSpec { Target = "n" }],
        };
        string Run(int threads)
        {
            var e = new SpikingEngine(spec, new SimulationOptions { Seed = 5, Threads = threads });
            e.Run(1500);
            var s = e.SpikeMonitors[0];
            return string.Join(";", s.Steps.ToArray().Zip(s.Neurons.ToArray())) + "|" + string.Join(",", e.GetVariable("n", "nap_s_i").Take(600));
        }
        string one = Run(1);
        Assert.Contains(";", one);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(4));
    }

    // ---- the network file ----

    private static string Network(string scheme, string initial = "") => $$$"""
        {"format": "neurosharp.network", "version": 1, "populations": [{"name": "p", "count": 2, "model": "hh", "preset": "hodgkinHuxley1952", {{{initial}}}
         "params": {"channels": [{"name": "leak", "conductanceNs": 3, "reversalMv": -54.387},
           {"name": "k", "conductanceNs": 360, "reversalMv": -77, "gates": [{"name": "n", "power": 4, "kinetics": "kineticScheme", "scheme": {{{scheme}}}}]}]}}]}
        """;

    private const string GoodScheme = """
        {"states": [{"name": "c"}, {"name": "o", "open": true}],
         "transitions": [{"from": "c", "to": "o", "forward": {"form": "expLinear", "rate": 0.1, "midpointMv": -55, "scaleMv": 10},
                                                  "reverse": {"form": "exp", "rate": 0.125, "midpointMv": -65, "scaleMv": -80}}]}
        """;

    [Fact]
    public void RoundTrip_KineticGates_ReadBackEqual()
    {
        var model = SquidWithSchemeN(KineticStart.FirstState) with
        {
            Channels = [.. SquidWithSchemeN().Channels, new IonChannelSpec("nap", 20, 50, [GateSpec.FromScheme("s", 2, Sodiumish())])],
        };
        var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "p", Count = 3, Model = model }] };
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"kinetics\": \"kineticScheme\"", json);
        Assert.Contains("\"kinetics\": \"tauInf\"", json);
        var read = NetworkFile.Parse(json, "hh.json");
        Assert.Equal(model, read.Populations[0].Model);
        Assert.Equal(json, NetworkFile.ToJson(read));
        var changed = Sodiumish() with { States = [new KineticStateSpec("c"), new KineticStateSpec("o"), new KineticStateSpec("i", Open: true)] };
        Assert.NotEqual(Sodiumish(), changed);
        Assert.NotEqual(Sodiumish(), Sodiumish() with { Start = KineticStart.FirstState });
    }

    [Fact]
    public void GoodScheme_InAFile_Runs_AndRecordsOccupancies()
    {
        var spec = NetworkFile.Parse(Network(GoodScheme), "net.json");
        Assert.Equal(HodgkinHuxleyNeuronSpec.HodgkinHuxley1952.Channels[2].Gates[0].SteadyState(-65),
            ((HodgkinHuxleyNeuronSpec)spec.Populations[0].Model).Channels[1].Gates[0].SteadyState(-65), 12);
        Assert.Contains("k_n_o", NeuronModels.StateVariables(spec.Populations[0].Model));
        var engine = new SpikingEngine(spec with { Monitors = [new StateMonitorSpec { Target = "p", Variables = ["k_n", "k_n_c", "k_n_o"] }] });
        engine.Run(10);
        Assert.Equal(20, engine.StateMonitors[0].Values("k_n_o").Length); // 10 steps, 2 neurons
    }

    [Theory]
    [InlineData("""{"states": [{"name": "c"}, {"name": "o", "open": true}], "transitions": [{"from": "c", "to": "x", "forward": {"form": "constant", "rate": 1}}]}""",
        "population \"p\" ($.populations[0].params.channels[1].gates[0].scheme.transitions[0].to) names state 'x', which the scheme does not list (c, o) (got x).")]
    [InlineData("""{"states": [{"name": "c"}, {"name": "o"}], "transitions": [{"from": "c", "to": "o", "forward": {"form": "constant", "rate": 1}}]}""",
        "($.populations[0].params.channels[1].gates[0].scheme.states) has no open state; mark at least one \"open\": true (the gate's value is the open states' occupancy) (got 2).")]
    [InlineData("""{"states": [{"name": "c"}, {"name": "o", "open": true}, {"name": "i"}], "transitions": [{"from": "c", "to": "o", "forward": {"form": "constant", "rate": 1}}]}""",
        "($.populations[0].params.channels[1].gates[0].scheme.states[2]) is state 'i', which no chain of transitions links to 'c'; every state of a scheme is connected (got i).")]
    [InlineData("""{"states": [{"name": "c"}, {"name": "o", "open": true}], "transitions": [{"from": "c", "to": "o"}]}""",
        "($.populations[0].params.channels[1].gates[0].scheme.transitions[0].forward) is missing, and so is reverse: a rates transition gives at least one of them (got null).")]
    [InlineData("""{"states": [{"name": "c"}, {"name": "o", "open": true}], "transitions": [{"from": "c", "to": "o", "kinetics": "tauInf", "tau": {"form": "constant", "rate": 1}}]}""",
        "($.populations[0].params.channels[1].gates[0].scheme.transitions[0].inf) is required by a tauInf transition (got null).")]
    [InlineData("""{"states": [{"name": "c"}, {"name": "c", "open": true}], "transitions": [{"from": "c", "to": "c", "forward": {"form": "constant", "rate": 1}}]}""",
        "($.populations[0].params.channels[1].gates[0].scheme.states[1].name) repeats state 'c' (got c).")]
    [InlineData("""{"states": [{"name": "c", "open": true}], "transitions": []}""",
        "($.populations[0].params.channels[1].gates[0].scheme.states) must list at least two states (got 1).")]
    [InlineData("""{"states": [{"name": "c"}, {"name": "o", "open": true}], "transitions": [{"from": "c", "to": "o", "kinetics": "ratez"}]}""",
        "($.populations[0].params.channels[1].gates[0].scheme.transitions[0].kinetics) is \"ratez\", not one of rates, tauInf (did you mean rates?).")]
    public void BadScheme_NamesTheJsonPath(string scheme, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Network(scheme), "net.json"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void MissingScheme_AndInitialOfAKineticGate_AreRefused()
    {
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Network(GoodScheme).Replace(", \"scheme\": " + GoodScheme, ""), "net.json"));
        Assert.Contains("($.populations[0].params.channels[1].gates[0].scheme) is missing: gate 'n' with kinetics kineticScheme needs its states and transitions.", e.Message);
        var i = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Network(GoodScheme, "\"initial\": {\"k_n_o\": 0},"), "net.json"));
        Assert.Contains("($.populations[0].initial.k_n_o) is not a state variable of model 'hh'", i.Message);
    }
}
