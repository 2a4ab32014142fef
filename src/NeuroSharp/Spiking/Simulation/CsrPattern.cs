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
}
