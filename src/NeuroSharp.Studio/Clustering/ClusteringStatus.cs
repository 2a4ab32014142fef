namespace NeuroSharp.Studio.Clustering;

/// <summary>Where a meta-clustering run stands.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="State">"loading", "running", "done", "stopped" or "failed".</param>
/// <param name="Data">The data spec.</param>
/// <param name="Samples">Examples presented so far.</param>
/// <param name="TotalSamples">Examples asked for.</param>
/// <param name="LearnState">learnState now (1/M undecided .. 1 a hard partition).</param>
/// <param name="SamplesPerSecond">Examples per second so far.</param>
/// <param name="Error">Why it failed, or null.</param>
public sealed record ClusteringStatus(string Id, string State, string Data, long Samples, long TotalSamples, double LearnState, double SamplesPerSecond, string? Error);
