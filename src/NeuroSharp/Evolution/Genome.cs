using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution;

/// <summary>
/// A NEAT genome: node genes sorted by id and link genes sorted by innovation number. Immutable once made;
/// mutation and crossover make new genomes. It decodes to a network with <see cref="GenomeDecoder"/>.
/// </summary>
public sealed class Genome
{
    /// <summary>Makes a genome; the genes are sorted (nodes by id, links by innovation) and checked.</summary>
    /// <param name="id">The genome's id in its run (the evaluator forks its random stream from it).</param>
    /// <param name="nodes">The node genes, ids unique.</param>
    /// <param name="links">The link genes, innovations and (source, target, lane) triples unique, ends among the nodes.</param>
    /// <param name="mutationScale">The genome's own mutation step size (a factor on <see cref="NeatOptions.WeightPerturbPower"/>,
    /// adapted when <see cref="NeatOptions.AdaptiveMutation"/> is on; docs/evolution-neat.md, "Self-adaptive mutation size"), positive.</param>
    /// <exception cref="ArgumentException">Duplicate ids or triples, a link to a missing node or into a sensor, a negative delay or lane,
    /// a non-finite weight or a mutation scale that is not positive and finite.</exception>
    public Genome(long id, IEnumerable<NodeGene> nodes, IEnumerable<LinkGene> links, double mutationScale = 1)
    {
        Id = id;
        Nodes = [.. nodes.OrderBy(n => n.Id)];
        Links = [.. links.OrderBy(l => l.Innovation)];
        MutationScale = mutationScale;
        Check();
    }

    /// <summary>The genome's own mutation step size: a factor on the weight perturbation (1 unless adapted).</summary>
    public double MutationScale { get; }

    /// <summary>The genome's id in its run.</summary>
    public long Id { get; }

    /// <summary>Node genes by ascending id.</summary>
    public IReadOnlyList<NodeGene> Nodes { get; }

    /// <summary>Link genes by ascending innovation number.</summary>
    public IReadOnlyList<LinkGene> Links { get; }

    /// <summary>Sensor count.</summary>
    public int InputCount => Nodes.Count(n => n.Role == NodeRole.Input);

    /// <summary>Motor neuron count.</summary>
    public int OutputCount => Nodes.Count(n => n.Role == NodeRole.Output);

    /// <summary>Hidden neuron count.</summary>
    public int HiddenCount => Nodes.Count(n => n.Role == NodeRole.Hidden);

    /// <summary>The same genes under another id.</summary>
    /// <param name="id">The new id.</param>
    /// <returns>A genome with this one's genes.</returns>
    public Genome WithId(long id) => new(id, Nodes, Links, MutationScale);

    /// <summary>Whether two genomes have the same genes (ids aside).</summary>
    /// <param name="other">The other genome.</param>
    /// <returns>True when nodes and links are equal gene by gene and the mutation scales are equal.</returns>
    public bool SameGenes(Genome other) => Nodes.SequenceEqual(other.Nodes) && Links.SequenceEqual(other.Links) && MutationScale == other.MutationScale;

    /// <summary>The node with an id, or null.</summary>
    /// <param name="id">A node id.</param>
    /// <returns>The node gene, or null.</returns>
    public NodeGene? Node(int id)
    {
        int lo = 0, hi = Nodes.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            int c = Nodes[mid].Id.CompareTo(id);
            if (c == 0) return Nodes[mid];
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return null;
    }

    /// <summary>The starting genome of a NEAT run: sensors, motor neurons and every sensor linked to every motor neuron.</summary>
    /// <param name="id">The genome's id.</param>
    /// <param name="inputs">Sensor count, at least 1.</param>
    /// <param name="outputs">Motor neuron count, at least 1.</param>
    /// <param name="innovations">The run's tracker (gives the links their numbers).</param>
    /// <param name="random">Draws the weights, normal with deviation <paramref name="weightScale"/>.</param>
    /// <param name="weightScale">The deviation of the initial weights.</param>
    /// <param name="connected">Whether sensors start linked to motor neurons (NEAT's minimal start) or unlinked.</param>
    /// <param name="stepOf">A factor on the deviation by source node (<see cref="NeatOptions.StepOf"/>), or null for 1.</param>
    /// <returns>A new genome.</returns>
    public static Genome Minimal(long id, int inputs, int outputs, InnovationTracker innovations, NeuroSharp.Numerics.Random.RandomStream random,
        double weightScale, bool connected = true, Func<int, double>? stepOf = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        var nodes = new List<NodeGene>(inputs + outputs);
        for (int i = 0; i < inputs; i++) nodes.Add(new NodeGene(i, NodeRole.Input, NeuronKind.Mixed));
        for (int o = 0; o < outputs; o++) nodes.Add(new NodeGene(inputs + o, NodeRole.Output, NeuronKind.Mixed));
        var links = new List<LinkGene>();
        if (connected)
        {
            for (int i = 0; i < inputs; i++)
            {
                for (int o = 0; o < outputs; o++)
                    links.Add(new LinkGene(innovations.Link(i, inputs + o), i, inputs + o, random.NextGaussian() * weightScale * (stepOf?.Invoke(i) ?? 1), 0, true));
            }
        }
        return new Genome(id, nodes, links);
    }

