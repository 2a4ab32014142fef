using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The spikes of one population (or single neuron) recorded by a run: parallel arrays of neuron
/// index and step; a spike in step n is at time n dt. For a transmitter neuron a spike is a release.
/// </summary>
public sealed class SpikeMonitor
{
    private readonly GrowableBuffer<int> _neurons = new();
    private readonly GrowableBuffer<int> _steps = new();
    private readonly bool[]? _mask;

    internal SpikeMonitor(SpikeMonitorSpec spec, int neuronCount, double dtMs)
    {
        Spec = spec;
        NeuronCount = neuronCount;
        DtMs = dtMs;
        if (spec.Indices is { } indices)
        {
            _mask = new bool[neuronCount];
            foreach (int i in indices) _mask[i] = true;
            RecordedCount = _mask.Count(b => b);
        }
        else
        {
            RecordedCount = neuronCount;
        }
    }

    /// <summary>What was declared.</summary>
    public SpikeMonitorSpec Spec { get; }

    /// <summary>The population or neuron recorded.</summary>
    public string Target => Spec.Target;

    /// <summary>Neurons in the target.</summary>
    public int NeuronCount { get; }

    /// <summary>Neurons recorded (all, or the declared indices).</summary>
    public int RecordedCount { get; }

    /// <summary>The step length in ms.</summary>
    public double DtMs { get; }

    /// <summary>Spikes recorded.</summary>
    public int Count => _neurons.Count;

    /// <summary>The neuron of each spike.</summary>
    public ReadOnlySpan<int> Neurons => _neurons.AsSpan();

    /// <summary>The step of each spike (in time order, neurons ascending within a step).</summary>
    public ReadOnlySpan<int> Steps => _steps.AsSpan();

    /// <summary>The time of each spike in ms (step x dt), as a new array.</summary>
    /// <returns>The times.</returns>
    public double[] TimesMs()
    {
        var steps = Steps;
        var t = new double[steps.Length];
        for (int k = 0; k < t.Length; k++) t[k] = steps[k] * DtMs;
        return t;
    }

    /// <summary>Visits what it recorded so far (neuron and step of each spike), for a checkpoint.</summary>
    internal void VisitState(StateVisitor visitor)
    {
        visitor.Buffer("neurons", _neurons);
        visitor.Buffer("steps", _steps);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Record(int step, ReadOnlySpan<int> spikes)
    {
        if (spikes.IsEmpty) return;
        foreach (int i in spikes)
        {
            if (_mask is not null && !_mask[i]) continue;
            _neurons.Add(i);
            _steps.Add(step);
        }
    }

    internal void Reserve(long spikes)
    {
        _neurons.Reserve(spikes);
        _steps.Reserve(spikes);
    }

    /// <summary>Forgets every recorded spike and returns room for <paramref name="count"/> spikes to be written in order (a partitioned run's merge).</summary>
    internal void Overwrite(int count, out Span<int> steps, out Span<int> neurons)
    {
        Clear();
        steps = _steps.Append(count);
        neurons = _neurons.Append(count);
    }

    /// <summary>
    /// Forgets the spikes recorded so far; the run goes on recording. A reader that takes the spikes as
    /// they come (the studio's live raster) calls it after each read, so that an endless run keeps its
    /// memory bounded.
    /// </summary>
    public void Clear()
    {
        _neurons.Clear();
        _steps.Clear();
    }
}
