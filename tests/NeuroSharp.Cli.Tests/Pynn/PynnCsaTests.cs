using System.Text.Json;
using NeuroSharp.Testing;

namespace NeuroSharp.Cli.Tests.Pynn;

/// <summary>
/// PyNN's simpleRandomNetwork_csa.py on pyNN.neurosharp (docs/pynn.md, "PyNN's examples"): its CSAConnector needs Debian's
/// python3-csa (./test installs it). The script as PyNN 0.10.1 ships it stops on every backend at
/// <c>rng.next(..., mask_local=False)</c> (an argument PyNN 0.10 removed); this is its network with that argument left out.
/// </summary>
public class PynnCsaTests
{
    private static string Root => RepositoryRoot.Path;

    [Fact]
    public void SimpleRandomNetworkCsa_ConnectsHalfThePairs_AndTheOutputCellsFire()
    {
        const string body = """
            import json
            import random
            import csa
            import numpy as np
            from pyNN.random import NumpyRNG
            import pyNN.neurosharp as sim

            random.seed(764756387)  # csa.random draws from Python's random module, which the script leaves unseeded
            tstop, input_rate = 1000.0, 100.0
            sim.setup(timestep=0.025, min_delay=1.0, max_delay=10.0)
            rng = NumpyRNG(seed=764756387, parallel_safe=True)
            n_spikes = int(2 * tstop * input_rate / 1000.0)
            spike_times = np.add.accumulate(rng.next(n_spikes, 'exponential', {'beta': 1000.0 / input_rate}))
            input_population = sim.Population(100, sim.SpikeSourceArray(spike_times=spike_times), label="input")
            output_population = sim.Population(10, sim.IF_curr_exp(tau_refrac=2.0, v_thresh=-50.0, tau_syn_E=2.0, tau_syn_I=2.0), label="output")
            projection = sim.Projection(input_population, output_population, sim.CSAConnector(csa.random(0.5)), sim.StaticSynapse(weight=0.1))
            connections = projection.get(["weight"], format="list")
            output_population.record('spikes')
            output_population.sample(5, rng).record('v')
            sim.run(tstop)
            segment = output_population.get_data().segments[0]
            print(json.dumps({"connections": [[int(i), int(j), float(w)] for i, j, w in connections],
                              "counts": [len(s) for s in segment.spiketrains], "v": list(segment.analogsignals[0].shape)}))
            sim.end()
            """;
        using var dir = new TempDirectory();
        string script = dir.File("csa_network.py");
        File.WriteAllText(script, body);
        var (exit, output, err) = DebianPython.RunIn(TimeSpan.FromMinutes(4), PynnRuns.BackendEnvironment(dir), dir.Path, Path.Combine(Root, "python", "run_pynn.py"), script);
        Assert.True(exit == 0, err);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var connections = json.RootElement.GetProperty("connections").EnumerateArray().Select(c => (Pre: c[0].GetInt32(), Post: c[1].GetInt32(), W: c[2].GetDouble())).ToArray();
        // csa.random(0.5) over 100 x 10 pairs: 500 +- 15.8 (4 sd: 437 to 563), each pair once, weight 0.1 nA.
        Assert.InRange(connections.Length, 437, 563);
        Assert.Equal(connections.Length, connections.Select(c => (c.Pre, c.Post)).Distinct().Count());
        Assert.All(connections, c =>
        {
            Assert.InRange(c.Pre, 0, 99);
            Assert.InRange(c.Post, 0, 9);
            Assert.Equal(0.1, c.W, 1e-12);
        });
        // About 50 inputs of 100 Hz, 0.1 nA each onto every cell: each fires (19 to 40 spikes in a recorded run); v of the 5
        // sampled cells every 0.025 ms step, t = 0 included.
        int[] counts = [.. json.RootElement.GetProperty("counts").EnumerateArray().Select(e => e.GetInt32())];
        Assert.Equal(10, counts.Length);
        Assert.All(counts, n => Assert.InRange(n, 1, 200));
        Assert.Equal([40001, 5], json.RootElement.GetProperty("v").EnumerateArray().Select(e => e.GetInt32()));
    }
}
