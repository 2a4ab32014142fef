using System.Text.Json.Serialization;
using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution;

/// <summary>What a node of a genome is: a sensor, a motor neuron or a hidden neuron.</summary>
public enum NodeRole
{
    /// <summary>A sensor neuron of the <c>input</c> population.</summary>
    Input = 0,
    /// <summary>A motor neuron of the <c>output</c> population.</summary>
    Output = 1,
    /// <summary>A hidden neuron, added by mutation (or placed by a fixed topology).</summary>
    Hidden = 2,
}

/// <summary>
/// A neuron of a genome. Sensors and motor neurons are <see cref="NeuronKind.Mixed"/>: their links carry
/// their own sign. A hidden neuron is excitatory or inhibitory (Dale's principle): every link out of it
/// feeds the receptor of its kind, whatever the sign of the link's weight gene.
/// </summary>
/// <param name="Id">The node's id: sensors 0..I-1, motor neurons I..I+O-1, hidden neurons from the run's innovation tracker.</param>
/// <param name="Role">Sensor, motor or hidden.</param>
/// <param name="Kind">Mixed for sensors and motor neurons; excitatory or inhibitory for hidden neurons.</param>
public readonly record struct NodeGene(int Id, NodeRole Role, NeuronKind Kind);

/// <summary>
/// A synapse of a genome, with the innovation number NEAT aligns genomes by. A genome may join the same source and
/// target by more than one link, each on its own <paramref name="Lane"/> (a parallel path, e.g. a fast and a delayed
/// one: docs/evolution-neat.md, "Parallel links"); (source, target, lane) is what an innovation number marks.
/// </summary>
/// <param name="Innovation">The run's historical marking of the (source, target, lane) triple.</param>
/// <param name="Source">The source node id.</param>
/// <param name="Target">The target node id (a motor or hidden neuron).</param>
/// <param name="Weight">
/// The weight in units of the model's weight scale; its sign is the synapse's sign for a Mixed source and
/// is ignored (magnitude only) for a hidden source, whose kind gives the sign.
/// </param>
/// <param name="DelaySteps">The synaptic delay in engine steps, at least 0 (0: felt from the next step).</param>
/// <param name="Enabled">Whether the synapse is expressed in the network.</param>
/// <param name="Lane">Which of the parallel links from <paramref name="Source"/> to <paramref name="Target"/> this is: 0 for the
/// first (every link of a genome without parallel links, and of files written before lanes existed, which omit it), 1, 2, ...
/// for further ones.</param>
public readonly record struct LinkGene(long Innovation, int Source, int Target, double Weight, int DelaySteps, bool Enabled,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Lane = 0);
