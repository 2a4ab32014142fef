using System.Xml.Linq;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// Ion channels (docs/neuroml.md, "What is written"): an hh channel as ionChannelHH (ionChannelKS where a gate is a kinetic scheme),
/// its gates as gateHHrates, gateHHtauInf, gateHHratesInf, gateHHratesTau, gateHHInstantaneous or gateKS, each rate, steady state
/// and time course in NeuroML's standard forms (HHExpRate, HHSigmoidRate, HHExpLinearRate, their *Variable forms, fixedTimeCourse)
/// or, for an expression function, a LEMS ComponentType (NeuroMlWriter.Lems.cs); a gate's rate factor as q10Fixed.
/// </summary>
internal static partial class NeuroMlWriter
{
    private enum Role { Rate, Time, Variable }

    /// <summary>The ion channel of an hh channel, preceded by the LEMS ComponentTypes of its expression functions.</summary>
    private static IEnumerable<XElement> IonChannel(IonChannelSpec c, string id, string at, bool withConductance)
    {
        var types = new List<XElement>();
        bool kinetic = c.Gates.Any(g => g.Kinetics == GateKinetics.KineticScheme);
        var channel = new XElement(Ns + (kinetic ? "ionChannelKS" : "ionChannelHH"), new XAttribute("id", id));
        if (withConductance) channel.Add(new XAttribute("conductance", NeuroMlUnits.Format(c.ConductanceNs, NeuroMlDimension.Conductance)));
        for (int j = 0; j < c.Gates.Count; j++)
        {
            var g = c.Gates[j];
            string path = $"{at}.gates[{j}]";
            if (NmlId(g.Name) != g.Name)
                throw new InvalidInputException($"{path}.name: '{g.Name}' is not a NeuroML id (letters, digits and underscores, not starting with a digit); rename the gate to export.");
            string prefix = NmlId($"{id}_{g.Name}");
            XElement F(string element, VoltageFunction? f, Role role, string field) =>
                Function(element, f ?? throw new InvalidInputException($"{path}.{field} is missing; a {g.Kinetics} gate needs it."), role, $"{path}.{field}", $"{prefix}_{field}", types);
            var (name, children) = g.Kinetics switch
            {
                GateKinetics.Rates => ("gateHHrates", new[] { F("forwardRate", g.Alpha, Role.Rate, "alpha"), F("reverseRate", g.Beta, Role.Rate, "beta") }),
                GateKinetics.TauInf => ("gateHHtauInf", [F("timeCourse", g.Tau, Role.Time, "tau"), F("steadyState", g.Inf, Role.Variable, "inf")]),
                GateKinetics.RatesInf => ("gateHHratesInf", [F("forwardRate", g.Alpha, Role.Rate, "alpha"), F("reverseRate", g.Beta, Role.Rate, "beta"), F("steadyState", g.Inf, Role.Variable, "inf")]),
                GateKinetics.RatesTau => ("gateHHratesTau", [F("forwardRate", g.Alpha, Role.Rate, "alpha"), F("reverseRate", g.Beta, Role.Rate, "beta"), F("timeCourse", g.Tau, Role.Time, "tau")]),
                GateKinetics.Instantaneous => ("gateHHInstantaneous", [F("steadyState", g.Inf, Role.Variable, "inf")]),
                _ => ("gateKS", KineticScheme(g, path, prefix, types).ToArray()),
            };
            var gate = new XElement(Ns + name, new XAttribute("id", g.Name), new XAttribute("instances", g.Power));
            if (g.RateFactor != 1)
            {
                if (g.Kinetics is GateKinetics.Instantaneous or GateKinetics.KineticScheme)
                    throw new InvalidInputException($"{path}.rateFactor is {Number(g.RateFactor)}; NeuroML's {name} takes no q10Settings (the reader refuses them there), so export only with rateFactor 1.");
                gate.Add(new XElement(Ns + "q10Settings", new XAttribute("type", "q10Fixed"), new XAttribute("fixedQ10", Number(g.RateFactor))));
            }
            // Channels.xml's gates take their q10Settings before the rates (the order the XSD gives).
            gate.Add(children);
            channel.Add(gate);
        }
        return [.. types, channel];
    }

    /// <summary>A rate, time course or steady state as a standard form, or as a LEMS ComponentType written into <paramref name="types"/>.</summary>
    private static XElement Function(string element, VoltageFunction f, Role role, string path, string typeName, List<XElement> types)
    {
        if (f.Form == VoltageFunctionForm.Expression)
        {
            types.Add(LemsType(f, role, typeName, path));
            return new XElement(Ns + element, new XAttribute("type", typeName));
        }
        if (role == Role.Time)
        {
            if (f.Form != VoltageFunctionForm.Constant)
                throw new InvalidInputException($"{path} is a {f.Form} time course; NeuroML's standard time course is fixedTimeCourse (a constant), so give it as a constant or an expression to export.");
            return new XElement(Ns + element, new XAttribute("type", "fixedTimeCourse"), new XAttribute("tau", NeuroMlUnits.Format(f.Rate, NeuroMlDimension.Time)));
        }
        string suffix = role == Role.Rate ? "Rate" : "Variable";
        string type = f.Form switch
        {
            VoltageFunctionForm.Exp => "HHExp" + suffix,
            VoltageFunctionForm.Sigmoid => "HHSigmoid" + suffix,
            VoltageFunctionForm.ExpLinear => "HHExpLinear" + suffix,
            _ => throw new InvalidInputException($"{path} is a constant {(role == Role.Rate ? "rate" : "steady state")}, which NeuroML has no standard form for; give it as an expression to export."),
        };
        return new XElement(Ns + element, new XAttribute("type", type),
            new XAttribute("rate", role == Role.Rate ? NeuroMlUnits.Format(f.Rate, NeuroMlDimension.PerTime) : Number(f.Rate)),
            new XAttribute("midpoint", NeuroMlUnits.Format(f.MidpointMv, NeuroMlDimension.Voltage)),
            new XAttribute("scale", NeuroMlUnits.Format(f.ScaleMv, NeuroMlDimension.Voltage)));
    }

