using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution;

/// <summary>
/// Mirror-tied genes for NEAT (docs/evolution-neat.md, "Mirror-tied genes"). A task with a mirror symmetry (the pole tasks:
/// swap each push sensor with its pull sensor and "push right" with "push left") gives the mirror image of each sensor and
/// motor id (<see cref="NeatOptions.Mirror"/>); hidden neurons are made in mirror pairs (<see cref="InnovationTracker.SplitMirrorPair"/>).
/// The image of link source -> target on lane l is mirror(source) -> mirror(target) on lane l. A tied genome holds every link's
/// image with the same weight, delay and state, and every hidden neuron's image with the same kind; both genes stay in the
/// genome (each with its own innovation), so the decoder, the compatibility distance and the files are NEAT's own, and the
/// operators here keep the tie: one draw moves a link and its image.
/// </summary>
public static class NeatMirror
{
    /// <summary>The mirror image of a node.</summary>
    /// <param name="node">A node id.</param>
    /// <param name="mirror">The sensor and motor images (<see cref="NeatOptions.Mirror"/>).</param>
    /// <param name="innovations">The run's tracker (the hidden pairs).</param>
    /// <returns>The image's id.</returns>
    /// <exception cref="ArgumentException">A hidden node that was not made as one of a mirror pair.</exception>
    public static int MirrorNode(int node, IReadOnlyList<int> mirror, InnovationTracker innovations) =>
        node < mirror.Count ? mirror[node]
        : innovations.MirrorNode(node) ?? throw new ArgumentException($"Hidden node {node} was not made as one of a mirror pair, so it has no mirror image.");

    /// <summary>Whether a genome is tied: every hidden node's image is in it with the same kind, and every link's image with the
    /// same weight, delay and state.</summary>
    /// <param name="genome">The genome.</param>
    /// <param name="mirror">The sensor and motor images.</param>
    /// <param name="innovations">The run's tracker.</param>
    /// <returns>True when tied.</returns>
    public static bool IsTied(Genome genome, IReadOnlyList<int> mirror, InnovationTracker innovations)
    {
        ArgumentNullException.ThrowIfNull(genome);
        foreach (var n in genome.Nodes)
        {
            int m = n.Id < mirror.Count ? mirror[n.Id] : innovations.MirrorNode(n.Id) ?? -1;
            if (genome.Node(m) is not { } twin || twin.Kind != n.Kind || twin.Role != n.Role) return false;
        }
        var image = ImageIndex(genome.Links, mirror, innovations);
        for (int k = 0; k < image.Length; k++)
        {
            if (image[k] < 0) return false;
            LinkGene a = genome.Links[k], b = genome.Links[image[k]];
            if (a.Weight != b.Weight || a.DelaySteps != b.DelaySteps || a.Enabled != b.Enabled) return false;
        }
        return true;
    }

    /// <summary>A genome made tied: each link whose image comes first (by innovation) takes the image's weight, delay and state.</summary>
    /// <param name="genome">A genome whose links all have images (e.g. a start genome of a mirror-symmetric topology).</param>
    /// <param name="mirror">The sensor and motor images.</param>
    /// <param name="innovations">The run's tracker.</param>
    /// <returns>The tied genome (same id and scale).</returns>
    /// <exception cref="ArgumentException">A link without an image.</exception>
    public static Genome Tie(Genome genome, IReadOnlyList<int> mirror, InnovationTracker innovations)
    {
        ArgumentNullException.ThrowIfNull(genome);
        var links = genome.Links.ToList();
        var image = ImageIndex(links, mirror, innovations);
        for (int k = 0; k < links.Count; k++)
        {
            int j = image[k];
            if (j < 0) throw new ArgumentException($"Genome {genome.Id}: link {links[k].Source}->{links[k].Target} on lane {links[k].Lane} has no mirror image.");
            if (links[j].Innovation < links[k].Innovation) links[k] = links[k] with { Weight = links[j].Weight, DelaySteps = links[j].DelaySteps, Enabled = links[j].Enabled };
        }
        return new Genome(genome.Id, genome.Nodes, links, genome.MutationScale);
    }

