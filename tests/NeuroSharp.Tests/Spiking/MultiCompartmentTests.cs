using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using Xunit.Abstractions;

namespace NeuroSharp.Tests.Spiking;

/// <summary>
/// Multi-compartment hh neurons (docs/spiking-multicompartment.md): a passive cable's steady state against the exact solution of
/// the discrete system and against the continuous cosh profile, its step response against the cable's eigenfunction series, charge
/// conservation, a one-compartment cell against the point neuron, an HH axon's propagation, thread counts, validation and the JSON
/// round trip.
/// </summary>
public class MultiCompartmentTests(ITestOutputHelper output)
{
    /// <summary>Squid-axon channels (their conductanceNs unused with a morphology: the densities below give g per compartment).</summary>
    private static readonly IReadOnlyList<IonChannelSpec> Squid = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952Channels;

    /// <summary>
    /// An unbranched cable of <paramref name="n"/> compartments of <paramref name="lengthUm"/> / n by <paramref name="diameterUm"/>,
    /// sealed at both ends, passive (leak density <paramref name="leak"/> mS/cm^2 at <paramref name="restMv"/>) unless
    /// <paramref name="active"/> (the squid axon's 120, 36, 0.3 mS/cm^2).
    /// </summary>
    internal static HodgkinHuxleyNeuronSpec Cable(int n, double lengthUm, double diameterUm, double leak = 0.1, double restMv = -65, bool active = false,
        double ra = 100, double initialMv = -65)
    {
        var compartments = Enumerable.Range(0, n).Select(i => new CompartmentSpec($"c{i}", i == 0 ? null : $"c{i - 1}", lengthUm / n, diameterUm)).ToList();
        IReadOnlyList<IonChannelSpec> channels = active ? Squid : [IonChannelSpec.Passive("leak", 0, restMv)];
        IReadOnlyList<ChannelDensitySpec> densities = active
            ? [new("leak", "all", 0.3), new("na", "all", 120), new("k", "all", 36)]
            : [new("leak", "all", leak)];
        return new HodgkinHuxleyNeuronSpec
        {
            Channels = channels, InitialMv = initialMv, SpikeThresholdMv = active ? 0 : 1000,
            Morphology = new MorphologySpec { Compartments = compartments, Densities = densities, AxialResistivityOhmCm = ra },
        };
    }

    private static NetworkSpec Network(HodgkinHuxleyNeuronSpec cell, double currentPa, double dtMs, int count = 1, IReadOnlyList<string>? variables = null,
        double startMs = 0) => new()
    {
        DtMs = dtMs,
        Populations = [new PopulationSpec { Name = "n", Count = count, Model = cell }],
        Inputs = currentPa == 0 ? [] : [new CurrentInputSpec { Target = "n", Amplitude = currentPa, StartMs = startMs }],
        Monitors = [new StateMonitorSpec { Target = "n", Variables = variables ?? ["v"] }, new SpikeMonitorSpec { Target = "n" }],
    };

    /// <summary>Runs and returns the last recorded value of each compartment's v (neuron 0).</summary>
    private static double[] Profile(HodgkinHuxleyNeuronSpec cell, double currentPa, double dtMs, int steps)
    {
        int n = cell.Morphology!.Compartments.Count;
        var e = new SpikingEngine(Network(cell, currentPa, dtMs, variables: [.. Enumerable.Range(0, n).Select(i => $"v[c{i}]")]));
        e.Run(steps);
        return [.. Enumerable.Range(0, n).Select(i => (double)e.StateMonitors[0].Values($"v[c{i}]").ToArray()[^1])];
    }

