using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Graded projections (docs/spiking-graded.md): known answers for two passive cells, a sigmoid synapse's state and current
/// against its formula, the coupling planted one way, reset, threads, and the "gradedProjections" section of a network file.
/// </summary>
public class GradedProjectionTests
{
    private const double Tau = 10, Rest = -70;

    /// <summary>A passive cell: tau 10 ms, rest -70 mV, a threshold out of reach.</summary>
    private static ConductanceLifNeuronSpec Passive(double rest = Rest) => new() { TauMs = Tau, RestMv = rest, ResetMv = rest, ThresholdMv = 1000, RefractoryMs = 0 };

    private static NetworkSpec TwoCells(double dt, GradedProjectionSpec? graded, string driven, double current, double restA = Rest) => new()
    {
        DtMs = dt,
        Populations = [new PopulationSpec { Name = "a", Count = 1, Model = Passive(restA) }, new PopulationSpec { Name = "b", Count = 1, Model = Passive() }],
        GradedProjections = graded is null ? [] : [graded],
        Inputs = current == 0 ? [] : [new CurrentInputSpec { Target = driven, Amplitude = current }],
    };

    private static GradedProjectionSpec Linear(double g) => new()
    {
        Source = "a", Target = "b", Connectivity = new ExplicitConnectivity { Sources = [0], Targets = [0] }, Kind = GradedSynapseKind.Linear, Conductance = g,
    };

    private static GradedProjectionSpec Sigmoid(double g, double weight = 1) => new()
    {
        Source = "a", Target = "b", Connectivity = new ExplicitConnectivity { Sources = [0], Targets = [0] }, Kind = GradedSynapseKind.Sigmoid,
        Conductance = g, Weight = DistributionSpec.Constant(weight), ErevMv = 0, VthMv = -40, DeltaMv = 5, KPerMs = 0.025,
    };

    [Fact]
    public void Linear_TwoPassiveCells_FollowTheClosedForm()
    {
        // Cell a driven by I (mV), b fed by a one-way linear synapse of g (units of g_L). In d = v - E_L:
        //   d_a = I (1 - exp(-t / tau)),   tau d_b' = -(1 + g) d_b + g d_a
        //   d_b = g I / (1 + g) - I exp(-t / tau) + I / (1 + g) exp(-(1 + g) t / tau),   steady state g I / (1 + g).
        const double g = 0.5, current = 20, dt = 0.01;
        var engine = new SpikingEngine(TwoCells(dt, Linear(g), "a", current));
        for (int step = 1; step <= 10_000; step++)
        {
            engine.Step();
            if (step % 500 != 0) continue;
            double t = step * dt;
            double da = current * (1 - Math.Exp(-t / Tau));
            double db = g * current / (1 + g) - current * Math.Exp(-t / Tau) + current / (1 + g) * Math.Exp(-(1 + g) * t / Tau);
            double a = engine.GetVariable("a", "v")[0] - Rest, b = engine.GetVariable("b", "v")[0] - Rest;
            // The synaptic current is held over each step: an error of order dt g / tau (0.05 %) of I.
            Assert.True(Math.Abs(a - da) < 0.02, $"t {t}: cell a {a} vs {da}");
            Assert.True(Math.Abs(b - db) < 0.02, $"t {t}: cell b {b} vs {db}");
        }
        // Steady state: d_a = I = 20 (a feels nothing of b), d_b = g I / (1 + g) = 6.667; float32 v moving by dt / tau = 0.1 %
        // of its distance per step settles within a few ulp / (dt (1 + g) / tau), about 0.003 mV, of the fixed point.
        Assert.True(Math.Abs(engine.GetVariable("a", "v")[0] - Rest - 20) < 0.005);
        Assert.True(Math.Abs(engine.GetVariable("b", "v")[0] - Rest - 20 * g / (1 + g)) < 0.005);
    }

