using System.Text.Json.Nodes;
using NeuroSharp.Reports.Images;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Reports.Experiments.Spiking;

/// <summary>Article 004's STDP (docs/articles.md#article-004-cortex-and-deep-networks): the weight change of one pre/post pair against the lag, simulated and closed form.</summary>
public sealed class StdpWindowExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "stdp-window";

    /// <inheritdoc />
    public string Title => "STDP: potentiation when pre precedes post, depression otherwise";

    /// <inheritdoc />
    public string Article => "004";

    /// <inheritdoc />
    public string Description =>
        "One presynaptic and one postsynaptic spike at lags from -60 to +60 ms through a plastic synapse with traces (Song et al. 2000): " +
        "the simulated weight change follows A+ exp(-lag / tau+) for pre before post and -A- exp(lag / tau-) for post before pre.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var rule = new StdpRuleSpec { APlus = 0.01, AMinus = 0.0105, TauPlusMs = 20, TauMinusMs = 20, WMax = 1 };
        int step = context.Quick ? 5 : 1;
        var lags = new List<double>();
        var simulated = new List<double>();
        var closed = new List<double>();
        double worst = 0;
        for (int lagMs = -60; lagMs <= 60; lagMs += step)
        {
            double dw = WeightChange(context, lagMs, rule);
            double expected = lagMs >= 0 ? rule.APlus * Math.Exp(-lagMs / rule.TauPlusMs) : -rule.AMinus * Math.Exp(lagMs / rule.TauMinusMs);
            lags.Add(lagMs);
            simulated.Add(dw);
            closed.Add(expected);
            worst = Math.Max(worst, Math.Abs(dw - expected));
        }
        Png.Save(context.PathOf("stdp-window.png"), SpikingCharts.Traces("STDP window (one pair, w0 = 0.5)", "t_post - t_pre (ms)", "weight change",
            [("simulated", lags.ToArray(), simulated.ToArray()), ("A exp(-|lag| / tau)", lags.ToArray(), closed.ToArray())]));
        var metrics = new JsonObject { ["pairs"] = lags.Count, ["maxAbsErrorVsClosedForm"] = worst };
        return new ExperimentResult(metrics,
            [new Figure("stdp-window.png", "Weight change of one synapse after one pair of spikes, against the lag; the curves overlap.")],
            [new Comparison("largest deviation from the closed form", $"{worst:E1}", "0 (float traces: about 1e-8)")]);
    }

    private static double WeightChange(ExperimentContext context, int lagMs, StdpRuleSpec rule)
    {
        const double dt = 0.1, w0 = 0.5;
        double pre = 80, post = 80 + lagMs;
        var spec = new NetworkSpec
        {
            DtMs = dt,
            Populations =
            [
                new PopulationSpec { Name = "pre", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [pre] } },
                new PopulationSpec { Name = "driver", Count = 1, Model = new SpikeTimesSourceSpec { Indices = [0], TimesMs = [post - dt] } },
                new PopulationSpec { Name = "post", Count = 1, Model = new LifNeuronSpec { RestMv = -70, ResetMv = -70, ThresholdMv = -50, TauExcMs = 0 } },
            ],
            Projections =
            [
                new ProjectionSpec { Name = "plastic", Source = "pre", Target = "post", Receptor = Receptor.Excitatory, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(w0), Stdp = rule },
                new ProjectionSpec { Source = "driver", Target = "post", Receptor = Receptor.Excitatory, Connectivity = new OneToOneConnectivity(), Weight = DistributionSpec.Constant(1e4) },
            ],
            Monitors = [new SpikeMonitorSpec { Target = "post" }],
        };
        var engine = context.CreateEngine(spec, new SimulationOptions());
        engine.Run((int)Math.Round((Math.Max(pre, post) + 10) / dt));
        return engine.GetProjection("plastic").Weights[0] - w0;
    }
}
