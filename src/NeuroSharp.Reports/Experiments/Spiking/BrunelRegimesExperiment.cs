using System.Text.Json.Nodes;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;
using SkiaSharp;

namespace NeuroSharp.Reports.Experiments.Spiking;

/// <summary>
/// Brunel's (2000) sparse network of excitatory and inhibitory LIF neurons with delta synapses in the four states of his
/// Fig. 8 (docs/spiking-brunel.md): synchronous regular, fast and slow synchronous irregular, asynchronous irregular.
/// </summary>
public sealed class BrunelRegimesExperiment : IExperiment
{
    /// <summary>Full size: Brunel's N_E = 10 000, C_E = 1 000.</summary>
    public static BrunelNetwork Full { get; } = new();

    /// <summary>
    /// Quick size: N_E = 5 000 (N halved) with C_E kept at 1 000 (epsilon 0.2), so that the mean input and its
    /// fluctuations, and with them the phase diagram of the mean-field theory, stay those of the full network.
    /// </summary>
    public static BrunelNetwork Quick { get; } = new() { ExcitatoryCount = 5_000 };

    /// <summary>Raster rows per panel (Brunel's 50).</summary>
    public const int RasterNeurons = 50;

    /// <summary>The bin of the spike-count chi and of the rate's spectrum, in ms.</summary>
    public const double ChiBinMs = 1;

    /// <summary>Excitatory neurons whose v is recorded every step for chi (Golomb's, from the membrane potential).</summary>
    public const int ChiNeurons = 500;

    /// <inheritdoc />
    public string Name => "brunel-regimes";

    /// <inheritdoc />
    public string Title => "Brunel (2000): the four states of a sparse E/I network with delta synapses";

    /// <inheritdoc />
    public string Article => "002";

    /// <inheritdoc />
    public string Description =>
        "The network NEST, Brian2 and PyNN users run first: 10 000 excitatory and 2 500 inhibitory integrate-and-fire neurons, each receiving " +
        "1 000 + 250 random connections whose spikes make v jump by 0.1 mV (or -g x 0.1 mV) after 1.5 ms, driven by external Poisson input. " +
        "The relative inhibition g and the external rate choose between regular synchrony, fast and slow oscillations of irregular neurons, " +
        "and an asynchronous irregular state (Brunel's Fig. 8). Rasters, population rates, CV of ISI and synchrony chi.";

