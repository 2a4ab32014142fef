using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// Control between steps, for protocols that present one stimulus after another (Diehl and Cook 2015):
/// change Poisson rates, switch learning off, normalise on request, read and write learned state, and
/// reset the dynamics while keeping what was learned. None of these runs inside a step, so the step
/// order and the determinism of a run are unchanged.
/// </summary>
public sealed partial class SpikingEngine
{
    private bool _learning = true;

    /// <summary>
    /// Long-term learning on (the default): STDP, scheduled weight normalisation and adaptive thresholds act.
    /// Off, weights, STDP traces and thresholds are frozen (Diehl and Cook's test mode); short-term
    /// plasticity, which is part of the dynamics, still acts.
    /// </summary>
    public bool LearningEnabled
    {
        get => _learning;
        set
        {
            _learning = value;
            foreach (var g in _groups) g.LearningEnabled = value;
            foreach (var p in _projections) p.LearningEnabled = value;
        }
    }

    /// <summary>Sets the rate of every source of a Poisson population (<see cref="PoissonSourceSpec"/>), from the next step on.</summary>
    /// <param name="population">The population's name.</param>
    /// <param name="ratesHz">One rate per source in Hz, finite and at least 0.</param>
    /// <exception cref="ArgumentException">No such Poisson population, a wrong length or a bad rate.</exception>
    public void SetRates(string population, ReadOnlySpan<float> ratesHz)
    {
        if (GroupOf(population) is not PoissonGroup g)
            throw new ArgumentException($"Population '{population}' is not a Poisson source population.", nameof(population));
        CheckLength(ratesHz.Length, g.Count, $"rates of '{population}'");
        for (int i = 0; i < ratesHz.Length; i++)
        {
            if (!(ratesHz[i] >= 0) || !float.IsFinite(ratesHz[i]))
                throw new ArgumentException($"Rate {i} of '{population}' must be a finite number >= 0 (got {ratesHz[i]}).", nameof(ratesHz));
        }
        g.SetRates(ratesHz);
    }

    /// <summary>
    /// Sets the external current of every neuron of a population, from the next step on, for a closed loop
    /// in which a world's sensors drive the network step by step. It holds until set again; a current input
    /// of the spec on the same population replaces it at that input's start and stop steps.
    /// </summary>
    /// <param name="population">A population that receives input (not a source).</param>
    /// <param name="currents">One finite current per neuron, in the model's current unit.</param>
    /// <exception cref="ArgumentException">No such population, a source, a wrong length or a non-finite value.</exception>
    public void SetCurrents(string population, ReadOnlySpan<float> currents)
    {
        RefuseWhenPartitioned(nameof(SetCurrents));
        var g = GroupOf(population) ?? throw new ArgumentException($"No population '{population}'.", nameof(population));
        if (g.StateOnDevice) WithHostState(g, learned: false); // a device's newer transient state first: the next run uploads it whole
        if (g.Current.Length == 0)
            throw new ArgumentException($"Population '{population}' is a source and takes no current.", nameof(population));
        if (currents.Length != g.Count) CheckLength(currents.Length, g.Count, $"currents of '{population}'"); // the message only when it is thrown: a closed loop calls this every step
        for (int i = 0; i < currents.Length; i++)
        {
            if (!float.IsFinite(currents[i]))
                throw new ArgumentException($"Current {i} of '{population}' must be finite (got {currents[i]}).", nameof(currents));
        }
        currents.CopyTo(g.Current);
        g.StateWritten(dynamics: true, learned: false);
    }

    /// <summary>
    /// The neurons of a population that spiked in the last step (indices ascending), without copying: valid
    /// until the next <see cref="Step"/>. A closed loop reads its motor neurons here after each step.
    /// </summary>
    /// <param name="population">A population of spiking neurons.</param>
    /// <returns>The last step's spikes of that population.</returns>
    /// <exception cref="ArgumentException">No such population.</exception>
    public ReadOnlySpan<int> LastStepSpikes(string population)
    {
        RefuseWhenPartitioned(nameof(LastStepSpikes));
        var g = GroupOf(population) ?? throw new ArgumentException($"No population '{population}'.", nameof(population));
        return g.StepSpikes;
    }

