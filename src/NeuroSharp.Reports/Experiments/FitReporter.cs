using NeuroSharp.Clustering;
using NeuroSharp.Fitting;

namespace NeuroSharp.Reports.Experiments;

/// <summary>Forwards fit progress to an experiment's report callback, as a share of the whole experiment.</summary>
internal sealed class FitReporter(ExperimentContext context, double start, double share, string status) : IProgress<FitProgress>
{
    public void Report(FitProgress value) =>
        context.Report(start + share * value.SamplesSeen / Math.Max(1, value.TotalSamples), status);
}
