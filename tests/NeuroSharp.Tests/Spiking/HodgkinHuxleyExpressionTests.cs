using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Gate functions given as LEMS expressions (docs/spiking-hh.md, "Expression functions"): the planted known answer (an expression equal
/// to a standard form gives the standard trace), the cases of a conditional variable, the SI-to-engine conversion, the JSON round trip
/// with each refusal at its path, and the same spikes at any thread count.
/// </summary>
public class HodgkinHuxleyExpressionTests
{
    /// <summary>HHExpRate as LEMS writes it (Ex10's newExpRate): rate 0.125 per_ms = 125 1/s, midpoint -65 mV, scale -80 mV, in SI.</summary>
    private static FunctionExpression ExpRate(double ratePerS, double midpointV, double scaleV) => new(
        new Dictionary<string, double> { ["rate"] = ratePerS, ["midpoint"] = midpointV, ["scale"] = scaleV },
        [DerivedExpression.Of("r", "rate * exp((v - midpoint)/scale)")], "r");

    /// <summary>HHExpLinearRate as Channels.xml writes it: x = (v - midpoint) / scale, r = rate x / (1 - exp(-x)), or rate where x is 0.</summary>
    private static FunctionExpression ExpLinearRate(double ratePerS, double midpointV, double scaleV) => new(
        new Dictionary<string, double> { ["rate"] = ratePerS, ["midpoint"] = midpointV, ["scale"] = scaleV },
        [
            DerivedExpression.Of("x", "(v - midpoint) / scale"),
            new DerivedExpression("r", [new ExpressionCase("x .neq. 0", "rate * x / (1 - exp(0 - x))"), new ExpressionCase("x .eq. 0", "rate")]),
        ], "r");

    /// <summary>Hodgkin and Huxley 1952 with beta_n and alpha_m given as expressions (the same functions as the standard forms).</summary>
    private static HodgkinHuxleyNeuronSpec Squid()
    {
        var standard = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952;
        var na = standard.Channels[1];
        var k = standard.Channels[2];
        var m = na.Gates[0] with { Alpha = VoltageFunction.Of(ExpLinearRate(1000, -0.040, 0.010), VoltageFunction.RateFromSi) };
        var n = k.Gates[0] with { Beta = VoltageFunction.Of(ExpRate(125, -0.065, -0.080), VoltageFunction.RateFromSi) };
        return standard with { Channels = [standard.Channels[0], na with { Gates = [m, na.Gates[1]] }, k with { Gates = [n] }] };
    }

    [Theory]
    [InlineData(-90.0)]
    [InlineData(-65.0)]
    [InlineData(-40.0)]
    [InlineData(-39.99999)]
    [InlineData(20.0)]
    public void Expression_EqualsTheStandardForm_InEngineUnits(double v)
    {
        var squid = Squid();
        var standard = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952;
        // 1/s to 1/ms: the expression's SI value times 0.001 is the standard form's value in 1/ms.
        Assert.Equal(standard.Channels[2].Gates[0].Beta!.Evaluate(v), squid.Channels[2].Gates[0].Beta!.Evaluate(v), 12);
        Assert.Equal(standard.Channels[1].Gates[0].Alpha!.Evaluate(v), squid.Channels[1].Gates[0].Alpha!.Evaluate(v), 7);
        Assert.Equal(standard.Channels[1].Gates[0].SteadyState(v), squid.Channels[1].Gates[0].SteadyState(v), 7);
    }

    [Fact]
    public void TimeAndVariable_ConvertFromSi()
    {
        // A time course of 2 ms written in s, and a steady state (no unit).
        var tau = VoltageFunction.Of(new FunctionExpression(new Dictionary<string, double> { ["TIME_SCALE"] = 0.001 }, [DerivedExpression.Of("t", "2 * TIME_SCALE")], "t"), VoltageFunction.TimeFromSi);
        var inf = VoltageFunction.Of(new FunctionExpression(new Dictionary<string, double>(), [DerivedExpression.Of("x", "1 / (1 + exp((0 - 0.050 - v) / 0.005))")], "x"), 1);
        Assert.Equal(2, tau.Evaluate(-30), 12);
        Assert.Equal(0.5, inf.Evaluate(-50), 12);
        Assert.Equal(1 / (1 + Math.Exp(-2)), inf.Evaluate(-40), 12);
    }

    [Fact]
    public void ConditionalVariable_TakesTheFirstCaseThatHolds_AndTheDefaultElse()
    {
        var f = new FunctionExpression(new Dictionary<string, double> { ["VOLT"] = 0.001 },
        [
            DerivedExpression.Of("V", "v / VOLT"),
            new DerivedExpression("r", [new ExpressionCase("V .lt. -50", "1"), new ExpressionCase("V .lt. 0 .and. V .geq. -50", "2"), new ExpressionCase(null, "3 + H(V - 10)")]),
        ], "r");
        var fn = VoltageFunction.Of(f, 1);
        Assert.Equal(1, fn.Evaluate(-60));
        Assert.Equal(2, fn.Evaluate(-50));
        Assert.Equal(2, fn.Evaluate(-1));
        Assert.Equal(3, fn.Evaluate(5));
        Assert.Equal(4, fn.Evaluate(11));
        // The engine's compiled program, in float over a chunk, takes the same branches (the x = 0 case of ExpLinear too: rate, not NaN).
        var v = new float[] { -60, -50, -1, 5, 11, -40 };
        var got = Engine(fn, v);
        Assert.Equal(new float[] { 1, 2, 2, 3, 4, 2 }, got);
        var expLinear = VoltageFunction.Of(ExpLinearRate(1000, -0.040, 0.010), VoltageFunction.RateFromSi);
        var atMid = Engine(expLinear, [-40f, -39f, -60f]);
        Assert.Equal(1f, atMid[0]);
        Assert.Equal(expLinear.Evaluate(-39), atMid[1], 5);
        Assert.Equal(expLinear.Evaluate(-60), atMid[2], 5);
    }

    /// <summary>An expression function evaluated by a one-population engine's compiled program: the gate's steady state at each v.</summary>
    private static float[] Engine(VoltageFunction inf, float[] v)
    {
        var model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with
        {
            Channels = [IonChannelSpec.Passive("leak", 3, -65), new IonChannelSpec("x", 0, 0, [new GateSpec("q", 1, GateKinetics.Instantaneous, null, null, null, inf)])],
        };
        var spec = new NetworkSpec
        {
            Populations = [new PopulationSpec { Name = "n", Count = v.Length, Model = model }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["x_q"] }],
        };
        var engine = new SpikingEngine(spec);
        engine.SetVariable("n", "v", v);
        engine.Run(1); // g = 0: v stays; the instantaneous gate is inf(v) from the start-of-step v
        return engine.GetVariable("n", "x_q");
    }

    [Fact]
    public void Trace_OfTheExpressionCell_IsTheStandardCellsTrace()
    {
        // The planted answer: the squid axon with two rates as expressions against the standard one, driven to fire for 50 ms.
        const double dt = 0.01;
        float[] Trace(HodgkinHuxleyNeuronSpec model, out double[] spikes)
        {
            var engine = new SpikingEngine(Networks.Driven(model, 100, dt) with
            {
                Monitors = [new SpikeMonitorSpec { Target = "n" }, new StateMonitorSpec { Target = "n", Variables = ["v"] }],
            });
            engine.Run(5000);
            spikes = engine.SpikeMonitors[0].TimesMs();
            return engine.StateMonitors[0].Values("v").ToArray();
        }
        var standard = Trace(HodgkinHuxleyNeuronSpec.HodgkinHuxley1952, out var standardSpikes);
        var expression = Trace(Squid(), out var expressionSpikes);
        Assert.True(standardSpikes.Length >= 3, $"the driven cell should fire (got {standardSpikes.Length} spikes)");
        Assert.Equal(standardSpikes, expressionSpikes);
        // Float rounding differs between the two evaluations (about 1e-7 relative); over 50 ms it stays below 0.01 mV.
        double worst = standard.Zip(expression, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 0.01, $"largest difference {worst} mV");
    }

    [Fact]
    public void Threads_SameSpikes_AtOneTwoAndFour()
    {
        var hh = (HodgkinHuxleyNeuronSpec)Networks.CobahhInTwoBlocks().Populations[0].Model;
        var k = hh.Channels[2];
        // beta_n = 0.5 exp((10 - v + VT) / 40) per ms with VT = -63 mV, written in SI.
        var n = k.Gates[0] with { Beta = VoltageFunction.Of(ExpRate(500, -0.053, -0.040), VoltageFunction.RateFromSi) };
        var model = hh with { Channels = [hh.Channels[0], hh.Channels[1], k with { Gates = [n] }] };
        Networks.AssertSameSpikesAtOneTwoAndFourThreads(Networks.CobahhInTwoBlocks(model));
    }

    [Fact]
    public void Calcium_IsReadAsCaConc_InMilliMolar()
    {
        // c302's customHGate: inf = 1 / (1 + exp((ca_half - caConc) / k)), fcond = 1 + (inf - 1) alpha; concentrations in mol/m^3 = mM.
        var f = new FunctionExpression(new Dictionary<string, double> { ["ca_half"] = 6.41889e-8, ["k"] = -1.00056e-8, ["alpha"] = 0.282473 },
            [DerivedExpression.Of("inf", "1 / (1 + (exp( (ca_half - caConc) / k)))"), DerivedExpression.Of("fcond", "1 +((inf-1) * alpha)")], "fcond");
        var fn = VoltageFunction.Of(f, 1);
        double Expected(double ca) => 1 + (1 / (1 + Math.Exp((6.41889e-8 - ca) / -1.00056e-8)) - 1) * 0.282473;
        Assert.Equal(Expected(0), fn.Evaluate(-30, 0), 12);
        Assert.Equal(Expected(6e-8), fn.Evaluate(-30, 6e-8), 12);
        var gate = new GateSpec("h", 1, GateKinetics.Instantaneous, null, null, null, fn);
        Assert.True(gate.ReadsConcentration);
        // A ca pool with no calcium channel and C_rest = C_0 holds caConc at C_0.
        var model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with
        {
            Concentrations = [new ConcentrationPoolSpec { InitialMm = 6e-8, RestingMm = 6e-8 }],
            Channels = [IonChannelSpec.Passive("leak", 3, -65), new IonChannelSpec("ca", 0, 40, [gate])],
        };
        var engine = new SpikingEngine(new NetworkSpec { Populations = [new PopulationSpec { Name = "n", Count = 3, Model = model }] });
        engine.Run(2);
        Assert.All(engine.GetVariable("n", "ca_h"), x => Assert.Equal(Expected(6e-8), x, 6));
        Assert.All(engine.GetVariable("n", "caConc"), x => Assert.Equal((float)6e-8, x));
    }

    [Fact]
    public void CaConc_WithoutACaPool_IsRefused()
    {
        var f = new FunctionExpression(new Dictionary<string, double> { ["kd"] = 1e-3 }, [DerivedExpression.Of("x", "caConc / (caConc + kd)")], "x");
        var model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with
        {
            Channels = [IonChannelSpec.Passive("leak", 3, -65), new IonChannelSpec("kca", 0, -90, [new GateSpec("c", 1, GateKinetics.Instantaneous, null, null, null, VoltageFunction.Of(f, 1))])],
        };
        var e = Assert.ThrowsAny<Exception>(() => new SpikingEngine(new NetworkSpec { Populations = [new PopulationSpec { Name = "n", Count = 1, Model = model }] }));
        Assert.Contains("channels[1].gates[0]", e.Message);
        Assert.Contains("reads caConc, but the cell has no concentrations entry of ion 'ca'", e.Message);
    }

    /// <summary>
    /// A KCa-like gate whose opening rate reads caConc (alpha = kon caConc, beta fixed, in SI) follows a decaying pool that a calcium
    /// channel fills: the engine's gate and pool against a double-precision loop of the same scheme (docs/spiking-hh.md: exponential
    /// Euler of v, the gates and the pool, each from the start-of-step v and C), at 1 and 3 threads.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void KcaGate_ReadsThePool_ThatACalciumCurrentDrives_AgainstADoubleLoop(int threads)
    {
        const double kon = 1e5, beta = 500;   // 1/(s mM), 1/s
        var alpha = VoltageFunction.Of(new FunctionExpression(new Dictionary<string, double> { ["kon"] = kon }, [DerivedExpression.Of("r", "kon * caConc")], "r"), 0.001);
        var betaFn = VoltageFunction.Of(new FunctionExpression(new Dictionary<string, double> { ["b"] = beta }, [DerivedExpression.Of("r", "b")], "r"), 0.001);
        var pool = new ConcentrationPoolSpec { InitialMm = 5e-5, RestingMm = 5e-5, DecayMs = 20, AreaUm2 = 1000, ShellThicknessUm = 0.1 };
        var model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with
        {
            Concentrations = [pool],
            InitialMv = -60,
            Channels =
            [
                IonChannelSpec.Passive("leak", 3, -65),
                new IonChannelSpec("cal", 1, 120, []) { Ion = "ca" },
                new IonChannelSpec("kca", 0, -90, [new GateSpec("c", 1, GateKinetics.Rates, alpha, betaFn, null, null)]),
            ],
        };
        const double dt = 0.025;
        const int steps = 800;   // 20 ms
        var engine = new SpikingEngine(new NetworkSpec { DtMs = dt, Populations = [new PopulationSpec { Name = "n", Count = 5, Model = model }] },
            new SimulationOptions { Threads = threads });

        // The double loop: the same equations, from the start-of-step values.
        double kappa = pool.MmPerMsPerPa, c = pool.InitialMm, v = -60, cm = model.CapacitancePf;
        double A(double ca) => 0.001 * kon * ca;
        const double b = 0.001 * beta;
        double x = A(c) / (A(c) + b);
        double maxGateError = 0, maxCaError = 0, xMin = x, xMax = x;
        for (int n = 0; n < steps; n++)
        {
            double g = 3 + 1, ge = 3 * -65 + 1 * 120;
            double ica = 1 * (120 - v);
            double a = A(c), inf = a / (a + b);
            x = inf + (x - inf) * Math.Exp(-dt * (a + b));
            double cInf = pool.RestingMm + pool.DecayMs * kappa * ica;
            c = Math.Max(0, cInf + (c - cInf) * Math.Exp(-dt / pool.DecayMs));
            double vInf = ge / g;
            v = vInf + (v - vInf) * Math.Exp(-dt * g / cm);
            engine.Run(1);
            var gate = engine.GetVariable("n", "kca_c");
            var ca = engine.GetVariable("n", "caConc");
            for (int i = 0; i < 5; i++)
            {
                maxGateError = Math.Max(maxGateError, Math.Abs(gate[i] - x));
                maxCaError = Math.Max(maxCaError, Math.Abs(ca[i] - c) / c);
            }
            xMin = Math.Min(xMin, x);
            xMax = Math.Max(xMax, x);
        }
        Assert.True(xMax - xMin > 0.3, $"the gate should follow the rising calcium (it went from {xMin} to {xMax})");
        Assert.True(c > 10 * pool.InitialMm, $"the pool should fill (C = {c} mM)");
        Assert.True(maxCaError < 1e-4, $"caConc differs from the double loop by {maxCaError} (relative)");
        Assert.True(maxGateError < 1e-4, $"the gate differs from the double loop by {maxGateError}");
    }

    // ---- the network file ----

    private static string Network(string beta) => $$$"""
        {"format": "neurosharp.network", "version": 1, "populations": [{"name": "p", "count": 2, "model": "hh", "preset": "hodgkinHuxley1952",
         "params": {"channels": [{"name": "leak", "conductanceNs": 3, "reversalMv": -54.387},
           {"name": "k", "conductanceNs": 360, "reversalMv": -77, "gates": [{"name": "n", "power": 4, "kinetics": "rates",
             "alpha": {"form": "expLinear", "rate": 0.1, "midpointMv": -55, "scaleMv": 10}, "beta": {{{beta}}}}]}]}}]}
        """;

    [Fact]
    public void RoundTrip_ExpressionFunctions_ReadBackEqual()
    {
        var model = Squid() with { Concentrations = [new ConcentrationPoolSpec { InitialMm = 5e-5, RestingMm = 5e-5 }] };
        var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "p", Count = 3, Model = model }] };
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"form\": \"expression\"", json);
        Assert.Contains("\"condition\": \"x .neq. 0\"", json);
        var read = NetworkFile.Parse(json, "hh.json");
        Assert.Equal(model, read.Populations[0].Model);
        Assert.Equal(json, NetworkFile.ToJson(read));
        Assert.NotEqual(model, model with { Channels = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952Channels });
        var beta = ((HodgkinHuxleyNeuronSpec)read.Populations[0].Model).Channels[2].Gates[0].Beta!;
        Assert.NotEqual(beta, beta with { Expression = beta.Expression! with { Result = "r", Constants = new Dictionary<string, double> { ["rate"] = 1, ["midpoint"] = -0.065, ["scale"] = -0.08 } } });
    }

    [Theory]
    [InlineData("""{"form": "expression", "rate": 0.001, "expression": {"constants": {"rate": 125}, "variables": [{"name": "r", "cases": [{"value": "rate * exp((v - mid)/0.08)"}]}], "result": "r"}}""",
        "population \"p\" ($.populations[0].params.channels[1].gates[0].beta.expression.variables[0].cases[0].value) reads 'mid' at column 17, which is not an input (v, caConc), a constant (rate) or an earlier variable (none) (got 'rate * exp((v - mid)/0.08)').")]
    [InlineData("""{"form": "expression", "rate": 0.001, "expression": {"constants": {}, "variables": [{"name": "r", "cases": [{"value": "125 * exp((v + 0.065)/-0.08"}]}], "result": "r"}}""",
        "($.populations[0].params.channels[1].gates[0].beta.expression.variables[0].cases[0].value) is not a LEMS expression: expected ',' or ')' at column 28, found the end of the expression (got '125 * exp((v + 0.065)/-0.08').")]
    [InlineData("""{"form": "expression", "rate": 0.001, "expression": {"constants": {}, "variables": [{"name": "r", "cases": [{"value": "125 * cosh(v)"}]}], "result": "r"}}""",
        "($.populations[0].params.channels[1].gates[0].beta.expression.variables[0].cases[0].value) calls 'cosh' at column 7, which is not a function NeuroSharp evaluates (exp, log, ln, sqrt, abs, sin, cos, tanh, H) (got '125 * cosh(v)').")]
    [InlineData("""{"form": "expression", "rate": 0.001, "expression": {"constants": {}, "variables": [{"name": "r", "cases": [{"condition": "v > 0", "value": "1"}]}], "result": "r"}}""",
        "($.populations[0].params.channels[1].gates[0].beta.expression.variables[0].cases[0].condition) is not a LEMS expression: unexpected character '>' at column 3 (got 'v > 0').")]
    [InlineData("""{"form": "expression", "rate": 0.001, "expression": {"constants": {}, "variables": [{"name": "r", "cases": [{"value": "1"}]}], "result": "q"}}""",
        "($.populations[0].params.channels[1].gates[0].beta.expression.result) must name one of the variables (r) (got q).")]
    [InlineData("""{"form": "expression", "rate": 0.001}""",
        "($.populations[0].params.channels[1].gates[0].beta.expression) is missing.")]
    [InlineData("""{"form": "exp", "rate": 0.125, "midpointMv": -65, "scaleMv": -80, "expression": {"variables": [], "result": "r"}}""",
        "($.populations[0].params.channels[1].gates[0].beta.expression) is given to a function of form exp; only the form expression reads one.")]
    public void BadExpression_NamesTheJsonPath(string beta, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Network(beta), "net.json"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void GoodExpression_InAFile_Runs()
    {
        var spec = NetworkFile.Parse(Network("""{"form": "expression", "rate": 0.001, "expression": {"constants": {"rate": 125, "midpoint": -0.065, "scale": -0.08}, "variables": [{"name": "r", "cases": [{"value": "rate * exp((v - midpoint)/scale)"}]}], "result": "r"}}"""), "net.json");
        var gate = ((HodgkinHuxleyNeuronSpec)spec.Populations[0].Model).Channels[1].Gates[0];
        Assert.Equal(HodgkinHuxleyNeuronSpec.HodgkinHuxley1952.Channels[2].Gates[0].Beta!.Evaluate(-50), gate.Beta!.Evaluate(-50), 12);
    }
}
