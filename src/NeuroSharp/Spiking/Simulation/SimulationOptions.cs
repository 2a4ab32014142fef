namespace NeuroSharp.Spiking.Simulation;

/// <summary>How an engine is built and run: seeds and threads. Results do not depend on <see cref="Threads"/>.</summary>
public sealed record SimulationOptions
{
    /// <summary>The run seed: Poisson sources and Poisson drive (default 1).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The build seed: connectivity, weights, delays, initial potentials (null: <see cref="Seed"/>).</summary>
    public ulong? BuildSeed { get; init; }

    /// <summary>The most threads (0: all cores). Work is cut into fixed blocks, so spikes are identical for any value.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Record every state value of every transmitter neuron after every step (state.csv); default true.</summary>
    public bool RecordTransmitterState { get; init; } = true;

    /// <summary>Where the steps run: null for the CPU loop, else a device backend (docs/gpu.md).</summary>
    public SpikingBackendFactory? Backend { get; init; }

    /// <summary>
    /// The MPI job to split the network over (docs/distributed.md, "Partitioned simulate"): each rank then
    /// updates only its own neurons and holds only their incoming synapses, and the spikes are exchanged (<see cref="Exchange"/>) once
    /// per minimum delay. Null (the default): the whole network in this process, the plain engine.
    /// </summary>
    public NeuroSharp.Distributed.ICommunicator? Communicator { get; init; }

    /// <summary>How the neurons are dealt to the ranks of <see cref="Communicator"/> (round-robin by default, as NEST).</summary>
    public NeuroSharp.Distributed.PartitionScheme Partition { get; init; } = NeuroSharp.Distributed.PartitionScheme.RoundRobin;

    /// <summary>How the ranks of <see cref="Communicator"/> exchange spikes: all-gathered, routed to the ranks with targets, or chosen from the network (the default).</summary>
    public NeuroSharp.Distributed.SpikeExchange Exchange { get; init; } = NeuroSharp.Distributed.SpikeExchange.Auto;

    /// <summary>Checks the values.</summary>
    /// <exception cref="InvalidOptionException">Threads is negative.</exception>
    public void Validate() => OptionChecks.AtLeast(nameof(SimulationOptions), nameof(Threads), Threads, 0);
}
