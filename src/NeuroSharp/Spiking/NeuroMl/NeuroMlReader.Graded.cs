using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// Graded synapses (Synapses.xml's baseGradedSynapse family) and the <c>continuousProjection</c>s that join cells through them
/// (Networks.xml): linearGradedSynapse and gradedSynapse become the engine's graded projections
/// (<see cref="GradedProjectionSpec"/>, docs/spiking-graded.md), as does c302's gradedSynapse2 (custom_synapses.xml) when its
/// ComponentType is the one c302 writes; silentSynapse is the end that carries no current.
/// </summary>
internal sealed partial class NeuroMlReader
{
    /// <summary>A graded synapse component: its law and parameters (conductance in nS), without source, target or weight.</summary>
    private sealed record NeuroMlGraded(string Id, GradedSynapseKind Kind, double ConductanceNs, double? ErevMv = null, double? VthMv = null,
        double? DeltaMv = null, double? KPerMs = null, double? RisePerMs = null, double? DecayPerMs = null);

    private readonly Dictionary<string, NeuroMlGraded> _graded = new(StringComparer.Ordinal);

    /// <summary>Reads a graded synapse component; false when <paramref name="name"/> is none.</summary>
    private bool ReadGraded(XElement e, string id, string name)
    {
        switch (name)
        {
            case "linearGradedSynapse":
                // i = weight * conductance * (vpeer - v)
                _graded[id] = new NeuroMlGraded(id, GradedSynapseKind.Linear, NonNegative(e, "conductance", NeuroMlDimension.Conductance));
                return true;
            case "gradedSynapse":
                // i = weight * conductance * s * (erev - v), ds/dt = (inf - s) / tau, inf = 1/(1 + exp((Vth - vpeer)/delta)), tau = (1 - inf)/k
                _graded[id] = new NeuroMlGraded(id, GradedSynapseKind.Sigmoid, NonNegative(e, "conductance", NeuroMlDimension.Conductance),
                    Quantity(e, "erev", NeuroMlDimension.Voltage), Quantity(e, "Vth", NeuroMlDimension.Voltage), Positive(e, "delta", NeuroMlDimension.Voltage),
                    KPerMs: Positive(e, "k", NeuroMlDimension.PerTime));
                return true;
            case "gradedSynapse2" when RiseDecayType():
                // c302's Kunert et al. 2017 synapse: ds/dt = ar phi (1 - s) - ad s, phi = 1/(1 + exp(beta (vth - vpeer)))
                _graded[id] = new NeuroMlGraded(id, GradedSynapseKind.SigmoidRiseDecay, NonNegative(e, "conductance", NeuroMlDimension.Conductance),
                    Quantity(e, "erev", NeuroMlDimension.Voltage), Quantity(e, "vth", NeuroMlDimension.Voltage), 1 / Positive(e, "beta", NeuroMlDimension.PerVoltage),
                    RisePerMs: NonNegative(e, "ar", NeuroMlDimension.PerTime), DecayPerMs: NonNegative(e, "ad", NeuroMlDimension.PerTime));
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// True when the gradedSynapse2 ComponentType loaded is c302's (custom_synapses.xml): s' = ar*phi*(1-s) - ad*s,
    /// phi = 1/(1 + exp(beta * (vth - vpeer))), i = weight * conductance * s * (erev-v). Another type of that name is read as
    /// any LEMS ComponentType (and refused where NeuroSharp cannot run it).
    /// </summary>
    private bool RiseDecayType()
    {
        if (!_componentTypes.TryGetValue("gradedSynapse2", out var type)) return false;
        static string Plain(string? s) => Regex.Replace(s ?? "", @"\s+", "");
        var dynamics = type.Elements().FirstOrDefault(x => x.Name.LocalName == "Dynamics");
        if (dynamics is null) return false;
        string? Value(string element, string key, string name) =>
            (string?)dynamics.Elements().FirstOrDefault(x => x.Name.LocalName == element && (string?)x.Attribute(key) == name)?.Attribute(element == "DerivedVariable" ? "value" : "value");
        return Plain(Value("TimeDerivative", "variable", "s")) == "ar*phi*(1-s)-ad*s"
            && Plain(Value("DerivedVariable", "name", "phi")) == "1/(1+exp(beta*(vth-vpeer)))"
            && Plain(Value("DerivedVariable", "name", "i")) == "weight*conductance*s*(erev-v)";
    }

    /// <summary>
    /// A continuousProjection as graded projections: per distinct (preComponent, postComponent) of its connections, the post
    /// component onto the postsynaptic cells (source: the presynaptic cells) and, when the pre component is not silent, the pre
    /// component onto the presynaptic cells (source: the postsynaptic cells), since each end's peer is the other cell.
    /// </summary>
    private IEnumerable<GradedProjectionSpec> ToGradedProjections(XElement e, Dictionary<string, Population> populations)
    {
        var pre = PopulationOf(e, "presynapticPopulation", populations);
        var post = PopulationOf(e, "postsynapticPopulation", populations);
        string id = Id(e);
        var groups = new List<(string PreComponent, string PostComponent, List<int> Pre, List<int> Post, List<double> Weights)>();
        foreach (var c in e.Elements())
        {
            string name = c.Name.LocalName;
            if (name is "notes" or "annotation" or "property") continue;
            if (name is not ("continuousConnection" or "continuousConnectionInstance" or "continuousConnectionInstanceW")) throw Unsupported(c);
            bool plain = name == "continuousConnection";
            int a = CellIndex(c, "preCell", pre, plain), b = CellIndex(c, "postCell", post, plain);
            double w = name == "continuousConnectionInstanceW" ? Quantity(c, "weight", NeuroMlDimension.None) : 1;
            if (!(w >= 0)) throw Fail(c, $"@weight is {Show(w)}; NeuroSharp's graded synapses take weights of at least 0.");
            string preComponent = Text(c, "preComponent"), postComponent = Text(c, "postComponent");
            GradedEnd(c, "preComponent", preComponent);
            GradedEnd(c, "postComponent", postComponent);
            int k = groups.FindIndex(g => g.PreComponent == preComponent && g.PostComponent == postComponent);
            if (k < 0)
            {
                groups.Add((preComponent, postComponent, [], [], []));
                k = groups.Count - 1;
            }
            groups[k].Pre.Add(a);
            groups[k].Post.Add(b);
            groups[k].Weights.Add(w);
        }
        foreach (var (preComponent, postComponent, preCells, postCells, weights) in groups)
        {
            string suffix = groups.Count == 1 ? "" : $"_{preComponent}_{postComponent}";
            if (_graded.TryGetValue(postComponent, out var forward))
                yield return Graded(e, id + suffix, pre, post, preCells, postCells, weights, forward);
            if (_graded.TryGetValue(preComponent, out var backward))
                yield return Graded(e, id + suffix + "_reverse", post, pre, postCells, preCells, weights, backward);
        }
    }

    /// <summary>Refuses a connection end that is not a graded synapse of the file (a silentSynapse is one).</summary>
    private void GradedEnd(XElement c, string attribute, string component)
    {
        if (_graded.ContainsKey(component) || _synapses.TryGetValue(component, out var s) && s.Silent) return;
        throw Fail(c, _synapses.ContainsKey(component) || _gapJunctions.ContainsKey(component)
            ? $"@{attribute} is '{component}', a spiking synapse or gap junction; a continuousConnection's ends are graded synapses (silentSynapse, linearGradedSynapse, gradedSynapse)."
            : _components.TryGetValue(component, out var found)
                ? $"@{attribute} is '{component}', a <{found.Element.Name.LocalName}>, which NeuroSharp does not run as a graded synapse (it runs silentSynapse, linearGradedSynapse, gradedSynapse and c302's gradedSynapse2)."
                : $"@{attribute} is '{component}', which no loaded file defines.");
    }

    /// <summary>One graded projection from <paramref name="source"/>'s cells onto <paramref name="target"/>'s, in the target cell's units.</summary>
    private GradedProjectionSpec Graded(XElement e, string name, Population source, Population target, List<int> sources, List<int> targets, List<double> weights, NeuroMlGraded synapse)
    {
        if (source.Cell.IsSource) throw Fail(e, $"reads the potential of population '{source.Name}', a {source.Cell.Element}, which has none.");
        if (target.Cell.IsSource || target.Cell.TakesNoInput) throw Fail(e, $"feeds population '{target.Name}', a {target.Cell.Element}, which takes no current.");
        if (target.Cell.DimensionlessInput) throw Fail(e, $"feeds population '{target.Name}', a {target.Cell.Element}, whose currents are dimensionless; NeuroSharp's graded synapses carry conductance currents.");
        bool one = weights.TrueForAll(w => w == weights[0]);
        return new GradedProjectionSpec
        {
            Name = name, Source = source.Name, Target = target.Name,
            Connectivity = new ExplicitConnectivity { Sources = sources, Targets = targets, Weights = one ? null : weights },
            Weight = DistributionSpec.Constant(one ? weights[0] : 1),
            Kind = synapse.Kind, Conductance = synapse.ConductanceNs / target.Cell.LeakNs,
            ErevMv = synapse.ErevMv, VthMv = synapse.VthMv, DeltaMv = synapse.DeltaMv, KPerMs = synapse.KPerMs,
            RisePerMs = synapse.RisePerMs, DecayPerMs = synapse.DecayPerMs,
        };
    }
}
