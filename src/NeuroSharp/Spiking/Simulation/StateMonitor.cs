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

    /// <summary>The variables recorded.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>Samples taken.</summary>
    public int SampleCount => _steps.Count;

    /// <summary>The step of each sample.</summary>
    public ReadOnlySpan<int> Steps => _steps.AsSpan();

    /// <summary>The recorded values of one variable, [sample * Indices.Count + column].</summary>
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
        foreach (var b in _values) b.Reserve(samples * Indices.Count);
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
