namespace NeuroSharp.Spiking.Simulation;

/// <summary>The seam a device backend (<see cref="ISpikingBackend"/>) reads the built network through.</summary>
public sealed partial class SpikingEngine
{
    private ISpikingBackend? _backend;

    /// <summary>The spiking populations, in build order (their Index is their position).</summary>
    internal IReadOnlyList<NeuronGroup> Groups => _groups;

    /// <summary>The population (or single spiking neuron) of a name, for a closed loop that drives and reads it every step without a lookup.</summary>
    internal NeuronGroup GroupNamed(string name) => GroupOf(name) ?? throw new ArgumentException($"No population '{name}'.", nameof(name));

    /// <summary>The projections, in delivery order.</summary>
    internal IReadOnlyList<Projection> ProjectionList => _projections;

    /// <summary>The delay rings of per-synapse delays and the channel each drains into, in drain order.</summary>
    internal IReadOnlyList<(DelayRing Ring, float[] Channel)> RingChannels => _ringChannels;

    /// <summary>The current inputs.</summary>
    internal CurrentSchedule Currents => _currents;

    /// <summary>The Poisson drives.</summary>
    internal IReadOnlyList<PoissonDrive> Drives => _drives;

    /// <summary>Spike monitors and what they watch.</summary>
    internal IReadOnlyList<(SpikeMonitor Monitor, PopulationSlice Slice)> SpikeMonitorSlices => _spikeMonitors;

    /// <summary>Rate monitors and what they watch.</summary>
    internal IReadOnlyList<(RateMonitor Monitor, PopulationSlice Slice)> RateMonitorSlices => _rateMonitors;

    /// <summary>State monitors, their population, variable handles and neurons.</summary>
    internal IReadOnlyList<(StateMonitor Monitor, IPopulation Population, int[] Variables, int[] Neurons)> StateMonitorTargets => _stateMonitors;

    /// <summary>Spikes per population since the last reset (by <see cref="NeuronGroup.Index"/>); a backend adds to it.</summary>
    internal long[] SpikeTotals => _spikeTotals;

    /// <summary>True when the network has transmitter neurons.</summary>
    internal bool HasTransmitters => _transmitterPopulation is not null;

    /// <summary>The transmitter neurons as one population (stepped after the groups; its spike total is the last of <see cref="SpikeTotals"/>), or null.</summary>
    internal TransmitterPopulation? TransmitterPopulation => _transmitterPopulation;

    /// <summary>The transmitter stimuli, in file order (applied in the Inputs phase).</summary>
    internal IReadOnlyList<TransmitterStimulus> Stimuli => _stimuli;

    /// <summary>The memory budget the engine was built under (a device backend counts its buffers in it).</summary>
    internal MemoryBudget Memory => _memory;

    /// <summary>True when the network has gap junctions.</summary>
    internal bool HasGapJunctions => _gaps.HasGapJunctions;

    /// <summary>True when the network has graded projections (which only the CPU loop applies).</summary>
    internal bool HasGradedProjections => _gaps.HasGraded || Spec.GradedProjections.Count > 0;

    /// <summary>The gap junctions (empty when there are none).</summary>
    internal GapJunctionSet GapJunctions => _gaps;

    /// <summary>The backend running the steps, or null for the CPU loop.</summary>
    internal ISpikingBackend? Backend => _backend;

    /// <summary>
    /// <paramref name="p"/>, its host weights current: copied down from the device first when the device holds newer ones
    /// (every host read of the weights goes through here; docs/gpu.md, "Which copy of the weights is current").
    /// </summary>
    internal Projection WithHostWeights(Projection p)
    {
        if (p.WeightsOnDevice) _backend!.PullWeights(p);
        return p;
    }

    /// <summary>
    /// <paramref name="p"/>, its STDP rule's host traces current: copied down from the device first when the device holds newer
    /// ones (every host read of the traces goes through here; docs/gpu.md, "Which copy of the weights is current").
    /// </summary>
    internal Projection WithHostTraces(Projection p)
    {
        if (p.TracesOnDevice) _backend!.PullTraces(p);
        return p;
    }

    /// <summary>
    /// <paramref name="g"/>, the parts of its host state asked for current (the transient state; the learned theta): copied down
    /// from the device first where the device holds them newer (every host read of a population's state, and every partial write,
    /// goes through here; docs/gpu.md, "Which copy of the populations' state is current").
    /// </summary>
    internal NeuronGroup WithHostState(NeuronGroup g, bool dynamics = true, bool learned = true)
    {
        if (g.StateOnDevice) _backend!.PullState(g, dynamics, learned);
        return g;
    }

    /// <summary>
    /// Copies of a projection's STDP traces now: x_pre (one per source), x_post and y2 (one per target; y2 empty without a
    /// triplet term), read through <see cref="WithHostTraces"/>.
    /// </summary>
    /// <param name="projection">The projection's name; it must have an STDP rule.</param>
    internal (float[] Pre, float[] Post, float[] Triplet) StdpTraces(string projection)
    {
        var p = ProjectionOf(projection);
        var rule = p.AnyStdp ?? throw new ArgumentException($"Projection '{projection}' has no STDP rule.", nameof(projection));
        WithHostTraces(p);
        return ((float[])rule.PreTrace.Clone(), (float[])rule.PostTrace.Clone(), (float[])rule.TripletTrace.Clone());
    }

    /// <summary>True when the steps run on a device backend (<see cref="SimulationOptions.Backend"/>), false on the CPU loop.</summary>
    public bool RunsOnDevice => _backend is not null;
}
