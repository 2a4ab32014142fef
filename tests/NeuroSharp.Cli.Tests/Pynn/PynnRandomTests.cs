using System.Text.Json;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Pynn;

/// <summary>
/// pyNN.neurosharp's <c>NativeRNG</c> (docs/pynn.md, "NativeRNG"): its numbers are the engine's counter-based stream
/// (<see cref="RandomStream.ChildKey"/>) of the seed, and PyNN's random_numbers.py, which draws one projection with it and
/// one with NumpyRNG, runs.
/// </summary>
public class PynnRandomTests
{
    private static string Root => RepositoryRoot.Path;

    private static (int Exit, string Output, string Error) RunScript(TempDirectory dir, string body)
    {
        string script = dir.File("script.py");
        File.WriteAllText(script, body);
        return DebianPython.RunIn(TimeSpan.FromMinutes(4), PynnRuns.BackendEnvironment(dir), dir.Path, Path.Combine(Root, "python", "run_pynn.py"), script);
    }

    [Fact]
    public void NativeRng_Draws_AreTheEnginesCounterBasedStreamOfTheSeed()
    {
        // Draw i is ChildKey(seed, i); a uniform is its top 53 bits (NextDouble's rule); a normal takes draws 2j and 2j + 1
        // (NextGaussian's Box-Muller). Printed with repr, the uniforms must be C#'s doubles bit for bit.
        using var dir = new TempDirectory();
        var (exit, output, err) = RunScript(dir, "import json\nimport pyNN.neurosharp as sim\nsim.setup(rng_seed=5)\n"
            + "r = sim.NativeRNG(seed=87354762)\nu = r.next(6)\nn = r.next(3, 'normal', {'mu': 0.5, 'sigma': 0.01})\n"
            + "d = sim.NativeRNG()\n"
            + "print(json.dumps({'u': [float(x) for x in u], 'n': [float(x) for x in n], 'again': [float(x) for x in sim.NativeRNG(seed=87354762).next(6)],"
            + " 'default': [float(x) for x in d.next(2)]}))\n");
        Assert.True(exit == 0, err);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        double[] Read(string name) => [.. json.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetDouble())];
        static double Uniform(ulong key, ulong i) => (RandomStream.ChildKey(key, i) >> 11) * (1.0 / (1UL << 53));

