using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using Xunit.Abstractions;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Tapered compartments (frusta) and inputs onto any compartment (docs/spiking-multicompartment.md, "Tapered compartments" and
/// "Inputs"): a tapered passive cable with current into compartment k against its discrete system solved independently, a cone's
/// input resistance against the closed form, charge conservation, Poisson input onto a compartment, validation and the JSON round trip.
/// </summary>
public class MultiCompartmentTaperTests(ITestOutputHelper output)
{
    /// <summary>
    /// A cone cut into <paramref name="n"/> frusta: the diameter falls linearly from <paramref name="d0"/> at x = 0 to
    /// <paramref name="d1"/> at x = L; passive, leak <paramref name="leak"/> mS/cm^2 on <paramref name="leakGroup"/> at <paramref name="restMv"/>.
    /// </summary>
    private static HodgkinHuxleyNeuronSpec Cone(int n, double lengthUm, double d0, double d1, double leak, double ra = 100, double restMv = -65,
        string leakGroup = "all")
    {
        double D(int i) => d0 + (d1 - d0) * i / n;
        var compartments = Enumerable.Range(0, n).Select(i => new CompartmentSpec($"c{i}", i == 0 ? null : $"c{i - 1}", lengthUm / n, D(i + 1)) { ProximalDiameterUm = D(i) }).ToList();
        return new HodgkinHuxleyNeuronSpec
        {
            Channels = [IonChannelSpec.Passive("leak", 0, restMv)], InitialMv = restMv, SpikeThresholdMv = 1000,
            Morphology = new MorphologySpec
            {
                Compartments = compartments, Groups = [new("tip", [$"c{n - 1}"])], Densities = [new("leak", leakGroup, leak)], AxialResistivityOhmCm = ra,
            },
        };
    }

    private static NetworkSpec Network(HodgkinHuxleyNeuronSpec cell, double currentPa, string? compartment, double dtMs, IReadOnlyList<string> variables) => new()
    {
        DtMs = dtMs,
        Populations = [new PopulationSpec { Name = "n", Count = 1, Model = cell }],
        Inputs = [new CurrentInputSpec { Target = "n", Amplitude = currentPa, Compartment = compartment }],
        Monitors = [new StateMonitorSpec { Target = "n", Variables = variables }],
    };

    private static double[] Last(SpikingEngine e, IEnumerable<string> names) => [.. names.Select(x => (double)e.StateMonitors[0].Values(x).ToArray()[^1])];

    /// <summary>Brian2's and NEURON's frustum, written out here apart from the library's: the side's area and the conductance of each half (nS, lengths in um, R_a in ohm cm).</summary>
    private static (double Area, double ProximalHalfNs, double DistalHalfNs) Frustum(double lengthUm, double d1, double d2, double ra)
    {
        double area = Math.PI / 2 * (d1 + d2) * Math.Sqrt((d1 - d2) * (d1 - d2) / 4 + lengthUm * lengthUm);
        double mid = (d1 + d2) / 2;
        // The half's resistance: integral over L/2 of 4 R_a dx / (pi d(x)^2) = 4 R_a (L / 2) / (pi d_a d_b) for a linear taper; 1 / (ohm cm / um) = 1e5 nS.
        return (area, 1e5 * Math.PI * d1 * mid / (4 * ra * lengthUm / 2), 1e5 * Math.PI * mid * d2 / (4 * ra * lengthUm / 2));
    }

    [Fact]
    public void TaperedCable_CurrentIntoCompartmentK_SteadyStateIsTheDiscreteSystemsSolution()
    {
        // A cone 1 000 um long from 4 to 1 um, 40 frusta, R_a 100 ohm cm, leak 0.1 mS/cm^2; 20 pA into compartment 17 (not the root).
        const int n = 40, k = 17;
        var cell = Cone(n, 1000, 4, 1, 0.1);
        var m = cell.Morphology!;
        var gl = new double[n];
        var ga = new double[n]; // ga[i] couples i and i - 1: i's proximal half and i - 1's distal half in series
        for (int i = 0; i < n; i++)
        {
            var c = m.Compartments[i];
            var f = Frustum(c.LengthUm, c.StartDiameterUm, c.DiameterUm, 100);
            Assert.Equal(f.Area, c.AreaUm2, 9);
            gl[i] = 0.1 * f.Area * 0.01;
            if (i > 0)
            {
                var p = m.Compartments[i - 1];
                var fp = Frustum(p.LengthUm, p.StartDiameterUm, p.DiameterUm, 100);
                ga[i] = 1 / (1 / f.ProximalHalfNs + 1 / fp.DistalHalfNs);
            }
        }
        for (int i = 1; i < n; i++) Assert.Equal(ga[i], m.AxialConductancesNs()[i], 9);
        // The frusta's sides add up to the cone's: pi (r0 + r1) times the slant height.
        Assert.Equal(Math.PI * 2.5 * Math.Sqrt(1.5 * 1.5 + 1000 * 1000), m.Compartments.Sum(c => c.AreaUm2), 6);

        // Dense Gaussian elimination of gl_i (V_i - E) + sum_j g_ij (V_i - V_j) = I delta_ik in double.
        var a = new double[n, n + 1];
        for (int i = 0; i < n; i++)
        {
            a[i, i] += gl[i];
            a[i, n] = gl[i] * -65 + (i == k ? 20 : 0);
            if (i == 0) continue;
            a[i, i] += ga[i];
            a[i - 1, i - 1] += ga[i];
            a[i, i - 1] -= ga[i];
            a[i - 1, i] -= ga[i];
        }
        for (int col = 0; col < n; col++)
        {
            for (int r = 0; r < n; r++)
            {
                if (r == col) continue;
                double f = a[r, col] / a[col, col];
                for (int j = col; j <= n; j++) a[r, j] -= f * a[col, j];
            }
        }
        var names = Enumerable.Range(0, n).Select(i => $"v[c{i}]").ToArray();
        var e = new SpikingEngine(Network(cell, 20, $"c{k}", 1.0, names));
        e.Run(400); // backward Euler's fixed point is the steady state whatever dt; 40 tau
        var v = Last(e, names);
        double worst = Enumerable.Range(0, n).Max(i => Math.Abs(v[i] - a[i, n] / a[i, i]));
        output.WriteLine($"largest |v - exact| {worst:G3} mV; v at c0 {v[0]:F4}, c{k} {v[k]:F4}, c{n - 1} {v[n - 1]:F4} mV");
        Assert.Equal(k, Array.IndexOf(v, v.Max())); // the most depolarised is where the current enters
        // Float v near -65 mV rounds to 3.8e-6 mV (half an ulp); the elimination's rounding in float over a few steps stays below 2e-5.
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(v[i] - a[i, n] / a[i, i]) < 2e-5, $"c{i}: {v[i]} mV, exact {a[i, n] / a[i, i]} mV");
    }

    [Fact]
    public void Cone_InputResistance_IsTheClosedForm()
    {
        // A cone 200 um long from 4 to 1 um in 20 frusta, membrane only at the tip (100 mS/cm^2 on the last frustum, E = 0 mV),
        // 100 pA into the wide end: R_in = the axial resistance from the first centre to the last, 4 R_a (x_b - x_a) / (pi d(x_a) d(x_b))
        // (exact for a linear taper, however it is cut: the frusta's half resistances add up to the integral), plus 1 / (g A_tip).
        const int n = 20;
        double length = 200, ra = 100;
        var cell = Cone(n, length, 4, 1, 100, ra, restMv: 0, leakGroup: "tip");
        double xa = length / n / 2, xb = length - xa;
        double D(double x) => 4 + (1 - 4) * x / length;
        double axialMohm = 4 * ra * (xb - xa) * 1e-4 / (Math.PI * D(xa) * 1e-4 * D(xb) * 1e-4) / 1e6;
        double tipArea = Math.PI / 2 * (D(length - length / n) + 1) * Math.Sqrt(Math.Pow((D(length - length / n) - 1) / 2, 2) + Math.Pow(length / n, 2));
        double tipMohm = 1 / (100 * tipArea * 0.01) * 1e3; // 1 / nS = 1e3 Mohm
        var e = new SpikingEngine(Network(cell, 100, null, 1.0, ["v[c0]"]));
        e.Run(2000);
        double rIn = e.StateMonitors[0].Values("v[c0]").ToArray()[^1] / 100 * 1e3; // mV / pA = Gohm
        output.WriteLine($"R_in {rIn:F5} Mohm; closed form {axialMohm + tipMohm:F5} Mohm (axial {axialMohm:F4}, tip {tipMohm:F4})");
        // v is a float of about 13 mV: 1e-6 relative covers its rounding (6e-8) and the solve's.
        Assert.True(Math.Abs(rIn - (axialMohm + tipMohm)) < 1e-5 * (axialMohm + tipMohm), $"R_in {rIn} Mohm, closed form {axialMohm + tipMohm} Mohm");
        // A cylinder model of the same cone (each compartment the distal diameter, the reading before frusta) misses it by far more.
        var cylinders = cell with { Morphology = cell.Morphology! with { Compartments = [.. cell.Morphology.Compartments.Select(c => c with { ProximalDiameterUm = null })] } };
        var old = new SpikingEngine(Network(cylinders, 100, null, 1.0, ["v[c0]"]));
        old.Run(2000);
        Assert.True(Math.Abs(old.StateMonitors[0].Values("v[c0]").ToArray()[^1] / 100 * 1e3 - rIn) > 0.05 * rIn);
    }

    [Fact]
    public void TaperedTree_NoLeak_ChargeChangesByTheCurrentInjectedIntoABranch()
    {
        // A soma and two tapered branches, no leak, sealed: sum C_i (V_i(t) - V_i(0)) = I t whichever compartment the current enters.
        var comps = new List<CompartmentSpec> { new("soma", null, 20, 20) };
        for (int i = 0; i < 4; i++) comps.Add(new($"a{i}", i == 0 ? "soma" : $"a{i - 1}", 30, 3 - 0.5 * (i + 1)) { ProximalDiameterUm = 3 - 0.5 * i });
        for (int i = 0; i < 3; i++) comps.Add(new($"b{i}", i == 0 ? "soma" : $"b{i - 1}", 25, 1) { ProximalDiameterUm = 2 });
        var cell = new HodgkinHuxleyNeuronSpec
        {
            Channels = [IonChannelSpec.Passive("leak", 0, -70)], InitialMv = -70, SpikeThresholdMv = 1000,
            Morphology = new MorphologySpec { Compartments = comps, Densities = [new("leak", "all", 0)], AxialResistivityOhmCm = 150 },
        };
        var c = cell.Morphology.CapacitancesPf();
        var names = comps.Select(x => $"v[{x.Name}]").ToArray();
        var e = new SpikingEngine(Network(cell, 5, "a2", 0.025, names));
        e.Run(400); // 10 ms
        var v = Last(e, names);
        double charge = Enumerable.Range(0, c.Length).Sum(i => c[i] * (v[i] + 70));
        double rounding = 400 * c.Sum() * (MathF.BitIncrement(70f) - 70f) / 2;
        output.WriteLine($"charge {charge} fC, injected 50 fC, bound {rounding} fC");
        Assert.True(Math.Abs(charge - 50) < rounding, $"charge {charge} fC, injected 50 fC");
        Assert.Equal(Array.IndexOf(names, "v[a2]"), Array.IndexOf(v, v.Max()));
    }

    private static NetworkSpec BallAndStick(InputSpec input) => new()
    {
        DtMs = 0.025,
        Populations =
        [
            new PopulationSpec
            {
                Name = "p", Count = 2, Model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with
                {
                    Morphology = new MorphologySpec
                    {
                        Compartments = [new("soma", null, 20, 20), new("d0", "soma", 50, 2) { ProximalDiameterUm = 4 }, new("d1", "d0", 50, 1) { ProximalDiameterUm = 2 }],
                        Densities = [new("leak", "all", 0.3), new("na", "all", 120), new("k", "all", 36)],
                    },
                },
            },
        ],
        Inputs = [input],
        Monitors = [new StateMonitorSpec { Target = "p", Variables = ["ge[soma]", "ge[d1]", "v[soma]", "v[d1]"] }],
    };

    [Fact]
    public void PoissonInput_OntoACompartment_ReachesItsConductanceOnly()
    {
        var spec = BallAndStick(new PoissonInputSpec { Target = "p", SourceCount = 10, RateHz = 200, Weight = 0.5, Compartment = "d1" });
        var e = new SpikingEngine(spec, new SimulationOptions { Seed = 4 });
        e.Run(400);
        var m = e.StateMonitors[0];
        Assert.True(m.Values("ge[d1]").ToArray().Max() > 0.5, "the spikes reach d1's g_e");
        Assert.All(m.Values("ge[soma]").ToArray(), g => Assert.Equal(0f, g));
        // The same input with no compartment reaches the soma (the input compartment) and not d1.
        var root = new SpikingEngine(BallAndStick(new PoissonInputSpec { Target = "p", SourceCount = 10, RateHz = 200, Weight = 0.5 }), new SimulationOptions { Seed = 4 });
        root.Run(400);
        Assert.Equal(m.Values("ge[d1]").ToArray(), root.StateMonitors[0].Values("ge[soma]").ToArray()); // the same draws, moved
        Assert.All(root.StateMonitors[0].Values("ge[d1]").ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Json_RoundTrip_OfFrustaAndInputCompartments_AndRefusals()
    {
        var spec = BallAndStick(new CurrentInputSpec { Target = "p", Amplitude = 10, Compartment = "d1" }) with
        {
            Inputs = [new CurrentInputSpec { Target = "p", Amplitude = 10, Compartment = "d1" }, new PoissonInputSpec { Target = "p", RateHz = 5, Weight = 1, Compartment = "d0" }],
        };
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"proximalDiameterUm\": 4", json);
        Assert.Contains("\"compartment\": \"d1\"", json);
        var read = NetworkFile.Parse(json, "mc.json");
        Assert.Equal(spec.Populations[0].Model, read.Populations[0].Model);
        Assert.Equal(spec.Inputs, read.Inputs);
        Assert.Equal(json, NetworkFile.ToJson(read));

        var e1 = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(json.Replace("\"proximalDiameterUm\": 4", "\"proximalDiameterUm\": 0"), "mc.json"));
        Assert.Contains("($.populations[0].params.morphology.compartments[1].proximalDiameterUm) must be > 0 (got 0).", e1.Message);
        var e2 = Assert.Throws<InvalidInputException>(() => (spec with { Inputs = [new CurrentInputSpec { Target = "p", Amplitude = 1, Compartment = "axon" }] }).Validate());
        Assert.Equal("$.inputs[0].compartment is 'axon', which is not a compartment of 'p' (soma, d0, d1).", e2.Message);
        var point = spec with { Populations = [spec.Populations[0] with { Model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 }], Monitors = [] };
        var e3 = Assert.Throws<InvalidInputException>(() => (point with { Inputs = [spec.Inputs[1]] }).Validate());
        Assert.Equal("$.inputs[0].compartment is 'd0', but 'p' is a population without a morphology (leave compartment out).", e3.Message);
    }
}