    /// <summary>
    /// The steady state of the discrete system, solved independently (Thomas' tridiagonal algorithm in double): leak g_i (V_i - E) +
    /// sum_j g_ij (V_i - V_j) = I delta_i0.
    /// </summary>
    private static double[] DiscreteSteadyState(MorphologySpec m, double leakMsPerCm2, double restMv, double currentPa)
    {
        int n = m.Compartments.Count;
        var gl = m.Compartments.Select(c => leakMsPerCm2 * c.AreaUm2 * 0.01).ToArray();
        var ga = m.AxialConductancesNs(); // ga[i] couples i and i - 1
        var lower = new double[n];
        var diag = new double[n];
        var upper = new double[n];
        var rhs = new double[n];
        for (int i = 0; i < n; i++)
        {
            diag[i] = gl[i] + (i > 0 ? ga[i] : 0) + (i < n - 1 ? ga[i + 1] : 0);
            lower[i] = i > 0 ? -ga[i] : 0;
            upper[i] = i < n - 1 ? -ga[i + 1] : 0;
            rhs[i] = gl[i] * restMv + (i == 0 ? currentPa : 0);
        }
        for (int i = 1; i < n; i++)
        {
            double w = lower[i] / diag[i - 1];
            diag[i] -= w * upper[i - 1];
            rhs[i] -= w * rhs[i - 1];
        }
        var v = new double[n];
        v[n - 1] = rhs[n - 1] / diag[n - 1];
        for (int i = n - 2; i >= 0; i--) v[i] = (rhs[i] - upper[i] * v[i + 1]) / diag[i];
        return v;
    }

    [Fact]
    public void PassiveCable_SteadyState_IsTheDiscreteSystemsExactSolution()
    {
        // 40 compartments of 25 um x 1 um, R_a 100 ohm cm, leak 0.1 mS/cm^2 (lambda 500 um, tau 10 ms), 20 pA into the first.
        var cell = Cable(40, 1000, 1);
        var v = Profile(cell, 20, 1.0, 400); // backward Euler's fixed point is the steady state whatever dt; 40 tau
        var exact = DiscreteSteadyState(cell.Morphology!, 0.1, -65, 20);
        Assert.True(exact[0] - exact[^1] > 5, $"the profile should fall along the cable ({exact[0]} to {exact[^1]} mV)");
        output.WriteLine($"largest |v - exact| {Enumerable.Range(0, v.Length).Max(i => Math.Abs(v[i] - exact[i])):G3} mV");
        for (int i = 0; i < v.Length; i++) Assert.True(Math.Abs(v[i] - exact[i]) < 2e-5, $"compartment {i}: {v[i]} mV, exact {exact[i]} mV");
    }

    /// <summary>The continuous sealed cable with current I into x = 0: V(x) - E = I r_a lambda cosh((L - x) / lambda) / sinh(L / lambda).</summary>
    private static double Continuous(double xUm, double lengthUm, double diameterUm, double leak, double ra, double currentPa)
    {
        double dCm = diameterUm * 1e-4, lambdaCm = Math.Sqrt(dCm / (4 * ra * leak * 1e-3));
        double raPerCm = ra / (Math.PI * dCm * dCm / 4); // ohm per cm
        double lambdaUm = lambdaCm * 1e4;
        double volts = currentPa * 1e-12 * raPerCm * lambdaCm * Math.Cosh((lengthUm - xUm) / lambdaUm) / Math.Sinh(lengthUm / lambdaUm);
        return volts * 1e3;
    }

    [Fact]
    public void PassiveCable_SteadyState_ApproachesTheContinuousCoshProfile_AsCompartmentsShrink()
    {
        // L = 1000 um = 2 lambda. Each compartment's v against V(x) at its centre; the error shrinks about 4x per halving (second order).
        double previous = double.MaxValue;
        var errors = new List<double>();
        foreach (int n in new[] { 10, 20, 40, 80 })
        {
            var v = Profile(Cable(n, 1000, 1), 20, 1.0, 400);
            double dx = 1000.0 / n, worst = 0;
            for (int i = 0; i < n; i++) worst = Math.Max(worst, Math.Abs(v[i] + 65 - Continuous((i + 0.5) * dx, 1000, 1, 0.1, 100, 20)));
            errors.Add(worst);
            output.WriteLine($"N = {n}: largest |v - V(x)| {worst:G3} mV");
            Assert.True(worst < previous, $"N = {n}: error {worst} mV did not shrink from {previous} mV");
            previous = worst;
        }
        // The cosh profile's amplitude: I r_a lambda coth(2) = 20 pA x 127 Mohm/cm x 0.05 cm x 1.037 = 13.2 mV.
        Assert.True(errors[^1] < 0.02 * Continuous(0, 1000, 1, 0.1, 100, 20), $"N = 80: {string.Join(", ", errors)} mV");
        Assert.True(errors[2] / errors[3] > 3, $"second order: errors {string.Join(", ", errors)} mV");
    }

