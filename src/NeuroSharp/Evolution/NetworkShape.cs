using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution;

/// <summary>
/// Whether two networks differ only in their synapses' weights, so that an engine built from one can run the other
/// after its weights are written in place (<see cref="SpikingController.TryLoad"/>): the same step, populations (names,
/// sizes, models, kinds) and projections (names, ends, receptors, ports, delays, explicit synapse lists), with no
/// plasticity, no single neurons, links or gap junctions. Inputs and monitors are not compared: a controller drops them.
/// </summary>
internal static class NetworkShape
{
    /// <summary>
    /// Whether <paramref name="network"/>'s weights can be written into an engine built from it in list order: every
    /// projection an explicit list with its own weights, sorted strictly by (source, target), which is the engine's synapse
    /// order (CSR by source, targets ascending), and nothing whose state a reset would not return to the build's.
    /// </summary>
    /// <param name="network">The network an engine was built from.</param>
    /// <returns>True when its weights can be replaced in place.</returns>
    public static bool HasWritableWeights(NetworkSpec network)
    {
        if (network.Neurons.Count + network.Links.Count + network.GapJunctions.Count + network.GradedProjections.Count != 0) return false;
        foreach (var p in network.Projections)
        {
            if (p.Stdp is not null || p.ShortTermPlasticity is not null || p.Normalization is not null) return false;
            if (p.Connectivity is not ExplicitConnectivity { Weights: not null } e) return false;
            for (int k = 1; k < e.Sources.Count; k++)
            {
                int s0 = e.Sources[k - 1], s1 = e.Sources[k];
                if (s1 < s0 || (s1 == s0 && e.Targets[k] <= e.Targets[k - 1])) return false;
            }
        }
        return true;
    }

    /// <summary>Whether <paramref name="other"/> has <paramref name="built"/>'s shape (all but the explicit weights equal).</summary>
    /// <param name="built">The network an engine was built from; it passed <see cref="HasWritableWeights"/>.</param>
    /// <param name="other">A network to run on that engine.</param>
    /// <returns>True when only the weights differ.</returns>
    public static bool SameExceptWeights(NetworkSpec built, NetworkSpec other)
    {
        if (built.DtMs != other.DtMs || built.Delivery != other.Delivery || built.SynapseRule != other.SynapseRule) return false;
        if (other.Neurons.Count + other.Links.Count + other.GapJunctions.Count + other.GradedProjections.Count != 0) return false;
        if (built.Populations.Count != other.Populations.Count || built.Projections.Count != other.Projections.Count) return false;
        for (int i = 0; i < built.Populations.Count; i++)
        {
            // Record equality: the model's parameters by value; a population with initial-value distributions (a dictionary,
            // compared by reference) is never taken for another, which only costs a rebuild.
            if (!built.Populations[i].Equals(other.Populations[i])) return false;
        }
        for (int i = 0; i < built.Projections.Count; i++)
        {
            var a = built.Projections[i];
            var b = other.Projections[i];
            if (a.Name != b.Name || a.Source != b.Source || a.Target != b.Target || a.Receptor != b.Receptor || a.Port != b.Port) return false;
            if (!a.DelayMs.Equals(b.DelayMs) || b.Stdp is not null || b.ShortTermPlasticity is not null || b.Normalization is not null || !Equals(a.Release, b.Release)) return false;
            var ea = (ExplicitConnectivity)a.Connectivity;
            if (b.Connectivity is not ExplicitConnectivity { Weights: not null } eb || eb.Weights.Count != ea.Sources.Count) return false;
            if (!Same(ea.Sources, eb.Sources) || !Same(ea.Targets, eb.Targets)) return false;
            if (ea.DelaysMs is null != eb.DelaysMs is null || (ea.DelaysMs is not null && !Same(ea.DelaysMs, eb.DelaysMs!))) return false;
        }
        return true;
    }

    // By index, not SequenceEqual: the decoders' lists are collection-expression wrappers that would be enumerated.
    private static bool Same<T>(IReadOnlyList<T> a, IReadOnlyList<T> b) where T : IEquatable<T>
    {
        if (a.Count != b.Count) return false;
        for (int k = 0; k < a.Count; k++)
        {
            if (!a[k].Equals(b[k])) return false;
        }
        return true;
    }
}
