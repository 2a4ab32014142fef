namespace NeuroSharp.Fitting;

/// <summary>What a fit did.</summary>
/// <param name="Samples">Examples presented.</param>
/// <param name="Seconds">Wall time of the presentations.</param>
/// <param name="Curve">learnState after every <c>ReportEvery</c> examples (sample count, value).</param>
public sealed record FitResult(long Samples, double Seconds, IReadOnlyList<(long Samples, float LearnState)> Curve)
{
    /// <summary>Examples per second.</summary>
    public double SamplesPerSecond => Seconds > 0 ? Samples / Seconds : double.PositiveInfinity;
}
