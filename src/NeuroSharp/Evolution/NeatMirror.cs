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
    /// <param name="pushPull">Also push-pull tied (<see cref="NeatOptions.PushPull"/>): each link from a push or pull sensor to a
    /// motor neuron has its antipode (the other sensor of the pair to the same motor, same lane) with the negated weight and the same delay.</param>
    /// <returns>True when tied.</returns>
    public static bool IsTied(Genome genome, IReadOnlyList<int> mirror, InnovationTracker innovations, bool pushPull = false)
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
        if (!pushPull) return true;
        for (int k = 0; k < image.Length; k++)
        {
            if (!PushPullLink(genome.Nodes, genome.Links[k], mirror)) continue;
            int j = AntipodeOf(genome.Links, k, mirror);
            if (j < 0) return false;
            LinkGene a = genome.Links[k], b = genome.Links[j];
            if (a.Weight != -b.Weight || a.DelaySteps != b.DelaySteps) return false;
        }
        return true;
    }

    /// <summary>A genome made tied: each link whose image comes first (by innovation) takes the image's weight, delay and state.</summary>
    /// <param name="genome">A genome whose links all have images (e.g. a start genome of a mirror-symmetric topology).</param>
    /// <param name="mirror">The sensor and motor images.</param>
    /// <param name="innovations">The run's tracker.</param>
    /// <param name="pushPull">Also tie each push-pull link to its antipode with the negated weight (<see cref="NeatOptions.PushPull"/>).</param>
    /// <returns>The tied genome (same id and scale).</returns>
    /// <exception cref="ArgumentException">A link without an image.</exception>
    public static Genome Tie(Genome genome, IReadOnlyList<int> mirror, InnovationTracker innovations, bool pushPull = false)
    {
        ArgumentNullException.ThrowIfNull(genome);
        var links = genome.Links.ToList();
        var image = ImageIndex(links, mirror, innovations);
        var (leader, sign) = Groups(genome.Nodes, links, image, mirror, pushPull);
        for (int k = 0; k < links.Count; k++)
        {
            int j = image[k];
            if (j < 0) throw new ArgumentException($"Genome {genome.Id}: link {links[k].Source}->{links[k].Target} on lane {links[k].Lane} has no mirror image.");
            if (j < k) links[k] = links[k] with { Enabled = links[j].Enabled };
            if (leader[k] < k) links[k] = links[k] with { Weight = sign[k] * links[leader[k]].Weight, DelaySteps = links[leader[k]].DelaySteps };
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
        var (leader, sign) = Groups(nodes, links, image, mirror, options.PushPull);
        double scale = parent.MutationScale;
        if (options.AdaptiveMutation)
        {
            int free = 0;
            for (int k = 0; k < leader.Length; k++) if (leader[k] == k) free++;
            double tau = 1 / Math.Sqrt(Math.Max(1, free));
            scale = Math.Clamp(scale * Math.Exp(tau * random.NextGaussian()), options.MinMutationScale, options.MaxMutationScale);
        }
        if (random.NextBernoulli(options.WeightMutationRate)) NeatOperators.MutateWeights(links, leader, sign, options, scale, random);
        if (random.NextBernoulli(options.AddNeuronRate)) AddNeuronPair(nodes, links, image, innovations, random);
        if (random.NextBernoulli(options.AddLinkRate)) AddLinkPair(nodes, links, mirror, innovations, random, options);
        image = ImageIndex(links, mirror, innovations);
        (leader, _) = Groups(nodes, links, image, mirror, options.PushPull);
        // A crossover child or a new slow link takes the genome's shared slow delay (its first slow link's).
        if (NeatLaneBasis.SharedDelayOf(links, nodes, options) is int shared) NeatLaneBasis.SetSharedDelay(links, nodes, options, shared);
        if (links.Count > 0 && random.NextBernoulli(options.DelayMutationRate))
        {
            int k = random.NextInt(links.Count);
            int d = Math.Clamp(links[k].DelaySteps + options.DelayMove(random), 0, options.MaxDelaySteps);
            if (options.SharesDelay(links[k], nodes)) NeatLaneBasis.SetSharedDelay(links, nodes, options, d);
            else for (int m = 0; m < links.Count; m++) if (leader[m] == leader[k]) links[m] = links[m] with { DelaySteps = d };
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
    /// <param name="pushPull">Push-pull tied genomes (<see cref="NeatOptions.PushPull"/>): an antipode's weight and delay follow its group's.</param>
    /// <returns>The child.</returns>
    public static Genome Crossover(long id, Genome fitter, Genome other, RandomStream random, double inheritDisabledRate, IReadOnlyList<int> mirror,
        InnovationTracker innovations, bool pushPull = false)
    {
        var image = ImageIndex(fitter.Links, mirror, innovations);
        var (leader, sign) = Groups(fitter.Nodes, fitter.Links, image, mirror, pushPull);
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
            // Push-pull: an antipode keeps its own on/off state but takes its weight (negated) and delay from its group's first gene.
            if (leader[k] < k) child[k] = child[k] with { Weight = sign[k] * child[leader[k]].Weight, DelaySteps = child[leader[k]].DelaySteps };
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

    /// <summary>Whether a link is push-pull tied (<see cref="NeatOptions.PushPull"/>): from a sensor that has a twin (a push or pull
    /// sensor, not the bias) to a motor neuron.</summary>
    private static bool PushPullLink(IReadOnlyList<NodeGene> nodes, LinkGene l, IReadOnlyList<int> mirror) =>
        l.Source < mirror.Count && l.Target < mirror.Count && mirror[l.Source] != l.Source
        && RoleOf(nodes, l.Source) == NodeRole.Input && RoleOf(nodes, l.Target) == NodeRole.Output;

    private static NodeRole? RoleOf(IReadOnlyList<NodeGene> nodes, int id)
    {
        foreach (var n in nodes) if (n.Id == id) return n.Role;
        return null;
    }

    /// <summary>The antipode of push-pull link k: the other sensor of the pair to the same motor on the same lane, or -1.</summary>
    private static int AntipodeOf(IReadOnlyList<LinkGene> links, int k, IReadOnlyList<int> mirror)
    {
        var l = links[k];
        int s = mirror[l.Source];
        for (int j = 0; j < links.Count; j++) if (links[j].Source == s && links[j].Target == l.Target && links[j].Lane == l.Lane) return j;
        return -1;
    }

    /// <summary>
    /// Each link's group: the link, its mirror image and, with push-pull ties, its antipode and the antipode's image. For link k,
    /// <c>leader[k]</c> is the group's first gene (lowest index) and <c>sign[k]</c> the factor from the leader's weight to k's
    /// (-1 for an antipode side). A link without an image is its own group.
    /// </summary>
    private static (int[] Leader, double[] Sign) Groups(IReadOnlyList<NodeGene> nodes, IReadOnlyList<LinkGene> links, int[] image, IReadOnlyList<int> mirror, bool pushPull)
    {
        var leader = new int[links.Count];
        var sign = new double[links.Count];
        for (int k = 0; k < links.Count; k++)
        {
            leader[k] = k;
            sign[k] = 1;
            if (image[k] >= 0 && image[k] < leader[k]) leader[k] = image[k];
            if (!pushPull || !PushPullLink(nodes, links[k], mirror)) continue;
            int a = AntipodeOf(links, k, mirror);
            if (a < 0) continue;
            foreach (int m in new[] { a, image[a] })
            {
                if (m >= 0 && m < leader[k]) { leader[k] = m; sign[k] = -1; }
            }
        }
        return (leader, sign);
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
            double w = random.NextGaussian() * options.WeightInitScale * options.StepOf(s);
            int si = MirrorNode(s, mirror, innovations), ti = MirrorNode(t, mirror, innovations);
            var added = new List<(int S, int T, double W)> { (s, t, w) };
            if ((si, ti) != (s, t)) added.Add((si, ti, w));
            // Push-pull: a link from a push or pull sensor to a motor comes with its antipode (the twin sensor, negated) and its image.
            if (options.PushPull && PushPullLink(nodes, new LinkGene(0, s, t, w, delay, true, lane), mirror))
            {
                if (links.Any(l => l.Source == si && l.Target == t && l.Lane == lane)) continue;
                added.Add((si, t, -w));
                if (ti != t) added.Add((s, ti, -w));
            }
            foreach (var (a, b, x) in added) links.Add(new LinkGene(innovations.Link(a, b, lane), a, b, x, delay, true, lane));
            return;
        }
    }
}
