using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution;

/// <summary>NEAT's operators on genomes (Stanley and Miikkulainen 2002): compatibility, crossover and mutation.</summary>
public static class NeatOperators
{
    /// <summary>
    /// The compatibility distance delta = c1 E / N + c2 D / N + c3 W, with E the excess genes (innovations
    /// beyond the other genome's last), D the disjoint genes, W the mean absolute weight difference of
    /// matching genes and N the link count of the larger genome (1 when both have fewer than 20 links).
    /// </summary>
    /// <param name="a">One genome.</param>
    /// <param name="b">The other.</param>
    /// <param name="c1">The excess coefficient.</param>
    /// <param name="c2">The disjoint coefficient.</param>
    /// <param name="c3">The weight coefficient.</param>
    /// <returns>delta, at least 0.</returns>
    public static double Compatibility(Genome a, Genome b, double c1, double c2, double c3)
    {
        var la = a.Links;
        var lb = b.Links;
        int i = 0, j = 0, matching = 0, disjoint = 0, excess = 0;
        double weightDiff = 0;
        while (i < la.Count && j < lb.Count)
        {
            long x = la[i].Innovation, y = lb[j].Innovation;
            if (x == y) { weightDiff += Math.Abs(la[i].Weight - lb[j].Weight); matching++; i++; j++; }
            else if (x < y) { disjoint++; i++; }
            else { disjoint++; j++; }
        }
        excess = (la.Count - i) + (lb.Count - j);
        int larger = Math.Max(la.Count, lb.Count);
        double n = larger < 20 ? 1 : larger;
        return c1 * excess / n + c2 * disjoint / n + c3 * (matching > 0 ? weightDiff / matching : 0);
    }

    /// <summary>
    /// NEAT's crossover: genes aligned by innovation; a matching gene comes from either parent at random,
    /// disjoint and excess genes from the fitter parent (<paramref name="fitter"/>). A gene disabled in one
    /// parent is disabled with <paramref name="inheritDisabledRate"/>; one disabled in both stays disabled,
    /// so identical parents give the parent back. The child's mutation scale is the parents' geometric mean.
    /// </summary>
    /// <param name="id">The child's id.</param>
    /// <param name="fitter">The fitter parent (its structure is kept).</param>
    /// <param name="other">The other parent.</param>
    /// <param name="random">Draws the choices.</param>
    /// <param name="inheritDisabledRate">Probability that a gene disabled in one parent is disabled in the child.</param>
    /// <returns>The child.</returns>
    public static Genome Crossover(long id, Genome fitter, Genome other, RandomStream random, double inheritDisabledRate)
    {
        var links = new List<LinkGene>(fitter.Links.Count);
        var lb = other.Links;
        int j = 0;
        foreach (var a in fitter.Links) links.Add(Inherit(a, lb, ref j, random, inheritDisabledRate));
        return new Genome(id, fitter.Nodes, links, ChildScale(fitter, other));
    }

    /// <summary>
    /// The child's gene where the fitter parent has <paramref name="a"/>: a matching gene of the other parent (found by moving
    /// <paramref name="j"/> along its innovation-ordered links) is picked at random, with the disabled rule of
    /// <see cref="Crossover(long, Genome, Genome, RandomStream, double)"/>; a disjoint or excess gene is the fitter parent's.
    /// </summary>
    internal static LinkGene Inherit(LinkGene a, IReadOnlyList<LinkGene> other, ref int j, RandomStream random, double inheritDisabledRate)
    {
        while (j < other.Count && other[j].Innovation < a.Innovation) j++;
        if (j >= other.Count || other[j].Innovation != a.Innovation) return a;
        var b = other[j];
        var pick = random.NextBernoulli(0.5) ? a : b;
        bool enabled = (a.Enabled, b.Enabled) switch
        {
            (true, true) => true,
            (false, false) => false,
            _ => !random.NextBernoulli(inheritDisabledRate),
        };
        return pick with { Enabled = enabled };
    }

    /// <summary>The child's mutation scale: the parents' geometric mean (exactly the parents' own when they agree).</summary>
    internal static double ChildScale(Genome fitter, Genome other) =>
        fitter.MutationScale == other.MutationScale ? fitter.MutationScale : Math.Sqrt(fitter.MutationScale * other.MutationScale);