    /// <summary>
    /// A kinetic-scheme gate's states and transitions (Channels.xml's gateKS): each transition with a forward rate a forwardTransition,
    /// with a reverse rate a reverseTransition, a tau-inf transition a tauInfTransition, and a pair of rates of the form the reader
    /// makes of a vHalfTransition that vHalfTransition again.
    /// </summary>
    private static IEnumerable<XElement> KineticScheme(GateSpec g, string path, string prefix, List<XElement> types)
    {
        var scheme = g.Scheme ?? throw new InvalidInputException($"{path}.scheme is missing; a kineticScheme gate needs one.");
        if (scheme.Start != KineticStart.FirstState)
            throw new InvalidInputException($"{path}.scheme.start is {SpecPath.Camel(scheme.Start.ToString())}; jLEMS starts a gateKS with its first state occupied, so export only with \"start\": \"firstState\".");
        foreach (var s in scheme.States)
        {
            if (NmlId(s.Name) != s.Name)
                throw new InvalidInputException($"{path}.scheme.states: '{s.Name}' is not a NeuroML id; rename the state to export.");
            yield return new XElement(Ns + (s.Open ? "openState" : "closedState"), new XAttribute("id", s.Name));
        }
        for (int k = 0; k < scheme.Transitions.Count; k++)
        {
            var t = scheme.Transitions[k];
            string at = $"{path}.scheme.transitions[{k}]";
            string id = $"{t.From}_{t.To}_{k}";
            var ends = new object[] { new XAttribute("from", t.From), new XAttribute("to", t.To) };
            if (t.Kinetics == TransitionKinetics.TauInf)
            {
                yield return new XElement(Ns + "tauInfTransition", new XAttribute("id", id), ends,
                    Function("steadyState", t.Inf!, Role.Variable, at + ".inf", $"{prefix}_{k}_inf", types),
                    Function("timeCourse", t.Tau!, Role.Time, at + ".tau", $"{prefix}_{k}_tau", types));
                continue;
            }
            if (VHalf(t) is { } vhalf)
            {
                yield return new XElement(Ns + "vHalfTransition", new XAttribute("id", id), ends, vhalf);
                continue;
            }
            if (t.Forward is { } forward)
                yield return new XElement(Ns + "forwardTransition", new XAttribute("id", id + (t.Reverse is null ? "" : "_f")), ends,
                    Function("rate", forward, Role.Rate, at + ".forward", $"{prefix}_{k}_forward", types));
            if (t.Reverse is { } reverse)
                yield return new XElement(Ns + "reverseTransition", new XAttribute("id", id + (t.Forward is null ? "" : "_r")), ends,
                    Function("rate", reverse, Role.Rate, at + ".reverse", $"{prefix}_{k}_reverse", types));
        }
    }

    /// <summary>
    /// The attributes of a vHalfTransition where the transition's rates are the two expressions the reader makes of one
    /// (NeuroMlReader.Kinetic.cs), each number written so that the reader's division by 1000 gives the constant back; else null.
    /// </summary>
    private static object[]? VHalf(KineticTransitionSpec t)
    {
        if (t.Forward?.Expression is not { } f || t.Reverse?.Expression is not { } r || !ReferenceEquals(f.Constants, r.Constants) && !f.Constants.SequenceEqual(r.Constants)) return null;
        var c = f.Constants;
        string[] keys = ["vHalf", "z", "gamma", "tau", "tauMin", "kte"];
        if (c.Count != keys.Length || !keys.All(c.ContainsKey) || c["kte"] != 0.0253) return null;
        static bool Is(FunctionExpression e, string exponent) => e.Result == "r" && e.Variables.Count == 2
            && e.Variables[0].Equals(DerivedExpression.Of("r0", $"exp({exponent}) / tau")) && e.Variables[1].Equals(DerivedExpression.Of("r", "1 / (1 / r0 + tauMin)"));
        if (!Is(f, "z * gamma * (v - vHalf) / kte") || !Is(r, "(0 - z) * (1 - gamma) * (v - vHalf) / kte")
            || t.Forward.Rate != VoltageFunction.RateFromSi || t.Reverse!.Rate != VoltageFunction.RateFromSi) return null;
        double? Milli(double si) => Preimage(si, x => x / 1000, si * 1000);
        if (Milli(c["vHalf"]) is not { } vHalf || Milli(c["tau"]) is not { } tau || Milli(c["tauMin"]) is not { } tauMin) return null;
        return [new XAttribute("vHalf", NeuroMlUnits.Format(vHalf, NeuroMlDimension.Voltage)), new XAttribute("z", Number(c["z"])), new XAttribute("gamma", Number(c["gamma"])),
            new XAttribute("tau", NeuroMlUnits.Format(tau, NeuroMlDimension.Time)), new XAttribute("tauMin", NeuroMlUnits.Format(tauMin, NeuroMlDimension.Time))];
    }
}