    /// <summary>
    /// The sealed cable's response to a current step into x = 0 (Rall's eigenfunction series, X = x / lambda, T = t / tau, L in
    /// lambdas): V - E = (I r_a lambda / L) [(1 - e^-T) + 2 sum_n cos(n pi X / L) (1 - e^-(1 + (n pi / L)^2) T) / (1 + (n pi / L)^2)].
    /// </summary>
    private static double StepSeries(double xUm, double tMs, double lengthUm, double diameterUm, double leak, double ra, double currentPa)
    {
        double dCm = diameterUm * 1e-4, lambdaCm = Math.Sqrt(dCm / (4 * ra * leak * 1e-3));
        double raPerCm = ra / (Math.PI * dCm * dCm / 4);
        double l = lengthUm * 1e-4 / lambdaCm, x = xUm * 1e-4 / lambdaCm, t = tMs / (1.0 / (leak * 1e-3) * 1e-6 * 1e3); // tau = c_m / g_L = 1 uF / 0.1 mS = 10 ms
        double sum = 1 - Math.Exp(-t);
        for (int n = 1; n < 20000; n++)
        {
            double k = n * Math.PI / l, rate = 1 + k * k;
            sum += 2 * Math.Cos(k * x) * (1 - Math.Exp(-rate * t)) / rate;
        }
        return currentPa * 1e-12 * raPerCm * lambdaCm / l * sum * 1e3;
    }

    [Fact]
    public void PassiveCable_StepResponse_FollowsTheEigenfunctionSeries()
    {
        // 100 compartments of 10 um (lambda 500 um, L = 2 lambda), dt 0.01 ms; 20 pA from t = 0; v at the first compartment and the middle.
        var cell = Cable(100, 1000, 1);
        var e = new SpikingEngine(Network(cell, 20, 0.01, variables: ["v[c0]", "v[c50]"]));
        e.Run(2000);
        var near = e.StateMonitors[0].Values("v[c0]").ToArray();
        var middle = e.StateMonitors[0].Values("v[c50]").ToArray();
        double amplitude = StepSeries(0, 1e6, 1000, 1, 0.1, 100, 20);
        Assert.InRange(amplitude, 13.0, 13.4); // the steady state, I r_a lambda coth(L) = 13.2 mV
        foreach (double t in new[] { 0.5, 1.0, 2.0, 5.0, 10.0, 20.0 })
        {
            int k = (int)Math.Round(t / 0.01) - 1; // the value recorded after step k is v at (k + 1) dt
            double a = StepSeries(5, t, 1000, 1, 0.1, 100, 20), b = StepSeries(505, t, 1000, 1, 0.1, 100, 20);
            output.WriteLine($"t = {t} ms: x = 5 um {near[k] + 65:F4} vs {a:F4} mV, x = 505 um {middle[k] + 65:F4} vs {b:F4} mV");
            Assert.True(Math.Abs(near[k] + 65 - a) < 0.01 * amplitude, $"t = {t} ms at x = 5 um: {near[k] + 65} mV, series {a} mV");
            Assert.True(Math.Abs(middle[k] + 65 - b) < 0.01 * amplitude, $"t = {t} ms at x = 505 um: {middle[k] + 65} mV, series {b} mV");
        }
    }

    /// <summary>A soma with two branches of different diameters, five compartments each (a tree, not a line).</summary>
    private static HodgkinHuxleyNeuronSpec Branched(double leak)
    {
        var compartments = new List<CompartmentSpec> { new("soma", null, 20, 20) };
        for (int i = 0; i < 5; i++) compartments.Add(new($"a{i}", i == 0 ? "soma" : $"a{i - 1}", 50, 2));
        for (int i = 0; i < 5; i++) compartments.Add(new($"b{i}", i == 0 ? "soma" : $"b{i - 1}", 40, 0.8));
        return new HodgkinHuxleyNeuronSpec
        {
            Channels = [IonChannelSpec.Passive("leak", 0, -70)], InitialMv = -70, SpikeThresholdMv = 1000,
            Morphology = new MorphologySpec
            {
                Compartments = compartments, Groups = [new("dend", [.. compartments.Skip(1).Select(c => c.Name)])],
                Densities = [new("leak", "dend", leak), new("leak", "all", leak)], Capacitances = [new("dend", 2)],
                AxialResistivityOhmCm = 150, InputCompartment = "b4",
            },
        };
    }

