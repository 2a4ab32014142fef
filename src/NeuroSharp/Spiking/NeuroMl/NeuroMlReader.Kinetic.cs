using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// NeuroML's kinetic-scheme channels (docs/neuroml.md, "Kinetic schemes"): ionChannelKS and its gateKS, with closedState and openState,
/// forwardTransition, reverseTransition, vHalfTransition and tauInfTransition, read into the hh model's kinetic-scheme gates
/// (<see cref="KineticSchemeSpec"/>). The occupancies start all in the first listed state, as jLEMS's KineticScheme starts them.
/// </summary>
internal sealed partial class NeuroMlReader
{
    /// <summary>Cells.xml's vHalfTransition constant kte = 25.3 mV, in V.</summary>
    private const double VHalfKte = 0.0253;

    /// <summary>A gateKS: its states in order, its transitions, and instances as the power of its open fraction.</summary>
    private NmlGate KineticGate(XElement g)
    {
        string id = Id(g);
        double instances = Quantity(g, "instances", NeuroMlDimension.None);
        if (!(instances >= 1 && instances == Math.Floor(instances) && instances <= 100))
            throw Fail(g, $"@instances is '{(string?)g.Attribute("instances")}'; a gate's power is a whole number from 1 to 100.");
        var states = new List<KineticStateSpec>();
        var transitions = new List<(XElement Element, KineticTransitionSpec Transition)>();
        foreach (var x in g.Elements())
        {
            string kind = x.Name.LocalName;
            switch (kind)
            {
                case "closedState" or "openState":
                    string state = Id(x);
                    if (states.Exists(s => s.Name == state)) throw Fail(x, $"has id '{state}', which another state of gate '{id}' uses.");
                    states.Add(new KineticStateSpec(state, kind == "openState"));
                    break;
                case "forwardTransition" or "reverseTransition":
                    var rate = x.Elements().Where(r => r.Name.LocalName == "rate").ToList();
                    if (rate.Count != 1) throw Fail(x, $"has {rate.Count} <rate> elements; a {kind} takes one ({SupportedRates} or a LEMS rate ComponentType).");
                    var f = Function(rate[0], SupportedRates, rate: true);
                    transitions.Add((x, kind == "forwardTransition"
                        ? KineticTransitionSpec.FromRates(Text(x, "from"), Text(x, "to"), f, null)
                        : KineticTransitionSpec.FromRates(Text(x, "from"), Text(x, "to"), null, f)));
                    break;
                case "vHalfTransition":
                    transitions.Add((x, VHalfTransition(x)));
                    break;
                case "tauInfTransition":
                    transitions.Add((x, TauInfTransition(x)));
                    break;
                case "q10Settings":
                    throw Fail(x, $"is a q10Settings of gateKS '{id}'; NeuroML's gateKS computes its rateScale but its KineticScheme does not apply it (Channels.xml), so NeuroSharp refuses it rather than guess.");
                case "notes" or "annotation" or "property":
                    break;
                default:
                    throw Fail(x, $"is <{kind}>, which a gateKS does not have (it takes closedState, openState, forwardTransition, reverseTransition, vHalfTransition and tauInfTransition).");
            }
        }
        foreach (var (x, t) in transitions)
        {
            foreach (string end in new[] { t.From, t.To })
            {
                if (!states.Exists(s => s.Name == end))
                    throw Fail(x, $"links state '{end}', which gate '{id}' does not list (its states: {string.Join(", ", states.Select(s => s.Name))}).");
            }
        }
        var scheme = new KineticSchemeSpec(states, [.. transitions.Select(t => t.Transition)]) { Start = KineticStart.FirstState };
        try
        {
            scheme.Validate("", "");
        }
        catch (InvalidOptionException e)
        {
            throw Fail(g, $"is not a kinetic scheme NeuroSharp can step: {e.Requirement} (got {InvalidOptionException.Format(e.Value)}).");
        }
        return new NmlGate(id, (int)instances, GateKinetics.KineticScheme, null, null, null, null, []) { Scheme = scheme };
    }

    /// <summary>
    /// vHalfTransition (Channels.xml): rf0 = exp(z gamma (v - vHalf) / kte) / tau, rr0 = exp(-z (1 - gamma) (v - vHalf) / kte) / tau,
    /// rf = 1 / (1 / rf0 + tauMin), rr = 1 / (1 / rr0 + tauMin), kte = 25.3 mV: two expression functions in SI.
    /// </summary>
    private KineticTransitionSpec VHalfTransition(XElement x)
    {
        var constants = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["vHalf"] = Quantity(x, "vHalf", NeuroMlDimension.Voltage) / 1000,
            ["z"] = Quantity(x, "z", NeuroMlDimension.None),
            ["gamma"] = Quantity(x, "gamma", NeuroMlDimension.None),
            ["tau"] = Positive(x, "tau") / 1000,
            ["tauMin"] = Quantity(x, "tauMin", NeuroMlDimension.Time) / 1000,
            ["kte"] = VHalfKte,
        };
        if (constants["tauMin"] < 0) throw Fail(x, $"@tauMin is '{(string?)x.Attribute("tauMin")}'; it must be at least 0.");
        VoltageFunction Rate(string exponent) => VoltageFunction.Of(new FunctionExpression(constants,
        [
            DerivedExpression.Of("r0", $"exp({exponent}) / tau"),
            DerivedExpression.Of("r", "1 / (1 / r0 + tauMin)"),
        ], "r"), VoltageFunction.RateFromSi);
        return KineticTransitionSpec.FromRates(Text(x, "from"), Text(x, "to"),
            Rate("z * gamma * (v - vHalf) / kte"), Rate("(0 - z) * (1 - gamma) * (v - vHalf) / kte"));
    }

    /// <summary>tauInfTransition: a timeCourse and a steadyState; forward inf / tau, reverse (1 - inf) / tau.</summary>
    private KineticTransitionSpec TauInfTransition(XElement x)
    {
        VoltageFunction? tau = null, inf = null;
        foreach (var c in x.Elements())
        {
            switch (c.Name.LocalName)
            {
                case "steadyState":
                    inf = Function(c, SupportedVariables, rate: false);
                    break;
                case "timeCourse":
                    string type = (string?)c.Attribute("type") ?? "";
                    if (IsLemsType(type, LemsRole.Time)) tau = LemsFunction(c, type, LemsRole.Time);
                    else if (type == "fixedTimeCourse") tau = new VoltageFunction(VoltageFunctionForm.Constant, Positive(c, "tau"), 0, 1);
                    else throw FunctionType(c, type, "fixedTimeCourse");
                    break;
                case "notes" or "annotation" or "property":
                    break;
                default:
                    throw Fail(c, $"is <{c.Name.LocalName}>, which a tauInfTransition does not have (it takes a timeCourse and a steadyState).");
            }
        }
        if (tau is null || inf is null) throw Fail(x, "is a tauInfTransition, which takes exactly a timeCourse and a steadyState.");
        return new KineticTransitionSpec(Text(x, "from"), Text(x, "to"), TransitionKinetics.TauInf, null, null, tau, inf);
    }
}
