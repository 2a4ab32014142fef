using System.Text.Json.Nodes;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Ion concentration pools of the hh model (docs/spiking-hh.md, "Ion concentrations"): a pool's decay and its fixed point under a
/// constant current, the Nernst reversal and the GHK currents against their formulas in double precision, the network file's
/// round trip and error paths, and the same results at any thread count.
/// </summary>
public class HodgkinHuxleyConcentrationTests
{
    private const double F = 96485.3, R = 8.3144621;

    // Float tolerances: a pool's value after k steps of float multiplications is within 1e-5 of the exact decay; currents taken
    // from one step of v are within 0.2 % (v' - v0 holds about 4 of float's 7 digits).

    /// <summary>A cell whose v hardly moves (C 1e12 pF) with a calcium pool and the given channels.</summary>
    private static HodgkinHuxleyNeuronSpec Clamped(ConcentrationPoolSpec pool, params IonChannelSpec[] channels) => new()
    {
        CapacitancePf = 1e12, InitialMv = -65, Channels = [IonChannelSpec.Passive("leak", 1, -65), .. channels], Concentrations = [pool],
    };

    private static SpikingEngine Run(HodgkinHuxleyNeuronSpec model, int steps, double dt = 0.1, int count = 1, params string[] variables)
    {
        var spec = new NetworkSpec
        {
            DtMs = dt,
            Populations = [new PopulationSpec { Name = "n", Count = count, Model = model }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = variables.Length == 0 ? ["caConc"] : variables }],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(steps);
        return engine;
    }

    [Fact]
    public void Pool_NoCurrent_DecaysToRestWithItsTimeConstant()
    {
        var pool = new ConcentrationPoolSpec { InitialMm = 1e-3, RestingMm = 1e-4, DecayMs = 20 };
        var engine = Run(Clamped(pool), 400);
        var c = engine.StateMonitors[0].Values("caConc").ToArray();
        foreach (int k in new[] { 1, 10, 100, 200, 400 })
        {
            double expected = 1e-4 + 9e-4 * Math.Exp(-k * 0.1 / 20);
            Assert.True(Math.Abs(c[k - 1] - expected) <= 1e-5 * expected, $"step {k}: {c[k - 1]} vs {expected}");
        }
    }

    [Theory]
    [InlineData(ConcentrationModel.DecayingPool)]
    [InlineData(ConcentrationModel.FixedFactor)]
    public void Pool_ConstantCalciumCurrent_ReachesTheFixedPoint(ConcentrationModel model)
    {
        // I = g (E - v) = 2 nS x (80 - -65) mV = 290 pA inward, v held by the huge capacitance.
        var pool = new ConcentrationPoolSpec
        {
            Model = model, InitialMm = 1e-4, RestingMm = 1e-4, DecayMs = 5, AreaUm2 = 2000, ShellThicknessUm = 0.2, Rho = 3,
        };
        var engine = Run(Clamped(pool, IonChannelSpec.Passive("ca", 2, 80) with { Ion = "ca" }), 1000);
        double current = 2 * (80 - -65) * 1e-12; // A
        double area = 2000e-12;
        double r = Math.Sqrt(area / (4 * 3.14159)), inner = r - 0.2e-6;
        double volume = 4.0 / 3 * 3.14159 * (r * r * r - inner * inner * inner);
        double perSecond = model == ConcentrationModel.DecayingPool ? current / (2 * F * volume) : current * 3 / area; // mol/m^3/s
        double expected = 1e-4 + 5e-3 * perSecond; // C_rest + tau dC/dt from the current
        float last = engine.StateMonitors[0].Values("caConc")[^1];
        Assert.True(Math.Abs(last - expected) <= 1e-5 * expected, $"{last} vs fixed point {expected}");
        Assert.True(expected > 1e-3, "the current should raise the pool well above rest");
    }

