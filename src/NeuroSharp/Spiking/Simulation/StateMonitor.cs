using System.Runtime.CompilerServices;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// State variables of chosen neurons recorded every N steps after the step (Brian2's StateMonitor):
/// for each variable a row-major array [sample, recorded neuron].
/// </summary>
public sealed class StateMonitor
{
    private readonly GrowableBuffer<int> _steps = new();
    private readonly GrowableBuffer<float>[] _values;

    internal StateMonitor(StateMonitorSpec spec, int neuronCount)
    {
        Spec = spec;
        Indices = spec.Indices is { } ix ? [.. ix] : Enumerable.Range(0, neuronCount).ToArray();
        RecordedCount = Indices.Count;
        CheckedColumns = Indices.Count;
        Variables = [.. spec.Variables];
        _values = new GrowableBuffer<float>[Variables.Count];
        for (int v = 0; v < _values.Length; v++) _values[v] = new GrowableBuffer<float>();
    }

    /// <summary>What was declared.</summary>
    public StateMonitorSpec Spec { get; }

    /// <summary>The population or neuron recorded.</summary>
    public string Target => Spec.Target;

    /// <summary>The neurons recorded, in column order.</summary>
    public IReadOnlyList<int> Indices { get; }

    /// <summary>
    /// The neurons whose values this process records in each sample: all of <see cref="Indices"/> in one process; in a
    /// partitioned run, the monitored neurons this rank owns (docs/distributed.md, "Recordings"), which is all a rank
    /// reserves room for, until <c>GatherRecordings</c> puts every rank's columns together on rank 0.
    /// </summary>
    public int RecordedCount { get; private set; }

    /// <summary>
    /// Columns the memory check counts: <see cref="Indices"/> in one process; on a rank of a partitioned run its own
    /// columns, and on rank 0 the merged copy of all of them as well.
    /// </summary>
    internal int CheckedColumns { get; private set; }

    /// <summary>Values of one variable this process has room for without growing (its reservation).</summary>
    internal int ReservedValues => _values.Length > 0 ? _values[0].Capacity : 0;

    /// <summary>A partitioned run's rank records <paramref name="recorded"/> of the monitored neurons (its own), and holds the merged columns only on rank 0.</summary>
    internal void RecordPart(int recorded, bool holdsMerge)
    {
        RecordedCount = recorded;
        CheckedColumns = recorded + (holdsMerge ? Indices.Count : 0);
    }

    /// <summary>The variables recorded.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>Samples taken.</summary>
    public int SampleCount => _steps.Count;

    /// <summary>The step of each sample.</summary>
    public ReadOnlySpan<int> Steps => _steps.AsSpan();

    /// <summary>The recorded values of one variable, [sample * Indices.Count + column] (on a rank of a partitioned run before the merge, its own <see cref="RecordedCount"/> columns a sample).</summary>
    /// <param name="variable">A variable in <see cref="Variables"/>.</param>
    /// <returns>The values.</returns>
    public ReadOnlySpan<float> Values(string variable)
    {
        for (int v = 0; v < Variables.Count; v++)
        {
            if (Variables[v] == variable) return _values[v].AsSpan();
        }
        throw new ArgumentException($"Variable '{variable}' is not recorded (recorded: {string.Join(", ", Variables)}).", nameof(variable));
    }

    internal bool IsDue(int step) => step % Spec.EverySteps == 0;

    /// <summary>Visits the samples so far (their steps, and each variable's values), for a checkpoint.</summary>
    internal void VisitState(StateVisitor visitor)
    {
        visitor.Buffer("steps", _steps);
        for (int v = 0; v < _values.Length; v++) visitor.Buffer($"values{v}", _values[v]);
    }

    /// <summary>One sample: each variable of the recorded neurons, one call per variable.</summary>
    /// <param name="step">The step.</param>
    /// <param name="population">The population the neurons belong to.</param>
    /// <param name="variables">The population's handle of each of <see cref="Variables"/>.</param>
    /// <param name="neurons">The population's index of each of <see cref="Indices"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Record(int step, IPopulation population, int[] variables, int[] neurons)
    {
        _steps.Add(step);
        for (int v = 0; v < _values.Length; v++) population.CopyVariable(variables[v], neurons, _values[v].Append(neurons.Length));
    }

    internal void Reserve(long steps)
    {
        long samples = steps / Spec.EverySteps + 1;
        _steps.Reserve(samples);
        foreach (var b in _values) b.Reserve(samples * RecordedCount);
    }

    /// <summary>Replaces the values of every variable (the merge of a partitioned run's parts), samples by indices, the steps kept.</summary>
    internal void ReplaceValues(float[][] values)
    {
        for (int v = 0; v < _values.Length; v++)
        {
            _values[v].Clear();
            _values[v].AddRange(values[v]);
        }
    }

    internal void Clear()
    {
        _steps.Clear();
        foreach (var b in _values) b.Clear();
    }
}
