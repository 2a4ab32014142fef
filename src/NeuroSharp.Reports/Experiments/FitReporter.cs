using NeuroSharp.Clustering;
using NeuroSharp.Fitting;
using NeuroSharp.Runs;

namespace NeuroSharp.Reports.Experiments;

/// <summary>Forwards fit progress to an experiment's report callback, as a share of the whole experiment.</summary>
internal static class FitReporter
{
    /// <summary>A progress that reports <c>start + share * (samples seen / samples of the fit)</c> with a fixed status.</summary>
    public static ProgressCallback<FitProgress> Create(ExperimentContext context, double start, double share, string status) =>
        new(value => context.Report(start + share * value.SamplesSeen / Math.Max(1, value.TotalSamples), status));
}