    /// <summary>
    /// Mutates a genome: with <see cref="NeatOptions.AdaptiveMutation"/> first its own mutation scale (log-normally), then
    /// weights (each perturbed by the scale times <see cref="NeatOptions.WeightPerturbPower"/>, or drawn anew), then possibly a
    /// new neuron, a new link (with <see cref="NeatOptions.MaxParallelLinks"/> above 1 possibly a further, differently delayed
    /// link of a linked pair), a delay step and a switched link, each with its rate from <paramref name="options"/>. The result
    /// is always a valid genome (and so decodes to a valid network). With <see cref="NeatOptions.Mirror"/> the parent must be tied and
    /// the child is (<see cref="NeatMirror.Mutate"/>).
    /// </summary>
    /// <param name="id">The child's id.</param>
    /// <param name="parent">The genome to mutate.</param>
    /// <param name="options">The rates.</param>
    /// <param name="innovations">The run's tracker.</param>
    /// <param name="random">Draws everything.</param>
    /// <returns>The mutated genome.</returns>
    public static Genome Mutate(long id, Genome parent, NeatOptions options, InnovationTracker innovations, RandomStream random)
    {
        if (options.Mirror is not null) return NeatMirror.Mutate(id, parent, options, innovations, random);
        var nodes = parent.Nodes.ToList();
        var links = parent.Links.ToList();
        double scale = parent.MutationScale;
        if (options.AdaptiveMutation)
        {
            // Schwefel's log-normal self-adaptation: sigma' = sigma exp(tau N(0, 1)), tau = 1 / sqrt(n).
            double tau = 1 / Math.Sqrt(Math.Max(1, links.Count));
            scale = Math.Clamp(scale * Math.Exp(tau * random.NextGaussian()), options.MinMutationScale, options.MaxMutationScale);
        }
        if (random.NextBernoulli(options.WeightMutationRate))
        {
            var self = new int[links.Count];
            var one = new double[links.Count];
            for (int k = 0; k < self.Length; k++) { self[k] = k; one[k] = 1; }
            MutateWeights(links, self, one, options, scale, random);
        }
        if (random.NextBernoulli(options.AddNeuronRate)) AddNeuron(nodes, links, innovations, random);
        if (random.NextBernoulli(options.AddLinkRate)) AddLink(nodes, links, innovations, random, options);
        // A crossover child or a new slow link takes the genome's shared slow delay (its first slow link's).
        if (NeatLaneBasis.SharedDelayOf(links, nodes, options) is int shared) NeatLaneBasis.SetSharedDelay(links, nodes, options, shared);
        if (links.Count > 0 && random.NextBernoulli(options.DelayMutationRate))
        {
            int k = random.NextInt(links.Count);
            int d = links[k].DelaySteps + options.DelayMove(random);
            if (options.SharesDelay(links[k], nodes)) NeatLaneBasis.SetSharedDelay(links, nodes, options, Math.Clamp(d, 0, options.MaxDelaySteps));
            else links[k] = links[k] with { DelaySteps = Math.Clamp(d, 0, options.MaxDelaySteps) };
        }
        if (links.Count > 0 && random.NextBernoulli(options.ToggleRate))
        {
            int k = random.NextInt(links.Count);
            links[k] = links[k] with { Enabled = !links[k].Enabled };
        }
        return new Genome(id, nodes, links, scale);
    }

    /// <summary>
    /// Splits an enabled link a->b into a->new->b: the old link is disabled, a->new gets weight 1 and new->b the
    /// old weight's magnitude. The new neuron's kind is the old link's sign, so the split changes little at first.
    /// </summary>
    private static void AddNeuron(List<NodeGene> nodes, List<LinkGene> links, InnovationTracker innovations, RandomStream random)
    {
        int enabledCount = links.Count(l => l.Enabled);
        if (enabledCount == 0) return;
        int pick = random.NextInt(enabledCount);
        int k = -1, seen = -1;
        while (seen < pick) { k++; if (links[k].Enabled) seen++; }
        var old = links[k];
        var ids = nodes.Select(n => n.Id).ToHashSet();
        int node = innovations.SplitNode(old.Innovation, ids.Contains);
        bool positive = EffectiveWeight(nodes, old) >= 0;
        nodes.Add(new NodeGene(node, NodeRole.Hidden, positive ? NeuronKind.Excitatory : NeuronKind.Inhibitory));
        links[k] = old with { Enabled = false };
        links.Add(new LinkGene(innovations.Link(old.Source, node), old.Source, node, 1.0, 0, true));
        links.Add(new LinkGene(innovations.Link(node, old.Target), node, old.Target, Math.Abs(old.Weight), old.DelaySteps, true));
    }

