namespace NeuroSharp.Distributed;

/// <summary>How the ranks of a partitioned simulation exchange spikes (docs/distributed.md, "What is exchanged, and when").</summary>
public enum SpikeExchange
{
    /// <summary>Routed when that saves a quarter or more of the bytes (few ranks hold a target of a typical neuron), else all-gathered.</summary>
    Auto,

    /// <summary>Every rank receives every spike (MPI_Allgatherv): one collective, bytes independent of where the synapses are.</summary>
    AllGather,

    /// <summary>
    /// A rank receives only the spikes of neurons with a target on it (MPI_Alltoallv with one buffer per rank), as
    /// NEST routes spikes: fewer bytes when a neuron's targets sit on few ranks (blocks of local connectivity, many ranks).
    /// </summary>
    Routed,
}
