namespace NeuroSharp.Spiking;

/// <summary>Records a population's mean firing rate in Hz over bins of <see cref="BinMs"/> (Brian2's PopulationRateMonitor, binned).</summary>
public sealed record RateMonitorSpec : MonitorSpec
{
    /// <summary>The bin width in ms, at least one step.</summary>
    public double BinMs { get; init; } = 1;
}
