using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution;

/// <summary>One free number of a <see cref="CircuitTemplate"/>.</summary>
/// <param name="Name">What it is (e.g. "coincidence weight, smell change to steer, mV").</param>
/// <param name="Start">Its value at the search's start (genome component 0).</param>
/// <param name="Step">How far one unit of the genome moves it: a factor e^Step when <paramref name="LogScale"/>, else Step added.</param>
/// <param name="LogScale">True for a positive quantity (a weight, a time constant): value = Start x e^(Step x g), so it stays positive.</param>
public readonly record struct CircuitParameter(string Name, double Start, double Step, bool LogScale)
{
    /// <summary>The value for genome component <paramref name="g"/>.</summary>
    /// <param name="g">The component (0 is the start).</param>
    /// <returns>The parameter's value.</returns>
    public double ValueAt(double g) => LogScale ? Start * Math.Exp(Step * g) : Start + Step * g;
}

/// <summary>
/// A hand-designed circuit whose listed parameters evolution tunes (docs/evolution.md, "Seed circuits"): fixed-topology
/// search seeded with a documented network instead of a blank fully connected one. Genome component k maps to
/// parameter k through <see cref="CircuitParameter.ValueAt"/>, so CMA-ES's start (mean 0, sigma 1) is the circuit as
/// designed, spread by each parameter's step. The genome carries the vector as link genes (link k: sensor k -&gt; the one
/// motor node, innovation k); it is a carrier only, and <see cref="Decode"/> builds the real circuit.
/// </summary>
public sealed class CircuitTemplate : IWeightSpace
{
    private readonly Func<double[], NetworkSpec> _build;
    private readonly NodeGene[] _nodes;
    private readonly Lazy<int> _hiddenCount;

    /// <summary>A template.</summary>
    /// <param name="name">The circuit's name (it names the networks it builds).</param>
    /// <param name="parameters">The free numbers, at least one.</param>
    /// <param name="build">Builds the network from parameter values (in <paramref name="parameters"/> order).</param>
    public CircuitTemplate(string name, IReadOnlyList<CircuitParameter> parameters, Func<double[], NetworkSpec> build)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(build);
        if (parameters.Count < 1) throw new ArgumentException("A circuit template needs at least one parameter.", nameof(parameters));
        Name = name;
        Parameters = parameters;
        _build = build;
        _nodes = new NodeGene[parameters.Count + 1];
        for (int k = 0; k < parameters.Count; k++) _nodes[k] = new NodeGene(k, NodeRole.Input, NeuronKind.Mixed);
        _nodes[^1] = new NodeGene(parameters.Count, NodeRole.Output, NeuronKind.Mixed);
        _hiddenCount = new Lazy<int>(() => HiddenNeurons(Seed()));
    }

    /// <summary>
    /// The circuit's hidden neurons: all its neurons but the sensors and motors (the task's "input" and "output"
    /// populations). Tuning changes parameters, never the neuron count, so every decoded genome has this many. The
    /// genome is only a carrier (no hidden node genes), so this, not the genome's hidden count, is what a run reports.
    /// </summary>
    public int HiddenCount => _hiddenCount.Value;

    /// <summary>Hidden neurons of a network bound to a task: every neuron outside the "input" and "output" populations (or the transmitter neurons "input.k", "output.k").</summary>
    /// <param name="network">The network.</param>
    /// <returns>The count.</returns>
    public static int HiddenNeurons(NetworkSpec network)
    {
        ArgumentNullException.ThrowIfNull(network);
        static bool Bound(string name) => name is IEvolutionTask.InputPopulation or IEvolutionTask.OutputPopulation;
        static bool BoundId(string id) => id.StartsWith(IEvolutionTask.InputPopulation + ".", StringComparison.Ordinal) || id.StartsWith(IEvolutionTask.OutputPopulation + ".", StringComparison.Ordinal);
        return network.Populations.Where(p => !Bound(p.Name)).Sum(p => p.Count) + network.Neurons.Count(n => !BoundId(n.Id));
    }

    /// <summary>The circuit's name.</summary>
    public string Name { get; }

    /// <summary>The free numbers, in genome order.</summary>
    public IReadOnlyList<CircuitParameter> Parameters { get; }

    /// <inheritdoc/>
    public int Dimension => Parameters.Count;

    /// <summary>The parameter values of a genome vector.</summary>
    /// <param name="genome">One component per parameter.</param>
    /// <returns>The values.</returns>
    public double[] Values(ReadOnlySpan<double> genome)
    {
        if (genome.Length != Dimension) throw new ArgumentException($"Circuit {Name} has {Dimension} parameters, got {genome.Length} values.", nameof(genome));
        var v = new double[Dimension];
        for (int k = 0; k < v.Length; k++) v[k] = Parameters[k].ValueAt(genome[k]);
        return v;
    }

    /// <summary>The circuit as designed (every genome component 0).</summary>
    /// <returns>The network.</returns>
    public NetworkSpec Seed() => _build(Values(new double[Dimension]));

    /// <inheritdoc/>
    public Genome ToGenome(long id, ReadOnlySpan<double> weights)
    {
        if (weights.Length != Dimension) throw new ArgumentException($"Circuit {Name} has {Dimension} parameters, got {weights.Length} values.", nameof(weights));
        var links = new LinkGene[Dimension];
        for (int k = 0; k < links.Length; k++) links[k] = new LinkGene(k, k, Dimension, weights[k], 0, true);
        return new Genome(id, _nodes, links);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidInputException">The genome is not one of this circuit's (another shape, e.g. from another checkpoint).</exception>
    public NetworkSpec Decode(Genome genome, ControllerModel model, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(genome);
        if (genome.Links.Count != Dimension || genome.Nodes.Count != Dimension + 1)
            throw new InvalidInputException($"Genome {genome.Id} has {genome.Links.Count} genes; circuit {Name} has {Dimension} parameters.");
        var g = new double[Dimension];
        for (int k = 0; k < Dimension; k++) g[k] = genome.Links[k].Weight;
        var values = Values(g);
        var net = _build(values);
        string tuned = string.Join(", ", Parameters.Select((p, k) => $"{p.Name} = {values[k]:G4}"));
        return net with { Name = name ?? net.Name, Description = $"{net.Description} Parameters: {tuned}." };
    }
}
