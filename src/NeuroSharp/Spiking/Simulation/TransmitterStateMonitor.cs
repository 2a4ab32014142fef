using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Every state value of every transmitter neuron after every step (the "plots of each neuron's state
/// over time" that article 002's readers asked for, docs/articles.md#article-002-transmitter-neuron; state.csv): for sample s and neuron i a row of 13 values in the order of
/// <see cref="NeuronModels.TransmitterVariables"/> (the phase as its <see cref="TransmitterPhase"/> code).
/// </summary>
public sealed class TransmitterStateMonitor
{
    /// <summary>Values per neuron per sample.</summary>
    public const int Width = 13;

    private readonly GrowableBuffer<double> _values = new();
    private readonly GrowableBuffer<int> _steps = new();
    private readonly TransmitterNetwork _network;
    private double[] _row = [];

    internal TransmitterStateMonitor(IReadOnlyList<string> neuronIds, TransmitterNetwork network)
    {
        NeuronIds = neuronIds;
        _network = network;
    }

    /// <summary>The transmitter neurons, in stepping order.</summary>
    public IReadOnlyList<string> NeuronIds { get; }

    /// <summary>Samples taken (one per step).</summary>
    public int SampleCount => _steps.Count;

    /// <summary>The step of each sample.</summary>
    public ReadOnlySpan<int> Steps => _steps.AsSpan();

    /// <summary>The 13 values of neuron <paramref name="neuron"/> after sample <paramref name="sample"/>.</summary>
    /// <param name="sample">The sample index.</param>
    /// <param name="neuron">The neuron index.</param>
    /// <returns>The values.</returns>
    public ReadOnlySpan<double> Row(int sample, int neuron) =>
        _values.AsSpan().Slice((sample * NeuronIds.Count + neuron) * Width, Width);

    /// <summary>Visits the rows so far and their steps, for a checkpoint.</summary>
    internal void VisitState(StateVisitor visitor)
    {
        visitor.Buffer("values", _values);
        visitor.Buffer("steps", _steps);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Record(int step)
    {
        var network = _network;
        if (_held is { } held)
        {
            if (_row.Length != held.Length * Width) _row = new double[held.Length * Width];
            for (int k = 0; k < held.Length; k++) network.CopyRow(held[k], _row.AsSpan(k * Width, Width));
        }
        else
        {
            if (_row.Length != network.Count * Width) _row = new double[network.Count * Width];
            network.CopyState(_row);
        }
        _values.AddRange(_row);
        _steps.Add(step);
    }

    /// <summary>
    /// A partitioned run's rank records the rows of the neurons it holds only (<paramref name="held"/>, ascending), until
    /// <see cref="ReplaceRows"/> puts every neuron's rows back on rank 0; until then <see cref="Row"/> numbers the held neurons.
    /// </summary>
    internal void RecordHeld(int[] held) => _held = held;

    private int[]? _held;

    /// <summary>The values this rank recorded: per sample, a row per recorded neuron.</summary>
    internal ReadOnlySpan<double> RecordedValues => _values.AsSpan();

    /// <summary>Every neuron's rows, merged from the ranks (rank 0 of a partitioned run, after the run): the monitor then reads as one process's.</summary>
    internal void ReplaceRows(ReadOnlySpan<double> all)
    {
        _values.Clear();
        _values.AddRange(all);
        _held = null;
    }

    /// <summary>Adds the sample of a step from outside (a device backend): every neuron's row, as <see cref="Record"/> would have.</summary>
    internal void Append(int step, ReadOnlySpan<double> rows)
    {
        _values.AddRange(rows);
        _steps.Add(step);
    }

    internal void Reserve(long steps)
    {
        _values.Reserve(steps * (_held?.Length ?? NeuronIds.Count) * Width);
        _steps.Reserve(steps);
    }

    internal void Clear()
    {
        _values.Clear();
        _steps.Clear();
    }
}