    /// <summary>
    /// NEAT's mutation (<see cref="NeatOperators.Mutate"/>) on a tied genome, keeping it tied: the self-adapted scale with
    /// tau = 1 / sqrt(free weights), one weight draw per link and image, add-neuron splitting a link and its image into a mirror
    /// pair of neurons, add-link adding a link and its image, and a delay step or a switch applied to both.
    /// </summary>
    /// <param name="id">The child's id.</param>
    /// <param name="parent">A tied genome.</param>
    /// <param name="options">The rates (with <see cref="NeatOptions.Mirror"/>).</param>
    /// <param name="innovations">The run's tracker.</param>
    /// <param name="random">Draws everything.</param>
    /// <returns>The mutated, tied genome.</returns>
    public static Genome Mutate(long id, Genome parent, NeatOptions options, InnovationTracker innovations, RandomStream random)
    {
        var mirror = options.Mirror ?? throw new ArgumentException("Tied mutation needs NeatOptions.Mirror.", nameof(options));
        var nodes = parent.Nodes.ToList();
        var links = parent.Links.ToList();
        var image = ImageIndex(links, mirror, innovations);
        double scale = parent.MutationScale;
        if (options.AdaptiveMutation)
        {
            int free = 0;
            for (int k = 0; k < image.Length; k++) if (image[k] < 0 || image[k] >= k) free++;
            double tau = 1 / Math.Sqrt(Math.Max(1, free));
            scale = Math.Clamp(scale * Math.Exp(tau * random.NextGaussian()), options.MinMutationScale, options.MaxMutationScale);
        }
        if (random.NextBernoulli(options.WeightMutationRate))
        {
            double power = options.WeightPerturbPower * scale;
            for (int k = 0; k < links.Count; k++)
            {
                if (image[k] >= 0 && image[k] < k) continue; // the image was drawn first and took this one with it
                double w = random.NextBernoulli(options.WeightPerturbRate)
                    ? links[k].Weight + random.NextGaussian() * power
                    : random.NextGaussian() * options.WeightInitScale;
                Set(links, image, k, l => l with { Weight = Math.Clamp(w, -options.WeightLimit, options.WeightLimit) });
            }
        }
        if (random.NextBernoulli(options.AddNeuronRate)) AddNeuronPair(nodes, links, image, innovations, random);
        if (random.NextBernoulli(options.AddLinkRate)) AddLinkPair(nodes, links, mirror, innovations, random, options);
        image = ImageIndex(links, mirror, innovations);
        if (links.Count > 0 && random.NextBernoulli(options.DelayMutationRate))
        {
            int k = random.NextInt(links.Count);
            int d = Math.Clamp(links[k].DelaySteps + (random.NextBernoulli(0.5) ? 1 : -1), 0, options.MaxDelaySteps);
            Set(links, image, k, l => l with { DelaySteps = d });
        }
        if (links.Count > 0 && random.NextBernoulli(options.ToggleRate))
        {
            int k = random.NextInt(links.Count);
            bool enabled = !links[k].Enabled;
            Set(links, image, k, l => l with { Enabled = enabled });
        }
        return new Genome(id, nodes, links, scale);
    }

    /// <summary>
    /// NEAT's crossover (<see cref="NeatOperators.Crossover"/>) of two tied genomes, keeping the child tied: a link and its image
    /// come from the same parent with the same state, drawn once for the pair.
    /// </summary>
    /// <param name="id">The child's id.</param>
    /// <param name="fitter">The fitter parent (its structure is kept).</param>
    /// <param name="other">The other parent.</param>
    /// <param name="random">Draws the choices.</param>
    /// <param name="inheritDisabledRate">Probability that a gene disabled in one parent is disabled in the child.</param>
    /// <param name="mirror">The sensor and motor images.</param>
    /// <param name="innovations">The run's tracker.</param>
    /// <returns>The child.</returns>
    public static Genome Crossover(long id, Genome fitter, Genome other, RandomStream random, double inheritDisabledRate, IReadOnlyList<int> mirror,
        InnovationTracker innovations)
    {
        var image = ImageIndex(fitter.Links, mirror, innovations);
        var child = new LinkGene[fitter.Links.Count];
        var lb = other.Links;
        int j = 0;
        for (int k = 0; k < child.Length; k++)
        {
            var a = fitter.Links[k];
            if (image[k] >= 0 && image[k] < k)
            {
                var c = child[image[k]];
                child[k] = a with { Weight = c.Weight, DelaySteps = c.DelaySteps, Enabled = c.Enabled };
                continue;
            }
            child[k] = NeatOperators.Inherit(a, lb, ref j, random, inheritDisabledRate);
        }
        return new Genome(id, fitter.Nodes, child, NeatOperators.ChildScale(fitter, other));
    }

