using System.Collections.Concurrent;
using System.Text.Json;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Pynn;

/// <summary>
/// Changes between run() calls on pyNN.neurosharp (docs/pynn.md, "Changes between runs"): tests/pynn/changes_between_runs.py's
/// cases, PyNN's update_spike_source_array.py and varying_poisson.py as they are, and an IF_cond_exp cell whose tau_m or
/// i_offset is set between two runs, against known answers; <see cref="Changes_MatchBrian2"/> against pyNN.brian2.
/// </summary>
public class PynnChangesTests
{
    private static readonly ConcurrentDictionary<string, Lazy<JsonElement>> Runs = new(StringComparer.Ordinal);

    private static string Root => RepositoryRoot.Path;

    private static string Script => Path.Combine(Root, "tests", "pynn", "changes_between_runs.py");

    /// <summary>A case's populations on a backend (each run once per test process).</summary>
    private static JsonElement Run(string simulator, string @case) =>
        Runs.GetOrAdd($"{simulator}/{@case}", _ => new Lazy<JsonElement>(() =>
        {
            using var dir = new TempDirectory();
            var env = PynnRuns.BackendEnvironment(dir);
            if (simulator == "brian2") File.WriteAllText(dir.File("brian_preferences"), "codegen.target = 'numpy'\n");
            string[] args = simulator == "neurosharp"
                ? [Path.Combine(Root, "python", "run_pynn.py"), Script, simulator, @case, dir.File("out.json")]
                : [Script, simulator, @case, dir.File("out.json")];
            var (exit, _, error) = DebianPython.RunIn(TimeSpan.FromMinutes(8), env, dir.Path, args);
            Assert.True(exit == 0, $"{@case} on {simulator} exited {exit}: {error[Math.Max(0, error.Length - 3000)..]}");
            return JsonDocument.Parse(File.ReadAllText(args[^1])).RootElement.GetProperty("populations").Clone();
        }, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static int[] Counts(JsonElement populations) =>
        [.. populations.GetProperty("sources").GetProperty("counts").EnumerateArray().Select(c => c.GetInt32())];

    private static double[][] Trains(JsonElement populations) =>
        [.. populations.GetProperty("sources").GetProperty("spikeTimesMs").EnumerateArray().Select(t => t.EnumerateArray().Select(x => x.GetDouble()).ToArray())];

    private static double[][] Traces(JsonElement populations) =>
        [.. populations.GetProperty("cells").GetProperty("v").EnumerateArray().Select(t => t.EnumerateArray().Select(x => x.GetDouble()).ToArray())];

    [Fact]
    public void UpdateSpikeSourceArray_EachIntervalHasTheScriptsExpectedCount()
    {
        // 50 cells, each firing every 1000 / rate ms within its 200 ms interval: 0, 4, 8, 12 and 16 spikes per cell at 0, 20,
        // 40, 60 and 80 Hz, so exactly the script's "expected mean spike counts" (until 2026-12-07 the set() was refused).
        Assert.Equal([0, 200, 400, 600, 800], Counts(Run("neurosharp", "array")));
        // Each list starts where it was set: a cell's first spike in an interval is at t + phase * isi, phase in [0, 1).
        foreach (var train in Trains(Run("neurosharp", "array")))
        {
            Assert.InRange(train[0], 200, 250);
            Assert.True(train.Zip(train.Skip(1)).All(p => p.Second > p.First), "spike times out of order");
        }
    }

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void VaryingPoisson_CountsFollowTheRates_AndTheDrawsBeforeALaterChangeDoNotMove()
    {
        // 50 sources x 200 ms at 0, 20, 40, 60, 80 Hz: Poisson counts with means 0, 200, 400, 600, 800; tolerance 5 sd (seed 1).
        var counts = Counts(Run("neurosharp", "poisson"));
        Assert.Equal(0, counts[0]);
        for (int k = 1; k < 5; k++) Assert.True(Math.Abs(counts[k] - 200 * k) <= 5 * Math.Sqrt(200 * k), $"interval {k}: {counts[k]} spikes, expected {200 * k}");
        // The same script stopped at 600 ms (the changes at 600 and 800 ms never made): the same spikes before 600 ms.
        var whole = Trains(Run("neurosharp", "poisson"));
        var shorter = Trains(Run("neurosharp", "poisson600"));
        for (int i = 0; i < whole.Length; i++) Assert.Equal(whole[i].Where(t => t < 600).ToArray(), shorter[i]);
    }

    private static double[][] Trains(JsonElement populations, string population, string run) =>
        [.. populations.GetProperty(population).GetProperty(run).EnumerateArray().Select(t => t.EnumerateArray().Select(x => x.GetDouble()).ToArray())];

    /// <summary>
    /// SpikeSourcePoissons whose start/duration window lies inside the run are the engine's poisson sources with startMs/stopMs
    /// (one engine population per distinct window), drawn from the engine's stream: run() to 300 ms and on to 600 ms gives the
    /// first 300 ms bit for bit (until 2026-12-07 numpy drew them for the run's end, so the second run moved the first part),
    /// and every spike lies in its cell's window [start, start + duration).
    /// </summary>
    [Fact]
    public void WindowedPoisson_RunTo300ThenTo600_First300BitForBit_SpikesOnlyInTheWindow()
    {
        var run = Run("neurosharp", "window");
        foreach (var (population, starts, duration) in new[] { ("common", Enumerable.Repeat(100.0, 50).ToArray(), 300.0), ("each", [0.0, 100, 200, 300], 150.0) })
        {
            var first = Trains(run, population, "to300");
            var whole = Trains(run, population, "to600");
            Assert.Equal(starts.Length, whole.Length);
            Assert.True(first.Sum(t => t.Length) > 0 && whole.Sum(t => t.Length) > first.Sum(t => t.Length), $"{population}: too few spikes to say anything");
            for (int i = 0; i < whole.Length; i++)
            {
                Assert.Equal(whole[i].Where(t => t < 300).ToArray(), first[i]);
                Assert.All(whole[i], t => Assert.InRange(t, starts[i], starts[i] + duration - 1e-9));
            }
        }
    }

    /// <summary>
    /// GIF_cond_exp's v_t_star set between runs (cell 0, -55 to -60 mV at 200 ms; deterministic firing, delta_v 1e-3 mV): a timed
    /// change the engine's gif takes in place, so both cells' spikes before 200 ms are the first run's bit for bit, and cell 0,
    /// whose v recovers above -60 mV by then, fires in the first step after the change.
    /// </summary>
    [Fact]
    public void Gif_VtStarSetBetweenRuns_BeforeBitForBit_AfterTheNewThreshold()
    {
        var run = Run("neurosharp", "gif");
        var first = Trains(run, "gif", "to200");
        var whole = Trains(run, "gif", "to400");
        Assert.True(first[0].Length > 0 && first[1].Length > 0, "no spike before the change: the comparison would say nothing");
        for (int i = 0; i < 2; i++) Assert.Equal(whole[i].Where(t => t < 200).ToArray(), first[i]);
        Assert.Contains(whole[0], t => t >= 200 && t <= 200.2);
        Assert.DoesNotContain(whole[1], t => t >= 200 && t <= 200.2);
    }

    /// <summary>
    /// The windowed sources fire at their rate inside the window: 50 cells x 50 Hz x 300 ms = 750 spikes expected, and 4 x 200 Hz x
    /// 150 ms = 120, each count within 5 standard deviations (sqrt of the mean; the seed is fixed: setup's default, 837 and 113).
    /// </summary>
    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void WindowedPoisson_CountsFollowTheRateInsideTheWindow()
    {
        var run = Run("neurosharp", "window");
        foreach (var (population, expected) in new[] { ("common", 750.0), ("each", 120.0) })
        {
            int count = Trains(run, population, "to600").Sum(t => t.Length);
            Assert.True(Math.Abs(count - expected) <= 5 * Math.Sqrt(expected), $"{population}: {count} spikes, expected {expected}");
        }
    }

    [Fact]
    public void IfCondExp_TauAndIOffsetSetBetweenRuns_BeforeBitForBit_AfterTheNewValue()
    {
        // Passive cells (v_inf below threshold): cell 0 with 0.5 nA, tau_m 20 -> 10 ms at 50 ms (v_inf -55 -> -60 mV), cell 1
        // with tau_m 20 ms, i_offset 0.2 -> 0.5 nA (v_inf -61 -> -55 mV). With no synaptic input the engine's exponential Euler
        // step is exact: v = v_inf + (v(50) - v_inf) exp(-(t - 50) / tau_m), within float (1e-3 mV).
        var changed = Traces(Run("neurosharp", "tau"));
        var plain = Traces(Run("neurosharp", "tau_unchanged"));
        double dt = Run("neurosharp", "tau").GetProperty("cells").GetProperty("dtMs").GetDouble();
        int at = (int)Math.Round(50 / dt);
        foreach (var (cell, vInf, tauM) in new[] { (0, -60.0, 10.0), (1, -55.0, 20.0) })
        {
            Assert.Equal(plain[cell][..(at + 1)], changed[cell][..(at + 1)]);
            double v50 = changed[cell][at], worst = 0;
            for (int k = at + 1; k < changed[cell].Length; k++)
                worst = Math.Max(worst, Math.Abs(changed[cell][k] - (vInf + (v50 - vInf) * Math.Exp(-(k - at) * dt / tauM))));
            Assert.True(worst < 1e-3, $"cell {cell}: v differs from the closed form by up to {worst} mV after the change");
            Assert.True(Math.Abs(changed[cell][^1] - plain[cell][^1]) > 1, $"cell {cell}: the change did not move v ({changed[cell][^1]} against {plain[cell][^1]})");
        }
    }

    [Fact]
    public void TauSetBetweenRuns_OnACellWithAProjection_RefusedInOneSentence()
    {
        using var dir = new TempDirectory();
        string script = dir.File("tau.py");
        File.WriteAllText(script, "import pyNN.neurosharp as sim\nsim.setup(timestep=0.1)\np = sim.Population(2, sim.IF_curr_exp(i_offset=1.0), label='cells')\n"
            + "s = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0]), label='in')\nsim.Projection(s, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.1), label='drive')\n"
            + "p.record('spikes')\nsim.run(50)\np.set(tau_m=5.0)\nsim.run(50)\n");
        var (exit, _, err) = DebianPython.RunIn(TimeSpan.FromMinutes(2), PynnRuns.BackendEnvironment(dir), dir.Path, Path.Combine(Root, "python", "run_pynn.py"), script);
        Assert.NotEqual(0, exit);
        Assert.Contains("NotImplementedError: Population 'cells' changes tau_m or cm between runs and Projection 'drive' targets it", err);
    }

    /// <summary>
    /// run(10) then run(20) with nothing changed between them: the second run resumes from the first's checkpoint (its metrics
    /// say from step 100, its own 200 steps) and the recordings are those of one run(30), spikes and v alike (docs/pynn.md,
    /// "How it runs").
    /// </summary>
    [Fact]
    public void RunInSteps_ResumesFromTheCheckpoint_RecordingsOfOneRun()
    {
        string Script(string runs) => "import json, sys\nimport pyNN.neurosharp as sim\nsim.setup(timestep=0.1)\n"
            + "p = sim.Population(2, sim.IF_curr_exp(i_offset=0.5), label='cells')\n"
            + "s = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0, 15.0, 25.0]), label='in')\n"
            + "sim.Projection(s, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=3.0), label='drive')\np.record(['spikes', 'v'])\n"
            + runs + "\nr = sim.simulator.state.results\nd = p.get_data().segments[0]\n"
            + "json.dump({'resumedAtStep': r.metrics.get('resumedAtStep'), 'runSteps': r.metrics.get('runSteps'), 'spikes': [[float(t) for t in st] for st in d.spiketrains],"
            + " 'v': [[float(x) for x in row] for row in d.analogsignals[0].magnitude]}, open(sys.argv[1], 'w'))\n";
        JsonElement RunScript(string runs)
        {
            using var dir = new TempDirectory();
            File.WriteAllText(dir.File("steps.py"), Script(runs));
            var (exit, _, err) = DebianPython.RunIn(TimeSpan.FromMinutes(3), PynnRuns.BackendEnvironment(dir), dir.Path,
                Path.Combine(Root, "python", "run_pynn.py"), dir.File("steps.py"), dir.File("out.json"));
            Assert.True(exit == 0, err);
            return JsonDocument.Parse(File.ReadAllText(dir.File("out.json"))).RootElement.Clone();
        }
        var steps = RunScript("sim.run(10)\nsim.simulator.state.realise()\nsim.run(20)");
        var once = RunScript("sim.run(30)");
        Assert.Equal(100, steps.GetProperty("resumedAtStep").GetInt32());
        Assert.Equal(200, steps.GetProperty("runSteps").GetInt32());
        Assert.Equal(JsonValueKind.Null, once.GetProperty("resumedAtStep").ValueKind);
        Assert.Equal(once.GetProperty("spikes").GetRawText(), steps.GetProperty("spikes").GetRawText());
        Assert.Equal(once.GetProperty("v").GetRawText(), steps.GetProperty("v").GetRawText());
        Assert.True(once.GetProperty("spikes")[0].GetArrayLength() >= 2, "the cells should fire more than once, across the cut");
    }

    /// <summary>
    /// set() between runs (docs/pynn.md, "How it runs"): a cell parameter and i_offset, a Poisson rate, a current source added for
    /// later. Each run() after the first resumes from the run before's checkpoint, the change applied at the resume (its metrics
    /// say from which step), and the recordings are those of the same script with the resume off (NEUROSHARP_RESUME=0: each run
    /// from 0 with the changes as timed events), spikes and v bit for bit; a change that the checkpoint cannot take makes that
    /// run() start again from 0.
    /// </summary>
    [Theory]
    [InlineData("parameter", "p.set(v_thresh=-53.0)", "p.set(tau_refrac=4.0, i_offset=0.9)", "-,200,400")]
    [InlineData("poisson", "src.set(rate=400.0)", "src.set(rate=40.0)", "-,200,400")]
    [InlineData("current", "sim.DCSource(amplitude=0.8, start=27.0, stop=45.0).inject_into(p[0:2])", "sim.DCSource(amplitude=-0.5, start=41.0, stop=52.0).inject_into(p[1:3])", "-,200,400")]
    // A source injected with a start before now rewrites the part already run (as this backend has always applied it): simulate
    // refuses the checkpoint, and the second run starts again from 0; the third resumes from it.
    [InlineData("past", "sim.DCSource(amplitude=0.8, start=5.0, stop=35.0).inject_into(p[0:2])", "p.set(v_thresh=-53.0)", "-,-,400")]
    public void SetBetweenRuns_ResumesWithTheChange_RecordingsOfTheRunsFromZero(string @case, string first, string second, string resumedAt)
    {
        string script = "import json, sys\nimport pyNN.neurosharp as sim\nsim.setup(timestep=0.1)\n"
            + "p = sim.Population(3, sim.IF_cond_exp(i_offset=0.4), label='cells')\n"
            + "src = sim.Population(5, sim.SpikeSourcePoisson(rate=100.0), label='src')\n"
            + "sim.Projection(src, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.004), label='drive')\np.record(['spikes', 'v'])\nsrc.record('spikes')\n"
            + "resumed = []\ndef run(t):\n    sim.run(t)\n    resumed.append(sim.simulator.state.results.metrics.get('resumedAtStep'))\n"
            + $"run(20)\n{first}\nrun(20)\n{second}\nrun(20)\n"
            + "d = p.get_data().segments[0]\ns = src.get_data().segments[0]\n"
            + "json.dump({'resumed': resumed, 'spikes': [[float(t) for t in st] for st in d.spiketrains], 'sources': [[float(t) for t in st] for st in s.spiketrains],"
            + " 'v': [[float(x) for x in row] for row in d.analogsignals[0].magnitude]}, open(sys.argv[1], 'w'))\n";
        JsonElement RunScript(bool resume)
        {
            using var dir = new TempDirectory();
            File.WriteAllText(dir.File("set.py"), script);
            var env = PynnRuns.BackendEnvironment(dir);
            if (!resume) env["NEUROSHARP_RESUME"] = "0";
            var (exit, _, err) = DebianPython.RunIn(TimeSpan.FromMinutes(3), env, dir.Path, Path.Combine(Root, "python", "run_pynn.py"), dir.File("set.py"), dir.File("out.json"));
            Assert.True(exit == 0, $"{@case}: {err}");
            return JsonDocument.Parse(File.ReadAllText(dir.File("out.json"))).RootElement.Clone();
        }
        var resumed = RunScript(resume: true);
        var fromZero = RunScript(resume: false);
        static string Steps(JsonElement run) => string.Join(",", run.GetProperty("resumed").EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Null ? "-" : x.GetRawText()));
        Assert.Equal(resumedAt, Steps(resumed));
        Assert.Equal("-,-,-", Steps(fromZero));
        foreach (string field in new[] { "spikes", "sources", "v" })
            Assert.Equal(fromZero.GetProperty(field).GetRawText(), resumed.GetProperty(field).GetRawText());
        Assert.True(resumed.GetProperty("spikes").EnumerateArray().Sum(t => t.GetArrayLength()) > 0, $"{@case}: the cells should fire");
    }

    /// <summary>
    /// The same cases on pyNN.brian2: update_spike_source_array.py's counts equal and every spike within one step (0.1 ms);
    /// the IF_cond_exp cells' v within 0.05 mV (Brian2 steps IF_cond_exp by forward Euler, the engine by exponential Euler;
    /// 0.009 mV in practice). varying_poisson.py is not compared: PyNN 0.10.1's Brian2 backend keeps a SpikeSourcePoisson's
    /// rate in a Python attribute of its PoissonGroup, not in Brian2's rates, so set(rate=...) changes nothing there and the
    /// script counts the default 1 Hz in every interval (9, 14, 13, 7, 14; docs/pynn.md, "Changes between runs").
    /// </summary>
    [Fact]
    [Trait("Category", Categories.Slow)]
    public void Changes_MatchBrian2()
    {
        Assert.Equal(Counts(Run("brian2", "array")), Counts(Run("neurosharp", "array")));
        var ours = Trains(Run("neurosharp", "array"));
        var theirs = Trains(Run("brian2", "array"));
        for (int i = 0; i < ours.Length; i++)
        {
            Assert.Equal(theirs[i].Length, ours[i].Length);
            for (int k = 0; k < ours[i].Length; k++) Assert.True(Math.Abs(ours[i][k] - theirs[i][k]) <= 0.1 + 1e-9, $"cell {i} spike {k}: {ours[i][k]} against {theirs[i][k]}");
        }
        var v = Traces(Run("neurosharp", "tau"));
        var w = Traces(Run("brian2", "tau"));
        for (int cell = 0; cell < 2; cell++)
        {
            double worst = v[cell].Zip(w[cell]).Max(p => Math.Abs(p.First - p.Second));
            Assert.True(worst < 0.05, $"cell {cell}: v differs from Brian2's by up to {worst} mV");
        }
    }
}
