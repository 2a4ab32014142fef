using NeuroSharp.Spiking;

namespace NeuroSharp.Studio.Live;

/// <summary>
/// The size of network the studio builds live: a small file can ask for millions of neurons or
/// billions of synapses ("count": 10000000), which would take the server down with it, so the size is
/// checked before anything is allocated. Larger networks run with <c>neurosharp simulate</c>.
/// </summary>
internal static class LiveLimits
{
    /// <summary>The most neurons (single neurons and population members) of a live network.</summary>
    public const long MaxNeurons = 200_000;

    /// <summary>The most synapses (expected, from the connectivity rules) of a live network.</summary>
    public const long MaxSynapses = 20_000_000;

    /// <summary>Checks the size of a network.</summary>
    /// <param name="spec">The network.</param>
    /// <exception cref="InvalidInputException">It is over a limit.</exception>
    public static void Check(NetworkSpec spec)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var n in spec.Neurons) counts[n.Id] = 1;
        foreach (var p in spec.Populations) counts[p.Name] = p.Count;
        long neurons = counts.Values.Sum();
        if (neurons > MaxNeurons)
            throw new InvalidInputException($"The network has {neurons} neurons; the studio runs at most {MaxNeurons} live (run larger networks with `neurosharp simulate`).");
        double synapses = spec.Links.Count;
        foreach (var p in spec.Projections)
        {
            double source = counts.GetValueOrDefault(p.Source, 1), target = counts.GetValueOrDefault(p.Target, 1);
            synapses += p.Connectivity switch
            {
                AllToAllConnectivity => source * target,
                FixedProbabilityConnectivity f => source * target * f.Probability,
                FixedInDegreeConnectivity f => target * f.InDegree,
                OneToOneConnectivity => Math.Min(source, target),
                ExplicitConnectivity e => e.Sources.Count,
                _ => source * target,
            };
        }
        if (synapses > MaxSynapses)
            throw new InvalidInputException($"The network has about {synapses:0} synapses; the studio runs at most {MaxSynapses} live (run larger networks with `neurosharp simulate`).");
    }
}
