using NeuroSharp.Spiking;

namespace NeuroSharp.Studio.Live;

/// <summary>
/// The size of network the studio builds live: a small file can ask for millions of neurons or
/// billions of synapses ("count": 10000000), which would take the server down with it, so the size is
/// checked before anything is allocated. Larger networks run with <c>neurosharp simulate</c>.
/// </summary>
internal static class LiveLimits
{
    /// <summary>The most neurons (single neurons and population members) of a live network.</summary>
    public const long MaxNeurons = 200_000;

    /// <summary>The most synapses (expected, from the connectivity rules) of a live network.</summary>
    public const long MaxSynapses = 20_000_000;

    /// <summary>Rough engine bytes per neuron (state, parameters, spike counts), until the engine reports its own estimate.</summary>
    private const long EngineBytesPerNeuron = 256;

    /// <summary>Rough engine bytes per synapse (source, target, weight, delay and the delay buffers).</summary>
    private const long EngineBytesPerSynapse = 16;

    /// <summary>Bytes per spike a spike monitor keeps (neuron and step, with the lists' spare room).</summary>
    private const long MonitorBytesPerSpike = 16;

    /// <summary>Checks the size of a network.</summary>
    /// <param name="spec">The network.</param>
    /// <exception cref="InvalidInputException">It is over a limit.</exception>
    public static void Check(NetworkSpec spec) => Count(spec);

    /// <summary>
    /// The memory a live run of a network holds: the engine (roughly, from its neurons and synapses) and
    /// the studio's own buffers for the page: the spike monitors of the raster and the single neurons (up to
    /// <see cref="StudioOptions.MaxRecordedSpikes"/> spikes), what a frame accumulates (spikes, trace
    /// samples), the frame and network messages themselves, and one page connection's backlog of spikes and trace samples.
    /// </summary>
    /// <param name="spec">The network.</param>
    /// <param name="options">The studio's limits.</param>
    /// <returns>The estimate in bytes.</returns>
    /// <exception cref="InvalidInputException">It is over a size limit.</exception>
    public static long EstimateBytes(NetworkSpec spec, StudioOptions options)
    {
        var (neurons, synapses) = Count(spec);
        long engine = MemoryBudget.Plus(MemoryBudget.Times(neurons, EngineBytesPerNeuron), MemoryBudget.Times((long)Math.Ceiling(synapses), EngineBytesPerSynapse));
        bool spiking = spec.Populations.Count > 0 || spec.Neurons.Any(n => n.Model is not TransmitterNeuronSpec);
        long monitors = spiking ? MemoryBudget.Times(options.MaxRecordedSpikes, MonitorBytesPerSpike) : 0;
        int traced = Math.Min(spec.Neurons.Count, LiveNetwork.MaxTracedNeurons);
        long traceWidth = spec.Neurons.Take(traced).Sum(n => (long)NeuronModels.StateVariables(n.Model).Count);
        // Accumulators: spikes (row, step) and trace samples (doubles), as lists that may hold twice their count.
        long accumulators = MemoryBudget.Plus(
            MemoryBudget.Times(LiveNetwork.MaxSpikesPerFrame, 2 * sizeof(int), 2),
            MemoryBudget.Times(LiveNetwork.MaxTraceSamplesPerFrame, traceWidth + 1, sizeof(double), 2));
        // A frame as JSON text (about 12 characters a number), the stream it is written to and its copy.
        long frameText = MemoryBudget.Plus(
            MemoryBudget.Times(LiveNetwork.MaxSpikesPerFrame, 2, 12),
            MemoryBudget.Times(LiveNetwork.MaxTraceSamplesPerFrame, traceWidth + 1, 12),
            MemoryBudget.Times(spec.Neurons.Count, 300),
            MemoryBudget.Times(spec.Links.Count, 12),
            MemoryBudget.Times(spec.Populations.Count, 100));
        // The watched cell's compartment samples (a cell with a morphology): floats, and their text in three copies as above.
        bool cells = spec.Neurons.Any(n => n.Model is HodgkinHuxleyNeuronSpec { Morphology: not null })
            || spec.Populations.Any(p => p.Model is HodgkinHuxleyNeuronSpec { Morphology: not null });
        long cell = cells ? MemoryBudget.Times(LiveNetwork.MaxCellValuesPerFrame, sizeof(float) + 3 * 12) : 0;
        // The page's connection keeps the spikes and trace samples it has not sent yet (FrameClient): waiting and being sent
        // (lists that may hold twice their count), and their text.
        long backlog = MemoryBudget.Plus(
            MemoryBudget.Times(FrameClient.MaxSpikeBacklog, 2 * sizeof(int), 2, 2),
            MemoryBudget.Times(FrameClient.MaxSpikeBacklog, 2, 12),
            MemoryBudget.Times(Math.Min(FrameClient.MaxTraceBacklogValues, MemoryBudget.Times(LiveNetwork.MaxTraceSamplesPerFrame, traceWidth)), sizeof(double) + 12, 2, 2));
        long networkMessage = MemoryBudget.Plus(MemoryBudget.Times(spec.Neurons.Count, 400), MemoryBudget.Times(spec.Links.Count, 60));
        long perNeuron = MemoryBudget.Times(spec.Neurons.Count + spec.Links.Count, 32);
        return MemoryBudget.Plus(engine, monitors, accumulators, MemoryBudget.Times(frameText, 3), MemoryBudget.Times(networkMessage, 2), perNeuron, cell, backlog);
    }

    private static (long Neurons, double Synapses) Count(NetworkSpec spec)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var n in spec.Neurons) counts[n.Id] = 1;
        foreach (var p in spec.Populations) counts[p.Name] = p.Count;
        long neurons = counts.Values.Sum();
        if (neurons > MaxNeurons)
            throw new InvalidInputException($"The network has {neurons} neurons; the studio runs at most {MaxNeurons} live (run larger networks with `neurosharp simulate`).");
        double synapses = spec.Links.Count;
        foreach (var p in spec.Projections)
        {
            double source = counts.GetValueOrDefault(p.Source, 1), target = counts.GetValueOrDefault(p.Target, 1);
            synapses += p.Connectivity switch
            {
                AllToAllConnectivity => source * target,
                FixedProbabilityConnectivity f => source * target * f.Probability,
                FixedInDegreeConnectivity f => target * f.InDegree,
                OneToOneConnectivity => Math.Min(source, target),
                ExplicitConnectivity e => e.Sources.Count,
                _ => source * target,
            };
        }
        if (synapses > MaxSynapses)
            throw new InvalidInputException($"The network has about {synapses:0} synapses; the studio runs at most {MaxSynapses} live (run larger networks with `neurosharp simulate`).");
        return (neurons, synapses);
    }
}