    /// <summary>
    /// Joins a random source to a random hidden or motor neuron not yet linked (delay 0, lane 0). With
    /// <see cref="NeatOptions.MaxParallelLinks"/> above 1 a pair that is linked but has a free lane may get a further link
    /// instead, on its lowest free lane (so the same change gets the same innovation in every genome) and with a delay
    /// drawn from 0 .. <see cref="NeatOptions.MaxDelaySteps"/> unlike the pair's other links' where it can be.
    /// </summary>
    private static void AddLink(List<NodeGene> nodes, List<LinkGene> links, InnovationTracker innovations, RandomStream random, NeatOptions options)
    {
        var targets = nodes.Where(n => n.Role != NodeRole.Input).ToList();
        var existing = links.Select(l => (l.Source, l.Target)).ToHashSet();
        for (int attempt = 0; attempt < 20; attempt++)
        {
            int s = nodes[random.NextInt(nodes.Count)].Id;
            int t = targets[random.NextInt(targets.Count)].Id;
            if (existing.Contains((s, t)))
            {
                if (options.MaxParallelLinks == 1) continue;
                var pair = links.Where(l => l.Source == s && l.Target == t).ToList();
                int lane = 0;
                while (pair.Any(l => l.Lane == lane)) lane++;
                if (lane >= options.MaxParallelLinks) continue;
                int delay = random.NextInt(options.MaxDelaySteps + 1);
                for (int retry = 0; retry < 8 && pair.Any(l => l.DelaySteps == delay); retry++) delay = random.NextInt(options.MaxDelaySteps + 1);
                links.Add(new LinkGene(innovations.Link(s, t, lane), s, t, random.NextGaussian() * options.WeightInitScale * options.StepOf(s), delay, true, lane));
                return;
            }
            links.Add(new LinkGene(innovations.Link(s, t), s, t, random.NextGaussian() * options.WeightInitScale * options.StepOf(s), 0, true));
            return;
        }
    }

    /// <summary>The signed weight a link acts with: its own sign from a Mixed source, its source's kind from a hidden one.</summary>
    /// <param name="nodes">The genome's nodes.</param>
    /// <param name="link">The link.</param>
    /// <returns>The signed weight.</returns>
    internal static double EffectiveWeight(IReadOnlyList<NodeGene> nodes, LinkGene link)
    {
        var kind = nodes.First(n => n.Id == link.Source).Kind;
        return kind switch
        {
            NeuronKind.Excitatory => Math.Abs(link.Weight),
            NeuronKind.Inhibitory => -Math.Abs(link.Weight),
            _ => link.Weight,
        };
    }

    /// <summary>
    /// The weight mutation of a genome whose links are in gene groups (link k's weight is sign[k] x its leader's; an untied genome:
    /// every link its own leader, sign 1): with <see cref="NeatOptions.PositionStep"/> the lane pairs move in (P, V) coordinates
    /// (<see cref="NeatLaneBasis.Perturb"/>); otherwise each group drawn by <see cref="NeatOptions.PickWeightGenes"/> is perturbed
    /// with probability <see cref="NeatOptions.WeightPerturbRate"/> by <see cref="NeatOptions.PerturbationDraw"/> x the genome's step,
    /// else drawn anew, and clamped to the weight limit (docs/evolution-neat.md, "Reproduction").
    /// </summary>
    /// <param name="links">The genome's links, changed in place.</param>
    /// <param name="leader">Each link's group leader (itself for a free link).</param>
    /// <param name="sign">Each link's factor on its leader's weight.</param>
    /// <param name="options">The run's options.</param>
    /// <param name="scale">The genome's (already mutated) mutation scale.</param>
    /// <param name="random">Draws the steps.</param>
    internal static void MutateWeights(List<LinkGene> links, int[] leader, double[] sign, NeatOptions options, double scale, RandomStream random)
    {
        if (options.PositionStep is not null)
        {
            NeatLaneBasis.Perturb(links, leader, sign, options, scale, random);
            return;
        }
        double power = options.WeightPerturbPower * scale;
        var move = options.WeightGeneRate < 1 ? options.PickWeightGenes(leader.Select((l, k) => l == k).ToArray(), random) : null;
        for (int k = 0; k < links.Count; k++)
        {
            if (leader[k] != k) continue; // an earlier gene of its group was drawn first and took this one with it
            if (move is not null && !move[k]) continue;
            double w = random.NextBernoulli(options.WeightPerturbRate)
                ? links[k].Weight + options.PerturbationDraw(random) * power * options.StepOf(links[k].Source)
                : random.NextGaussian() * options.WeightInitScale * options.StepOf(links[k].Source);
            w = Math.Clamp(w, -options.WeightLimit, options.WeightLimit);
            for (int m = k; m < links.Count; m++) if (leader[m] == k) links[m] = links[m] with { Weight = sign[m] * w };
        }
    }
}