    [Fact]
    public void BranchedTree_NoLeak_ChargeChangesExactlyByTheInjectedCharge()
    {
        // Sealed ends, no leak: sum_i C_i dV_i/dt = I (the axial currents cancel in pairs), so sum C_i (V_i(t) - V_i(0)) = I t.
        var cell = Branched(0);
        var m = cell.Morphology!;
        var c = m.CapacitancesPf();
        Assert.Equal(2 * m.Compartments[1].AreaUm2 * 0.01, c[1], 12); // the dend group's 2 uF/cm^2
        var names = m.Compartments.Select(x => $"v[{x.Name}]").ToArray();
        var e = new SpikingEngine(Network(cell, 5, 0.025, variables: names));
        e.Run(400); // 10 ms
        double charge = 0;
        for (int i = 0; i < names.Length; i++) charge += c[i] * (e.StateMonitors[0].Values(names[i]).ToArray()[^1] + 70);
        double injected = 5 * 10.0; // pA x ms = fC
        // Exact but for v's float rounding: at most half an ulp of 70 mV per compartment and step, times C_i.
        double rounding = 400 * c.Sum() * (MathF.BitIncrement(70f) - 70f) / 2;
        output.WriteLine($"charge {charge} fC, injected {injected} fC, rounding bound {rounding} fC");
        Assert.True(Math.Abs(charge - injected) < rounding, $"charge {charge} fC, injected {injected} fC");
        // The input compartment (the thin branch's tip) is the most depolarised.
        var last = names.Select(n => e.StateMonitors[0].Values(n).ToArray()[^1]).ToArray();
        Assert.Equal(Array.IndexOf(names, "v[b4]"), Array.IndexOf(last, last.Max()));
    }

    [Fact]
    public void BranchedTree_SteadyState_IsADenseSolvesAnswer()
    {
        // Hines' elimination over a branch point against Gaussian elimination of the full matrix in double. The soma's distal half and
        // the proximal halves of a0 and b0 meet at the branch point: unknown n, a junction of no membrane (docs/spiking-multicompartment.md,
        // "Branch points"), built here from the halves' resistances; every other link is the two halves in series.
        var cell = Branched(0.05);
        var m = cell.Morphology!;
        int n = m.Compartments.Count;
        var parent = m.ParentIndices();
        var ga = m.AxialConductancesNs();
        var gl = m.ConductancesNs("leak");
        Assert.Equal(2 * 0.05 * m.Compartments[3].AreaUm2 * 0.01, gl[3], 12); // the dend and all densities add
        var a = new double[n + 1, n + 2];
        void Link(int i, int j, double g)
        {
            a[i, i] += g;
            a[j, j] += g;
            a[i, j] -= g;
            a[j, i] -= g;
        }
        double ra = m.AxialResistivityOhmCm;
        for (int i = 0; i < n; i++)
        {
            a[i, i] += gl[i];
            a[i, n + 1] = gl[i] * -70 + (i == n - 1 ? 5 : 0);
            if (parent[i] < 0) continue;
            if (parent[i] == 0) Link(i, n, 1e5 / m.Compartments[i].ProximalHalfResistance(ra));
            else Link(i, parent[i], ga[i]);
        }
        Link(0, n, 1e5 / m.Compartments[0].DistalHalfResistance(ra));
        n++;
        for (int col = 0; col < n; col++)
        {
            int pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(a[r, col]));
            for (int j = 0; j <= n; j++) (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
            for (int r = 0; r < n; r++)
            {
                if (r == col) continue;
                double f = a[r, col] / a[col, col];
                for (int j = col; j <= n; j++) a[r, j] -= f * a[col, j];
            }
        }
        var names = m.Compartments.Select(x => $"v[{x.Name}]").ToArray();
        var e = new SpikingEngine(Network(cell, 5, 2.0, variables: names));
        e.Run(2000);
        for (int i = 0; i < names.Length; i++)
        {
            double exact = a[i, n] / a[i, i];
            float v = e.StateMonitors[0].Values(names[i]).ToArray()[^1];
            // v is a float: a step of dt 2 ms moves it about a tenth of the way to rest (tau ~20 ms), so it stops where that tenth is
            // below half an ulp of 68 mV (3.8e-6 mV), up to ~4e-5 mV short of the exact answer.
            Assert.True(Math.Abs(v - exact) < 5e-5, $"{names[i]}: {v} mV, dense solve {exact} mV");
        }
    }