    /// <summary>For each link, the index of its image in the same list (itself for a link that is its own image), or -1.</summary>
    private static int[] ImageIndex(IReadOnlyList<LinkGene> links, IReadOnlyList<int> mirror, InnovationTracker innovations)
    {
        var at = new Dictionary<(int, int, int), int>(links.Count);
        for (int k = 0; k < links.Count; k++) at[(links[k].Source, links[k].Target, links[k].Lane)] = k;
        var image = new int[links.Count];
        for (int k = 0; k < links.Count; k++)
        {
            var l = links[k];
            int s = l.Source < mirror.Count ? mirror[l.Source] : innovations.MirrorNode(l.Source) ?? -1;
            int t = l.Target < mirror.Count ? mirror[l.Target] : innovations.MirrorNode(l.Target) ?? -1;
            image[k] = s >= 0 && t >= 0 && at.TryGetValue((s, t, l.Lane), out int j) ? j : -1;
        }
        return image;
    }

    /// <summary>Applies a change to link k and to its image.</summary>
    private static void Set(List<LinkGene> links, int[] image, int k, Func<LinkGene, LinkGene> change)
    {
        links[k] = change(links[k]);
        if (image[k] >= 0 && image[k] != k) links[image[k]] = change(links[image[k]]);
    }

    /// <summary>Splits an enabled link and its image into a->n->b and a'->n'->b' (n' the image of n), as NEAT's add-neuron does one link.</summary>
    private static void AddNeuronPair(List<NodeGene> nodes, List<LinkGene> links, int[] image, InnovationTracker innovations, RandomStream random)
    {
        int enabledCount = links.Count(l => l.Enabled);
        if (enabledCount == 0) return;
        int pick = random.NextInt(enabledCount);
        int k = -1, seen = -1;
        while (seen < pick) { k++; if (links[k].Enabled) seen++; }
        int j = image[k];
        if (j < 0) throw new ArgumentException($"Link {links[k].Source}->{links[k].Target} on lane {links[k].Lane} has no mirror image: the genome is not tied.");
        LinkGene old = links[k], oldImage = links[j];
        var ids = nodes.Select(n => n.Id).ToHashSet();
        var (node, nodeImage) = innovations.SplitMirrorPair(old.Innovation, oldImage.Innovation, ids.Contains);
        var kind = NeatOperators.EffectiveWeight(nodes, old) >= 0 ? NeuronKind.Excitatory : NeuronKind.Inhibitory;
        nodes.Add(new NodeGene(node, NodeRole.Hidden, kind));
        if (nodeImage != node) nodes.Add(new NodeGene(nodeImage, NodeRole.Hidden, kind));
        foreach (var (l, i, n) in j == k ? [(old, k, node)] : new[] { (old, k, node), (oldImage, j, nodeImage) })
        {
            links[i] = l with { Enabled = false };
            links.Add(new LinkGene(innovations.Link(l.Source, n), l.Source, n, 1.0, 0, true));
            links.Add(new LinkGene(innovations.Link(n, l.Target), n, l.Target, Math.Abs(old.Weight), old.DelaySteps, true));
        }
    }

    /// <summary>NEAT's add-link (a new pair, or a further lane of a linked pair) with the new link's image beside it.</summary>
    private static void AddLinkPair(List<NodeGene> nodes, List<LinkGene> links, IReadOnlyList<int> mirror, InnovationTracker innovations, RandomStream random,
        NeatOptions options)
    {
        var targets = nodes.Where(n => n.Role != NodeRole.Input).ToList();
        var existing = links.Select(l => (l.Source, l.Target)).ToHashSet();
        for (int attempt = 0; attempt < 20; attempt++)
        {
            int s = nodes[random.NextInt(nodes.Count)].Id;
            int t = targets[random.NextInt(targets.Count)].Id;
            int lane = 0, delay = 0;
            if (existing.Contains((s, t)))
            {
                if (options.MaxParallelLinks == 1) continue;
                var pair = links.Where(l => l.Source == s && l.Target == t).ToList();
                while (pair.Any(l => l.Lane == lane)) lane++;
                if (lane >= options.MaxParallelLinks) continue;
                delay = random.NextInt(options.MaxDelaySteps + 1);
                for (int retry = 0; retry < 8 && pair.Any(l => l.DelaySteps == delay); retry++) delay = random.NextInt(options.MaxDelaySteps + 1);
            }
            double w = random.NextGaussian() * options.WeightInitScale;
            links.Add(new LinkGene(innovations.Link(s, t, lane), s, t, w, delay, true, lane));
            int si = MirrorNode(s, mirror, innovations), ti = MirrorNode(t, mirror, innovations);
            if ((si, ti) != (s, t)) links.Add(new LinkGene(innovations.Link(si, ti, lane), si, ti, w, delay, true, lane));
            return;
        }
    }
}
