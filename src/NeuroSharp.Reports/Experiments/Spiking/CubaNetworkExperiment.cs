using System.Text.Json.Nodes;
using NeuroSharp.Reports.Images;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Reports.Experiments.Spiking;

/// <summary>
/// The CUBA benchmark network (Vogels and Abbott 2005; Brette et al. 2007): 3200 excitatory and 800
/// inhibitory LIF neurons, p = 0.02, self-sustained asynchronous irregular activity.
/// </summary>
public sealed class CubaNetworkExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "cuba-network";

    /// <inheritdoc />
    public string Title => "A balanced network of 4000 LIF neurons (CUBA benchmark)";

    /// <inheritdoc />
    public string Article => "002";

    /// <inheritdoc />
    public string Description =>
        "The article's readers asked for real neuron models; this is the network simulators are measured on: 3200 excitatory and 800 inhibitory " +
        "current-based LIF neurons connected with probability 0.02 keep themselves firing irregularly at a few Hz. Raster, rates and speed.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        double durationMs = context.Quick ? 300 : 1000;
        var spec = Cuba();
        var engine = context.CreateEngine(spec, new SimulationOptions { Seed = context.Seed, Threads = context.Threads });
        var run = engine.Run((int)Math.Round(durationMs / spec.DtMs), context.CancellationToken, f => context.Report(f, "cuba"));
        var exc = engine.SpikeMonitors[0];
        var inh = engine.SpikeMonitors[1];
        double rate = (exc.Count + inh.Count) / (4000 * durationMs / 1000);
        var (cv, _) = SpikeStatistics.CvIsi(exc);
        Png.Save(context.PathOf("raster.png"), SpikingCharts.Raster($"CUBA: first 400 neurons, {durationMs:F0} ms",
            [Rows("excitatory", exc, 0, 320), Rows("inhibitory", inh, 320, 80)]));
        var rates = engine.RateMonitors[0].RatesHz();
        Png.Save(context.PathOf("rate.png"), SpikingCharts.Traces("Population rate (5 ms bins)", "time (ms)", "rate (Hz)",
            [("all 4000 neurons", rates.Select((_, b) => b * engine.RateMonitors[0].BinMs).ToArray(), rates)]));
        var metrics = new JsonObject
        {
            ["durationMs"] = durationMs, ["synapses"] = engine.SynapseCount, ["meanRateHz"] = Math.Round(rate, 3), ["cvIsiExcitatory"] = Math.Round(cv, 3),
            ["synapticEvents"] = run.SynapticEvents, ["runSeconds"] = Math.Round(run.Seconds, 3),
            ["wallPerBiologicalSecond"] = Math.Round(run.WallPerBiologicalSecond, 4), ["threads"] = context.Threads,
        };
        return new ExperimentResult(metrics,
            [
                new Figure("raster.png", "Spikes of 320 excitatory (blue) and 80 inhibitory (orange) neurons: asynchronous irregular firing."),
                new Figure("rate.png", "Population rate of the whole network."),
            ],
            [
                new Comparison("mean rate, CV of ISI", $"{rate:F2} Hz, {cv:F2}", "Brian2 cpp_standalone on the same network: within a few % (docs/results.md)"),
                new Comparison("wall seconds per simulated second", $"{run.WallPerBiologicalSecond:F3}", "Brian2 standalone 0.246, Auryn 0.128 (published single-thread, Ahmad et al. 2018)"),
            ]);
    }

    private static (string, double[], double[]) Rows(string name, SpikeMonitor m, int offset, int limit)
    {
        var times = new List<double>();
        var rows = new List<double>();
        var neurons = m.Neurons;
        var steps = m.Steps;
        for (int k = 0; k < m.Count; k++)
        {
            if (neurons[k] >= limit) continue;
            times.Add(steps[k] * m.DtMs);
            rows.Add(offset + neurons[k]);
        }
        return (name, times.ToArray(), rows.ToArray());
    }

    /// <summary>The network of examples/networks/cuba.json, with a rate monitor.</summary>
    private static NetworkSpec Cuba()
    {
        var initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-60, -50) };
        ConnectivitySpec P(bool recurrent) => new FixedProbabilityConnectivity { Probability = 0.02, AllowSelf = recurrent };
        return new NetworkSpec
        {
            Name = "cuba", DtMs = 0.1,
            Populations =
            [
                new PopulationSpec { Name = "exc", Count = 3200, Model = LifNeuronSpec.Cuba, Kind = NeuronKind.Excitatory, Initial = initial },
                new PopulationSpec { Name = "inh", Count = 800, Model = LifNeuronSpec.Cuba, Kind = NeuronKind.Inhibitory, Initial = initial },
            ],
            Projections =
            [
                new ProjectionSpec { Source = "exc", Target = "exc", Receptor = Receptor.Excitatory, Connectivity = P(true), Weight = DistributionSpec.Constant(1.62) },
                new ProjectionSpec { Source = "exc", Target = "inh", Receptor = Receptor.Excitatory, Connectivity = P(false), Weight = DistributionSpec.Constant(1.62) },
                new ProjectionSpec { Source = "inh", Target = "exc", Receptor = Receptor.Inhibitory, Connectivity = P(false), Weight = DistributionSpec.Constant(9) },
                new ProjectionSpec { Source = "inh", Target = "inh", Receptor = Receptor.Inhibitory, Connectivity = P(true), Weight = DistributionSpec.Constant(9) },
            ],
            Monitors =
            [
                new SpikeMonitorSpec { Target = "exc" },
                new SpikeMonitorSpec { Target = "inh" },
                new RateMonitorSpec { Target = "exc", BinMs = 5 },
            ],
        };
    }
}
