using System.Text.Json.Nodes;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using Xunit.Abstractions;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Ion concentration pools per compartment of a multi-compartment cell (docs/spiking-multicompartment.md, "Ion concentrations"):
/// a pool in one compartment decays with its tau and reaches the closed-form fixed point of a constant current with that
/// compartment's own area; a cell of identical compartments with uniform pools is the one-compartment cell in each compartment;
/// threads; the network file's round trip and error paths.
/// </summary>
public class MultiCompartmentPoolTests(ITestOutputHelper output)
{
    private const double F = 96485.3;

    /// <summary>A soma of 20 x 20 um and a dendrite of 100 x 2 um, leak everywhere, a passive calcium channel (E 80 mV) on the dendrite.</summary>
    private static HodgkinHuxleyNeuronSpec SomaDendrite(ConcentrationPoolSpec pool, double caDensity) => new()
    {
        InitialMv = -65, SpikeThresholdMv = 1000,
        Channels = [IonChannelSpec.Passive("leak", 0, -65), IonChannelSpec.Passive("ca", 0, 80) with { Ion = "ca" }],
        Morphology = new MorphologySpec
        {
            Compartments = [new("soma", null, 20, 20), new("dend", "soma", 100, 2)],
            Groups = [new("dendrite", ["dend"])],
            Densities = [new("leak", "all", 0.1), new("ca", "dendrite", caDensity)],
            AxialResistivityOhmCm = 100,
            Concentrations = [new("dendrite", pool)],
        },
    };

