using NeuroSharp.Reports.Experiments;

namespace NeuroSharp.Reports.Tour;

/// <summary>One experiment of a tour: its result, or the error that stopped it.</summary>
/// <param name="Experiment">The experiment.</param>
/// <param name="Result">What it produced, or null if it failed.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="Seconds">How long it ran.</param>
public sealed record TourEntry(IExperiment Experiment, ExperimentResult? Result, string? Error, double Seconds);

/// <summary>What a tour did.</summary>
/// <param name="Entries">Every experiment, in order.</param>
/// <param name="Seconds">The whole tour's wall time.</param>
/// <param name="ReportPath">The path of report.html.</param>
public sealed record TourResult(IReadOnlyList<TourEntry> Entries, double Seconds, string ReportPath)
{
    /// <summary>True when every experiment ran.</summary>
    public bool AllSucceeded => Entries.All(e => e.Error is null);
}