    [Fact]
    public void OneCompartment_IsThePointNeuron_UpToTheIntegrationScheme()
    {
        // The squid axon as a point (1 000 um^2, 10 pF, exponential Euler) and as one compartment of the same area and densities
        // (gates first, then v by backward Euler with the new gates), 100 pA (10 uA/cm^2) for 50 ms at dt 0.01 ms: the same number of
        // spikes, each within 0.03 ms + 0.4 % of its time (the compartment's interspike interval of about 14.7 ms comes out about
        // 0.05 ms shorter than exponential Euler's, which is about 0.075 ms longer than a fine RK4's: docs/spiking-hh.md).
        double d = 10, l = 1000 / (Math.PI * d);
        var one = Cable(1, l, d, active: true);
        Assert.Equal(10, one.Morphology!.CapacitancesPf()[0], 10);
        Assert.Equal(1200, one.Morphology.ConductancesNs("na")[0], 9);
        var point = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with { SpikeThresholdMv = 0 };
        double[] Spikes(HodgkinHuxleyNeuronSpec cell)
        {
            var e = new SpikingEngine(Network(cell, 100, 0.01));
            e.Run(5000);
            return [.. e.SpikeMonitors[0].Steps.ToArray().Select(s => (s + 1) * 0.01)];
        }
        var a = Spikes(point);
        var b = Spikes(one);
        output.WriteLine($"point {string.Join(", ", a.Select(x => x.ToString("F2")))}; one compartment {string.Join(", ", b.Select(x => x.ToString("F2")))}");
        Assert.InRange(a.Length, 3, 5);
        Assert.Equal(a.Length, b.Length);
        for (int k = 0; k < a.Length; k++) Assert.True(Math.Abs(a[k] - b[k]) <= 0.03 + 0.004 * a[k], $"spike {k}: point {a[k]} ms, one compartment {b[k]} ms");
    }

    [Fact]
    public void HhAxon_SpikePropagates_FromTheInjectedEndToTheFar()
    {
        // A squid-axon cable 5 mm long, 20 um thick, 100 compartments; a pulse at c0: every compartment fires once, in order.
        var cell = Cable(100, 5000, 20, active: true, ra: 35.4) with { RefractoryMs = 50 };
        var names = new[] { "v[c0]", "v[c25]", "v[c50]", "v[c75]", "v[c99]" };
        var spec = Network(cell, 0, 0.01, variables: names) with { Inputs = [new CurrentInputSpec { Target = "n", Amplitude = 20_000, StartMs = 1, StopMs = 2 }] };
        var e = new SpikingEngine(spec);
        e.Run(1500);
        var peaks = names.Select(n => Array.IndexOf(e.StateMonitors[0].Values(n).ToArray(), e.StateMonitors[0].Values(n).ToArray().Max()) * 0.01).ToArray();
        output.WriteLine($"peaks at {string.Join(", ", peaks.Select(p => p.ToString("F2")))} ms, of {string.Join(", ", names.Select(n => e.StateMonitors[0].Values(n).ToArray().Max()))} mV");
        Assert.All(names, n => Assert.True(e.StateMonitors[0].Values(n).ToArray().Max() > 20, $"{n} should fire"));
        for (int k = 1; k < peaks.Length; k++) Assert.True(peaks[k] > peaks[k - 1], $"{names[k]} peaks at {peaks[k]} ms, before {names[k - 1]}");
        // Constant speed away from the ends (the spike speeds up toward the sealed far end): c25 to c50 and c50 to c75 within 10 %.
        Assert.InRange((peaks[3] - peaks[2]) / (peaks[2] - peaks[1]), 0.9, 1.1);
        Assert.Single(e.SpikeMonitors[0].Steps.ToArray());
    }