/// <summary>A soma with a tapered HH dendrite and current into a dendritic compartment against Brian2's SpatialNeuron (tests/brian2/hh_cone.py).</summary>
public class MultiCompartmentTaperBrian2Tests(ITestOutputHelper output)
{
    /// <summary>
    /// The cell of hh_cone.py: a 20 x 20 um soma and 20 frusta of 50 um from 6 to 2 um, squid channels, R_a 100 ohm cm, 1.5 nA into
    /// dendrite compartment 15 from 1 to 2 ms, dt 0.01 ms: the first crossing of 0 mV at the input, the tip and the soma each within
    /// 0.02 ms (2 steps) of Brian2's (the axon of MultiCompartmentBrian2Tests agrees to the step; float against double), and the
    /// areas of three compartments to 1e-9.
    /// </summary>
    [Brian2Fact]
    [Trait("Category", NeuroSharp.Testing.Categories.Slow)]
    public void TaperedDendrite_CrossingTimes_MatchBrian2SpatialNeuron()
    {
        string script = Path.Combine(NeuroSharp.Testing.RepositoryRoot.Path, "tests", "brian2", "hh_cone.py");
        var (exit, text, err) = NeuroSharp.Testing.DebianPython.Run(TimeSpan.FromMinutes(5), null, script);
        Assert.True(exit == 0, err);
        using var doc = System.Text.Json.JsonDocument.Parse(text.Trim().Split('\n')[^1]);
        double[] Theirs(string key) => [.. doc.RootElement.GetProperty(key).EnumerateArray().Select(x => x.GetDouble())];
        var comps = new List<CompartmentSpec> { new("soma", null, 20, 20) };
        for (int i = 0; i < 20; i++) comps.Add(new($"d{i}", i == 0 ? "soma" : $"d{i - 1}", 50, 6 - 4.0 * (i + 1) / 20) { ProximalDiameterUm = 6 - 4.0 * i / 20 });
        var cell = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with
        {
            SpikeThresholdMv = 0,
            Morphology = new MorphologySpec { Compartments = comps, Densities = [new("leak", "all", 0.3), new("na", "all", 120), new("k", "all", 36)], AxialResistivityOhmCm = 100 },
        };
        var area = Theirs("area_um2");
        Assert.Equal(area[0], comps[0].AreaUm2, 9);
        Assert.Equal(area[1], comps[1].AreaUm2, 9);
        Assert.Equal(area[2], comps[20].AreaUm2, 9);
        var spec = new NetworkSpec
        {
            DtMs = 0.01,
            Populations = [new PopulationSpec { Name = "n", Count = 1, Model = cell }],
            Inputs = [new CurrentInputSpec { Target = "n", Amplitude = 1500, StartMs = 1, StopMs = 2, Compartment = "d15" }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v[soma]", "v[d15]", "v[d19]"] }],
        };
        var e = new SpikingEngine(spec);
        e.Run(1000);
        foreach (var (ours, key) in new[] { ("v[soma]", "soma"), ("v[d15]", "input"), ("v[d19]", "tip") })
        {
            var v = e.StateMonitors[0].Values(ours).ToArray();
            int k = Array.FindIndex(v, x => x > 0);
            var theirs = Theirs(key);
            output.WriteLine($"{key}: NeuroSharp {(k + 1) * 0.01:F2} ms, Brian2 {string.Join(", ", theirs)} ms");
            Assert.NotEmpty(theirs);
            Assert.True(k >= 0, $"{key} should cross 0 mV");
            Assert.True(Math.Abs((k + 1) * 0.01 - theirs[0]) <= 0.02 + 1e-9, $"{key}: {(k + 1) * 0.01} ms vs Brian2 {theirs[0]} ms");
        }
    }
}

/// <summary>Channel currents per compartment and a population's "initial" on a multi-compartment cell (docs/spiking-multicompartment.md).</summary>
public class MultiCompartmentStateTests
{
    private static readonly MorphologySpec Morphology = new()
    {
        Compartments = [new("soma", null, 20, 20), new("d0", "soma", 50, 2) { ProximalDiameterUm = 4 }, new("d1", "d0", 50, 1) { ProximalDiameterUm = 2 }],
        Groups = [new("dend", ["d0", "d1"])],
        Densities = [new("leak", "all", 0.3), new("na", "all", 120), new("k", "all", 36), new("k", "dend", 10)],
        InputCompartment = "d1",
    };

