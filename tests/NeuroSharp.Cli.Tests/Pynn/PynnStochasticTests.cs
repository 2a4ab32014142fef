using System.Text.Json;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Pynn;

/// <summary>
/// PyNN's stochastic synapses on pyNN.neurosharp (docs/pynn.md, "Stochastic synapses"): the "stochastic" case of
/// tests/pynn/small_networks.py, the synapses of stochastic_synapses.py, stochastic_tsodyksmarkram.py and
/// multiquantal_synapses.py onto 500 short-PSC cells each, every cell's release at each of the 19 spikes read off its
/// conductance's jump. pyNN.brian2 has none of these types, so the answers are the release probability and the
/// deterministic TsodyksMarkramSynapse run in the same script (the stochastic rule's mean is its w u x).
/// Needs Debian's python3-pynn, python3-neo and python3-h5py (./test installs them).
/// </summary>
public class PynnStochasticTests
{
    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    [Fact]
    [Trait("Category", Categories.Statistical)]
    public void Backend_SimpleStochasticSynapse_ReleasesAFractionP_WithinABinomialTolerance()
    {
        // SimpleStochasticSynapse(p=0.3): 500 cells x 19 spikes = 9 500 trials, sd of the count sqrt(9 500 0.3 0.7) = 45;
        // allowed 4 sd. Each release is all or nothing (the weight, 1 uS, or 0: within 1e-4 through NWB's float).
        var bernoulli = PynnRuns.Ours("stochastic").GetProperty("bernoulli");
        var released = Doubles(bernoulli.GetProperty("releasedCells"));
        int cells = bernoulli.GetProperty("cells").GetInt32();
        Assert.Equal(500, cells);
        Assert.Equal(19, released.Length);
        double trials = cells * released.Length, expected = 0.3 * trials, sd = Math.Sqrt(trials * 0.3 * 0.7);
        Assert.True(Math.Abs(released.Sum() - expected) < 4 * sd, $"{released.Sum()} releases of {trials}, expected {expected} +- {4 * sd:F0}");
        Assert.True(bernoulli.GetProperty("offGrid").GetDouble() < 1e-4, $"a release is {bernoulli.GetProperty("offGrid").GetDouble()} uS from 0 or the weight");
    }

    [Theory]
    [Trait("Category", Categories.Statistical)]
    [InlineData("depressing_stochastic", "depressing_deterministic")]
    [InlineData("facilitating_stochastic", "facilitating_deterministic")]
    [InlineData("depressing_n5", "depressing_deterministic")]
    [InlineData("facilitating_n5", "facilitating_deterministic")]
    public void Backend_StochasticTsodyksMarkram_MeanReleaseIsTheDeterministicUx(string stochastic, string deterministic)
    {
        // StochasticTsodyksMarkramSynapse (n = 1) and MultiQuantalSynapse (n = 5): at each spike the mean of k / n over 500 cells
        // against TsodyksMarkramSynapse's u x with the same U, tau_rec, tau_facil; the mean's sd is sqrt(r (1 - r) / (n 500)),
        // allowed 4.5 sd (+ 1e-4, float). Every release is a multiple of w / n.
        var populations = PynnRuns.Ours("stochastic");
        var ours = populations.GetProperty(stochastic);
        int n = ours.GetProperty("sites").GetInt32(), cells = ours.GetProperty("cells").GetInt32();
        var mean = Doubles(ours.GetProperty("meanReleases"));
        var expected = Doubles(populations.GetProperty(deterministic).GetProperty("meanReleases"));
        Assert.Equal(19, mean.Length);
        for (int k = 0; k < mean.Length; k++)
        {
            double r = expected[k], tolerance = 4.5 * Math.Sqrt(r * (1 - r) / (n * cells)) + 1e-4;
            Assert.True(Math.Abs(mean[k] - r) < tolerance, $"{stochastic}: spike {k + 1} released {mean[k]:F4} on average, u x = {r:F4} (+- {tolerance:F4})");
        }
        Assert.True(ours.GetProperty("offGrid").GetDouble() < 1e-4 * n, $"{stochastic}: a release is not a multiple of w / {n}");
        // The depressing synapse empties: the second spike finds most sites empty; the facilitating one's u grows over the train.
        if (stochastic.StartsWith("depressing", StringComparison.Ordinal)) Assert.True(mean[1] < 0.4 * mean[0], $"{stochastic}: {mean[1]:F3} after {mean[0]:F3}");
        else Assert.True(mean[8] > 2 * mean[0], $"{stochastic}: {mean[8]:F3} at the ninth spike against {mean[0]:F3} at the first");
    }

    [Fact]
    public void Backend_InitializeOtherThanTheEnginesStart_IsRefusedInOneSentence()
    {
        // multiquantal_synapses.py's initialize(a=n, u=U) is the engine's start and runs (the "stochastic" case); a = 2 of 5 is not.
        using var dir = new TempDirectory();
        string script = dir.File("initialize.py");
        File.WriteAllText(script, "import pyNN.neurosharp as sim\nsim.setup()\ns = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0]))\n"
            + "p = sim.Population(2, sim.IF_cond_exp(), label='cells')\n"
            + "prj = sim.Projection(s, p, sim.AllToAllConnector(), sim.MultiQuantalSynapse(n=5, U=0.5), label='quanta')\n"
            + "prj.initialize(a=2)\n");
        var (exit, _, err) = DebianPython.Run(TimeSpan.FromMinutes(2), null, Path.Combine(RepositoryRoot.Path, "python", "run_pynn.py"), script);
        Assert.NotEqual(0, exit);
        Assert.Contains("Projection 'quanta': pyNN.neurosharp starts MultiQuantalSynapse with a = n (every synapse, as at the start of its engine run); "
                        + "initialising it to other values is not supported (got a from 2 to 2).", err);
    }
}