    /// <summary>Simulated time and the transient left out of the statistics, in ms.</summary>
    public static (double DurationMs, double TransientMs) Durations(bool quick) => quick ? (500, 100) : (1200, 200);

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var size = context.Quick ? Quick : Full;
        var (durationMs, transientMs) = Durations(context.Quick);
        var regimes = new JsonObject();
        var panels = new List<SKBitmap>();
        var comparisons = new List<Comparison>();
        double wall = 0, simulated = 0;
        try
        {
            var figure = BrunelNetwork.Figure8;
            for (int r = 0; r < figure.Count; r++)
            {
                var (panel, regime, g, eta) = figure[r];
                var result = RunRegime(size with { G = g, ExternalOverThreshold = eta }, durationMs, transientMs, context,
                    f => context.Report((r + f) / figure.Count, $"{panel} ({regime})"));
                wall += result.Run.Seconds;
                simulated += durationMs / 1000;
                regimes[panel] = new JsonObject
                {
                    ["regime"] = regime, ["g"] = g, ["nuExtOverNuThr"] = eta, ["meanRateHz"] = Math.Round(result.RateHz, 3),
                    ["meanRateExcitatoryHz"] = Math.Round(result.RateExcHz, 3), ["cvIsi"] = Math.Round(result.Cv, 3),
                    ["chi"] = Math.Round(result.Chi, 4), ["chiSpikeCounts"] = Math.Round(result.ChiSpikes, 4),
                    ["peakFrequencyHz"] = Math.Round(result.PeakHz, 1), ["runSeconds"] = Math.Round(result.Run.Seconds, 3),
                    ["wallPerBiologicalSecond"] = Math.Round(result.Run.WallPerBiologicalSecond, 4),
                };
                double window = regime == "SR" ? 100 : 200;
                panels.Add(SpikingCharts.RasterOverRate($"{panel}: {regime}, g = {g}, nu_ext/nu_thr = {eta}: {result.RateHz:F1} Hz, CV {result.Cv:F2}, chi {result.Chi:F2}",
                    result.RasterTimes, result.RasterRows, result.BinTimes, result.Rates, durationMs - window, durationMs));
                comparisons.Add(new Comparison($"{panel} ({regime}): rate, CV of ISI, chi", $"{result.RateHz:F1} Hz, {result.Cv:F2}, {result.Chi:F2}",
                    regime switch
                    {
                        "SR" => "Brunel: neurons fire regularly at high rates, almost fully synchronised",
                        "AI" => "Brunel: stationary global activity, irregular neurons (CV near 1, chi near 0)",
                        "SI fast" => "Brunel: fast global oscillation, neurons irregular at rates below its frequency",
                        _ => "Brunel: slow global oscillation, neurons irregular at very low rates",
                    }));
            }
            Images.Png.Save(context.PathOf("regimes.png"), SpikingCharts.Grid(panels, 2));
        }
        finally
        {
            foreach (var p in panels) p.Dispose();
        }
        var metrics = new JsonObject
        {
            ["excitatory"] = size.ExcitatoryCount, ["inhibitory"] = size.InhibitoryCount, ["inDegreeExcitatory"] = size.ExcitatoryInDegree,
            ["inDegreeInhibitory"] = size.InhibitoryInDegree, ["jMv"] = size.JMv, ["delayMs"] = size.DelayMs, ["durationMs"] = durationMs,
            ["transientMs"] = transientMs, ["chiBinMs"] = ChiBinMs, ["regimes"] = regimes,
            ["wallPerBiologicalSecond"] = Math.Round(wall / simulated, 4), ["threads"] = context.Threads,
        };
        return new ExperimentResult(metrics,
            [new Figure("regimes.png", $"Brunel's Fig. 8 layout: for each state, spikes of {RasterNeurons} excitatory neurons above the excitatory population's rate (0.1 ms bins) over the last 200 ms (100 ms for SR).")],
            comparisons);
    }

    /// <summary>What one run of one state gave.</summary>
    internal sealed record RegimeResult(RunResult Run, double RateHz, double RateExcHz, double Cv, double Chi, double ChiSpikes, double PeakHz,
        double[] RasterTimes, double[] RasterRows, double[] BinTimes, double[] Rates);

    /// <summary>Runs one state: the network, then its statistics after the transient.</summary>
    internal static RegimeResult RunRegime(BrunelNetwork network, double durationMs, double transientMs, ExperimentContext context, Action<double>? progress)
    {
        var spec = network.Spec(
        [
            new SpikeMonitorSpec { Target = "exc" },
            new SpikeMonitorSpec { Target = "inh" },
            new RateMonitorSpec { Target = "exc", BinMs = network.DtMs },
            new StateMonitorSpec { Target = "exc", Variables = ["v"], Indices = [.. Enumerable.Range(0, Math.Min(ChiNeurons, network.ExcitatoryCount))] },
        ]);
        var engine = context.CreateEngine(spec, new SimulationOptions { Seed = context.Seed, Threads = context.Threads });
        int steps = (int)Math.Round(durationMs / spec.DtMs), from = (int)Math.Round(transientMs / spec.DtMs);
        var run = engine.Run(steps, context.CancellationToken, progress);
        var exc = engine.SpikeMonitors[0];
        var inh = engine.SpikeMonitors[1];
        double seconds = (durationMs - transientMs) / 1000;
        int excAfter = CountFrom(exc, from), inhAfter = CountFrom(inh, from);
        double rate = (excAfter + inhAfter) / ((network.ExcitatoryCount + network.InhibitoryCount) * seconds);
        var (cv, _) = SpikeStatistics.CvIsi(exc, from);
        double chi = SpikeStatistics.Synchrony(engine.StateMonitors[0], "v", from);
        double chiSpikes = SpikeStatistics.Synchrony(exc, (int)Math.Round(ChiBinMs / spec.DtMs), from, steps);
        var times = new List<double>();
        var rows = new List<double>();
        var neurons = exc.Neurons;
        var spikeSteps = exc.Steps;
        for (int k = 0; k < exc.Count; k++)
        {
            if (neurons[k] >= RasterNeurons) continue;
            times.Add(spikeSteps[k] * spec.DtMs);
            rows.Add(neurons[k]);
        }
        var rates = engine.RateMonitors[0].RatesHz();
        var binTimes = rates.Select((_, b) => b * engine.RateMonitors[0].BinMs).ToArray();
        double peak = PeakFrequencyHz(rates.AsSpan(Math.Min(from, rates.Length)), network.DtMs, (int)Math.Round(ChiBinMs / network.DtMs));
        return new RegimeResult(run, rate, excAfter / (network.ExcitatoryCount * seconds), cv, chi, chiSpikes, peak, [.. times], [.. rows], binTimes, rates);
    }

    /// <summary>
    /// The frequency of the largest peak of the power spectrum (a plain DFT, mean removed) of a rate recorded in bins of
    /// <paramref name="binMs"/>, summed <paramref name="merge"/> bins at a time; frequencies below 5 Hz are left out.
    /// </summary>
    internal static double PeakFrequencyHz(ReadOnlySpan<double> rates, double binMs, int merge)
    {
        int n = rates.Length / merge;
        if (n < 4) return double.NaN;
        var x = new double[n];
        for (int b = 0; b < n; b++)
        {
            double sum = 0;
            for (int k = 0; k < merge; k++) sum += rates[b * merge + k];
            x[b] = sum / merge;
        }
        double mean = x.Average();
        for (int b = 0; b < n; b++) x[b] -= mean;
        double seconds = n * merge * binMs / 1000, best = -1, bestHz = double.NaN;
        for (int f = 1; f <= n / 2; f++)
        {
            double hz = f / seconds;
            if (hz < 5) continue;
            double re = 0, im = 0, w = 2 * Math.PI * f / n;
            for (int b = 0; b < n; b++)
            {
                re += x[b] * Math.Cos(w * b);
                im -= x[b] * Math.Sin(w * b);
            }
            double power = re * re + im * im;
            if (power > best) (best, bestHz) = (power, hz);
        }
        return bestHz;
    }

    private static int CountFrom(SpikeMonitor m, int fromStep)
    {
        var steps = m.Steps;
        int count = 0;
        for (int k = 0; k < steps.Length; k++) count += steps[k] >= fromStep ? 1 : 0;
        return count;
    }
}