    [Fact]
    public void SameSpikes_AtOneTwoAndFourThreads()
    {
        // 5 000 neurons (two blocks) of a 5-compartment cell with a soma, each driven by its own Poisson input onto the soma.
        var cell = Cable(5, 200, 4, active: true) with { RefractoryMs = 2 };
        var spec = new NetworkSpec
        {
            DtMs = 0.025,
            Populations = [new PopulationSpec { Name = "n", Count = 5000, Model = cell }],
            Inputs = [new PoissonInputSpec { Target = "n", SourceCount = 20, RateHz = 300, Weight = 8 }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v[c4]"], Indices = [0, 4500] }, new SpikeMonitorSpec { Target = "n" }],
        };
        string Run(int threads)
        {
            var e = new SpikingEngine(spec, new SimulationOptions { Seed = 3, Threads = threads });
            e.Run(500);
            return string.Join(",", e.SpikeMonitors[0].Steps.ToArray().Zip(e.SpikeMonitors[0].Neurons.ToArray(), (s, i) => $"{s}:{i}"))
                + "|" + string.Join(",", e.StateMonitors[0].Values("v[c4]").ToArray());
        }
        string one = Run(1);
        Assert.True(one.Split('|')[0].Split(',').Length > 300, "the population should fire within 12.5 ms");
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(4));
    }

    private static NetworkSpec OnePopulation(MorphologySpec morphology) => new()
    {
        Populations = [new PopulationSpec { Name = "p", Count = 2, Model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 with { Morphology = morphology } }],
    };

    private static MorphologySpec BallAndStick => new()
    {
        Compartments = [new("soma", null, 20, 20), new("d0", "soma", 50, 2), new("d1", "d0", 50, 2)],
        Groups = [new("dend", ["d0", "d1"])],
        Densities = [new("leak", "all", 0.3), new("na", "all", 120), new("k", "all", 36), new("k", "dend", 10)],
        Capacitances = [new("dend", 2)], AxialResistivityOhmCm = 150, SpikeCompartment = "soma", InputCompartment = "d1",
    };

    [Theory]
    [InlineData("parentAfterChild", "($.populations[0].params.morphology.compartments[1].parent) is listed after this compartment; list each parent before its children (got d1).")]
    [InlineData("unknownParent", "($.populations[0].params.morphology.compartments[2].parent) is not a compartment of the cell (got axon).")]
    [InlineData("zeroLength", "($.populations[0].params.morphology.compartments[1].lengthUm) must be > 0 (got 0).")]
    [InlineData("zeroDiameter", "($.populations[0].params.morphology.compartments[2].diameterUm) must be > 0 (got 0).")]
    [InlineData("unknownGroup", "($.populations[0].params.morphology.densities[2].group) is not a group of the morphology (all, dend) (got apical).")]
    [InlineData("unknownChannel", "($.populations[0].params.morphology.densities[1].channel) is not one of the cell's channels (leak, na, k) (got nap).")]
    [InlineData("rootWithParent", "($.populations[0].params.morphology.compartments[0].parent) must be absent: the first compartment is the root of the tree (got d0).")]
    [InlineData("unknownSpike", "($.populations[0].params.morphology.spikeCompartment) is not a compartment of the cell (got axon).")]
    public void Validation_NamesTheJsonPathAndTheBadValue(string fault, string expected)
    {
        var m = BallAndStick;
        var c = m.Compartments;
        m = fault switch
        {
            "parentAfterChild" => m with { Compartments = [c[0], c[1] with { Parent = "d1" }, c[2]] },
            "unknownParent" => m with { Compartments = [c[0], c[1], c[2] with { Parent = "axon" }] },
            "zeroLength" => m with { Compartments = [c[0], c[1] with { LengthUm = 0 }, c[2]] },
            "zeroDiameter" => m with { Compartments = [c[0], c[1], c[2] with { DiameterUm = 0 }] },
            "unknownGroup" => m with { Densities = [.. m.Densities.Take(2), new("k", "apical", 36)] },
            "unknownChannel" => m with { Densities = [m.Densities[0], new("nap", "all", 1)] },
            "rootWithParent" => m with { Compartments = [c[0] with { Parent = "d0" }, c[1], c[2]] },
            _ => m with { SpikeCompartment = "axon" },
        };
        var e = Assert.Throws<InvalidInputException>(() => OnePopulation(m).Validate());
        Assert.Equal("population \"p\" " + expected, e.Message);
        OnePopulation(BallAndStick).Validate();
    }

