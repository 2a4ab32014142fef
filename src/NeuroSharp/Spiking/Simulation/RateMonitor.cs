using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>A population's mean firing rate over bins of whole steps (Brian2's PopulationRateMonitor, binned).</summary>
public sealed class RateMonitor
{
    private readonly GrowableBuffer<int> _counts = new();
    private int _current;
    private int _inBin;

    internal RateMonitor(RateMonitorSpec spec, int neuronCount, double dtMs)
    {
        Spec = spec;
        NeuronCount = neuronCount;
        BinSteps = Math.Max(1, (int)Math.Round(spec.BinMs / dtMs));
        BinMs = BinSteps * dtMs;
    }

    /// <summary>What was declared.</summary>
    public RateMonitorSpec Spec { get; }

    /// <summary>The population or neuron recorded.</summary>
    public string Target => Spec.Target;

    /// <summary>Neurons in the target.</summary>
    public int NeuronCount { get; }

    /// <summary>Steps per bin.</summary>
    public int BinSteps { get; }

    /// <summary>The bin width actually used, in ms (a whole number of steps).</summary>
    public double BinMs { get; }

    /// <summary>Completed bins.</summary>
    public int BinCount => _counts.Count;

    /// <summary>The spike count of each completed bin.</summary>
    public ReadOnlySpan<int> Counts => _counts.AsSpan();

    /// <summary>The rate of each completed bin in Hz: count / (neurons x bin seconds).</summary>
    /// <returns>A new array.</returns>
    public double[] RatesHz()
    {
        var counts = Counts;
        var r = new double[counts.Length];
        for (int b = 0; b < r.Length; b++) r[b] = counts[b] / (NeuronCount * BinMs / 1000.0);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Record(int spikes)
    {
        _current += spikes;
        if (++_inBin < BinSteps) return;
        _counts.Add(_current);
        _current = 0;
        _inBin = 0;
    }

    /// <summary>Replaces the finished bins' counts (the sum over a partitioned run's parts).</summary>
    internal void Replace(ReadOnlySpan<int> counts)
    {
        _counts.Clear();
        _counts.AddRange(counts);
    }

    internal void Clear()
    {
        _counts.Clear();
        _current = 0;
        _inBin = 0;
    }
}