    [Fact]
    public void Nernst_TwoMillimolarOutside_TenthMicromolarInside_At6_3C_DrivesVToItsReversal()
    {
        // A fixed-factor pool with rho 0 keeps C at 1e-4 mM; the only other channel is a weak leak at -65 mV.
        double expected = 1000 * R * (6.3 + 273.15) / (2 * F) * Math.Log(2 / 1e-4);
        Assert.Equal(119.24, expected, 2);
        var pool = new ConcentrationPoolSpec { Model = ConcentrationModel.FixedFactor, Rho = 0, InitialMm = 1e-4, RestingMm = 1e-4, ExternalMm = 2 };
        var model = new HodgkinHuxleyNeuronSpec
        {
            CapacitancePf = 10, InitialMv = -65, TemperatureCelsius = 6.3, Concentrations = [pool],
            Channels = [IonChannelSpec.Passive("leak", 1e-3, -65), IonChannelSpec.Passive("ca", 1000, 0) with { Ion = "ca", Reversal = ReversalKind.Nernst }],
        };
        var engine = Run(model, 200, variables: "v");
        double gl = 1e-3, g = 1000;
        double steady = (g * expected + gl * -65) / (g + gl);
        Assert.Equal(steady, engine.StateMonitors[0].Values("v")[^1], 2);
    }

    /// <summary>The current of one channel from one exponential-Euler step of v with a leak at v0: I = (v' - v0) gL / (1 - e^(-dt gL / C)).</summary>
    private static double OneStepCurrent(IonChannelSpec channel, ConcentrationPoolSpec pool, double v0, double temperature)
    {
        const double gl = 10, c = 10, dt = 0.01;
        var model = new HodgkinHuxleyNeuronSpec
        {
            CapacitancePf = c, InitialMv = v0, TemperatureCelsius = temperature, Concentrations = [pool], SpikeThresholdMv = 1000,
            Channels = [IonChannelSpec.Passive("leak", gl, v0), channel],
        };
        var engine = Run(model, 1, dt, variables: "v");
        double v1 = engine.StateMonitors[0].Values("v")[0];
        return (v1 - (float)v0) * gl / (1 - Math.Exp(-dt * gl / c));
    }

    [Theory]
    [InlineData(-65.0)]
    [InlineData(-20.0)]
    [InlineData(0.5)]
    [InlineData(30.0)]
    public void Ghk_CurrentMatchesTheGoldmanHodgkinKatzFormula(double v0)
    {
        const double inside = 5e-3, outside = 2, temperature = 16.3, permeability = 200; // um^3/s
        var pool = new ConcentrationPoolSpec { Model = ConcentrationModel.FixedFactor, Rho = 0, InitialMm = inside, RestingMm = inside, ExternalMm = outside };
        var channel = new IonChannelSpec("ca", 0, 0, []) { Ion = "ca", Reversal = ReversalKind.Ghk, PermeabilityUm3PerS = permeability };
        double ours = OneStepCurrent(channel, pool, v0, temperature);
        // NeuroML's channelDensityGHK in SI: i = -P z F K v (Cin - Cout e^(-K v)) / (1 - e^(-K v)), K = z F / (R T); P in m^3/s, i in A.
        double k = 2 * F / (R * (temperature + 273.15)), v = v0 / 1000, e = Math.Exp(-k * v);
        double expected = -permeability * 1e-18 * 2 * F * k * v * (inside - outside * e) / (1 - e) * 1e12; // pA
        Assert.True(Math.Abs(ours - expected) <= 2e-3 * Math.Abs(expected) + 1e-3, $"v {v0}: {ours} pA vs {expected} pA");
    }

    [Theory]
    [InlineData(-65.0)]
    [InlineData(0.2)]
    [InlineData(40.0)]
    public void Ghk2_CurrentMatchesItsFormula(double v0)
    {
        const double inside = 1e-3, outside = 2, temperature = 22, g = 3; // nS
        var pool = new ConcentrationPoolSpec { Model = ConcentrationModel.FixedFactor, Rho = 0, InitialMm = inside, RestingMm = inside, ExternalMm = outside };
        var channel = new IonChannelSpec("ca", g, 0, []) { Ion = "ca", Reversal = ReversalKind.Ghk2 };
        double ours = OneStepCurrent(channel, pool, v0, temperature);
        // channelDensityGHK2: pOpen = tmp 1e-3 (1 - (Cin/Cout) e^(V/tmp)) (V/tmp) / (e^(V/tmp) - 1), tmp = 25 T / (293.15 x 2), V in mV.
        double tmp = 25 * (temperature + 273.15) / (293.15 * 2), x = v0 / tmp;
        double expected = g * 1e-9 * tmp * 1e-3 * (1 - inside / outside * Math.Exp(x)) * x / (Math.Exp(x) - 1) * 1e12;
        Assert.True(Math.Abs(ours - expected) <= 2e-3 * Math.Abs(expected) + 1e-3, $"v {v0}: {ours} pA vs {expected} pA");
    }