    /// <summary>
    /// A starting genome with a given topology (<see cref="NeatOptions.StartLinks"/>): sensors and motor neurons numbered as in
    /// <see cref="Minimal"/>, the given links with their delays and lanes, each weight its start weight plus a normal draw as in
    /// <see cref="Minimal"/> (a start weight of 0 is NEAT's own start).
    /// </summary>
    /// <param name="id">The genome's id.</param>
    /// <param name="inputs">Sensor count, at least 1.</param>
    /// <param name="outputs">Motor neuron count, at least 1.</param>
    /// <param name="seed">The links (ends among the sensors and motor neurons, no (source, target, lane) twice, none into a sensor).</param>
    /// <param name="innovations">The run's tracker.</param>
    /// <param name="random">Draws the weights, normal with deviation <paramref name="weightScale"/>, one per link in order.</param>
    /// <param name="weightScale">The deviation of the initial weights.</param>
    /// <param name="stepOf">A factor on the deviation by source node (<see cref="NeatOptions.StepOf"/>), or null for 1.</param>
    /// <returns>A new genome.</returns>
    /// <exception cref="ArgumentException">A link that does not fit (see <see cref="Genome(long, IEnumerable{NodeGene}, IEnumerable{LinkGene}, double)"/>).</exception>
    public static Genome Seeded(long id, int inputs, int outputs, IReadOnlyList<SeedLink> seed, InnovationTracker innovations,
        NeuroSharp.Numerics.Random.RandomStream random, double weightScale, Func<int, double>? stepOf = null)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var minimal = Minimal(id, inputs, outputs, innovations, random, weightScale, connected: false);
        var links = new List<LinkGene>(seed.Count);
        foreach (var l in seed)
        {
            if (l.Source < 0 || l.Source >= inputs + outputs || l.Target < 0 || l.Target >= inputs + outputs)
                throw new ArgumentException($"Start link {l.Source}->{l.Target} joins a node outside the {inputs} sensors and {outputs} motor neurons.", nameof(seed));
            links.Add(new LinkGene(innovations.Link(l.Source, l.Target, l.Lane), l.Source, l.Target, l.StartWeight + random.NextGaussian() * weightScale * (stepOf?.Invoke(l.Source) ?? 1),
                l.DelaySteps, true, l.Lane));
        }
        return new Genome(id, minimal.Nodes, links);
    }

    private void Check()
    {
        for (int i = 1; i < Nodes.Count; i++)
        {
            if (Nodes[i].Id == Nodes[i - 1].Id) throw new ArgumentException($"Genome {Id} has node {Nodes[i].Id} twice.");
        }
        if (!(MutationScale > 0) || !double.IsFinite(MutationScale)) throw new ArgumentException($"Genome {Id} has mutation scale {MutationScale}.");
        var pairs = new HashSet<(int, int, int)>();
        for (int k = 0; k < Links.Count; k++)
        {
            var l = Links[k];
            if (k > 0 && l.Innovation == Links[k - 1].Innovation) throw new ArgumentException($"Genome {Id} has innovation {l.Innovation} twice.");
            if (l.Lane < 0) throw new ArgumentException($"Genome {Id}: link {l.Innovation} has lane {l.Lane}.");
            if (!pairs.Add((l.Source, l.Target, l.Lane))) throw new ArgumentException($"Genome {Id} links {l.Source}->{l.Target} twice on lane {l.Lane}.");
            if (Node(l.Source) is null || Node(l.Target) is not { } t)
                throw new ArgumentException($"Genome {Id}: link {l.Innovation} joins a missing node ({l.Source}->{l.Target}).");
            if (t.Role == NodeRole.Input) throw new ArgumentException($"Genome {Id}: link {l.Innovation} targets sensor {l.Target}.");
            if (l.DelaySteps < 0) throw new ArgumentException($"Genome {Id}: link {l.Innovation} has delay {l.DelaySteps} steps.");
            if (!double.IsFinite(l.Weight)) throw new ArgumentException($"Genome {Id}: link {l.Innovation} has weight {l.Weight}.");
        }
    }
}
