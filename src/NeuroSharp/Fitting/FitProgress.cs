namespace NeuroSharp.Fitting;

/// <summary>A progress report of a fit.</summary>
/// <param name="SamplesSeen">Examples presented so far in this fit.</param>
/// <param name="TotalSamples">Examples this fit will present.</param>
/// <param name="LearnState">For a meta-clusterer, mean_j max_m W_mj (1/M undecided .. 1 hard partition); 1 for a single layer.</param>
public readonly record struct FitProgress(long SamplesSeen, long TotalSamples, float LearnState);