    [Fact]
    public void Json_RoundTrip_ReadBackEqual_AndErrorsInTheFileNameTheirPath()
    {
        var spec = OnePopulation(BallAndStick);
        string json = NetworkFile.ToJson(spec);
        Assert.Contains("\"morphology\"", json);
        var read = NetworkFile.Parse(json, "mc.json");
        Assert.Equal(spec.Populations[0].Model, read.Populations[0].Model);
        Assert.Equal(json, NetworkFile.ToJson(read));
        Assert.NotEqual(HodgkinHuxleyNeuronSpec.HodgkinHuxley1952, read.Populations[0].Model);
        Assert.DoesNotContain("\"morphology\"", NetworkFile.ToJson(OnePopulation(BallAndStick) with
        {
            Populations = [new PopulationSpec { Name = "p", Count = 2, Model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 }],
        }));
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Parse(json.Replace("\"lengthUm\": 50", "\"lengthUm\": -5"), "mc.json"));
        Assert.Contains("($.populations[0].params.morphology.compartments[1].lengthUm) must be > 0 (got -5).", e.Message);
    }

    [Fact]
    public void Monitors_RecordEachCompartment_AndInputsReachTheInputCompartment()
    {
        // The ball-and-stick above: 1 pA into d1 (the tip); v is the soma's, v[d1] the tip's, which the current depolarises more
        // (against the same cell without it: the dendrite's extra K sets its own rest).
        SpikingEngine Run(double pa)
        {
            var spec = OnePopulation(BallAndStick) with
            {
                Inputs = [new CurrentInputSpec { Target = "p", Amplitude = pa }],
                Monitors = [new StateMonitorSpec { Target = "p", Variables = ["v", "v[soma]", "v[d1]", "na_m[d1]", "k_n"] }],
            };
            var engine = new SpikingEngine(spec);
            engine.Run(200);
            return engine;
        }
        var e = Run(1);
        var rest = Run(0).StateMonitors[0];
        var m = e.StateMonitors[0];
        Assert.Equal(m.Values("v").ToArray(), m.Values("v[soma]").ToArray());
        double tip = m.Values("v[d1]").ToArray()[^1] - rest.Values("v[d1]").ToArray()[^1], soma = m.Values("v").ToArray()[^1] - rest.Values("v").ToArray()[^1];
        output.WriteLine($"1 pA into the tip: tip +{tip} mV, soma +{soma} mV");
        Assert.True(soma > 0.01 && tip > soma + 0.005, $"1 pA into the tip: tip +{tip} mV, soma +{soma} mV");
        Assert.True(m.Values("na_m[d1]").ToArray()[^1] > rest.Values("na_m[d1]").ToArray()[^1], "the tip's m gate opens further as it depolarises");
        // Densities on overlapping groups add: k is 36 mS/cm^2 on the soma, 36 + 10 on the dendrite.
        Assert.Equal(36 * BallAndStick.Compartments[0].AreaUm2 * 0.01, BallAndStick.ConductancesNs("k")[0], 9);
        Assert.Equal(46 * BallAndStick.Compartments[1].AreaUm2 * 0.01, BallAndStick.ConductancesNs("k")[1], 9);
        var group = Assert.IsType<MultiCompartmentGroup>(e.Groups.Single());
        Assert.Equal(3, group.Compartments);
    }

    private static NetworkSpec Synapse(string? compartment) => OnePopulation(BallAndStick) with
    {
        Populations =
        [
            new PopulationSpec { Name = "src", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [1.0] } },
            OnePopulation(BallAndStick).Populations[0],
        ],
        Projections =
        [
            new ProjectionSpec
            {
                Name = "syn", Source = "src", Target = "p", Compartment = compartment, Connectivity = new AllToAllConnectivity(), Weight = DistributionSpec.Constant(1),
            },
        ],
        Monitors = [new StateMonitorSpec { Target = "p", Variables = ["v[soma]", "v[d1]"] }],
    };

    [Fact]
    public void Projection_OntoACompartment_DepolarisesItFirst()
    {
        // A 1 nS synapse onto the soma or onto the dendrite's tip (the cell's inputCompartment, d1): the EPSP is larger where it lands.
        (double Soma, double Tip) Peaks(string? compartment)
        {
            var e = new SpikingEngine(Synapse(compartment));
            e.Run(100);
            var m = e.StateMonitors[0];
            return (m.Values("v[soma]").ToArray().Max(), m.Values("v[d1]").ToArray().Max());
        }
        var soma = Peaks("soma");
        var tip = Peaks("d1");
        Assert.Equal(tip, Peaks(null)); // null is the input compartment
        output.WriteLine($"onto the soma: soma {soma.Soma} mV, tip {soma.Tip} mV; onto the tip: soma {tip.Soma} mV, tip {tip.Tip} mV");
        Assert.True(soma.Soma > soma.Tip, "a synapse on the soma depolarises the soma more");
        Assert.True(tip.Tip > tip.Soma + 0.1, "a synapse on the tip depolarises the tip more");
        string json = NetworkFile.ToJson(Synapse("soma"));
        Assert.Contains("\"compartment\": \"soma\"", json);
        Assert.Equal(Synapse("soma").Projections[0], NetworkFile.Parse(json, "syn.json").Projections[0]);
        var e1 = Assert.Throws<InvalidInputException>(() => Synapse("axon").Validate());
        Assert.Equal("projection \"syn\" ($.projections[0].compartment) is 'axon', which is not a compartment of 'p' (soma, d0, d1).", e1.Message);
        var point = Synapse("soma") with { Populations = [Synapse("soma").Populations[0], new PopulationSpec { Name = "p", Count = 2, Model = HodgkinHuxleyNeuronSpec.HodgkinHuxley1952 }], Monitors = [] };
        var e2 = Assert.Throws<InvalidInputException>(() => point.Validate());
        Assert.Equal("projection \"syn\" ($.projections[0].compartment) is 'soma', but 'p' is a population without a morphology (leave compartment out).", e2.Message);
    }
}

