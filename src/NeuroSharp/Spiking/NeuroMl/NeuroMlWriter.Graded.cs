using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// Graded projections as NeuroML's continuousProjection (docs/neuroml.md, "What is written"): the post component the graded
/// synapse (linearGradedSynapse, gradedSynapse, or c302's gradedSynapse2 with its LEMS ComponentType), the pre component a
/// silentSynapse, one continuousConnectionInstanceW per pair. Every cell the writer writes has a leak of 1 nS (or is hh or AdEx,
/// in nS), so the engine's conductance is the synapse's in nS.
/// </summary>
internal static partial class NeuroMlWriter
{
    private const string SilentId = "neurosharp_silent";

    private static void GradedProjection(NetworkSpec spec, int i, XElement root, XElement net, IReadOnlyDictionary<string, string> cells)
    {
        var g = spec.GradedProjections[i];
        string path = $"$.gradedProjections[{i}]";
        if (g.Connectivity is not ExplicitConnectivity e || (e.Weights is null && !g.Weight.IsConstant))
            throw new InvalidInputException($"{path}.connectivity: NeuroML export writes graded synapses listed pair by pair (rule explicit, with a constant weight or listed weights).");
        if (spec.Populations.First(p => p.Name == g.Source).Model is PoissonSourceSpec or SpikeTimesSourceSpec)
            throw new InvalidInputException($"{path}.source: '{g.Source}' is a source population, which has no potential for a graded synapse to read.");
        string id = NmlId(g.DisplayName);
        string component = NmlId(id + "_syn");
        XAttribute Voltage(string name, double? v) => new(name, NeuroMlUnits.Format(v ?? 0, NeuroMlDimension.Voltage));
        XAttribute PerTime(string name, double? v) => new(name, NeuroMlUnits.Format(v ?? 0, NeuroMlDimension.PerTime));
        var conductance = new XAttribute("conductance", NeuroMlUnits.Format(g.Conductance, NeuroMlDimension.Conductance));
        XElement synapse;
        switch (g.Kind)
        {
            case GradedSynapseKind.Linear:
                synapse = new XElement(Ns + "linearGradedSynapse", new XAttribute("id", component), conductance);
                break;
            case GradedSynapseKind.Sigmoid:
                synapse = new XElement(Ns + "gradedSynapse", new XAttribute("id", component), conductance,
                    Voltage("delta", g.DeltaMv), PerTime("k", g.KPerMs), Voltage("Vth", g.VthMv), Voltage("erev", g.ErevMv));
                break;
            default:
            {
                double delta = g.DeltaMv ?? 1;
                double beta = Exact(delta, x => 1 / x, 1 / delta);
                if (!root.Elements(Ns + "ComponentType").Any(t => (string?)t.Attribute("name") == "gradedSynapse2")) root.AddFirst(GradedSynapse2Type());
                synapse = new XElement(Ns + "gradedSynapse2", new XAttribute("id", component), conductance, PerTime("ar", g.RisePerMs), PerTime("ad", g.DecayPerMs),
                    new XAttribute("beta", NeuroMlUnits.Format(beta, NeuroMlDimension.PerVoltage)), Voltage("vth", g.VthMv), Voltage("erev", g.ErevMv));
                break;
            }
        }
        if (!root.Elements(Ns + "silentSynapse").Any()) root.Add(new XElement(Ns + "silentSynapse", new XAttribute("id", SilentId)));
        root.Add(synapse);
        var projection = new XElement(Ns + "continuousProjection", new XAttribute("id", id),
            new XAttribute("presynapticPopulation", g.Source), new XAttribute("postsynapticPopulation", g.Target));
        double constant = g.Weight.IsConstant ? ConstantOf(g.Weight) : 1;
        for (int k = 0; k < e.Sources.Count; k++)
        {
            projection.Add(new XElement(Ns + "continuousConnectionInstanceW", new XAttribute("id", k),
                new XAttribute("preCell", $"../{g.Source}/{e.Sources[k]}/{cells[g.Source]}"), new XAttribute("postCell", $"../{g.Target}/{e.Targets[k]}/{cells[g.Target]}"),
                new XAttribute("preComponent", SilentId), new XAttribute("postComponent", component), new XAttribute("weight", Number(e.Weights?[k] ?? constant))));
        }
        net.Add(projection);
    }

    /// <summary>c302's gradedSynapse2 (Kunert et al. 2017), the LEMS type the reader needs beside a gradedSynapse2 component (docs/neuroml.md).</summary>
    private static XElement GradedSynapse2Type()
    {
        XElement P(string name, string dimension) => new(Ns + "Parameter", new XAttribute("name", name), new XAttribute("dimension", dimension));
        XElement D(string name, string dimension, string value) => new(Ns + "DerivedVariable", new XAttribute("name", name), new XAttribute("dimension", dimension), new XAttribute("value", value));
        return new XElement(Ns + "ComponentType", new XAttribute("name", "gradedSynapse2"), new XAttribute("extends", "baseGradedSynapse"),
            new XAttribute("description", "Graded synapse of Kunert et al. 2017 as c302 defines it: ds/dt = ar phi (1 - s) - ad s, phi = 1/(1 + exp(beta (vth - vpeer)))"),
            new XElement(Ns + "Property", new XAttribute("name", "weight"), new XAttribute("dimension", "none"), new XAttribute("defaultValue", "1")),
            P("conductance", "conductance"), P("ar", "per_time"), P("ad", "per_time"), P("beta", "per_voltage"), P("vth", "voltage"), P("erev", "voltage"),
            new XElement(Ns + "Exposure", new XAttribute("name", "i"), new XAttribute("dimension", "current")),
            new XElement(Ns + "Requirement", new XAttribute("name", "v"), new XAttribute("dimension", "voltage")),
            new XElement(Ns + "InstanceRequirement", new XAttribute("name", "peer"), new XAttribute("type", "baseGradedSynapse")),
            new XElement(Ns + "Dynamics",
                new XElement(Ns + "StateVariable", new XAttribute("name", "s"), new XAttribute("dimension", "none")),
                new XElement(Ns + "DerivedVariable", new XAttribute("name", "vpeer"), new XAttribute("dimension", "voltage"), new XAttribute("select", "peer/v")),
                D("phi", "none", "1/(1 + exp(beta * (vth - vpeer)))"),
                new XElement(Ns + "DerivedVariable", new XAttribute("name", "i"), new XAttribute("exposure", "i"), new XAttribute("value", "weight * conductance * s * (erev-v)")),
                new XElement(Ns + "TimeDerivative", new XAttribute("variable", "s"), new XAttribute("value", "ar*phi*(1-s) - ad*s"))));
    }
}
