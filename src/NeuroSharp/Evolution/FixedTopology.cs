using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution;

/// <summary>
/// The fixed network shape whose weight vector CMA-ES and CoSyNE evolve: every sensor linked to every hidden
/// and motor neuron, every hidden neuron to every other hidden neuron (recurrent, for memory) and to every motor
/// neuron. Hidden neurons alternate excitatory and inhibitory (Dale's principle: for them only |w| counts).
/// The weight vector lists the links in that order: sensor->hidden, sensor->motor, hidden->hidden, hidden->motor.
/// </summary>
public sealed class FixedTopology : IWeightSpace
{
    private readonly NodeGene[] _nodes;
    private readonly (int Source, int Target)[] _links;

    /// <summary>A shape.</summary>
    /// <param name="inputs">Sensors, at least 1.</param>
    /// <param name="hidden">Hidden neurons, at least 0.</param>
    /// <param name="outputs">Motor neurons, at least 1.</param>
    public FixedTopology(int inputs, int hidden, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        Inputs = inputs; Hidden = hidden; Outputs = outputs;
        var nodes = new List<NodeGene>();
        for (int i = 0; i < inputs; i++) nodes.Add(new NodeGene(i, NodeRole.Input, NeuronKind.Mixed));
        for (int o = 0; o < outputs; o++) nodes.Add(new NodeGene(inputs + o, NodeRole.Output, NeuronKind.Mixed));
        int h0 = inputs + outputs;
        for (int h = 0; h < hidden; h++) nodes.Add(new NodeGene(h0 + h, NodeRole.Hidden, h % 2 == 0 ? NeuronKind.Excitatory : NeuronKind.Inhibitory));
        _nodes = [.. nodes];
        var links = new List<(int, int)>();
        for (int i = 0; i < inputs; i++) for (int h = 0; h < hidden; h++) links.Add((i, h0 + h));
        for (int i = 0; i < inputs; i++) for (int o = 0; o < outputs; o++) links.Add((i, inputs + o));
        for (int a = 0; a < hidden; a++) for (int b = 0; b < hidden; b++) if (a != b) links.Add((h0 + a, h0 + b));
        for (int h = 0; h < hidden; h++) for (int o = 0; o < outputs; o++) links.Add((h0 + h, inputs + o));
        _links = [.. links];
    }

    /// <summary>Sensors.</summary>
    public int Inputs { get; }

    /// <summary>Hidden neurons.</summary>
    public int Hidden { get; }

    /// <summary>Motor neurons.</summary>
    public int Outputs { get; }

    /// <summary>The weight vector's length.</summary>
    public int Dimension => _links.Length;

    /// <summary>The genome of a weight vector (link k has innovation k and no delay).</summary>
    /// <param name="id">The genome's id.</param>
    /// <param name="weights">One weight per link, <see cref="Dimension"/> long.</param>
    /// <returns>The genome.</returns>
    public Genome ToGenome(long id, ReadOnlySpan<double> weights)
    {
        if (weights.Length != Dimension) throw new ArgumentException($"Expected {Dimension} weights, got {weights.Length}.", nameof(weights));
        var links = new LinkGene[_links.Length];
        for (int k = 0; k < links.Length; k++) links[k] = new LinkGene(k, _links[k].Source, _links[k].Target, weights[k], 0, true);
        return new Genome(id, _nodes, links);
    }

    /// <inheritdoc/>
    /// <remarks>The shape's genomes are ordinary genomes: <see cref="GenomeDecoder"/> with the run's model.</remarks>
    public NetworkSpec Decode(Genome genome, ControllerModel model, string? name = null) => GenomeDecoder.Decode(genome, model, name);
}