    private static NetworkSpec Cell(IReadOnlyDictionary<string, DistributionSpec>? initial, IReadOnlyList<string> variables, double initialMv = -65, double pa = 30) => new()
    {
        DtMs = 0.025,
        Populations = [new PopulationSpec { Name = "p", Count = 2, Model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with { Morphology = Morphology, InitialMv = initialMv, SpikeThresholdMv = 0 }, Initial = initial }],
        Inputs = [new CurrentInputSpec { Target = "p", Amplitude = pa }],
        Monitors = [new StateMonitorSpec { Target = "p", Variables = variables }],
    };

    [Fact]
    public void ChannelCurrents_PerCompartment_AreTheirConductanceTimesTheDrivingForce()
    {
        string[] names = ["v[soma]", "v[d1]", "na_i[d1]", "na_g[d1]", "leak_i[soma]", "k_i", "k_g", "v"];
        var e = new SpikingEngine(Cell(null, names, pa: 300));
        e.Run(800); // 20 ms: 300 pA into d1 makes the cell fire, so na_i is large at times
        var m = e.StateMonitors[0];
        float[] V(string n) => m.Values(n).ToArray();
        double leakSoma = Morphology.ConductancesNs("leak")[0];
        Assert.True(V("na_i[d1]").Max() > 50, "na_i[d1] should be large during a spike (pA)");
        for (int t = 0; t < V("v").Length; t++)
        {
            // I = g (E - v), inward positive, from the state after the step: the cable's new v, the new gates.
            Assert.Equal(V("na_g[d1]")[t] * (50 - V("v[d1]")[t]), V("na_i[d1]")[t], 0.01 + 1e-5 * Math.Abs(V("na_i[d1]")[t]));
            Assert.Equal(leakSoma * (-54.387 - V("v[soma]")[t]), V("leak_i[soma]")[t], 1e-3);
            Assert.Equal(V("k_g")[t] * (-77 - V("v")[t]), V("k_i")[t], 0.01 + 1e-5 * Math.Abs(V("k_i")[t])); // plain names: the spike compartment
        }
    }