    [Theory]
    [InlineData(ReversalKind.Fixed)]
    [InlineData(ReversalKind.Nernst)]
    [InlineData(ReversalKind.Ghk)]
    [InlineData(ReversalKind.Ghk2)]
    public void ChannelCurrent_CHANNEL_i_IsTheCurrentOfTheRecordedState(ReversalKind kind)
    {
        // CHANNEL_i at the start and after 50 steps equals the channel's formula (in double) at the v, gate and C then held.
        var model = Calcium(kind);
        var spec = Networks.Driven(model, 800, 0.05) with
        {
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v", "cal_m", "caConc", "cal_i"] }],
        };
        var engine = new SpikingEngine(spec);
        float start = engine.GetVariable("n", "cal_i")[0];
        engine.Run(50);
        var m = engine.StateMonitors[0];
        var cal = model.Channels[3];
        double T = 22 + 273.15;
        double Expected(double v, double x, double inside)
        {
            double open = x * x;
            const double outside = 2;
            switch (kind)
            {
                case ReversalKind.Fixed: return 100 * open * (120 - v);
                case ReversalKind.Nernst: return 100 * open * (1000 * R * T / (2 * F) * Math.Log(outside / inside) - v);
                case ReversalKind.Ghk:
                    double u = 2 * F * v / 1000 / (R * T), e = Math.Exp(-u);
                    return -open * 500 * 1e-6 * 2 * F * u * (inside - outside * e) / (1 - e);
                default:
                    double k = 25 * T / (293.15 * 2), y = v / k;
                    return 100 * open * k * (1 - inside / outside * Math.Exp(y)) * y / (Math.Exp(y) - 1);
            }
        }
        double initial = Expected(model.InitialMv, cal.Gates[0].SteadyState(model.InitialMv), 5e-5);
        Assert.True(Math.Abs(start - initial) <= 1e-4 * Math.Abs(initial) + 1e-9, $"start: {start} vs {initial}");
        foreach (int k in new[] { 9, 29, 49 })
        {
            double expected = Expected(m.Values("v")[k], m.Values("cal_m")[k], m.Values("caConc")[k]);
            Assert.True(Math.Abs(m.Values("cal_i")[k] - expected) <= 1e-3 * Math.Abs(expected) + 1e-6, $"step {k + 1}: {m.Values("cal_i")[k]} vs {expected}");
        }
        Assert.True(Math.Abs(m.Values("cal_i")[49]) > 1e-3, "the channel should carry a current once the cell is driven");
    }

    [Fact]
    public void NoExternalConcentration_NernstAndGhkCarryNoCurrent()
    {
        var pool = new ConcentrationPoolSpec { Model = ConcentrationModel.FixedFactor, Rho = 1, InitialMm = 1e-3, RestingMm = 1e-3, ExternalMm = 0 };
        foreach (var kind in new[] { ReversalKind.Nernst, ReversalKind.Ghk, ReversalKind.Ghk2 })
        {
            var channel = new IonChannelSpec("ca", kind == ReversalKind.Ghk ? 0 : 5, 0, []) { Ion = "ca", Reversal = kind, PermeabilityUm3PerS = kind == ReversalKind.Ghk ? 100 : 0 };
            Assert.Equal(0, OneStepCurrent(channel, pool, -65, 20), 6);
        }
    }