        double[] u = Read("u");
        for (int i = 0; i < 6; i++) Assert.Equal(Uniform(87354762, (ulong)i), u[i]);
        Assert.Equal(u, Read("again")); // a NativeRNG of the same seed starts the same stream
        double[] n = Read("n");
        for (int j = 0; j < 3; j++)
        {
            double u1 = 1.0 - Uniform(87354762, (ulong)(6 + 2 * j)), u2 = Uniform(87354762, (ulong)(7 + 2 * j));
            Assert.Equal(0.5 + 0.01 * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2), n[j], 1e-12);
        }
        // Without a seed: setup()'s rng_seed (5), so a script stays reproducible.
        Assert.Equal([Uniform(5, 0), Uniform(5, 1)], Read("default"));
    }

    [Fact]
    public void NativeRng_DistributionWithoutARule_RefusedInOneSentence()
    {
        using var dir = new TempDirectory();
        var (exit, _, err) = RunScript(dir, "import pyNN.neurosharp as sim\nsim.setup()\nsim.NativeRNG(seed=1).next(3, 'gamma', {'k': 2.0, 'theta': 1.0})\n");
        Assert.NotEqual(0, exit);
        Assert.Contains("NotImplementedError: pyNN.neurosharp's NativeRNG draws uniform, uniform_int, normal, normal_clipped, normal_clipped_to_boundary, lognormal, exponential, not 'gamma': use NumpyRNG for it", err);
    }

    /// <summary>
    /// PyNN's random_numbers.py as it is (its network, RNGs and seeds; the script itself is not in this repository), with the
    /// two weight matrices and the spike counts printed as JSON: it failed until 2026-12-07 (no <c>sim.NativeRNG</c>).
    /// </summary>
    [Fact]
    public void RandomNumbersExample_Runs_NativeProjectionIsDrawnAsAskedAndReproducible()
    {
        const string body = """
            import json
            import numpy as np
            from pyNN.random import NumpyRNG, RandomDistribution
            import pyNN.neurosharp as sim

            def build():
                sim.setup()
                python_rng = NumpyRNG(seed=98497627)
                native_rng = sim.NativeRNG(seed=87354762)
                cell_type = sim.IF_cond_exp(tau_m=RandomDistribution('normal', (15.0, 2.0), rng=python_rng))
                v_init = RandomDistribution('uniform', (cell_type.default_parameters['v_rest'], cell_type.default_parameters['v_thresh']), rng=python_rng)
                p1 = sim.Population(10, sim.SpikeSourcePoisson(rate=100.0))
                p2 = sim.Population(10, cell_type, initial_values={'v': v_init})
                p1.record("spikes")
                p2.record("spikes")
                p2.sample(3, rng=python_rng).record("v")
                connector_native = sim.FixedProbabilityConnector(p_connect=0.7, rng=native_rng)
                connector_python = sim.FixedProbabilityConnector(p_connect=0.7, rng=python_rng)
                synapse_type_native = sim.StaticSynapse(weight=RandomDistribution('normal', mu=0.5, sigma=0.01, rng=native_rng), delay=0.5)
                synapse_type_python = sim.StaticSynapse(weight=RandomDistribution('normal', mu=0.5, sigma=0.01, rng=python_rng), delay=0.5)
                projection_native = sim.Projection(p1, p2, connector_native, synapse_type_native)
                projection_python = sim.Projection(p1, p2, connector_python, synapse_type_python)
                weights_python = projection_python.get("weight", format="array")
                weights_native = projection_native.get("weight", format="array")
                sim.run(100.0)
                counts = [len(p.get_data().segments[0].spiketrains[i]) for p in (p1, p2) for i in range(10)]
                sim.end()
                return weights_python, weights_native, counts

            first, second = build(), build()
            out = lambda w: [[None if np.isnan(x) else float(x) for x in row] for row in w]
            print(json.dumps({"python": out(first[0]), "native": out(first[1]), "nativeAgain": out(second[1]), "counts": first[2], "countsAgain": second[2]}))
            """;
        using var dir = new TempDirectory();
        var (exit, output, err) = RunScript(dir, body);
        Assert.True(exit == 0, err);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        double?[][] Matrix(string name) =>
            [.. json.RootElement.GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (double?)null : e.GetDouble()).ToArray())];
        var native = Matrix("native");
        var python = Matrix("python");
        var weights = native.SelectMany(r => r).OfType<double>().ToArray();

        // 100 pairs at p = 0.7: 70 +- 4.6 connections (4 sd: 52 to 88); weights N(0.5, 0.01): every one within 5 sd, the
        // mean within 4 standard errors.
        Assert.InRange(weights.Length, 52, 88);
        Assert.All(weights, w => Assert.InRange(w, 0.45, 0.55));
        Assert.InRange(weights.Average(), 0.5 - 4 * 0.01 / Math.Sqrt(weights.Length), 0.5 + 4 * 0.01 / Math.Sqrt(weights.Length));
        // Drawn by the engine's stream, not the script's NumpyRNG: another connection pattern than the Python projection's.
        Assert.NotEqual(Pattern(python), Pattern(native));
        // The same seeds give the same network and the same run.
        Assert.Equal(native.Select(r => string.Join(',', r)), Matrix("nativeAgain").Select(r => string.Join(',', r)));
        int[] counts = [.. json.RootElement.GetProperty("counts").EnumerateArray().Select(e => e.GetInt32())];
        Assert.Equal(counts, json.RootElement.GetProperty("countsAgain").EnumerateArray().Select(e => e.GetInt32()));
        // 10 Poisson sources at 100 Hz for 100 ms: 100 spikes expected (4 sd: 60 to 140); the cells they drive fire.
        Assert.InRange(counts[..10].Sum(), 60, 140);
        Assert.True(counts[10..].Sum() > 0, $"the driven cells did not fire: {string.Join(',', counts)}");
    }

    private static string Pattern(double?[][] matrix) =>
        string.Join('|', matrix.Select(r => string.Concat(r.Select(w => w is null ? '0' : '1'))));
}