    /// <summary>Copies a projection's current weights (in synapse order: CSR by source, targets ascending) into <paramref name="destination"/>.</summary>
    /// <param name="projection">The projection's name.</param>
    /// <param name="destination">As long as the projection has synapses.</param>
    public void CopyWeights(string projection, Span<float> destination)
    {
        RefuseWhenPartitioned(nameof(CopyWeights));
        var p = WithHostWeights(ProjectionOf(projection));
        CheckLength(destination.Length, p.SynapseCount, $"weights of '{projection}'");
        p.Weights.CopyTo(destination);
    }

    /// <summary>Overwrites a projection's current weights (in synapse order); <see cref="Reset"/> still returns to the built ones.</summary>
    /// <param name="projection">The projection's name.</param>
    /// <param name="weights">One finite weight &gt;= 0 per synapse.</param>
    public void SetWeights(string projection, ReadOnlySpan<float> weights)
    {
        RefuseWhenPartitioned(nameof(SetWeights));
        var p = ProjectionOf(projection);
        CheckLength(weights.Length, p.SynapseCount, $"weights of '{projection}'");
        for (int i = 0; i < weights.Length; i++)
        {
            if (!(weights[i] >= 0) || !float.IsFinite(weights[i]))
                throw new ArgumentException($"Weight {i} of '{projection}' must be a finite number >= 0 (got {weights[i]}).", nameof(weights));
        }
        weights.CopyTo(p.Weights);
        p.WeightsWritten();
    }