    /// <summary>A spiking cell with a gated calcium channel of each form feeding a decaying pool, and a calcium-free Traub-Miles core.</summary>
    public static HodgkinHuxleyNeuronSpec Calcium(ReversalKind kind) => HodgkinHuxleyNeuronSpec.TraubMiles with
    {
        TemperatureCelsius = 22,
        Channels =
        [
            .. HodgkinHuxleyNeuronSpec.TraubMiles.Channels,
            new IonChannelSpec("cal", kind == ReversalKind.Ghk ? 0 : 100, kind == ReversalKind.Fixed ? 120 : 0,
                [GateSpec.FromRates("m", 2, new(VoltageFunctionForm.ExpLinear, 1, -30, 10), new(VoltageFunctionForm.Exp, 4, -55, -18))])
            {
                Ion = "ca", Reversal = kind, PermeabilityUm3PerS = kind == ReversalKind.Ghk ? 500 : 0,
            },
        ],
        Concentrations = [new ConcentrationPoolSpec { AreaUm2 = 20_000, ShellThicknessUm = 0.1, DecayMs = 50 }],
    };

    [Theory]
    [InlineData(ReversalKind.Fixed)]
    [InlineData(ReversalKind.Nernst)]
    [InlineData(ReversalKind.Ghk)]
    [InlineData(ReversalKind.Ghk2)]
    public void SameSeed_SameSpikesAndConcentrations_At1_2And4Threads(ReversalKind kind)
    {
        var spec = new NetworkSpec
        {
            DtMs = 0.05,
            Populations =
            [
                new PopulationSpec
                {
                    Name = "n", Count = 4500, Model = Calcium(kind),
                    Initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-70, -50), ["caConc"] = DistributionSpec.Uniform(0, 1e-3) },
                },
            ],
            Inputs = [new CurrentInputSpec { Target = "n", Amplitude = 800 }],
            Monitors = [new SpikeMonitorSpec { Target = "n" }, new StateMonitorSpec { Target = "n", Variables = ["caConc"], Indices = [0, 1000, 4400] }],
        };
        (string Spikes, float[] Calcium) Go(int threads)
        {
            var e = new SpikingEngine(spec, new SimulationOptions { Seed = 5, Threads = threads });
            e.Run(1000);
            var m = e.SpikeMonitors[0];
            return (string.Join(",", m.Steps.ToArray().Zip(m.Neurons.ToArray(), (s, i) => $"{s}:{i}")), e.StateMonitors[0].Values("caConc").ToArray());
        }
        var one = Go(1);
        Assert.True(one.Spikes.Length > 1000, "the cells should fire");
        Assert.True(one.Calcium[^1] > 1e-4, $"calcium should enter while they fire ({one.Calcium[^1]} mM)");
        foreach (int threads in new[] { 2, 4 })
        {
            var other = Go(threads);
            Assert.Equal(one.Spikes, other.Spikes);
            Assert.Equal(one.Calcium, other.Calcium);
        }
    }

    [Fact]
    public void Run_WithPoolsAndARecordedChannelCurrent_AllocatesNothingPerStep()
    {
        // Each reversal kind in one cell, caConc and a channel current recorded: after a warm-up and a Reset (monitors keep their
        // capacity), a second run of the same length allocates only Run's small result, as EngineInvariantTests requires.
        var model = Calcium(ReversalKind.Ghk) with
        {
            Channels = [.. Calcium(ReversalKind.Ghk).Channels, IonChannelSpec.Passive("nernst", 1, 0) with { Ion = "ca", Reversal = ReversalKind.Nernst },
                IonChannelSpec.Passive("ghk2", 1, 0) with { Ion = "ca", Reversal = ReversalKind.Ghk2 }, IonChannelSpec.Passive("fixed", 1, 100) with { Ion = "ca" }],
        };
        var spec = Networks.Driven(model, 800, 0.05) with
        {
            Populations = [new PopulationSpec { Name = "n", Count = 600, Model = model }],
            Monitors = [new SpikeMonitorSpec { Target = "n" }, new StateMonitorSpec { Target = "n", Variables = ["caConc", "cal_i"], Indices = [0, 599] }],
        };
        var engine = new SpikingEngine(spec, new SimulationOptions { Threads = 1 });
        engine.Run(500);
        engine.Reset();
        long before = GC.GetAllocatedBytesForCurrentThread();
        engine.Run(500);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"{allocated} bytes allocated in 500 steps");
    }

    [Fact]
    public void Retune_PoolNumbers_KeepTheConcentration_AChangedReversalKindRebuilds()
    {
        var model = Calcium(ReversalKind.Nernst);
        var engine = new SpikingEngine(Networks.Driven(model, 800));
        engine.Run(300);
        float c = engine.GetVariable("n", "caConc")[0];
        var slower = model with { Concentrations = [model.Concentrations[0] with { DecayMs = 500, RestingMm = 0 }] };
        Assert.True(engine.CanSetModel("n", slower));
        engine.SetModel("n", slower);
        Assert.Equal(c, engine.GetVariable("n", "caConc")[0]);
        var ghk = Calcium(ReversalKind.Ghk);
        Assert.False(engine.CanSetModel("n", ghk));
    }

    [Fact]
    public void Group_ExposesThePerNeuronConcentration()
    {
        var spec = Networks.Driven(Calcium(ReversalKind.Nernst), 800);
        var engine = new SpikingEngine(spec);
        engine.Run(500);
        var group = (HodgkinHuxleyGroup)engine.Groups[0];
        Assert.True(group.HasConcentrations);
        Assert.Equal(engine.GetVariable("n", "caConc")[0], group.Concentration("ca")[0]);
        Assert.True(group.Concentration("ca")[0] > 5e-5f);
        Assert.Equal(0, group.Concentration("k").Length);
    }

    // ---- the network file ----

    [Fact]
    public void RoundTrip_PoolsAndEveryReversalKind_ReadBackEqual()
    {
        foreach (var kind in Enum.GetValues<ReversalKind>())
        {
            var model = Calcium(kind) with
            {
                Concentrations = [new ConcentrationPoolSpec { Model = ConcentrationModel.FixedFactor, Rho = 0.3, InitialMm = 5e-6, RestingMm = 3e-6, DecayMs = 1, AreaUm2 = 31.4159265 }],
            };
            var spec = new NetworkSpec { Populations = [new PopulationSpec { Name = "p", Count = 2, Model = model }] };
            string json = NetworkFile.ToJson(spec);
            var read = NetworkFile.Parse(json, "ca.json");
            Assert.Equal(model, read.Populations[0].Model);
            Assert.Equal(json, NetworkFile.ToJson(read));
            Assert.NotEqual(HodgkinHuxleyNeuronSpec.TraubMiles with { TemperatureCelsius = 22 }, read.Populations[0].Model);
        }
        var written = JsonNode.Parse(NetworkFile.ToJson(new NetworkSpec { Populations = [new PopulationSpec { Name = "p", Count = 1, Model = Calcium(ReversalKind.Ghk) }] }))!;
        var p = written["populations"]![0]!["params"]!;
        Assert.Equal("decayingPool", (string?)p["concentrations"]![0]!["model"]);
        Assert.Equal(22, (double)p["temperatureCelsius"]!);
        var cal = p["channels"]![3]!;
        Assert.Equal("ghk", (string?)cal["reversal"]);
        Assert.Equal("ca", (string?)cal["ion"]);
        Assert.Null(cal["conductanceNs"]);
        Assert.Null(cal["reversalMv"]);
        Assert.Equal(["v", "na_m", "na_h", "k_n", "cal_m", "caConc", "na_i", "k_i", "cal_i", "na_g", "k_g", "cal_g", "ge", "gi"], NeuronModels.StateVariables(Calcium(ReversalKind.Nernst)));
    }

    [Fact]
    public void NoPools_WriteNothingNew()
    {
        var p = JsonNode.Parse(NetworkFile.ToJson(new NetworkSpec { Populations = [new PopulationSpec { Name = "p", Count = 1, Model = HodgkinHuxleyNeuronSpec.TraubMiles }] }))!["populations"]![0]!["params"]!;
        Assert.Null(p["concentrations"]);
        Assert.Null(p["temperatureCelsius"]);
        Assert.Null(p["channels"]![1]!["ion"]);
        Assert.Null(p["channels"]![1]!["reversal"]);
    }

    private static string Network(string pools, string calcium = "{\"name\": \"ca\", \"conductanceNs\": 1, \"ion\": \"ca\", \"reversal\": \"nernst\"}") =>
        "{\"format\": \"neurosharp.network\", \"version\": 1, \"populations\": [{\"name\": \"p\", \"count\": 2, \"model\": \"hh\", \"preset\": \"traubMiles\", "
        + "\"params\": {\"channels\": [{\"name\": \"leak\", \"conductanceNs\": 10, \"reversalMv\": -60}, " + calcium + "], \"concentrations\": " + pools + "}}]}";

    [Theory]
    [InlineData("[{\"ion\": \"ca\", \"model\": \"decayingPool\", \"decayMs\": 0}]",
        "population \"p\" ($.populations[0].params.concentrations[0].decayMs) must be > 0 (got 0).")]
    [InlineData("[{\"ion\": \"ca\", \"model\": \"decayingPol\"}]",
        "population \"p\" ($.populations[0].params.concentrations[0].model) is \"decayingPol\", not one of decayingPool, fixedFactor (did you mean decayingPool?).")]
    [InlineData("[{\"ion\": \"ca\", \"model\": \"fixedFactor\", \"rho\": -1}]",
        "population \"p\" ($.populations[0].params.concentrations[0].rho) must be >= 0 (got -1).")]
    [InlineData("[{\"ion\": \"ca\", \"model\": \"decayingPool\", \"areaUm2\": 10, \"shellThicknessUm\": 2}]",
        "population \"p\" ($.populations[0].params.concentrations[0].shellThicknessUm) must be at most the radius of a sphere of areaUm2 (0.892 um) (got 2).")]
    [InlineData("[{\"ion\": \"ca\", \"model\": \"decayingPool\"}, {\"ion\": \"ca\", \"model\": \"fixedFactor\"}]",
        "population \"p\" ($.populations[0].params.concentrations[1].ion) repeats ion 'ca'; a cell has one pool per ion (got ca).")]
    [InlineData("[{\"ion\": \"ca\", \"model\": \"decayingPool\", \"decay\": 3}]",
        "population \"p\" ($.populations[0].params.concentrations[0].decay) is not a known field here")]
    [InlineData("[{\"ion\": \"k\", \"model\": \"decayingPool\"}]",
        "population \"p\" ($.populations[0].params.channels[1].ion) is 'ca', which no concentrations entry has; a nernst channel takes its concentrations from its ion's pool (got ca).")]
    public void BadPool_NamesTheJsonPath(string pools, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Network(pools), "net.json"));
        Assert.True(e.Message.Contains("net.json: " + expected, StringComparison.Ordinal), e.Message);
    }

    [Theory]
    [InlineData("{\"name\": \"ca\", \"conductanceNs\": 1, \"reversal\": \"nernst\"}",
        "($.populations[0].params.channels[1].ion) is required: a nernst channel takes its concentrations from its ion's pool (got null).")]
    [InlineData("{\"name\": \"ca\", \"ion\": \"ca\", \"reversal\": \"ghk\"}",
        "($.populations[0].params.channels[1].permeabilityUm3PerS) is missing.")]
    [InlineData("{\"name\": \"ca\", \"conductanceNs\": 1, \"ion\": \"ca\", \"reversal\": \"goldman\"}",
        "($.populations[0].params.channels[1].reversal) is \"goldman\", not one of fixed, nernst, ghk, ghk2")]
    [InlineData("{\"name\": \"ca\", \"conductanceNs\": 1, \"reversalMv\": 100, \"ion\": \"ca\", \"permeabilityUm3PerS\": 3}",
        "($.populations[0].params.channels[1].permeabilityUm3PerS) is for a ghk channel only; leave it 0 (got 3).")]
    public void BadCalciumChannel_NamesTheJsonPath(string channel, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(Network("[{\"ion\": \"ca\", \"model\": \"decayingPool\"}]", channel), "net.json"));
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Initial_Concentration_IsAStateVariable()
    {
        string json = Network("[{\"ion\": \"ca\", \"model\": \"decayingPool\"}]").Replace("\"preset\": \"traubMiles\"", "\"preset\": \"traubMiles\", \"initial\": {\"caConc\": 0.001}");
        var spec = NetworkFile.Parse(json, "net.json");
        var engine = new SpikingEngine(spec);
        Assert.Equal(0.001f, engine.GetVariable("p", "caConc")[1]);
    }
}