    [Theory]
    [InlineData(GradedSynapseKind.Linear)]
    [InlineData(GradedSynapseKind.Sigmoid)]
    public void Coupling_IsOneWay_TheSourceIsTheSameBitsAsWithoutIt(GradedSynapseKind kind)
    {
        // Planted: b is driven hard; a source a with the synapse onto b runs exactly as a alone, while b differs from b alone
        // when a drives it, and a stays at rest whatever b does.
        var graded = kind == GradedSynapseKind.Linear ? Linear(2) : Sigmoid(2);
        float[] Run(NetworkSpec spec, string population)
        {
            var engine = new SpikingEngine(spec);
            var trace = new float[3000];
            for (int s = 0; s < trace.Length; s++)
            {
                engine.Step();
                trace[s] = engine.GetVariable(population, "v")[0];
            }
            return trace;
        }
        // b driven: a is untouched (it stays at rest, bit for bit).
        var aWith = Run(TwoCells(0.1, graded, "b", 60), "a");
        Assert.Equal(Run(TwoCells(0.1, null, "b", 60), "a"), aWith);
        Assert.All(aWith, v => Assert.Equal((float)Rest, v));
        // a driven (and resting above the sigmoid's threshold): b follows a, a runs as alone.
        Assert.Equal(Run(TwoCells(0.1, null, "a", 60, restA: -30), "a"), Run(TwoCells(0.1, graded, "a", 60, restA: -30), "a"));
        var bWith = Run(TwoCells(0.1, graded, "a", 60, restA: -30), "b");
        Assert.True(bWith[^1] - Rest > 5, $"b should be depolarised by a (got {bWith[^1]} mV)");
    }

    [Theory]
    [InlineData(-40.0)]   // v_pre = V_th: inf = 1/2
    [InlineData(-50.0)]   // inf = 1 / (1 + e^2)
    [InlineData(-30.0)]   // inf = 1 / (1 + e^-2)
    public void Sigmoid_StateAndCurrent_FollowTheFormula(double vPre)
    {
        // a rests at v_pre (no input: its v stays there), so inf = 1 / (1 + exp((V_th - v_pre) / delta)) and tau = (1 - inf) / k
        // are constant, and s relaxes from 0 as s(t) = inf (1 - exp(-t / tau)), exactly at every step.
        // b then settles where its leak balances the synapse: 0 = (E_L - v) + w g inf (E_rev - v), v = (E_L + w g inf E_rev) / (1 + w g inf).
        const double dt = 0.1, g = 0.8, weight = 1.5, k = 0.025, vth = -40, delta = 5, erev = 0;
        var engine = new SpikingEngine(TwoCells(dt, Sigmoid(g, weight), "a", 0, restA: vPre));
        double inf = 1 / (1 + Math.Exp((vth - vPre) / delta));
        for (int n = 1; n <= 6000; n++)
        {
            engine.Step();
            double expected = inf * (1 - Math.Exp(-n * dt * k / (1 - inf)));
            double s = engine.GapJunctions.StateOf(0)[0];
            Assert.True(Math.Abs(s - expected) < 1e-5, $"step {n}: s {s} vs {expected}");
        }
        double steady = (Rest + weight * g * inf * erev) / (1 + weight * g * inf);
        Assert.Equal(steady, engine.GetVariable("b", "v")[0], 3);
    }