/// <summary>A Hodgkin-Huxley axon against Brian2's SpatialNeuron (tests/brian2/hh_axon.py); skipped where python3-brian is missing.</summary>
public class MultiCompartmentBrian2Tests(ITestOutputHelper output)
{
    /// <summary>
    /// 100 compartments, 5 mm x 20 um, 20 nA into the first from 1 to 2 ms, dt 0.01 ms, 10 ms: the time v first exceeds 0 mV at
    /// the near end, the middle and the far end each within 0.02 ms (2 steps) of Brian2's, and so the propagation delay too. Both
    /// step the gates by exponential Euler and then the cable by backward Euler with the new gates; NeuroSharp in float, Brian2 in
    /// double.
    /// </summary>
    [Brian2Fact]
    [Trait("Category", NeuroSharp.Testing.Categories.Slow)]
    public void HhAxon_CrossingTimesAlongTheCable_MatchBrian2SpatialNeuron()
    {
        string script = Path.Combine(NeuroSharp.Testing.RepositoryRoot.Path, "tests", "brian2", "hh_axon.py");
        var (exit, text, err) = NeuroSharp.Testing.DebianPython.Run(TimeSpan.FromMinutes(5), null, script, "100", "5000", "20", "10");
        Assert.True(exit == 0, err);
        var theirs = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double[]>>(text.Trim().Split('\n')[^1])!;
        var cell = MultiCompartmentTests.Cable(100, 5000, 20, active: true, ra: 35.4);
        var spec = new NetworkSpec
        {
            DtMs = 0.01,
            Populations = [new PopulationSpec { Name = "n", Count = 1, Model = cell }],
            Inputs = [new CurrentInputSpec { Target = "n", Amplitude = 20_000, StartMs = 1, StopMs = 2 }],
            Monitors = [new StateMonitorSpec { Target = "n", Variables = ["v[c0]", "v[c50]", "v[c99]"] }],
        };
        var e = new SpikingEngine(spec);
        e.Run(1000);
        double[] Crossings(string name)
        {
            var v = e.StateMonitors[0].Values(name).ToArray();
            var list = new List<double>();
            for (int k = 0; k < v.Length; k++)
            {
                if (v[k] > 0 && (k == 0 || v[k - 1] <= 0)) list.Add(Math.Round((k + 1) * 0.01, 6)); // the value recorded after step k is v at (k + 1) dt
            }
            return [.. list];
        }
        foreach (var (ours, key) in new[] { ("v[c0]", "near"), ("v[c50]", "middle"), ("v[c99]", "far") })
        {
            var a = Crossings(ours);
            output.WriteLine($"{key}: NeuroSharp {string.Join(", ", a)} ms, Brian2 {string.Join(", ", theirs[key])} ms");
            Assert.NotEmpty(theirs[key]);
            Assert.NotEmpty(a);
            Assert.True(Math.Abs(a[0] - theirs[key][0]) <= 0.02 + 1e-9, $"{key}: {a[0]} ms vs Brian2 {theirs[key][0]} ms");
        }
    }
}