    [Fact]
    public void Initial_V_SetsEveryCompartment_GatesAtRestThere_AsInitialMvDoes()
    {
        string[] names = ["v[soma]", "v[d1]", "na_m[d0]", "k_n"];
        var given = new SpikingEngine(Cell(new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Constant(-60) }, names));
        var spec = new SpikingEngine(Cell(null, names, initialMv: -60));
        given.Run(200);
        spec.Run(200);
        foreach (string n in names) Assert.Equal(spec.StateMonitors[0].Values(n).ToArray(), given.StateMonitors[0].Values(n).ToArray());

        // Drawn per neuron: the two neurons start apart, each isopotential; a value for one compartment overrides it there.
        var drawn = new SpikingEngine(Cell(new Dictionary<string, DistributionSpec> { ["v[d1]"] = DistributionSpec.PerNeuron([-45, -40]), ["v"] = DistributionSpec.PerNeuron([-70, -62]) }, names, pa: 0),
            new SimulationOptions { Seed = 2 });
        var group = Assert.IsType<MultiCompartmentGroup>(drawn.Groups.Single());
        Assert.Equal(new float[] { -70, -70, -45, -62, -62, -40 }, group.CompartmentV);
        Assert.Equal((float)Squid.M(-45), group.Rows.Variable("na_m")![2], 1e-6); // d1's gates at rest at its own -45 mV
        Assert.Equal((float)Squid.M(-70), group.Rows.Variable("na_m")![0], 1e-6);
        var e = Assert.Throws<InvalidInputException>(() => new SpikingEngine(Cell(new Dictionary<string, DistributionSpec> { ["ge"] = DistributionSpec.Constant(1) }, names)));
        Assert.StartsWith("population \"p\" ($.populations[0].initial.ge", e.Message);
        Assert.EndsWith("is not v or a gate; a multi-compartment cell takes initial values of v and of its gates (v, v[COMPARTMENT], CHANNEL_GATE, CHANNEL_GATE[COMPARTMENT]).", e.Message);
    }

    /// <summary>The squid axon's m_inf at v (mV), modern convention, as HodgkinHuxley1952Channels define it.</summary>
    private static class Squid
    {
        public static double M(double v)
        {
            double a = 0.1 * (v + 40) / (1 - Math.Exp(-(v + 40) / 10)), b = 4 * Math.Exp(-(v + 65) / 18);
            return a / (a + b);
        }
    }
}
