using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Evolution;

/// <summary>
/// NEAT's weight mutation in the delay-line circuit's coordinates (docs/evolution-neat.md, "Lane pairs in (P, V) coordinates";
/// <see cref="NeatOptions.PositionStep"/>) and the shared slow delay (<see cref="NeatOptions.SharedSlowDelay"/>). A fast/slow lane
/// pair (one source and target on lanes 0 and 1) is moved by a position step dP and a velocity step dV:
/// <code>fast += dP + dV,  slow -= dV</code>
/// so P = fast + slow moves by dP alone and V = -slow by dV; NEAT's one-weight-a-draw mutation moves P by two draws.
/// </summary>
public static class NeatLaneBasis
{
    /// <summary>
    /// The weight mutation of a genome's free genes: a gene group (<paramref name="leader"/>, <paramref name="sign"/>: link k's weight
    /// is sign[k] x its leader's) whose links have slow-lane partners in one other group is moved with that group in (P, V)
    /// coordinates; any other group by one draw as NEAT does. Each group, or pair of groups, is perturbed with probability
    /// <see cref="NeatOptions.WeightPerturbRate"/> and else drawn anew (each weight N(0, init scale)). Weights are clamped to
    /// <see cref="NeatOptions.WeightLimit"/>.
    /// </summary>
    /// <param name="links">The genome's links, changed in place.</param>
    /// <param name="leader">Each link's group leader (itself for a free link).</param>
    /// <param name="sign">Each link's factor on its leader's weight.</param>
    /// <param name="options">The steps (<see cref="NeatOptions.PositionStep"/> set).</param>
    /// <param name="scale">The genome's (already mutated) mutation scale.</param>
    /// <param name="random">Draws the steps.</param>
    public static void Perturb(List<LinkGene> links, int[] leader, double[] sign, NeatOptions options, double scale, RandomStream random)
    {
        double positionStep = options.PositionStep ?? throw new ArgumentException("Needs NeatOptions.PositionStep.", nameof(options));
        var partner = Partners(links, leader, out var fastIsFirst);
        double power = options.WeightPerturbPower * scale;
        for (int k = 0; k < links.Count; k++)
        {
            if (leader[k] != k || partner[k] is int p && p < k) continue; // a follower, or the second of a pair already moved
            double step = options.StepOf(links[k].Source);
            if (partner[k] is not int q)
            {
                double w = random.NextBernoulli(options.WeightPerturbRate)
                    ? links[k].Weight + random.NextGaussian() * power * step
                    : random.NextGaussian() * options.WeightInitScale * step;
                SetGroup(links, leader, sign, k, Math.Clamp(w, -options.WeightLimit, options.WeightLimit));
                continue;
            }
            // The pair's own weights: link k and its partner j on the other lane (same source and target), in q's group.
            int j = SameEnds(links, k, 1 - links[k].Lane);
            double a = links[k].Weight, b = links[j].Weight;
            if (random.NextBernoulli(options.WeightPerturbRate))
            {
                double dP = random.NextGaussian() * power * positionStep * step;
                double dV = random.NextGaussian() * power * step;
                if (fastIsFirst[k]) { a += dP + dV; b -= dV; }
                else { b += dP + dV; a -= dV; }
            }
            else
            {
                a = random.NextGaussian() * options.WeightInitScale * step;
                b = random.NextGaussian() * options.WeightInitScale * step;
            }
            SetGroup(links, leader, sign, k, Math.Clamp(a, -options.WeightLimit, options.WeightLimit));
            // b is link j's weight = sign[j] x its leader q's weight.
            SetGroup(links, leader, sign, q, sign[j] * Math.Clamp(b, -options.WeightLimit, options.WeightLimit));
        }
    }

    /// <summary>
    /// For each group leader k whose own link has a partner on the other of lanes 0 and 1 (same source and target) in another
    /// group, that group's leader; else null. <paramref name="fastIsFirst"/>[k]: k's link is the fast one (the smaller delay, lane 0
    /// when equal).
    /// </summary>
    internal static int?[] Partners(IReadOnlyList<LinkGene> links, int[] leader, out bool[] fastIsFirst)
    {
        var partner = new int?[links.Count];
        fastIsFirst = new bool[links.Count];
        for (int k = 0; k < links.Count; k++)
        {
            if (leader[k] != k || links[k].Lane > 1 || partner[k] is not null) continue;
            int j = SameEnds(links, k, 1 - links[k].Lane);
            if (j < 0 || leader[j] == k) continue;
            int q = leader[j];
            if (partner[q] is not null || q == k) continue;
            // Both sides must see each other: q's own link's partner on k's lane is in k's group (true of mirror and push-pull groups).
            int i = SameEnds(links, q, links[k].Lane);
            if (i < 0 || leader[i] != k) continue;
            partner[k] = q;
            partner[q] = k;
            var (fast, slow) = links[k].Lane == 0 ? (links[k], links[j]) : (links[j], links[k]);
            bool kIsFast = fast.DelaySteps <= slow.DelaySteps ? links[k].Lane == 0 : links[k].Lane == 1;
            fastIsFirst[k] = kIsFast;
            fastIsFirst[q] = !kIsFast;
        }
        return partner;
    }

    /// <summary>The index of the link with link k's source and target on <paramref name="lane"/>, or -1.</summary>
    internal static int SameEnds(IReadOnlyList<LinkGene> links, int k, int lane)
    {
        var l = links[k];
        for (int j = 0; j < links.Count; j++) if (links[j].Source == l.Source && links[j].Target == l.Target && links[j].Lane == lane) return j;
        return -1;
    }

    private static void SetGroup(List<LinkGene> links, int[] leader, double[] sign, int k, double w)
    {
        for (int m = 0; m < links.Count; m++) if (leader[m] == k) links[m] = links[m] with { Weight = sign[m] * w };
    }

    /// <summary>The genome's shared slow delay (<see cref="NeatOptions.SharedSlowDelay"/>): the delay of its first tied slow link, or null when it has none.</summary>
    internal static int? SharedDelayOf(IReadOnlyList<LinkGene> links, IReadOnlyList<NodeGene> nodes, NeatOptions options)
    {
        foreach (var l in links) if (options.SharesDelay(l, nodes)) return l.DelaySteps;
        return null;
    }

    /// <summary>Sets every tied slow link's delay to <paramref name="delay"/> (<see cref="NeatOptions.SharedSlowDelay"/>).</summary>
    internal static void SetSharedDelay(List<LinkGene> links, IReadOnlyList<NodeGene> nodes, NeatOptions options, int delay)
    {
        for (int m = 0; m < links.Count; m++) if (options.SharesDelay(links[m], nodes)) links[m] = links[m] with { DelaySteps = delay };
    }

    /// <summary>Whether every tied slow link of a genome has the same delay (always true without <see cref="NeatOptions.SharedSlowDelay"/>).</summary>
    /// <param name="genome">The genome.</param>
    /// <param name="options">The options.</param>
    /// <returns>True when the slow delay is shared.</returns>
    public static bool SharesSlowDelay(Genome genome, NeatOptions options)
    {
        ArgumentNullException.ThrowIfNull(genome);
        ArgumentNullException.ThrowIfNull(options);
        int? d = SharedDelayOf(genome.Links, genome.Nodes, options);
        return genome.Links.All(l => !options.SharesDelay(l, genome.Nodes) || l.DelaySteps == d);
    }
}
