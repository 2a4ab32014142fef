namespace NeuroSharp.Spiking.Simulation;

/// <summary>A copy of a projection's synapses (CSR by source) and their current weights.</summary>
/// <param name="Name">The projection's name.</param>
/// <param name="Source">The source population.</param>
/// <param name="Target">The target population.</param>
/// <param name="RowStart">Row starts, length source count + 1.</param>
/// <param name="Targets">Target of each synapse.</param>
/// <param name="Weights">Weight of each synapse now.</param>
/// <param name="DelaySteps">Delay of each synapse in steps.</param>
/// <param name="SynapticEvents">Deliveries since the last reset.</param>
public sealed record ProjectionSnapshot(string Name, string Source, string Target, int[] RowStart, int[] Targets, float[] Weights, int[] DelaySteps, long SynapticEvents);