    [Fact]
    public void SigmoidRiseDecay_State_FollowsItsRecurrence_AndSettlesAtTheRatesBalance()
    {
        // c302's gradedSynapse2: ds/dt = a_r phi (1 - s) - a_d s, with phi constant (a rests at v_pre):
        // s(t) = s* (1 - exp(-(a_r phi + a_d) t)), s* = a_r phi / (a_r phi + a_d).
        const double dt = 0.05, rise = 0.5, decay = 0.02, vPre = -20, vth = -25, delta = 2;
        var spec = TwoCells(dt, new GradedProjectionSpec
        {
            Source = "a", Target = "b", Connectivity = new OneToOneConnectivity(), Kind = GradedSynapseKind.SigmoidRiseDecay,
            Conductance = 0.3, ErevMv = -80, VthMv = vth, DeltaMv = delta, RisePerMs = rise, DecayPerMs = decay,
        }, "a", 0, restA: vPre);
        var engine = new SpikingEngine(spec);
        double phi = 1 / (1 + Math.Exp((vth - vPre) / delta)), sStar = rise * phi / (rise * phi + decay);
        for (int n = 1; n <= 4000; n++)
        {
            engine.Step();
            double s = sStar * (1 - Math.Exp(-(rise * phi + decay) * n * dt));
            Assert.True(Math.Abs(engine.GapJunctions.StateOf(0)[0] - s) < 1e-5, $"step {n}: {engine.GapJunctions.StateOf(0)[0]} vs {s}");
        }
        Assert.Equal(sStar, engine.GapJunctions.StateOf(0)[0], 4);
        // An inhibitory reversal (-80 mV) pulls b below rest: (E_L + g s* E_rev) / (1 + g s*).
        Assert.Equal((Rest + 0.3 * sStar * -80) / (1 + 0.3 * sStar), engine.GetVariable("b", "v")[0], 3);
    }

    private const string Net = """
        {"format": "neurosharp.network", "version": 1, "dtMs": 0.1,
         "populations": [{"name": "a", "count": 300, "model": "lif", "preset": "cuba", "initial": {"v": {"uniform": [-60, -45]}}},
                         {"name": "b", "count": 400, "model": "lif", "preset": "cuba", "initial": {"v": {"uniform": [-60, -50]}}}],
         "gradedProjections": [
           {"name": "lin", "source": "a", "target": "b", "connectivity": {"rule": "fixedProbability", "probability": 0.05}, "weight": {"uniform": [0.5, 1.5]}, "kind": "linear", "conductance": 0.02},
           {"name": "sig", "source": "b", "target": "a", "connectivity": {"rule": "fixedInDegree", "inDegree": 10}, "kind": "sigmoid", "conductance": 0.05, "erevMv": 0, "vthMv": -52, "deltaMv": 2, "kPerMs": 0.2}],
         "inputs": [{"type": "poisson", "target": "a", "sourceCount": 50, "rateHz": 40, "weight": 2}]}
        """;

    private static (long Spikes, int[] V) RunNet(int threads, int steps = 1500)
    {
        var engine = new SpikingEngine(NetworkFile.Parse(Net), new SimulationOptions { Seed = 3, Threads = threads });
        var r = engine.Run(steps);
        return (r.Spikes, [.. engine.GetVariable("a", "v").Concat(engine.GetVariable("b", "v")).Select(BitConverter.SingleToInt32Bits)]);
    }

    [Fact]
    public void Network_AtOneTwoAndFourThreads_SameBits()
    {
        var one = RunNet(1);
        Assert.True(one.Spikes > 50, $"the test network should be active (got {one.Spikes} spikes)");
        Assert.Equal(one.V, RunNet(2).V);
        Assert.Equal(one.V, RunNet(4).V);
    }

    [Fact]
    public void Steps_AllocateNothing()
    {
        // After a first run (monitors sized), a second run of the same length allocates only its result: the graded pairs
        // add their currents and step their state in place.
        var engine = new SpikingEngine(NetworkFile.Parse(Net), new SimulationOptions { Seed = 3, Threads = 1 });
        engine.Run(1000);
        engine.Reset();
        long before = GC.GetAllocatedBytesForCurrentThread();
        engine.Run(1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 4096, $"{allocated} bytes allocated in 1 000 steps");
    }

    [Fact]
    public void ResetDynamics_StartsTheSynapsesStateAgain()
    {
        var engine = new SpikingEngine(TwoCells(0.1, Sigmoid(1), "a", 0, restA: -35));
        engine.Run(500);
        float s = engine.GapJunctions.StateOf(0)[0];
        float v = engine.GetVariable("b", "v")[0];
        Assert.True(s > 0.1f, $"s should have grown (got {s})");
        engine.ResetDynamics();
        Assert.Equal(0f, engine.GapJunctions.StateOf(0)[0]);
        engine.Run(500);
        Assert.Equal(s, engine.GapJunctions.StateOf(0)[0]);
        Assert.Equal(v, engine.GetVariable("b", "v")[0]);
    }

