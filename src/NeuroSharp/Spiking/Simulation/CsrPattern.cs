namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// A connection pattern in compressed sparse rows by source: the synapses of source s are
/// <c>[RowStart[s], RowStart[s + 1])</c>, their targets ascending within the row.
/// </summary>
/// <param name="RowStart">Row starts, length sourceCount + 1.</param>
/// <param name="Targets">Target of each synapse.</param>
/// <param name="Origin">For an explicit list: the list position of each synapse (for its own weight and delay); null otherwise.</param>
internal sealed record CsrPattern(int[] RowStart, int[] Targets, int[]? Origin)
{
    public int SynapseCount => Targets.Length;

    /// <summary>
    /// For the part of a projection one rank holds (<see cref="ConnectivityBuilder.BuildPattern"/> with a target map):
    /// each held synapse's index in the whole projection's CSR order, ascending; null for a whole projection.
    /// </summary>
    public int[]? Global { get; init; }

    /// <summary>Synapses of the whole projection (equal to <see cref="SynapseCount"/> for a whole one).</summary>
    public int GlobalCount { get; init; } = -1;

    /// <summary>Synapses of the whole projection.</summary>
    public int WholeCount => Global is null ? SynapseCount : GlobalCount;
}
