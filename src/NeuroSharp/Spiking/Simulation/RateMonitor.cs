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

    /// <summary>Visits the bins so far and the bin being counted, for a checkpoint.</summary>
    internal void VisitState(StateVisitor visitor)
    {
        visitor.Buffer("counts", _counts);
        visitor.Value("current", ref _current);
        visitor.Value("stepsInBin", ref _inBin);
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

    /// <summary>Steps recorded into the bin in progress (0 at a bin's start).</summary>
    internal int StepsInBin => _inBin;

    /// <summary>
    /// Records <paramref name="steps"/> steps at once, with <paramref name="spikes"/> spikes among them (a device backend sums
    /// them on the device); they must lie within the bin in progress, which they may complete.
    /// </summary>
    /// <param name="steps">Steps, 1 .. BinSteps - StepsInBin.</param>
    /// <param name="spikes">Their spikes.</param>
    internal void RecordSteps(int steps, int spikes)
    {
        if (steps < 1 || steps > BinSteps - _inBin)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"{steps} steps do not fit the {BinSteps - _inBin} steps left in the bin.");
        _current += spikes;
        _inBin += steps;
        if (_inBin < BinSteps) return;
        _counts.Add(_current);
        _current = 0;
        _inBin = 0;
    }

    internal void Clear()
    {
        _counts.Clear();
        _current = 0;
        _inBin = 0;
    }
}