    [Fact]
    public void File_RoundTrip_Equal()
    {
        var spec = NetworkFile.Parse(Net);
        Assert.Equal(2, spec.GradedProjections.Count);
        var sig = spec.GradedProjections[1];
        Assert.Equal((GradedSynapseKind.Sigmoid, 0.05, -52.0, 2.0, 0.2), (sig.Kind, sig.Conductance, sig.VthMv!.Value, sig.DeltaMv!.Value, sig.KPerMs!.Value));
        string json = NetworkFile.ToJson(spec);
        var back = NetworkFile.Parse(json);
        Assert.Equal(json, NetworkFile.ToJson(back));
        for (int i = 0; i < 2; i++)
        {
            // Records compare the lists by reference: compare everything else field by field.
            Assert.Equal(spec.GradedProjections[i] with { Connectivity = null!, Weight = null! }, back.GradedProjections[i] with { Connectivity = null!, Weight = null! });
            Assert.Equal(spec.GradedProjections[i].Weight, back.GradedProjections[i].Weight);
        }
    }

    [Theory]
    [InlineData(""" "kind": "sigmoid", "conductance": 1, "erevMv": 0, "vthMv": -50, "kPerMs": 0.1""", "$.gradedProjections[0].deltaMv is missing; a sigmoid graded synapse needs erevMv, vthMv, deltaMv, kPerMs.")]
    [InlineData(""" "kind": "linear", "conductance": 1, "erevMv": 0""", "$.gradedProjections[0].erevMv is 0, but a linear graded synapse has no erevMv (it takes only conductance).")]
    [InlineData(""" "kind": "sigmoid", "conductance": 1, "erevMv": 0, "vthMv": -50, "deltaMv": 0, "kPerMs": 0.1""", "$.gradedProjections[0].deltaMv must be > 0 (got 0).")]
    [InlineData(""" "kind": "linear", "conductance": -2""", "$.gradedProjections[0].conductance must be a finite number >= 0 (got -2).")]
    [InlineData(""" "kind": "linear", "conductance": 1, "weight": -1""", "$.gradedProjections[0].weight must be >= 0 (got -1).")]
    [InlineData(""" "kind": "sigmoidRiseDecay", "conductance": 1, "erevMv": 0, "vthMv": -50, "deltaMv": 4, "risePerMs": 0.1, "kPerMs": 1""", "$.gradedProjections[0].kPerMs is 1, but a sigmoidRiseDecay graded synapse has no kPerMs (it takes erevMv, vthMv, deltaMv, risePerMs, decayPerMs).")]
    [InlineData(""" "conductance": 1""", "$.gradedProjections[0].kind is missing (linear, sigmoid or sigmoidRiseDecay).")]
    public void File_BadValues_RefusedWithTheirPath(string fields, string message)
    {
        string json = $$"""
            {"format": "neurosharp.network", "version": 1,
             "populations": [{"name": "a", "count": 2, "model": "lif", "preset": "cuba"}],
             "gradedProjections": [{"name": "g", "source": "a", "target": "a", "connectivity": {"rule": "oneToOne"}, {{fields}}}]}
            """;
        var ex = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(json, "net.json"));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void File_FromASpikeSource_Refused()
    {
        var ex = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse("""
            {"format": "neurosharp.network", "version": 1,
             "populations": [{"name": "a", "count": 2, "model": "lif", "preset": "cuba"}, {"name": "s", "count": 1, "model": "poisson", "params": {"rateHz": 5}}],
             "gradedProjections": [{"source": "s", "target": "a", "connectivity": {"rule": "allToAll"}, "kind": "linear", "conductance": 1}]}
            """, "net.json"));
        Assert.Contains("$.gradedProjections[0].source", ex.Message);
        Assert.Contains("no membrane potential", ex.Message);
    }
}