    /// <summary>Overwrites a state variable of a population (e.g. "theta" or "v").</summary>
    /// <param name="population">The population or single neuron.</param>
    /// <param name="variable">A recordable variable of its model.</param>
    /// <param name="values">One finite value per neuron.</param>
    public void SetVariable(string population, string variable, ReadOnlySpan<float> values)
    {
        RefuseWhenPartitioned(nameof(SetVariable));
        var g = GroupOf(population) ?? throw new ArgumentException($"No population '{population}'.", nameof(population));
        var a = g.Variable(variable) ?? throw new ArgumentException($"Population '{population}' has no variable '{variable}'.", nameof(variable));
        CheckLength(values.Length, a.Length, $"{variable} of '{population}'");
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) throw new ArgumentException($"{variable}[{i}] of '{population}' must be finite (got {values[i]}).", nameof(values));
        }
        // theta (an adaptive threshold's, the one learned variable) is written whole, float and double; any other variable is part
        // of the transient state, whose rest comes down first when the device holds it newer: the next run uploads the part whole.
        bool learned = variable == "theta";
        if (!learned) WithHostState(g, learned: false);
        values.CopyTo(a);
        g.VariableWritten(variable);
        g.StateWritten(dynamics: !learned, learned);
    }

    /// <summary>
    /// The adaptive threshold raise theta of a LIF population at full precision (it is kept in double: a slow
    /// threshold decays by less per step than float resolves); <see cref="GetVariable"/> gives its float copy.
    /// </summary>
    /// <param name="population">A LIF population with an adaptive threshold.</param>
    /// <returns>A copy.</returns>
    public double[] GetThetaExact(string population)
    {
        RefuseWhenPartitioned(nameof(GetThetaExact));
        var g = ThetaOf(population);
        WithHostState(g, dynamics: false);
        return (double[])g.ThetaExact!.Clone();
    }

    /// <summary>Sets theta at full precision (see <see cref="GetThetaExact"/>): what a checkpoint restores.</summary>
    /// <param name="population">A LIF population with an adaptive threshold.</param>
    /// <param name="values">One finite value per neuron.</param>
    public void SetThetaExact(string population, ReadOnlySpan<double> values)
    {
        RefuseWhenPartitioned(nameof(SetThetaExact));
        var g = ThetaOf(population);
        CheckLength(values.Length, g.ThetaExact!.Length, $"theta of '{population}'");
        // Checked whole before anything is written, so a refused value leaves theta as it was.
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw new ArgumentException($"theta[{i}] of '{population}' must be finite (got {values[i]}).", nameof(values));
        for (int i = 0; i < values.Length; i++)
        {
            g.ThetaExact[i] = values[i];
            g.Theta![i] = (float)values[i];
        }
        g.StateWritten(dynamics: false, learned: true); // written whole
    }

    private LifGroupBase ThetaOf(string population) =>
        GroupOf(population) is LifGroupBase { ThetaExact: not null } g ? g
            : throw new ArgumentException($"Population '{population}' has no adaptive threshold.", nameof(population));

    /// <summary>
    /// Scales the weights onto each target of a projection to its declared <see cref="WeightNormalizationSpec.IncomingSum"/>
    /// now (with <see cref="WeightNormalizationSpec.EverySteps"/> = 0 this is the only time it runs).
    /// </summary>
    /// <param name="projection">The projection's name; it must declare a normalisation.</param>
    public void NormalizeWeights(string projection)
    {
        var p = ProjectionOf(projection);
        if (!p.HasNormalization) throw new ArgumentException($"Projection '{projection}' declares no normalization.", nameof(projection));
        if (_backend?.NormalizeWeights(p) == true) return; // on the device, where the result stays until the host reads it
        WithHostWeights(p).Normalize();
    }

    /// <summary>
    /// Back to the state right after the build, except what was learned: membrane potentials, inputs,
    /// refractoriness, spikes in flight, STDP traces, short-term state, monitors and the step count start
    /// again, while weights and adaptive thresholds are kept. With <paramref name="runSeed"/>, the run's
    /// random streams (Poisson sources and drive) start from that seed; without, from the engine's seed.
    /// </summary>
    /// <param name="runSeed">The run seed for what follows, or null for <see cref="SimulationOptions.Seed"/>.</param>
    /// <remarks>
    /// A stimulus protocol that resets before each stimulus with a seed derived from the stimulus's
    /// index makes every stimulus's response depend only on the learned state and that index: runs cut
    /// into pieces, resumed from saved weights, or spread over threads give the same spikes.
    /// </remarks>
    public void ResetDynamics(ulong? runSeed = null)
    {
        var run = runSeed is { } seed ? RunRoot(seed) : _run;
        if (_nextChange > 0) RestoreBuiltModels();
        _step = 0;
        var buildInit = _build.Fork(2);
        var runGroups = run.Fork(1);
        for (int i = 0; i < _populations.Count; i++) _populations[i].InitializeDynamics(buildInit.Fork((ulong)i), runGroups.Fork((ulong)i));
        foreach (var g in _groups) g.StateWritten(dynamics: true, learned: false); // rewritten whole on the host; the learned theta is kept where it is
        foreach (var p in _projections) p.ResetDynamics();
        foreach (var r in _rings) r.Clear();
        _gaps.ResetState();
        _heldGaps?.ResetState();
        if (_part is not null) ClearWindow();
        _backend?.ResetDynamics();
        var runDrives = run.Fork(2);
        for (int k = 0; k < _drives.Count; k++) _drives[k].Initialize(runDrives.Fork((ulong)k));
        var runRelease = run.Fork(3); // stochastic release: projection k's key is this stream forked by k
        for (int k = 0; k < _projections.Count; k++) _projections[k].StartRelease(runRelease.Fork((ulong)k));
        Array.Clear(_spikeTotals);
        ClearAllSpikesPerNeuron();
        foreach (var m in _spikeMonitors) m.Monitor.Clear();
        foreach (var m in _stateMonitors) m.Monitor.Clear();
        foreach (var m in _rateMonitors) m.Monitor.Clear();
        TransmitterState?.Clear();
    }

    private NeuronGroup? GroupOf(string name) => _groupByName.GetValueOrDefault(name);

    private Projection ProjectionOf(string name) =>
        _projections.Find(x => x.Name == name)
        ?? throw new ArgumentException($"No projection '{name}' (known: {string.Join(", ", _projections.Select(x => x.Name))}).", nameof(name));

    private static void CheckLength(int got, int expected, string what)
    {
        if (got != expected) throw new ArgumentException($"Expected {expected} {what}, got {got}.");
    }
}
