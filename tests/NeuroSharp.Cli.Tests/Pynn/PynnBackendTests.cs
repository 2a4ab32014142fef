using System.Text.Json;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Pynn;

/// <summary>
/// pyNN.neurosharp on its own: reduced versions of PyNN's examples (tests/pynn/small_networks.py) against closed forms,
/// and the sentences with which the backend refuses what it does not run. The comparisons with pyNN.brian2 are
/// <see cref="PynnBrian2Tests"/> and <see cref="PynnBrian2SynapticInputTests"/>, classes of their own so that
/// xunit runs them beside this one (each waits on Python processes). Needs Debian's python3-pynn, python3-neo and
/// python3-h5py (./test installs them).
/// </summary>
public class PynnBackendTests
{
    private static string Root => RepositoryRoot.Path;

    /// <summary>
    /// IF_curr_alpha, IF_cond_alpha and IF_curr_delta (tests/pynn/small_networks.py "alpha": one spike at 10 ms, delay
    /// 1 ms, onto passive cells, v every 0.1 ms step). PyNN defines the alpha PSC as w (t/tau) exp(1 - t/tau), peak w nA at
    /// t = tau_syn (NEST's iaf_psc_alpha), so on a passive LIF (R = tau_m / cm) the PSP from its onset t0 is
    /// <c>R w e / (tau_s tau_m a^2) (exp(-t/tau_m) - (1 + a t) exp(-t/tau_s))</c>, a = 1/tau_s - 1/tau_m; the
    /// onset is spike + delay + dt, where Brian2's exact integration of PyNN's equations puts it (to 1e-12 mV, docs/pynn.md).
    /// Both current cells follow it to 1e-3 mV (v comes back through NWB as float: about 5e-5 mV here), the
    /// inhibitory one with its own tau_syn_I. The conductance cell's EPSP peak is within 0.5% of the ODE's
    /// C dv/dt = g_L (E_L - v) + g(t) (E_e - v), solved here by RK4 at 0.001 ms (exponential Euler at 0.1 ms: 0.02%).
    /// The delta cell's v jumps by the weight (2 mV) at the same onset and decays with tau_m, to 1e-3 mV.
    /// </summary>
    [Fact]
    public void Backend_AlphaSynapses_FollowTheClosedFormPsp()
    {
        var populations = PynnRuns.Ours("alpha");
        var cuba = populations.GetProperty("cuba");
        double dt = cuba.GetProperty("dtMs").GetDouble();
        var v = cuba.GetProperty("v").EnumerateArray().Select(c => c.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        const double rest = -65, resistance = 20.0 / 1.0, tauM = 20, onset = 10 + 1 + 0.1;
        foreach (var (cell, weight, tauS) in new[] { (0, 0.5, 2.0), (1, -0.5, 4.0) })
        {
            double a = 1 / tauS - 1 / tauM, scale = resistance * weight * Math.E / (tauS * tauM * a * a), worst = 0;
            for (int k = 0; k < v[cell].Length; k++)
            {
                double t = Math.Max(0, k * dt - onset);
                double expected = rest + scale * (Math.Exp(-t / tauM) - (1 + a * t) * Math.Exp(-t / tauS));
                worst = Math.Max(worst, Math.Abs(v[cell][k] - expected));
            }
            Assert.True(worst < 1e-3, $"cell {cell}: v differs from the alpha PSP's closed form by up to {worst} mV");
            Assert.True(Math.Abs(v[cell].Max() - v[cell].Min()) > 1.5, $"cell {cell}: a PSP of under 1.5 mV would say little");
        }

        var coba = populations.GetProperty("coba").GetProperty("v")[0].EnumerateArray().Select(x => x.GetDouble()).ToArray();
        double peak = coba.Max() - rest, reference = CondAlphaPeak(weightUs: 0.01, tauS: 2, cmNf: 1, tauM: tauM, rest: rest, reversal: 0);
        Assert.True(Math.Abs(peak - reference) <= 0.005 * reference, $"IF_cond_alpha EPSP peak {peak:F4} mV, the ODE's {reference:F4} mV");

        // Its recorded gsyn_exc (uS: the engine's conductance in units of g_L times g_L = cm / tau_m) is the alpha function
        // 0.01 (t / 2) exp(1 - t / 2) from the same onset, to 1e-6 uS (1e-8 in practice: float through NWB).
        var gsyn = populations.GetProperty("coba").GetProperty("gsyn_exc")[0].EnumerateArray().Select(x => x.GetDouble()).ToArray();
        double gWorst = 0;
        for (int k = 0; k < gsyn.Length; k++)
        {
            double t = Math.Max(0, k * dt - onset);
            gWorst = Math.Max(gWorst, Math.Abs(gsyn[k] - 0.01 * (t / 2) * Math.Exp(1 - t / 2)));
        }
        Assert.True(gWorst < 1e-6, $"IF_cond_alpha: gsyn_exc differs from the alpha conductance by up to {gWorst} uS");
        Assert.True(gsyn.Max() > 0.0099, $"IF_cond_alpha: gsyn_exc peaks at {gsyn.Max()} uS, not the weight's 0.01 uS");

        // IF_curr_delta: a spike of weight 2 (mV) moves v by 2 mV at the onset, which then decays with tau_m.
        var delta = populations.GetProperty("delta").GetProperty("v")[0].EnumerateArray().Select(x => x.GetDouble()).ToArray();
        double deltaWorst = 0;
        for (int k = 0; k < delta.Length; k++)
        {
            double t = k * dt - onset;
            double expected = t < -1e-9 ? rest : rest + 2 * Math.Exp(-t / tauM);
            deltaWorst = Math.Max(deltaWorst, Math.Abs(delta[k] - expected));
        }
        Assert.True(deltaWorst < 1e-3, $"IF_curr_delta: v differs from a 2 mV jump decaying with tau_m by up to {deltaWorst} mV");
    }

    /// <summary>
    /// PyNN's synaptic_input.py (tests/pynn/small_networks.py "synaptic": each cell type's two cells start at their own v,
    /// the Izhikevich cells at their own v and u, and the "indexed" and "drawn" cells at a function of the index and at a
    /// seeded clipped normal). A cell that starts at its fixed point stays there until the first input arrives (25 ms + 2 ms
    /// delay): the resting cell at -65 mV and the one held at -65 + 1 nA x 10 MOhm = -55 mV, to 1e-3 mV over those 27 ms,
    /// which they could not do had the engine started them anywhere else. The other cells move by under 0.02 mV in their
    /// first step from the listed value. The current-based exponential cells' first EPSP is the closed form's
    /// R w tau_s / (tau_m - tau_s) max(exp(-t/tau_m) - exp(-t/tau_s)) = 16 x 1/4 = 4 mV (tau_m 10, tau_s 5 ms, 1.6 nA), to 1e-3 mV
    /// (sampled every 0.01 ms), from either start.
    /// </summary>
    [Fact]
    public void Backend_SynapticInput_EachCellStartsWhereInitializeSetIt()
    {
        var populations = PynnRuns.Ours("synaptic");
        double[][] V(string name) => populations.GetProperty(name).GetProperty("v").EnumerateArray()
            .Select(c => c.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        int onset = (int)Math.Round(27.0 / populations.GetProperty("cuba_exp").GetProperty("dtMs").GetDouble());
        foreach (string name in new[] { "cuba_exp", "cuba_alpha", "coba_exp", "coba_alpha", "delta" })
        {
            var v = V(name);
            for (int c = 0; c < 2; c++)
            {
                double start = c == 0 ? -65 : -55, worst = v[c].Take(onset).Max(x => Math.Abs(x - start));
                Assert.True(worst < 1e-3, $"{name} cell {c}: v strays {worst} mV from its initial {start} mV before any input");
            }
        }
        foreach (var (name, starts) in new[] { ("izh", new[] { -70.0, -67 }), ("indexed", new[] { -64.0, -61 }) })
        {
            var v = V(name);
            for (int c = 0; c < starts.Length; c++)
            {
                Assert.Equal(starts[c], v[c][0], 6);
                Assert.True(Math.Abs(v[c][1] - starts[c]) < 0.02, $"{name} cell {c}: v is {v[c][1]} mV one step after starting at {starts[c]} mV");
            }
        }
        var drawn = V("drawn");
        Assert.Equal(3, drawn.Select(c => c[0]).Distinct().Count());
        foreach (var c in drawn)
        {
            Assert.InRange(c[0], -62, -56);
            Assert.True(Math.Abs(c[1] - c[0]) < 0.02, $"drawn: v is {c[1]} mV one step after starting at {c[0]} mV");
        }
        foreach (var height in populations.GetProperty("cuba_exp").GetProperty("epspMv").EnumerateArray())
            Assert.True(Math.Abs(height.GetDouble() - 4) < 1e-3, $"IF_curr_exp's first EPSP is {height.GetDouble()} mV, the closed form's 4 mV");
        // Whole-population uniform and normal draws: PyNN's RNG draws them (the script computes the same draws with the same
        // seeds as expectedV0Mv; "shared", initialised from uniform's distribution after it, gets the same first draws, as on
        // Brian2), the signal starts at them (no NaN), and the engine starts there too: one 0.01 ms step later v is the drawn
        // value relaxed towards rest (-65 mV, tau_m 10 ms) by the closed form, to float precision.
        foreach (string name in new[] { "uniform", "shared", "normal" })
        {
            var v = V(name);
            var expected = populations.GetProperty(name).GetProperty("expectedV0Mv").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Assert.Equal(expected.Length, v.Length);
            Assert.Equal(expected.Length, expected.Distinct().Count());
            if (name == "shared") Assert.Equal(V("uniform").Take(2).Select(c => c[0]), v.Select(c => c[0]));
            Assert.DoesNotContain(v.SelectMany(c => c), double.IsNaN);
            for (int c = 0; c < v.Length; c++)
            {
                Assert.True(Math.Abs(v[c][0] - expected[c]) < 1e-9, $"{name} cell {c}: the signal starts at {v[c][0]} mV, PyNN drew {expected[c]} mV");
                double next = -65 + (expected[c] + 65) * Math.Exp(-0.01 / 10);
                Assert.True(Math.Abs(v[c][1] - next) < 1e-4, $"{name} cell {c}: v is {v[c][1]} mV one step after PyNN's draw {expected[c]} mV, not {next} mV");
            }
        }
    }

    /// <summary>
    /// Parameters that differ between the cells of one population (tests/pynn/small_networks.py "params": tau_m, cm and
    /// i_offset listed per cell, and tau_m from a seeded clipped normal, as random_numbers.py draws it): each cell, driven by
    /// its constant i_offset, fires first at tau ln((V_inf - rest) / (V_inf - thresh)) and then with the period
    /// tau_refrac + tau ln((V_inf - reset) / (V_inf - thresh)), V_inf = rest + I tau_m / cm, with its own parameters; both
    /// within one 0.1 ms step (the engine reports a spike at the start of the step in which v crosses). One set of
    /// parameters for the whole population would miss by milliseconds (the listed periods are 18.1, 34.2 and 25.5 ms).
    /// </summary>
    [Fact]
    public void Backend_PerCellParameters_EachCellFiresWithItsOwnClosedFormPeriod()
    {
        var populations = PynnRuns.Ours("params");
        int cells = 0;
        foreach (var population in populations.EnumerateObject())
        {
            double[] Get(string name) => population.Value.GetProperty(name).EnumerateArray().Select(x => x.GetDouble()).ToArray();
            double[] tau = Get("tau_m"), cm = Get("cm"), current = Get("i_offset"), rest = Get("v_rest"), reset = Get("v_reset"), threshold = Get("v_thresh"), refractory = Get("tau_refrac");
            var trains = population.Value.GetProperty("spikeTimesMs").EnumerateArray().Select(t => t.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
            for (int i = 0; i < trains.Length; i++, cells++)
            {
                double vInf = rest[i] + current[i] * tau[i] / cm[i];
                double first = tau[i] * Math.Log((vInf - rest[i]) / (vInf - threshold[i]));
                double period = refractory[i] + tau[i] * Math.Log((vInf - reset[i]) / (vInf - threshold[i]));
                Assert.True(trains[i].Length >= 3, $"{population.Name} cell {i} fired {trains[i].Length} times");
                Assert.True(Math.Abs(trains[i][0] - first) <= 0.1 + 1e-9, $"{population.Name} cell {i} (tau_m {tau[i]:F3}): first spike at {trains[i][0]} ms, the closed form's {first:F3} ms");
                double mean = (trains[i][^1] - trains[i][0]) / (trains[i].Length - 1);
                Assert.True(Math.Abs(mean - period) <= 0.1 + 1e-9, $"{population.Name} cell {i} (tau_m {tau[i]:F3}): period {mean:F3} ms, the closed form's {period:F3} ms");
            }
        }
        Assert.Equal(9, cells);
    }

    /// <summary>The EPSP peak of one alpha conductance w (t/tau) exp(1 - t/tau) on a passive cell, by RK4 at 0.001 ms.</summary>
    private static double CondAlphaPeak(double weightUs, double tauS, double cmNf, double tauM, double rest, double reversal)
    {
        double gL = cmNf / tauM, h = 0.001, v = rest, peak = 0;
        double Dv(double t, double x) => (gL * (rest - x) + weightUs * (t / tauS) * Math.Exp(1 - t / tauS) * (reversal - x)) / cmNf;
        for (int k = 0; k < 40_000; k++)
        {
            double t = k * h;
            double k1 = Dv(t, v), k2 = Dv(t + h / 2, v + h / 2 * k1), k3 = Dv(t + h / 2, v + h / 2 * k2), k4 = Dv(t + h, v + h * k3);
            v += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            peak = Math.Max(peak, v - rest);
        }
        return peak;
    }

    [Theory]
    [InlineData("p = sim.Population(2, sim.SpikeSourceGamma())", "SpikeSourceGamma: gamma-process sources are not mapped")]
    [InlineData("s = sim.Vogels2011Rule()", "Vogels2011Rule: the engine has no inhibitory (Vogels 2011) STDP rule")]
    [InlineData("s = sim.AdditivePotentiationMultiplicativeDepression()", "AdditivePotentiationMultiplicativeDepression: the engine's STDP has no")]
    public void Backend_UnsupportedModel_FailsWithSentenceNamingItAndWhatRuns(string line, string why)
    {
        // Until 2026-12-07 a script got Python's "module 'pyNN.neurosharp' has no attribute 'HH_cond_exp'. Did you mean: 'IF_cond_exp'?".
        using var dir = new TempDirectory();
        string script = dir.File("unsupported.py");
        File.WriteAllText(script, $"import pyNN.neurosharp as sim\nsim.setup()\n{line}\n");
        var (exit, _, err) = DebianPython.Run(TimeSpan.FromMinutes(2), null, Path.Combine(Root, "python", "run_pynn.py"), script);
        Assert.NotEqual(0, exit);
        Assert.Contains($"pyNN.neurosharp does not run {why}", err);
        Assert.Contains("It runs the cell types IF_curr_exp, IF_curr_alpha, IF_curr_delta, IF_cond_exp, IF_cond_alpha, Izhikevich, SpikeSourcePoisson, "
                        + "SpikeSourceArray, HH_cond_exp, EIF_cond_exp_isfa_ista, EIF_cond_alpha_isfa_ista, IF_cond_exp_gsfa_grr, GIF_cond_exp, with StaticSynapse", err);
        Assert.DoesNotContain("Did you mean", err);
    }

    [Fact]
    public void Backend_ParameterTheEngineRefuses_NamedInPyNNsWords()
    {
        // Until 2026-12-07 the sentence named only the engine's tauMs in a temporary network.json already deleted.
        using var dir = new TempDirectory();
        string script = dir.File("bad.py");
        File.WriteAllText(script, "import pyNN.neurosharp as sim\nsim.setup(timestep=0.1)\np = sim.Population(3, sim.IF_curr_exp(tau_m=-5), label='cells')\nsim.run(5)\n");
        var (exit, _, err) = DebianPython.RunIn(TimeSpan.FromMinutes(2), PynnRuns.BackendEnvironment(dir), dir.Path, Path.Combine(Root, "python", "run_pynn.py"), script);
        Assert.NotEqual(0, exit);
        Assert.Contains("($.populations[0].params.tauMs) must be > 0 (got -5).", err);
        Assert.Contains("In the script: the engine's tauMs is PyNN's tau_m (converted as docs/pynn.md, \"Parameters and units\", says) of Population 'cells', a lif here.", err);
        Assert.Contains("deleted after the run; NEUROSHARP_KEEP=1 keeps it.", err);
    }

    [Theory]
    [InlineData("sim.setup(timestep=0.1)", "delay=0.01", "", "Projection 'cells→cells' has a delay of 0.01 ms, below min_delay 0.1 ms (the time step dt is 0.1 ms)", "or a smaller timestep in setup()")]
    [InlineData("sim.setup(timestep=0.1, min_delay=0.2)", "delay=0.1", ", label='loop'", "Projection 'loop' has a delay of 0.1 ms, below min_delay 0.2 ms (the time step dt is 0.1 ms)", "or a smaller min_delay in setup()")]
    public void Backend_DelayBelowMinDelay_RefusedNamingTheDelayAndTheProjection(string setup, string delay, string label, string what, string advice)
    {
        // Until 2026-12-07 a delay of 0.01 ms at dt 0.1 ms was rounded to 0 steps silently; pyNN.nest refuses it.
        using var dir = new TempDirectory();
        string script = dir.File("short.py");
        File.WriteAllText(script, $"import pyNN.neurosharp as sim\n{setup}\np = sim.Population(2, sim.IF_curr_exp(), label='cells')\n"
            + $"sim.Projection(p, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.1, {delay}){label})\nsim.run(5)\n");
        var (exit, _, err) = DebianPython.RunIn(TimeSpan.FromMinutes(2), PynnRuns.BackendEnvironment(dir), dir.Path, Path.Combine(Root, "python", "run_pynn.py"), script);
        Assert.NotEqual(0, exit);
        Assert.Contains($"pyNN.errors.ConnectionError: {what}: pyNN.neurosharp, like pyNN.nest, refuses delays below min_delay", err);
        Assert.Contains(advice, err);
    }

    [Fact]
    public void Backend_DelayOfOneStep_IsAccepted()
    {
        using var dir = new TempDirectory();
        string script = dir.File("step.py");
        File.WriteAllText(script, "import pyNN.neurosharp as sim\nsim.setup(timestep=0.1)\np = sim.Population(2, sim.IF_curr_exp(), label='cells')\n"
            + "prj = sim.Projection(p, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.1, delay=0.1))\nprint('connections', len(prj))\n");
        var (exit, output, err) = DebianPython.RunIn(TimeSpan.FromMinutes(2), PynnRuns.BackendEnvironment(dir), dir.Path, Path.Combine(Root, "python", "run_pynn.py"), script);
        Assert.True(exit == 0, err);
        Assert.Contains("connections 4", output);
    }

    [Fact]
    public void Backend_NeurosharpVariableNamesNoCommand_OneSentenceNamingIt()
    {
        using var dir = new TempDirectory();
        string script = dir.File("run.py");
        File.WriteAllText(script, "import pyNN.neurosharp as sim\nsim.setup()\np = sim.Population(1, sim.IF_curr_exp())\nsim.run(1)\n");
        string missing = dir.File("no-such-neurosharp");
        var (exit, _, err) = DebianPython.RunIn(TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["NEUROSHARP"] = missing }, dir.Path, Path.Combine(Root, "python", "run_pynn.py"), script);
        Assert.NotEqual(0, exit);
        Assert.Contains($"$NEUROSHARP is '{missing}', which does not exist (and is no command on the PATH): set it to the neurosharp command", err);
        Assert.DoesNotContain("FileNotFoundError", err);
    }

    [Theory]
    [InlineData("p.initialize(v=-60.0)", "Population 'cells' initialises v at t = 50 ms")]
    [InlineData("sim.Projection(p, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.1))", "a Projection from 'cells' to 'cells' is made at t = 50 ms")]
    public void Backend_ChangeBetweenRuns_RefusedInOneSentence(string change, string what)
    {
        // Until 2026-12-07 a change was applied from t = 0 by the second run, silently: with tau_m 5 ms the cell's spike
        // at 27.7 ms, already run, vanished from the results. Parameters set between runs are now timed changes
        // (PynnChangesTests); new initial values and connections are still refused.
        using var dir = new TempDirectory();
        string script = dir.File("change.py");
        File.WriteAllText(script, "import pyNN.neurosharp as sim\nsim.setup(timestep=0.1)\np = sim.Population(2, sim.IF_curr_exp(i_offset=1.0), label='cells')\n"
            + $"p.record('spikes')\nsim.run(50)\n{change}\nsim.run(50)\n");
        var (exit, _, err) = DebianPython.RunIn(TimeSpan.FromMinutes(2), PynnRuns.BackendEnvironment(dir), dir.Path, Path.Combine(Root, "python", "run_pynn.py"), script);
        Assert.NotEqual(0, exit);
        Assert.Contains($"NotImplementedError: pyNN.neurosharp does not change a network between runs: {what}, but each run() simulates again from t = 0", err);
    }

    [Fact]
    public void Backend_ChangeAfterReset_RunsFromZeroWithTheNewParameters()
    {
        // After sim.reset() a new segment starts at t = 0: a change is what the script asks for, as on every backend.
        // 1 nA into R = tau_m / cm: 20 mV with tau_m 20 ms (v_inf -45 mV, above threshold: first spike at 27.7 ms), 5 mV with 5 ms (none).
        using var dir = new TempDirectory();
        string script = dir.File("reset.py");
        File.WriteAllText(script, "import pyNN.neurosharp as sim\nsim.setup(timestep=0.1)\np = sim.Population(1, sim.IF_curr_exp(i_offset=1.0))\n"
            + "p.record('spikes')\nsim.run(50)\nsim.reset()\np.set(tau_m=5.0)\nsim.run(50)\n"
            + "print([len(s.spiketrains[0]) for s in p.get_data().segments], float(p.get_data().segments[0].spiketrains[0][0]))\n");
        var (exit, output, err) = DebianPython.RunIn(TimeSpan.FromMinutes(2), PynnRuns.BackendEnvironment(dir), dir.Path, Path.Combine(Root, "python", "run_pynn.py"), script);
        Assert.True(exit == 0, err);
        Assert.Equal("[1, 0] 27.7", output.Trim().Split('\n')[^1]);
    }

    [Fact]
    public void Backend_UnsupportedModel_HasattrStaysFalse()
    {
        using var dir = new TempDirectory();
        string script = dir.File("hasattr.py");
        File.WriteAllText(script, "import pyNN.neurosharp as sim\nprint(hasattr(sim, 'SpikeSourceGamma'), hasattr(sim, 'HH_cond_exp'), hasattr(sim, 'NoSuchThing'))\n");
        var (exit, output, err) = DebianPython.Run(TimeSpan.FromMinutes(2), null, Path.Combine(Root, "python", "run_pynn.py"), script);
        Assert.True(exit == 0, err);
        Assert.Equal("False True False", output.Trim());
    }
}
