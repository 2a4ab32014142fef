using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// Synapses of two conductances that every spike raises together (docs/neuroml.md): expThreeSynapse and doubleSynapse. Each is
/// read as its two parts, and each connection through it as one connection per part, each onto the channel or port its part
/// takes, with the same source, target, weight and delay: the parts are independent and linear in the weight, so the sum of
/// their conductances is the synapse's.
/// </summary>
internal sealed partial class NeuroMlReader
{
    /// <summary>
    /// expThreeSynapse (Synapses.xml): g = gbase1 (B - A) + gbase2 (C - A), A' = -A / tauRise, B' = -B / tauDecay1, C' = -C / tauDecay2,
    /// a spike adds w f1 to B, w f2 to C and w (gbase1 f1 + gbase2 f2) / (gbase1 + gbase2) to A, f_k the expTwoSynapse's peak
    /// normalisation of (tauRise, tauDecayk). So g = w gbase1 f1 (exp(-t/tauDecay1) - exp(-t/tauRise)) + w gbase2 f2 (exp(-t/tauDecay2)
    /// - exp(-t/tauRise)): two expTwoSynapses with one rise time, ID_1 and ID_2.
    /// </summary>
    private NeuroMlSynapse ExpThreeSynapse(XElement e, string id)
    {
        double rise = Quantity(e, "tauRise", NeuroMlDimension.Time);
        double erev = Quantity(e, "erev", NeuroMlDimension.Voltage);
        var parts = new List<NeuroMlSynapse>();
        foreach (int k in new[] { 1, 2 })
        {
            double decay = Positive(e, $"tauDecay{k}");
            if (rise < 0 || rise > decay)
                throw Fail(e, $"has tauRise {Show(rise)} ms; NeuroSharp's channels need 0 <= tauRise <= tauDecay{k} ({Show(decay)} ms).");
            parts.Add(new NeuroMlSynapse($"{id}_{k}", Quantity(e, $"gbase{k}", NeuroMlDimension.Conductance), decay, rise, erev));
        }
        return new NeuroMlSynapse(id, 1, 1, 0, erev) { Parts = parts, Kind = "expThreeSynapse" };
    }

    /// <summary>doubleSynapse: synapse1 and synapse2 each receive every spike (Synapses.xml's EventConnections), i = weight (i1 + i2).</summary>
    private NeuroMlSynapse DoubleSynapse(XElement e, string id)
    {
        foreach (var a in e.Attributes())
        {
            if (a.IsNamespaceDeclaration) continue;
            if (a.Name.LocalName is not ("id" or "synapse1" or "synapse2" or "synapse1Path" or "synapse2Path"))
                throw Fail(e, $"has the attribute {a.Name.LocalName}=\"{a.Value}\", which a doubleSynapse does not have (id, synapse1, synapse2, synapse1Path, synapse2Path).");
        }
        return new NeuroMlSynapse(id, 1, 1, 0, 0) { PartIds = [Text(e, "synapse1"), Text(e, "synapse2")], Kind = "doubleSynapse", Source = e };
    }

    /// <summary>A doubleSynapse's parts, looked up when it is first used (they may be defined after it); other synapses as they are.</summary>
    private NeuroMlSynapse Resolved(NeuroMlSynapse s)
    {
        if (s.PartIds is not { } ids || s.Parts is not null) return s;
        var parts = new List<NeuroMlSynapse>();
        foreach (string id in ids)
        {
            if (!_synapses.TryGetValue(id, out var part))
                throw Fail(s.Source!, _components.TryGetValue(id, out var found)
                    ? $"names '{id}' as a synapse, but it is a <{found.Element.Name.LocalName}>."
                    : $"names synapse '{id}', which no loaded file defines.");
            part = Resolved(part);
            if (part.Parts is not null || part.CurrentBased)
                throw Fail(s.Source!, $"names '{id}', {(part.CurrentBased ? "a current-based synapse" : $"a {part.Kind}")}; NeuroSharp's doubleSynapse joins two conductance synapses that are not themselves made of parts.");
            parts.Add(part);
        }
        var resolved = s with { Parts = parts };
        _synapses[s.Id] = resolved;
        return resolved;
    }

    /// <summary>The synapses a connection through <paramref name="s"/> feeds: its parts, or itself.</summary>
    private static IReadOnlyList<NeuroMlSynapse> PartsOf(NeuroMlSynapse s) => s.Parts ?? [s];

    /// <summary>
    /// A projection through <paramref name="synapse"/> (weights w gbase / g_L) as the engine's projections: itself, or one per part
    /// (named PROJECTION_PART) with weights w gbase_part / g_L, its part's channel or port and short-term plasticity.
    /// </summary>
    private IEnumerable<ProjectionSpec> PerPart(ProjectionSpec p, NeuroMlSynapse synapse, Population post)
    {
        if (synapse.Parts is not { } parts)
        {
            yield return p.Port == 0 && PortOf(post, synapse) is > 0 and int port ? p with { Port = port } : p;
            yield break;
        }
        // The composite's gbase is 1 nS: its projection's weights are w / g_L.
        foreach (var part in parts)
        {
            if (part.GbaseNs == 0) continue; // a silent part delivers nothing
            var connectivity = (ExplicitConnectivity)p.Connectivity;
            yield return p with
            {
                Name = $"{p.Name}_{part.Id}", Receptor = ReceptorOf(post, part), Port = PortOf(post, part), ShortTermPlasticity = part.ShortTerm,
                Weight = DistributionSpec.Constant(p.Weight.Value * part.GbaseNs),
                Connectivity = connectivity with { Weights = connectivity.Weights?.Select(w => w * part.GbaseNs).ToList() },
            };
        }
    }
}