    private static SpikingEngine Run(HodgkinHuxleyNeuronSpec cell, int steps, double dt, string[] variables, int count = 1, IReadOnlyList<InputSpec>? inputs = null)
    {
        var spec = new NetworkSpec
        {
            DtMs = dt,
            Populations = [new PopulationSpec { Name = "n", Count = count, Model = cell }],
            Inputs = inputs ?? [],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = variables }],
        };
        var engine = new SpikingEngine(spec);
        engine.Run(steps);
        return engine;
    }

    [Fact]
    public void PoolInOneCompartment_NoCurrent_DecaysWithItsTau_AndACompartmentWithoutOneHoldsItsStart()
    {
        // tau 20 ms from 1e-3 to 1e-4 mM, no calcium channel conductance: C(t) = C_rest + (C_0 - C_rest) exp(-t / tau) (exact per step
        // for the exponential step; float leaves 1e-5 relative).
        var pool = new ConcentrationPoolSpec { InitialMm = 1e-3, RestingMm = 1e-4, DecayMs = 20 };
        var engine = Run(SomaDendrite(pool, 0), 400, 0.1, ["caConc[dend]", "caConc[soma]", "caConc"]);
        var m = engine.StateMonitors[0];
        var c = m.Values("caConc[dend]").ToArray();
        foreach (int k in new[] { 1, 10, 100, 200, 400 })
        {
            double expected = 1e-4 + 9e-4 * Math.Exp(-k * 0.1 / 20);
            Assert.True(Math.Abs(c[k - 1] - expected) <= 1e-5 * expected, $"step {k}: {c[k - 1]} vs {expected}");
        }
        // The soma is in no pool: its concentration stays at the ion's initialMm, bit for bit; plain caConc is the spike compartment's (the soma).
        Assert.All(m.Values("caConc[soma]").ToArray(), x => Assert.Equal((float)1e-3, x));
        Assert.Equal(m.Values("caConc[soma]").ToArray(), m.Values("caConc").ToArray());
    }

    [Fact]
    public void TwoGroups_StartApart_EachDecaysToItsOwnRest()
    {
        // The soma's pool starts at 1e-3 and falls to 2e-4 mM with tau 10 ms; the dendrite's starts at 0 and rises to 5e-4 mM with
        // tau 20 ms. No calcium current: C(t) = C_rest + (C_0 - C_rest) exp(-t / tau) in each, its own numbers (within 1e-5 of the larger
        // of C_0 and C_rest: float's rounding of C_inf + (C - C_inf) decay is relative to those, not to C(t) near 0).
        var cell = SomaDendrite(new ConcentrationPoolSpec { InitialMm = 0, RestingMm = 5e-4, DecayMs = 20 }, 0);
        var m0 = cell.Morphology!;
        cell = cell with
        {
            Morphology = m0 with
            {
                Groups = [.. m0.Groups, new("s", ["soma"])],
                Concentrations = [.. m0.Concentrations, new("s", new ConcentrationPoolSpec { InitialMm = 1e-3, RestingMm = 2e-4, DecayMs = 10 })],
            },
        };
        var m = Run(cell, 400, 0.1, ["caConc[soma]", "caConc[dend]"]).StateMonitors[0];
        var soma = m.Values("caConc[soma]").ToArray();
        var dend = m.Values("caConc[dend]").ToArray();
        foreach (int k in new[] { 1, 10, 100, 200, 400 })
        {
            double t = k * 0.1, s = 2e-4 + 8e-4 * Math.Exp(-t / 10), d = 5e-4 * (1 - Math.Exp(-t / 20));
            Assert.True(Math.Abs(soma[k - 1] - s) <= 1e-5 * 1e-3, $"soma, step {k}: {soma[k - 1]} vs {s}");
            Assert.True(Math.Abs(dend[k - 1] - d) <= 1e-5 * 5e-4, $"dendrite, step {k}: {dend[k - 1]} vs {d}");
        }
    }

    [Fact]
    public void Initial_CaConc_SetsEachCompartmentsStart_PlainThenBracketed_NeverBelowZero()
    {
        // Two neurons; caConc for every compartment per neuron, caConc[dend] over it (the second neuron's -1 starts at 0). The dendrite's
        // pool (1e-4 mM rest, tau 20 ms, no current) decays from there (within 1e-5 of the larger of start and rest); the soma, in no
        // pool, holds what it was given bit for bit.
        var pool = new ConcentrationPoolSpec { InitialMm = 1e-3, RestingMm = 1e-4, DecayMs = 20 };
        var spec = new NetworkSpec
        {
            DtMs = 0.1,
            Populations =
            [
                new PopulationSpec
                {
                    Name = "n", Count = 2, Model = SomaDendrite(pool, 0),
                    Initial = new Dictionary<string, DistributionSpec> { ["caConc[dend]"] = DistributionSpec.PerNeuron([3e-3, -1]), ["caConc"] = DistributionSpec.PerNeuron([2e-3, 4e-3]) },
                },
            ],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["caConc[soma]", "caConc[dend]"] }],
        };
        var read = NetworkFile.Parse(NetworkFile.ToJson(spec), "initial.json");
        Assert.Equal(["caConc", "caConc[dend]"], read.Populations[0].Initial!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([3e-3, -1], read.Populations[0].Initial!["caConc[dend]"].Values!);
        Assert.Equal([2e-3, 4e-3], read.Populations[0].Initial!["caConc"].Values!);
        var engine = new SpikingEngine(read);
        var group = Assert.IsType<MultiCompartmentGroup>(engine.Groups.Single());
        Assert.Equal(new float[] { 2e-3f, 3e-3f, 4e-3f, 0f }, group.Rows.Variable("caConc"));
        engine.Run(200);
        var m = engine.StateMonitors[0];
        float[] Of(string variable, int neuron) => [.. Enumerable.Range(0, m.SampleCount).Select(t => m.Values(variable)[t * 2 + neuron])];
        Assert.All(Of("caConc[soma]", 0), x => Assert.Equal(2e-3f, x));
        Assert.All(Of("caConc[soma]", 1), x => Assert.Equal(4e-3f, x));
        foreach (int k in new[] { 1, 50, 200 })
        {
            double decay = Math.Exp(-k * 0.1 / 20), first = 1e-4 + 2.9e-3 * decay, second = 1e-4 * (1 - decay);
            Assert.True(Math.Abs(Of("caConc[dend]", 0)[k - 1] - first) <= 1e-5 * 3e-3, $"neuron 0, step {k}");
            Assert.True(Math.Abs(Of("caConc[dend]", 1)[k - 1] - second) <= 1e-5 * 1e-4, $"neuron 1, step {k}");
        }
    }

    [Fact]
    public void Initial_CaConc_GatesStartAtRestAtTheGivenConcentration()
    {
        // The KCa gate reads caConc (alpha = 1e5 caConc, beta 500 per s): at rest c = alpha / (alpha + beta) at each compartment's start.
        var cell = Uniform(2);
        var spec = new NetworkSpec
        {
            DtMs = 0.025,
            Populations = [new PopulationSpec { Name = "n", Count = 1, Model = cell, Initial = new Dictionary<string, DistributionSpec> { ["caConc[c1]"] = DistributionSpec.Constant(2e-2) } }],
        };
        var group = Assert.IsType<MultiCompartmentGroup>(new SpikingEngine(spec).Groups.Single());
        var gate = group.Rows.Variable("kca_c")!;
        Assert.Equal(5e-5f, group.Rows.Variable("caConc")![0]);
        Assert.Equal(2e-2f, group.Rows.Variable("caConc")![1]);
        Assert.Equal(1e5 * 5e-5 / (1e5 * 5e-5 + 500), gate[0], 1e-6);
        Assert.Equal(1e5 * 2e-2 / (1e5 * 2e-2 + 500), gate[1], 1e-6);
    }

    [Fact]
    public void Initial_OtherThanVGatesAndPools_IsRefused_NamingThePoolsTheCellHas()
    {
        var spec = new NetworkSpec
        {
            Populations = [new PopulationSpec { Name = "p", Count = 1, Model = SomaDendrite(new ConcentrationPoolSpec(), 1), Initial = new Dictionary<string, DistributionSpec> { ["ge"] = DistributionSpec.Constant(1) } }],
        };
        var e = Assert.Throws<InvalidInputException>(spec.Validate);
        Assert.Equal("population \"p\" ($.populations[0].initial.ge) is not v, a gate or a pool's concentration; a multi-compartment cell takes initial values of v, of its gates and of its pools' concentrations (v, v[COMPARTMENT], CHANNEL_GATE, CHANNEL_GATE[COMPARTMENT], caConc, caConc[COMPARTMENT]).", e.Message);
        // A compartment the cell does not have.
        e = Assert.Throws<InvalidInputException>(() => (spec with { Populations = [spec.Populations[0] with { Initial = new Dictionary<string, DistributionSpec> { ["caConc[axon]"] = DistributionSpec.Constant(1) } }] }).Validate());
        Assert.Contains("($.populations[0].initial.caConc[axon]) is not a state variable of model 'hh'", e.Message);
    }

    [Theory]
    [InlineData(ConcentrationModel.DecayingPool)]
    [InlineData(ConcentrationModel.FixedFactor)]
    public void PoolInOneCompartment_ConstantCalciumCurrent_ReachesTheClosedFormOnThatCompartmentsArea(ConcentrationModel model)
    {
        // A calcium channel of 2 mS/cm^2 at E = 80 mV on the dendrite only: once v settles its current I = g (80 - v) is constant and
        // the pool's fixed point is C_rest + tau kappa I, kappa from the dendrite's area A = pi d L (not the pool's areaUm2, left at 1000).
        var pool = new ConcentrationPoolSpec { Model = model, InitialMm = 1e-4, RestingMm = 1e-4, DecayMs = 5, ShellThicknessUm = 0.2, Rho = 3 };
        var engine = Run(SomaDendrite(pool, 2), 4000, 0.05, ["caConc[dend]", "ca_i[dend]", "v[dend]", "ca_i[soma]"]);
        var m = engine.StateMonitors[0];
        double currentPa = m.Values("ca_i[dend]")[^1];
        double vDend = m.Values("v[dend]")[^1];
        double areaUm2 = Math.PI * 2 * 100;
        // The current from the density and v, as a check on the recorded one: g = 2 mS/cm^2 x A x 0.01 nS.
        Assert.Equal(2 * areaUm2 * 0.01 * (80 - vDend), currentPa, 3);
        Assert.Equal(0, m.Values("ca_i[soma]")[^1]);
        double area = areaUm2 * 1e-12, current = currentPa * 1e-12;
        double r = Math.Sqrt(area / (4 * 3.14159)), inner = r - 0.2e-6;
        double volume = 4.0 / 3 * 3.14159 * (r * r * r - inner * inner * inner);
        double perSecond = model == ConcentrationModel.DecayingPool ? current / (2 * F * volume) : current * 3 / area; // mol/m^3/s
        double expected = 1e-4 + 5e-3 * perSecond;
        float last = m.Values("caConc[dend]")[^1];
        output.WriteLine($"{model}: I = {currentPa} pA, C = {last} mM, closed form {expected} mM");
        Assert.True(Math.Abs(last - expected) <= 1e-5 * expected, $"{last} vs fixed point {expected}");
        Assert.True(expected > 1e-3, "the current should raise the pool well above rest");
    }

    /// <summary>
    /// The squid axon's channels, a Nernst calcium channel and a KCa gate that reads caConc (alpha = kon caConc), on compartments of
    /// 20 x 10 um with a decaying pool on every one.
    /// </summary>
    internal static HodgkinHuxleyNeuronSpec Uniform(int n)
    {
        var alpha = VoltageFunction.Of(new FunctionExpression(new Dictionary<string, double> { ["kon"] = 1e5 }, [DerivedExpression.Of("r", "kon * caConc")], "r"), 0.001);
        var beta = VoltageFunction.Of(new FunctionExpression(new Dictionary<string, double> { ["b"] = 500 }, [DerivedExpression.Of("r", "b")], "r"), 0.001);
        return new HodgkinHuxleyNeuronSpec
        {
            InitialMv = -65, SpikeThresholdMv = 0,
            Channels =
            [
                .. HodgkinHuxleyNeuronSpec.HodgkinHuxley1952Channels,
                new IonChannelSpec("cal", 0, 0, []) { Ion = "ca", Reversal = ReversalKind.Nernst },
                new IonChannelSpec("kca", 0, -77, [new GateSpec("c", 1, GateKinetics.Rates, alpha, beta, null, null)]),
            ],
            Morphology = new MorphologySpec
            {
                Compartments = [.. Enumerable.Range(0, n).Select(i => new CompartmentSpec($"c{i}", i == 0 ? null : $"c{i - 1}", 20, 10))],
                Densities = [new("leak", "all", 0.3), new("na", "all", 120), new("k", "all", 36), new("cal", "all", 0.5), new("kca", "all", 5)],
                AxialResistivityOhmCm = 100,
                Concentrations = [new("all", new ConcentrationPoolSpec { InitialMm = 5e-5, RestingMm = 5e-5, DecayMs = 20, ShellThicknessUm = 0.1, ExternalMm = 2 })],
            },
        };
    }

    [Fact]
    public void IdenticalCompartments_WithUniformPools_EachIsTheOneCompartmentCell_AndTogetherNTimesItsCalcium()
    {
        // Four identical compartments, each given the same 100 pA: no axial current flows, so each compartment is the one-compartment
        // cell (the same channels, pool and current). They differ only by the rounding of the Hines elimination (the root's diagonal and
        // right side gain and lose the coupling terms): 4e-4 mV in v and 3e-6 relative in caConc over 40 ms of firing (bounds 2e-3 mV and 5e-5).
        const int n = 4;
        const double dt = 0.025;
        const int steps = 1600;
        var names = Enumerable.Range(0, n).SelectMany(i => new[] { $"v[c{i}]", $"caConc[c{i}]", $"cal_i[c{i}]", $"kca_c[c{i}]" }).ToArray();
        var many = Run(Uniform(n), steps, dt, names, inputs: [.. Enumerable.Range(0, n).Select(i => new CurrentInputSpec { Target = "n", Amplitude = 100, Compartment = $"c{i}" })]);
        var one = Run(Uniform(1), steps, dt, ["v[c0]", "caConc[c0]", "cal_i[c0]", "kca_c[c0]"], inputs: [new CurrentInputSpec { Target = "n", Amplitude = 100 }]).StateMonitors[0];
        var m = many.StateMonitors[0];
        var v1 = one.Values("v[c0]").ToArray();
        var c1 = one.Values("caConc[c0]").ToArray();
        Assert.True(v1.Max() > 20 && v1.Count(x => x > 0) > 20, "the one-compartment cell should fire");
        Assert.True(c1.Max() > 2 * 5e-5, "its calcium should rise above rest");
        double dv = 0, dc = 0, dTotal = 0;
        var total = new double[steps];
        for (int i = 0; i < n; i++)
        {
            var v = m.Values($"v[c{i}]").ToArray();
            var c = m.Values($"caConc[c{i}]").ToArray();
            var ica = m.Values($"cal_i[c{i}]").ToArray();
            for (int t = 0; t < steps; t++)
            {
                dv = Math.Max(dv, Math.Abs(v[t] - v1[t]));
                dc = Math.Max(dc, Math.Abs(c[t] - c1[t]) / c1[t]);
                total[t] += ica[t];
            }
        }
        var i1 = one.Values("cal_i[c0]").ToArray();
        for (int t = 0; t < steps; t++) dTotal = Math.Max(dTotal, Math.Abs(total[t] - n * i1[t]) / Math.Max(1, Math.Abs(n * i1[t])));
        output.WriteLine($"largest differences: v {dv} mV, caConc {dc} relative, total calcium current {dTotal} relative");
        Assert.True(dv < 2e-3, $"v differs by {dv} mV");
        Assert.True(dc < 5e-5, $"caConc differs by {dc} (relative)");
        Assert.True(dTotal < 1e-3, $"the total calcium current differs from {n} x the one compartment's by {dTotal} (relative)");
    }

    [Fact]
    public void SameConcentrations_AtOneTwoAndFourThreads()
    {
        // 5 000 neurons (two blocks) of a two-compartment cell with pools, each driven by its own Poisson input.
        var spec = new NetworkSpec
        {
            DtMs = 0.025,
            Populations = [new PopulationSpec { Name = "n", Count = 5000, Model = Uniform(2) }],
            Inputs = [new PoissonInputSpec { Target = "n", SourceCount = 20, RateHz = 300, Weight = 8 }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["caConc[c1]", "v[c0]"], Indices = [0, 4500] }, new SpikeMonitorSpec { Target = "n" }],
        };
        string Run(int threads)
        {
            var e = new SpikingEngine(spec, new SimulationOptions { Seed = 3, Threads = threads });
            e.Run(400);
            return string.Join(",", e.SpikeMonitors[0].Steps.ToArray().Zip(e.SpikeMonitors[0].Neurons.ToArray(), (s, i) => $"{s}:{i}"))
                + "|" + string.Join(",", e.StateMonitors[0].Values("caConc[c1]").ToArray()) + "|" + string.Join(",", e.StateMonitors[0].Values("v[c0]").ToArray());
        }
        string one = Run(1);
        Assert.True(one.Split('|')[0].Split(',').Length > 100, "the population should fire within 10 ms");
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(4));
    }

    private static NetworkSpec OnePopulation(HodgkinHuxleyNeuronSpec cell) => new()
    {
        Populations = [new PopulationSpec { Name = "p", Count = 1, Model = cell }],
    };

    [Fact]
    public void Json_RoundTrip_ReadBackEqual_WithoutAreaUm2()
    {
        var spec = OnePopulation(SomaDendrite(new ConcentrationPoolSpec { Model = ConcentrationModel.FixedFactor, Rho = 3, DecayMs = 5 }, 2));
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"concentrations\": [", json);
        var read = NetworkFile.Parse(json, "mc.json");
        Assert.Equal(spec.Populations[0].Model, read.Populations[0].Model);
        Assert.Equal(json, NetworkFile.ToJson(read));
        // A compartment's pool takes the compartment's area: the file has none to give.
        var node = JsonNode.Parse(json)!;
        node["populations"]![0]!["params"]!["morphology"]!["concentrations"]![0]!["areaUm2"] = 5;
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(node.ToJsonString(), "mc.json"));
        Assert.Contains("areaUm2", e.Message);
        Assert.Contains("morphology.concentrations[0]", e.Message);
    }

    [Theory]
    [InlineData("unknownGroup", "($.populations[0].params.morphology.concentrations[0].group) is not a group of the morphology (all, dendrite) (got apical).")]
    [InlineData("overlap", "($.populations[0].params.morphology.concentrations[1].group) puts a second pool of ion 'ca' on compartment 'dend' (concentrations[0] holds it); a compartment has one pool per ion (got all).")]
    [InlineData("external", "($.populations[0].params.morphology.concentrations[1].externalMm) differs from concentrations[0] of ion 'ca' (2); the pools of one ion share the external concentration (got 3).")]
    [InlineData("shell", "($.populations[0].params.morphology.concentrations[0].shellThicknessUm) must be at most the radius of a sphere of the area of compartment 'dend' (7.07 um) (got 8).")]
    [InlineData("decay", "($.populations[0].params.morphology.concentrations[0].decayMs) must be > 0 (got 0).")]
    [InlineData("cellLevel", "($.populations[0].params.concentrations) lists ion pools of the whole cell, but the cell has a morphology: put each pool on a group in morphology.concentrations (its area is each compartment's) (got 1).")]
    public void Validation_NamesTheJsonPathAndTheBadValue(string fault, string expected)
    {
        var pool = new ConcentrationPoolSpec();
        var cell = SomaDendrite(pool, 1);
        var m = cell.Morphology!;
        cell = fault switch
        {
            "unknownGroup" => cell with { Morphology = m with { Concentrations = [new("apical", pool)] } },
            "overlap" => cell with { Morphology = m with { Concentrations = [new("dendrite", pool), new("all", pool)] } },
            "external" => cell with { Morphology = m with { Groups = [.. m.Groups, new("s", ["soma"])], Concentrations = [new("dendrite", pool), new("s", pool with { ExternalMm = 3 })] } },
            "shell" => cell with { Morphology = m with { Concentrations = [new("dendrite", pool with { ShellThicknessUm = 8 })] } },
            "decay" => cell with { Morphology = m with { Concentrations = [new("dendrite", pool with { DecayMs = 0 })] } },
            _ => cell with { Concentrations = [pool], Morphology = m with { Concentrations = [] } },
        };
        var e = Assert.Throws<InvalidInputException>(() => OnePopulation(cell).Validate());
        Assert.Equal("population \"p\" " + expected, e.Message);
        OnePopulation(SomaDendrite(pool, 1)).Validate();
    }

    [Fact]
    public void ANernstChannel_NeedsAPoolOfItsIon_OnAMorphologyToo()
    {
        var cell = Uniform(2);
        cell = cell with { Morphology = cell.Morphology! with { Concentrations = [] } };
        var e = Assert.Throws<InvalidInputException>(() => OnePopulation(cell).Validate());
        Assert.Contains("($.populations[0].params.channels[3].ion) is 'ca', which no concentrations entry has; a nernst channel takes its concentrations from its ion's pool", e.Message);
        // Without the Nernst channel the KCa gate that reads caConc is refused the same way.
        cell = cell with { Channels = [.. cell.Channels.Where(c => c.Name != "cal")], Morphology = cell.Morphology with { Densities = [.. cell.Morphology.Densities.Where(d => d.Channel != "cal")] } };
        e = Assert.Throws<InvalidInputException>(() => OnePopulation(cell).Validate());
        Assert.Contains("reads caConc, but the cell has no concentrations entry of ion 'ca'", e.Message);
    }

    /// <summary>
    /// tests/brian2/hh_pool.py's cell (a soma and a dendrite of 10 compartments, squid channels, a gated calcium channel on the
    /// dendrite, a KCa gate reading caConc everywhere, a decaying pool in every compartment on its own area; 0.3 nA into the soma from
    /// 1 ms, dt 0.01 ms) against Brian2's SpatialNeuron: the spike's crossing of 0 mV at the soma and the tip within 0.03 ms, and the
    /// dendrite's calcium at 61 ms within 1 % (Brian2 steps each pool from the start-of-step gates, NeuroSharp from the stepped ones).
    /// </summary>
    [Brian2Fact]
    [Trait("Category", NeuroSharp.Testing.Categories.Slow)]
    public void SomaAndDendriteWithPools_MatchBrian2SpatialNeuron()
    {
        string script = Path.Combine(NeuroSharp.Testing.RepositoryRoot.Path, "tests", "brian2", "hh_pool.py");
        var (exit, text, err) = NeuroSharp.Testing.DebianPython.Run(TimeSpan.FromMinutes(5), null, script);
        Assert.True(exit == 0, err);
        var theirs = System.Text.Json.Nodes.JsonNode.Parse(text.Trim().Split('\n')[^1])!;
        var kca = Uniform(1).Channels.Single(c => c.Name == "kca");
        var s = new GateSpec("s", 2, GateKinetics.TauInf, null, null, VoltageFunction.Const(1), new VoltageFunction(VoltageFunctionForm.Sigmoid, 1, -20, 5));
        var cell = new HodgkinHuxleyNeuronSpec
        {
            InitialMv = -65, SpikeThresholdMv = 0,
            Channels = [.. HodgkinHuxleyNeuronSpec.HodgkinHuxley1952Channels, new IonChannelSpec("cal", 0, 80, [s]) { Ion = "ca" }, kca],
            Morphology = new MorphologySpec
            {
                Compartments = [new("soma", null, 20, 20), .. Enumerable.Range(0, 10).Select(i => new CompartmentSpec($"d{i}", i == 0 ? "soma" : $"d{i - 1}", 50, 2))],
                Groups = [new("dend", [.. Enumerable.Range(0, 10).Select(i => $"d{i}")])],
                Densities = [new("leak", "all", 0.3), new("na", "all", 120), new("k", "all", 36), new("cal", "dend", 2), new("kca", "all", 5)],
                AxialResistivityOhmCm = 100,
                Concentrations = [new("all", new ConcentrationPoolSpec { InitialMm = 5e-5, RestingMm = 5e-5, DecayMs = 20, ShellThicknessUm = 0.1 })],
            },
        };
        var spec = new NetworkSpec
        {
            DtMs = 0.01,
            Populations = [new PopulationSpec { Name = "n", Count = 1, Model = cell }],
            Inputs = [new CurrentInputSpec { Target = "n", Amplitude = 300, StartMs = 1 }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v[soma]", "v[d9]", "caConc[d0]", "caConc[d9]", "caConc[soma]"] }],
        };
        var e = new SpikingEngine(spec);
        e.Run(6100);
        var m = e.StateMonitors[0];
        double[] Crossings(string name)
        {
            var v = m.Values(name).ToArray();
            var list = new List<double>();
            for (int k = 0; k < v.Length; k++)
            {
                if (v[k] > 0 && (k == 0 || v[k - 1] <= 0)) list.Add(Math.Round((k + 1) * 0.01, 6)); // the value recorded after step k is v at (k + 1) dt
            }
            return [.. list];
        }
        foreach (var (ours, key) in new[] { ("v[soma]", "soma"), ("v[d9]", "tip") })
        {
            var a = Crossings(ours);
            var b = theirs[key]!.AsArray().Select(x => (double)x!).ToArray();
            output.WriteLine($"{key}: NeuroSharp {string.Join(", ", a)} ms, Brian2 {string.Join(", ", b)} ms");
            Assert.Equal(b.Length, a.Length);
            for (int k = 0; k < a.Length; k++) Assert.True(Math.Abs(a[k] - b[k]) <= 0.03 + 1e-9, $"{key} spike {k}: {a[k]} ms vs Brian2 {b[k]} ms");
        }
        foreach (var (ours, key) in new[] { ("caConc[d0]", "ca_d0"), ("caConc[d9]", "ca_d9"), ("caConc[soma]", "ca_soma") })
        {
            double a = m.Values(ours)[^1], b = (double)theirs[key]!;
            output.WriteLine($"{ours}: NeuroSharp {a} mM, Brian2 {b} mM");
            Assert.True(Math.Abs(a - b) <= 0.01 * b, $"{ours}: {a} mM vs Brian2 {b} mM");
        }
    }
}
