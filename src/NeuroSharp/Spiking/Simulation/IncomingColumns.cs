namespace NeuroSharp.Spiking.Simulation;

/// <summary>
/// The incoming synapses of each target of a projection (CSC over synapse indices: the synapses onto target j
/// are <c>Synapse[Start[j]..Start[j + 1]]</c>, ascending) and the source of each synapse. Built once per
/// projection and shared by the rules that walk columns (STDP's potentiation, weight normalisation).
/// </summary>
internal sealed class IncomingColumns
{
    private IncomingColumns(int[] start, int[] synapse, int[] synapseSource)
    {
        Start = start;
        Synapse = synapse;
        SynapseSource = synapseSource;
    }

    /// <summary>Column starts, length target count + 1.</summary>
    public int[] Start { get; }

    /// <summary>Synapse index of each column entry.</summary>
    public int[] Synapse { get; }

    /// <summary>Source neuron of each synapse (by synapse index).</summary>
    public int[] SynapseSource { get; }

    /// <summary>Counts, prefix-sums and fills the columns of the CSR pattern (rowStart, targets).</summary>
    public static IncomingColumns Build(int[] rowStart, int[] targets, int sourceCount, int targetCount)
    {
        var colStart = new int[targetCount + 1];
        foreach (int t in targets) colStart[t + 1]++;
        for (int t = 0; t < targetCount; t++) colStart[t + 1] += colStart[t];
        var fill = colStart[..targetCount];
        var colSynapse = new int[targets.Length];
        var synapseSource = new int[targets.Length];
        for (int s = 0; s < sourceCount; s++)
        {
            for (int e = rowStart[s]; e < rowStart[s + 1]; e++)
            {
                colSynapse[fill[targets[e]]++] = e;
                synapseSource[e] = s;
            }
        }
        return new IncomingColumns(colStart, colSynapse, synapseSource);
    }
}
