using System.Globalization;
using System.Xml.Linq;
using NeuroSharp.Spiking.Equations;

namespace NeuroSharp.Spiking.NeuroMl;

/// <summary>
/// LEMS ComponentTypes that give a gate's rate, time course or steady state (extending baseVoltageDepRate, baseVoltageDepTime,
/// baseVoltageDepVariable or their *ConcDep* forms), or a whole gate without state (extending a gate type and exposing fcond, as
/// c302's customHGate does): their Parameters, Constants, Requirements (v, caConc, temperature) and Dynamics (DerivedVariable,
/// ConditionalDerivedVariable) become a <see cref="FunctionExpression"/> in SI, with its dimensions checked as LEMS declares them
/// (docs/neuroml.md, "LEMS ComponentTypes").
/// </summary>
internal sealed partial class NeuroMlReader
{
    /// <summary>
    /// A cell whose gate functions read caConc needs a ca pool: they read its concentration (a species with a concentration model,
    /// docs/neuroml.md); without one the cell is refused at its element.
    /// </summary>
    private HodgkinHuxleyNeuronSpec WithCalcium(XElement cell, HodgkinHuxleyNeuronSpec spec)
    {
        var reading = spec.Channels.SelectMany(c => c.Gates.Select(g => (Channel: c, Gate: g))).FirstOrDefault(x => x.Gate.ReadsConcentration);
        if (reading.Gate is null || spec.Pools.Any(p => p.Ion == "ca")) return spec;
        throw Fail(cell, $"has channel '{reading.Channel.Name}' whose gate '{reading.Gate.Name}' reads caConc, but no <species ion=\"ca\"> in its intracellularProperties gives a concentration.");
    }

    /// <summary>
    /// A gateFractional of one instance: fcond = sum_i f_i q_i over its subGates, each a tau-inf gate (steadyState and timeCourse) whose
    /// time course the gate's q10 settings scale (Channels.xml). Its channel is mapped to one channel per subGate (see <see cref="CellChannels"/>).
    /// </summary>
    private NmlGate FractionalGate(XElement g)
    {
        string id = Id(g);
        double instances = Quantity(g, "instances", NeuroMlDimension.None);
        if (instances != 1)
            throw Fail(g, $"@instances is '{(string?)g.Attribute("instances")}'; NeuroSharp maps a gateFractional of 1 instance (its conductance is then a sum over its subGates, one channel each).");
        var q10 = new List<NmlQ10>();
        var subs = new List<XElement>();
        foreach (var x in g.Elements())
        {
            switch (x.Name.LocalName)
            {
                case "subGate":
                    subs.Add(x);
                    break;
                case "q10Settings":
                    q10.Add(Q10Setting(x));
                    break;
                case "notes" or "annotation" or "property":
                    break;
                default:
                    throw Fail(x, $"is <{x.Name.LocalName}>, which a gateFractional does not have (subGate, q10Settings).");
            }
        }
        if (subs.Count == 0) throw Fail(g, "has no subGate.");
        var list = new List<(NmlGate, double)>();
        foreach (var sub in subs)
        {
            string subId = Id(sub);
            double fraction = Quantity(sub, "fractionalConductance", NeuroMlDimension.None);
            if (!(fraction >= 0)) throw Fail(sub, $"@fractionalConductance is '{(string?)sub.Attribute("fractionalConductance")}'; it must be at least 0.");
            VoltageFunction? tau = null, inf = null;
            foreach (var x in sub.Elements())
            {
                switch (x.Name.LocalName)
                {
                    case "steadyState":
                        inf = Function(x, SupportedVariables, rate: false);
                        break;
                    case "timeCourse":
                        string type = (string?)x.Attribute("type") ?? "";
                        if (IsLemsType(type, LemsRole.Time)) tau = LemsFunction(x, type, LemsRole.Time);
                        else if (type == "fixedTimeCourse") tau = VoltageFunction.Const(Positive(x, "tau"));
                        else throw FunctionType(x, type, "fixedTimeCourse");
                        break;
                    case "notes" or "annotation" or "property":
                        break;
                    default:
                        throw Fail(x, $"is <{x.Name.LocalName}>, which a subGate does not have (steadyState, timeCourse).");
                }
            }
            if (tau is null || inf is null) throw Fail(sub, "is a subGate, which takes a steadyState and a timeCourse.");
            if (list.Exists(s => s.Item1.Id == subId)) throw Fail(sub, $"has id '{subId}', which another subGate of '{id}' uses.");
            list.Add((new NmlGate(subId, 1, GateKinetics.TauInf, null, null, tau, inf, q10), fraction));
        }
        return new NmlGate(id, 1, GateKinetics.TauInf, null, null, null, null, q10) { SubGates = list };
    }

    /// <summary>
    /// A cell's channel: one, or, with a gateFractional, one per subGate: channel CHANNEL_SUB with conductance g f_sub and the other
    /// gates (each a copy, which follows the same equation from the same start) times the subGate's q. g prod x^p (sum f q) is then the sum
    /// of these channels' conductances.
    /// </summary>
    private IReadOnlyList<IonChannelSpec> CellChannels(XElement x, NmlIonChannel channel, double conductanceNs)
    {
        var fractional = channel.Gates.FirstOrDefault(g => g.SubGates is not null);
        if (fractional is null) return Opened(x, conductanceNs, [CellChannel(x, channel, conductanceNs)]);
        var list = new List<IonChannelSpec>();
        foreach (var (sub, fraction) in fractional.SubGates!)
        {
            var one = channel with { Gates = [.. channel.Gates.Select(g => ReferenceEquals(g, fractional) ? sub : g)] };
            list.Add(CellChannel(x, one, conductanceNs * fraction) with { Name = $"{Id(x)}_{sub.Id}" });
        }
        return Opened(x, conductanceNs, list);
    }

    /// <summary>What a function of a gate is, with its LEMS base types, its exposure, its dimension and its SI-to-engine factor.</summary>
    private enum LemsRole { Rate, Time, Variable, Gate }

    private static readonly Dictionary<string, (LemsRole Role, bool Concentration)> LemsBases = new(StringComparer.Ordinal)
    {
        ["baseVoltageDepRate"] = (LemsRole.Rate, false), ["baseVoltageConcDepRate"] = (LemsRole.Rate, true), ["baseHHRate"] = (LemsRole.Rate, false),
        ["baseVoltageDepTime"] = (LemsRole.Time, false), ["baseVoltageConcDepTime"] = (LemsRole.Time, true),
        ["baseVoltageDepVariable"] = (LemsRole.Variable, false), ["baseVoltageConcDepVariable"] = (LemsRole.Variable, true), ["baseHHVariable"] = (LemsRole.Variable, false),
        ["baseGate"] = (LemsRole.Gate, true), ["gateHHrates"] = (LemsRole.Gate, true), ["gateHHtauInf"] = (LemsRole.Gate, true),
        ["gateHHratesTau"] = (LemsRole.Gate, true), ["gateHHratesInf"] = (LemsRole.Gate, true), ["gateHHratesTauInf"] = (LemsRole.Gate, true),
        ["gateHHInstantaneous"] = (LemsRole.Gate, true),
    };

    /// <summary>Dimensions as powers of (M, L, T, I, K, N): the ones NeuroML's core types use in gate functions.</summary>
    private static readonly Dictionary<string, LemsDim> LemsDimensions = new(StringComparer.Ordinal)
    {
        ["none"] = new(0, 0, 0, 0, 0, 0), ["time"] = new(0, 0, 1, 0, 0, 0), ["per_time"] = new(0, 0, -1, 0, 0, 0),
        ["voltage"] = new(1, 2, -3, -1, 0, 0), ["per_voltage"] = new(-1, -2, 3, 1, 0, 0), ["concentration"] = new(0, -3, 0, 0, 0, 1),
        ["temperature"] = new(0, 0, 0, 0, 1, 0), ["current"] = new(0, 0, 0, 1, 0, 0), ["conductance"] = new(-1, -2, 3, 2, 0, 0),
        ["capacitance"] = new(-1, -2, 4, 2, 0, 0), ["length"] = new(0, 1, 0, 0, 0, 0), ["area"] = new(0, 2, 0, 0, 0, 0),
        ["per_voltage2"] = new(-2, -4, 6, 2, 0, 0), ["charge"] = new(0, 0, 1, 1, 0, 0), ["substance"] = new(0, 0, 0, 0, 0, 1),
    };

    /// <summary>LEMS unit symbols: dimension and power of ten to SI.</summary>
    private static readonly Dictionary<string, (string Dimension, int Power)> LemsUnits = new(StringComparer.Ordinal)
    {
        [""] = ("none", 0), ["s"] = ("time", 0), ["ms"] = ("time", -3), ["us"] = ("time", -6),
        ["per_s"] = ("per_time", 0), ["per_ms"] = ("per_time", 3), ["Hz"] = ("per_time", 0), ["kHz"] = ("per_time", 3),
        ["V"] = ("voltage", 0), ["mV"] = ("voltage", -3), ["uV"] = ("voltage", -6), ["per_V"] = ("per_voltage", 0), ["per_mV"] = ("per_voltage", 3),
        ["mol_per_m3"] = ("concentration", 0), ["mM"] = ("concentration", 0), ["M"] = ("concentration", 3), ["uM"] = ("concentration", -3),
        ["nM"] = ("concentration", -6), ["mol_per_cm3"] = ("concentration", 6), ["K"] = ("temperature", 0),
        ["A"] = ("current", 0), ["mA"] = ("current", -3), ["uA"] = ("current", -6), ["nA"] = ("current", -9), ["pA"] = ("current", -12),
        ["S"] = ("conductance", 0), ["mS"] = ("conductance", -3), ["uS"] = ("conductance", -6), ["nS"] = ("conductance", -9), ["pS"] = ("conductance", -12),
        ["F"] = ("capacitance", 0), ["uF"] = ("capacitance", -6), ["nF"] = ("capacitance", -9), ["pF"] = ("capacitance", -12),
        ["m"] = ("length", 0), ["cm"] = ("length", -2), ["um"] = ("length", -6), ["m2"] = ("area", 0), ["cm2"] = ("area", -4), ["um2"] = ("area", -12),
    };

    /// <summary>A LEMS dimension: powers of mass, length, time, current, temperature and amount.</summary>
    private readonly record struct LemsDim(int M, int L, int T, int I, int K, int N)
    {
        public static LemsDim operator *(LemsDim a, LemsDim b) => new(a.M + b.M, a.L + b.L, a.T + b.T, a.I + b.I, a.K + b.K, a.N + b.N);

        public static LemsDim operator /(LemsDim a, LemsDim b) => new(a.M - b.M, a.L - b.L, a.T - b.T, a.I - b.I, a.K - b.K, a.N - b.N);

        public LemsDim Power(int p) => new(M * p, L * p, T * p, I * p, K * p, N * p);

        public bool IsNone => this == default;

        public override string ToString()
        {
            var self = this;
            return LemsDimensions.FirstOrDefault(kv => kv.Value == self).Key ?? string.Create(CultureInfo.InvariantCulture, $"M^{M} L^{L} T^{T} I^{I} K^{K} N^{N}");
        }
    }

    /// <summary>A dimension as inferred: known, or unknown (a name of an undeclared dimension), and whether it is a bare number (fits any sum).</summary>
    private readonly record struct Inferred(LemsDim? Dim, bool Literal);

    /// <summary>True when <paramref name="type"/> is a user ComponentType that extends (through others) one of the known bases of <paramref name="roles"/>.</summary>
    private bool IsLemsType(string type, params LemsRole[] roles) =>
        _componentTypes.ContainsKey(type) && LemsBase(type) is { } b && roles.Contains(b.Role);

    /// <summary>The known base a user ComponentType extends, and the chain of user types from it down to the base (most derived first).</summary>
    private (LemsRole Role, bool Concentration, string Base, List<XElement> Chain)? LemsBase(string type)
    {
        var chain = new List<XElement>();
        string? name = type;
        while (name is not null && _componentTypes.TryGetValue(name, out var ct) && chain.Count < 20)
        {
            chain.Add(ct);
            name = (string?)ct.Attribute("extends");
        }
        if (name is null || !LemsBases.TryGetValue(name, out var b)) return null;
        return (b.Role, b.Concentration, name, chain);
    }

    /// <summary>A gate function given by a LEMS ComponentType (<paramref name="use"/> is the forwardRate, reverseRate, timeCourse or steadyState).</summary>
    /// <param name="use">The element that names the type.</param>
    /// <param name="type">The type.</param>
    /// <param name="role">Rate, time course or steady state.</param>
    /// <param name="siblings">The gate's alpha and beta (its forwardRate and reverseRate), which a time course or steady state may require.</param>
    private VoltageFunction LemsFunction(XElement use, string type, LemsRole role, IReadOnlyDictionary<string, VoltageFunction>? siblings = null)
    {
        var (_, factor, exposure) = role switch
        {
            LemsRole.Rate => ("per_time", VoltageFunction.RateFromSi, "r"),
            LemsRole.Time => ("time", VoltageFunction.TimeFromSi, "t"),
            _ => ("none", 1.0, "x"),
        };
        var b = LemsBase(type)!.Value;
        return VoltageFunction.Of(LemsExpression(use, type, b.Chain, b.Concentration, exposure, Dimension(role), siblings), factor);
    }

    private static LemsDim Dimension(LemsRole role) => role switch
    {
        LemsRole.Rate => LemsDimensions["per_time"],
        LemsRole.Time => LemsDimensions["time"],
        _ => LemsDimensions["none"],
    };

    /// <summary>
    /// A gate written as a LEMS ComponentType without state (c302's customHGate: fcond from caConc): an instantaneous gate of power 1
    /// whose value is the type's fcond.
    /// </summary>
    private NmlGate LemsGate(XElement use, string type)
    {
        string id = Id(use);
        var b = LemsBase(type)!.Value;
        var inf = VoltageFunction.Of(LemsExpression(use, type, b.Chain, concentration: true, "fcond", LemsDimensions["none"]), 1);
        foreach (var x in use.Elements())
        {
            if (x.Name.LocalName is not ("notes" or "annotation" or "property"))
                throw Fail(x, $"is <{x.Name.LocalName}> in a gate of LEMS type '{type}', whose Dynamics give its fcond; NeuroSharp reads no children there.");
        }
        return new NmlGate(id, 1, GateKinetics.Instantaneous, null, null, null, inf, []);
    }

    /// <summary>Reads a ComponentType's parameters (from <paramref name="use"/>'s attributes), constants and Dynamics into an expression whose result is the variable exposed as <paramref name="exposure"/>.</summary>
    private FunctionExpression LemsExpression(XElement use, string type, List<XElement> chain, bool concentration, string exposure, LemsDim expected,
        IReadOnlyDictionary<string, VoltageFunction>? siblings = null)
    {
        var constants = new Dictionary<string, double>(StringComparer.Ordinal);
        var inlined = new List<DerivedExpression>();
        var dims = new Dictionary<string, LemsDim?>(StringComparer.Ordinal) { ["v"] = LemsDimensions["voltage"] };
        var requirements = new HashSet<string>(StringComparer.Ordinal) { "v" };
        if (concentration) requirements.Add("caConc");
        XElement? dynamics = null;
        XElement owner = chain[0];
        // The base's parameters first (baseHHRate's rate, midpoint, scale), then each type's own, most derived last.
        foreach (var ct in Enumerable.Reverse(chain))
        {
            if ((string?)ct.Attribute("extends") is "baseHHRate" or "baseHHVariable")
            {
                foreach (string p in new[] { "rate", "midpoint", "scale" })
                    LemsParameter(use, type, ct, p, p == "rate" ? ((string?)ct.Attribute("extends") == "baseHHRate" ? "per_time" : "none") : "voltage", constants, dims);
            }
            foreach (var x in ct.Elements())
            {
                switch (x.Name.LocalName)
                {
                    case "Parameter":
                        LemsParameter(use, type, x, Text(x, "name"), (string?)x.Attribute("dimension") ?? "none", constants, dims);
                        break;
                    case "Constant":
                    {
                        string name = Text(x, "name");
                        var (value, dim) = LemsQuantity(x, "value", (string?)x.Attribute("dimension") ?? "none");
                        constants[name] = value;
                        dims[name] = dim;
                        break;
                    }
                    case "Requirement":
                    {
                        string name = Text(x, "name");
                        if (siblings is not null && siblings.TryGetValue(name, out var sibling))
                        {
                            // The gate's alpha or beta (unscaled by q10, as Channels.xml passes them): its function, put in first.
                            if (!requirements.Add(name)) break;
                            Inline(sibling, name, constants, inlined);
                            dims[name] = LemsDimensions["per_time"];
                            break;
                        }
                        if (name is not ("v" or "caConc" or "temperature"))
                            throw Fail(x, $"requires '{name}'; NeuroSharp supplies v, caConc and temperature to a gate's ComponentType{(siblings is null ? "" : ", and the gate's alpha and beta where it has a forwardRate and a reverseRate")}.");
                        requirements.Add(name);
                        break;
                    }
                    case "Dynamics":
                        dynamics = x;
                        owner = ct;
                        break;
                    case "Exposure" or "Text" or "notes" or "annotation" or "property":
                        break;
                    default:
                        throw Fail(x, $"is <{x.Name.LocalName}> in ComponentType '{(string?)ct.Attribute("name")}', which NeuroSharp does not read in a gate's function (Parameter, Constant, Requirement, Exposure, Dynamics).");
                }
            }
        }
        if (requirements.Contains("caConc")) dims["caConc"] = LemsDimensions["concentration"];
        if (requirements.Contains("temperature"))
        {
            if (_temperature is not { Kelvin: { } kelvin })
                throw Fail(use, $"has type '{type}', which requires the temperature, but the network gives none; write <network type=\"networkWithTemperature\" temperature=\"6.3 degC\"> as NeuroML does.");
            if (_temperatureChanges is not null)
                throw Fail(use, $"has type '{type}', which reads the temperature as a constant, but the temperature changes in time here; NeuroSharp recomputes gates' q10 factors when it changes, not LEMS expressions.");
            constants["temperature"] = kelvin;
            dims["temperature"] = LemsDimensions["temperature"];
        }
        if (dynamics is null) throw Fail(owner, $"is ComponentType '{type}', which has no Dynamics; NeuroSharp reads a gate's function from its DerivedVariables.");

        // The variables, in an order where each reads only earlier ones (LEMS lists them in any order).
        var texts = new List<(XElement Element, string Name, string? Dimension, List<(XElement At, string Attribute, string? Condition, string Value)> Cases)>();
        foreach (var x in dynamics.Elements())
        {
            switch (x.Name.LocalName)
            {
                case "DerivedVariable":
                    if (x.Attribute("select") is not null)
                        throw Fail(x, $"selects '{(string?)x.Attribute("select")}' from children; NeuroSharp evaluates DerivedVariables given by a value.");
                    texts.Add((x, Text(x, "name"), (string?)x.Attribute("dimension"), [(x, "value", null, Text(x, "value"))]));
                    break;
                case "ConditionalDerivedVariable":
                    var cases = x.Elements().Where(c => c.Name.LocalName == "Case").Select(c => (c, "value", (string?)c.Attribute("condition"), Text(c, "value"))).ToList();
                    if (cases.Count == 0) throw Fail(x, "has no Case.");
                    texts.Add((x, Text(x, "name"), (string?)x.Attribute("dimension"), cases));
                    break;
                case "notes" or "annotation":
                    break;
                default:
                    throw Fail(x, $"is <{x.Name.LocalName}> in the Dynamics of ComponentType '{(string?)owner.Attribute("name")}'; NeuroSharp evaluates a gate's function without state (DerivedVariable, ConditionalDerivedVariable).");
            }
        }
        var byName = texts.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var trees = new Dictionary<(XElement, string), Expr>();
        foreach (var t in texts)
        {
            foreach (var c in t.Cases)
            {
                trees[(c.At, "value")] = LemsParse(c.At, "value", c.Value);
                if (c.Condition is not null) trees[(c.At, "condition")] = LemsParse(c.At, "condition", c.Condition);
            }
        }
        var ordered = new List<string>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        void Visit(string name, XElement from)
        {
            if (state.TryGetValue(name, out int s))
            {
                if (s == 1) throw Fail(from, $"reads '{name}', which reads it back (a cycle of DerivedVariables in ComponentType '{type}').");
                return;
            }
            state[name] = 1;
            var t = byName[name];
            foreach (var c in t.Cases)
            {
                var names = new List<NameExpr>();
                ExpressionParser.Names(trees[(c.At, "value")], names);
                if (c.Condition is not null) ExpressionParser.Names(trees[(c.At, "condition")], names);
                foreach (var n in names)
                {
                    if (byName.ContainsKey(n.Name)) Visit(n.Name, c.At);
                }
            }
            state[name] = 2;
            ordered.Add(name);
        }
        var result = texts.FirstOrDefault(t => (string?)t.Element.Attribute("exposure") == exposure);
        if (result.Element is null) result = texts.FirstOrDefault(t => t.Name == exposure);
        if (result.Element is null)
            throw Fail(dynamics, $"of ComponentType '{type}' has no DerivedVariable exposed as '{exposure}', the value NeuroSharp takes from a {(exposure == "fcond" ? "gate" : $"'{exposure}'")} function.");
        Visit(result.Name, result.Element);

        // Names and dimensions, variable by variable in that order.
        foreach (string name in ordered)
        {
            var t = byName[name];
            LemsDim? dim = null;
            foreach (var c in t.Cases)
            {
                var value = Infer(trees[(c.At, "value")], c.At, "value", c.Value, dims, type);
                if (c.Condition is not null) Infer(trees[(c.At, "condition")], c.At, "condition", c.Condition, dims, type);
                if (value.Dim is { } d && !value.Literal)
                {
                    if (dim is { } other && other != d)
                        throw Fail(c.At, $"@value '{c.Value}' has dimension {d}, where another case of '{name}' has {other}.");
                    dim = d;
                }
            }
            if (t.Dimension is { } declared)
            {
                if (!LemsDimensions.TryGetValue(declared, out var want)) dim = null; // a dimension NeuroSharp does not know: no check
                else if (dim is { } got && got != want)
                    throw Fail(t.Element, $"declares dimension '{declared}', but its value '{t.Cases[0].Value}' has dimension {got}.");
                else dim = want;
            }
            dims[name] = dim;
        }
        if (dims[result.Name] is { } resultDim && resultDim != expected)
            throw Fail(result.Element, $"is exposed as '{exposure}' with dimension {resultDim}; NeuroSharp needs {expected} there.");

        var variables = inlined.Concat(ordered.Select(n => new DerivedExpression(n, [.. byName[n].Cases.Select(c => new ExpressionCase(c.Condition, c.Value))]))).ToList();
        var expression = new FunctionExpression(constants, variables, result.Name);
        try
        {
            expression.Validate("", type);
        }
        catch (InvalidOptionException x)
        {
            throw Fail(result.Element, $"of ComponentType '{type}' does not evaluate: {x.Property} {x.Requirement}.");
        }
        return expression;
    }

    /// <summary>
    /// Puts a rate function (in the engine's units) into an expression as the variable <paramref name="name"/> in SI (1/s of v in V):
    /// its constants and variables prefixed with <c>name__</c>.
    /// </summary>
    private static void Inline(VoltageFunction f, string name, Dictionary<string, double> constants, List<DerivedExpression> into)
    {
        string p = name + "__";
        if (f.Expression is { } e)
        {
            foreach (var (k, v) in e.Constants) constants[p + k] = v;
            var renames = e.Constants.Keys.Concat(e.Variables.Select(d => d.Name)).ToHashSet(StringComparer.Ordinal);
            string Rename(string text) => ExpressionRename(text, renames, p);
            foreach (var d in e.Variables)
                into.Add(new DerivedExpression(p + d.Name, [.. d.Cases.Select(c => new ExpressionCase(c.Condition is null ? null : Rename(c.Condition), Rename(c.Value)))]));
            // The expression's SI value times f.Rate is the engine's value; in SI again that is the value itself.
            into.Add(DerivedExpression.Of(name, p + e.Result));
            return;
        }
        constants[p + "rate"] = f.Rate * 1000; // 1/ms to 1/s
        constants[p + "midpoint"] = f.MidpointMv / 1000;
        constants[p + "scale"] = f.ScaleMv / 1000;
        string x = $"(v - {p}midpoint) / {p}scale";
        switch (f.Form)
        {
            case VoltageFunctionForm.Exp:
                into.Add(DerivedExpression.Of(name, $"{p}rate * exp({x})"));
                break;
            case VoltageFunctionForm.Sigmoid:
                into.Add(DerivedExpression.Of(name, $"{p}rate / (1 + exp(0 - ({x})))"));
                break;
            case VoltageFunctionForm.ExpLinear:
                into.Add(DerivedExpression.Of(p + "x", x));
                into.Add(new DerivedExpression(name, [new ExpressionCase($"{p}x .neq. 0", $"{p}rate * {p}x / (1 - exp(0 - {p}x))"), new ExpressionCase(null, $"{p}rate")]));
                break;
            default:
                into.Add(DerivedExpression.Of(name, $"{p}rate"));
                break;
        }
    }

    /// <summary>A LEMS text with each of <paramref name="names"/> given <paramref name="prefix"/> (whole identifiers only).</summary>
    private static string ExpressionRename(string text, HashSet<string> names, string prefix)
    {
        var sb = new System.Text.StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            bool afterDot = i > 0 && text[i - 1] == '.';
            if ((char.IsAsciiLetter(c) || c == '_') && !(i > 0 && (char.IsAsciiLetterOrDigit(text[i - 1]) || text[i - 1] == '_')))
            {
                int start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                string word = text[start..i];
                // .gt. and the like are operators, and 1e-3's e is part of a number.
                bool inNumber = start > 0 && char.IsAsciiDigit(text[start - 1]);
                sb.Append(!afterDot && !inNumber && names.Contains(word) ? prefix + word : word);
                continue;
            }
            sb.Append(c);
            i++;
        }
        return sb.ToString();
    }

    private void LemsParameter(XElement use, string type, XElement declaredAt, string name, string dimension, Dictionary<string, double> constants, Dictionary<string, LemsDim?> dims)
    {
        if (use.Attribute(name) is null)
            throw Fail(use, $"has type '{type}', whose Parameter '{name}' ({dimension}) it does not give.");
        var (value, dim) = LemsQuantity(use, name, dimension);
        constants[name] = value;
        dims[name] = dim;
    }

    /// <summary>A LEMS quantity ("0.125per_ms", "-65mV", "1 ms", "6e-8 mM", "2") in SI, checked against its declared dimension.</summary>
    private (double Value, LemsDim? Dim) LemsQuantity(XElement e, string attribute, string dimension)
    {
        string text = Text(e, attribute).Trim();
        LemsDimensions.TryGetValue(dimension, out var want);
        bool known = LemsDimensions.ContainsKey(dimension);
        if (text.EndsWith("degC", StringComparison.Ordinal) && dimension == "temperature")
        {
            if (NeuroMlUnits.TryParseTemperature(text, out double kelvin) is { } problem) throw Fail(e, $"@{attribute} is '{text}', {problem}.");
            return (kelvin, want);
        }
        int end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '+' or '-' or '.'
            || (text[end] is 'e' or 'E' && end + 1 < text.Length && (char.IsAsciiDigit(text[end + 1]) || text[end + 1] is '+' or '-'))))
        {
            if (text[end] is 'e' or 'E') end++;
            end++;
        }
        string number = text[..end], unit = text[end..].Trim();
        if (!LemsUnits.TryGetValue(unit, out var u))
            throw Fail(e, $"@{attribute} is '{text}', whose unit '{unit}' NeuroSharp does not know (units: {string.Join(", ", LemsUnits.Keys.Where(k => k.Length > 0))}).");
        if (known && LemsDimensions[u.Dimension] != want)
            throw Fail(e, $"@{attribute} is '{text}', a {u.Dimension} where dimension '{dimension}' is declared.");
        int mark = number.IndexOfAny(['e', 'E']);
        string mantissa = mark < 0 ? number : number[..mark];
        int exponent = 0;
        if ((mark >= 0 && !int.TryParse(number[(mark + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            || !double.TryParse(mantissa, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
            || !double.TryParse(string.Create(CultureInfo.InvariantCulture, $"{mantissa}E{(long)exponent + u.Power}"), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value))
            throw Fail(e, $"@{attribute} is '{text}', not a finite number.");
        return (value, known ? want : LemsDimensions[u.Dimension]);
    }

    private Expr LemsParse(XElement at, string attribute, string text)
    {
        try
        {
            return ExpressionParser.ParseLems(text);
        }
        catch (ExpressionSyntaxException x)
        {
            throw Fail(at, $"@{attribute} '{text}' is not a LEMS expression: {x.Message}.");
        }
    }

    /// <summary>The dimension of an expression; a name not defined, a call NeuroSharp does not evaluate or a dimension mismatch is refused.</summary>
    private Inferred Infer(Expr e, XElement at, string attribute, string text, Dictionary<string, LemsDim?> dims, string type)
    {
        InvalidInputException Bad(string what) => Fail(at, $"@{attribute} '{text}' {what}.");
        var none = LemsDimensions["none"];
        Inferred Go(Expr x)
        {
            switch (x)
            {
                case NumberExpr:
                    return new Inferred(none, true);
                case NameExpr n:
                    if (!dims.TryGetValue(n.Name, out var d))
                        throw Bad($"reads '{n.Name}' at column {n.Column}, which ComponentType '{type}' does not define (known: {string.Join(", ", dims.Keys)})");
                    return new Inferred(d, false);
                case UnaryExpr u:
                    var o = Go(u.Operand);
                    return u.Op == ExprOp.Not ? new Inferred(none, false) : o;
                case BinaryExpr b:
                {
                    var l = Go(b.Left);
                    if (b.Op == ExprOp.Power)
                    {
                        var r0 = Go(b.Right);
                        if (r0.Dim is { IsNone: false } rd) throw Bad($"raises to a power of dimension {rd} at column {b.Column}");
                        if (l.Dim is not { } ld || ld.IsNone) return l;
                        double? k = ExpressionParser.Evaluate(b.Right, name => null);
                        if (k is { } kk && kk == Math.Floor(kk) && Math.Abs(kk) <= 16) return new Inferred(ld.Power((int)kk), l.Literal);
                        throw Bad($"raises {ld} to a power that is not a whole number at column {b.Column}");
                    }
                    var r = Go(b.Right);
                    switch (b.Op)
                    {
                        case ExprOp.Multiply or ExprOp.Divide:
                            if (l.Dim is not { } a || r.Dim is not { } c) return new Inferred(null, false);
                            return new Inferred(b.Op == ExprOp.Multiply ? a * c : a / c, l.Literal && r.Literal);
                        case ExprOp.And or ExprOp.Or:
                            return new Inferred(none, false);
                        default:
                            // Sums and comparisons: both sides alike (a bare number fits any dimension, as jLEMS lets "v .gt. 0" through).
                            if (l.Dim is { } p && r.Dim is { } q && p != q && !l.Literal && !r.Literal)
                                throw Bad($"{(b.Op is ExprOp.Add or ExprOp.Subtract ? "adds" : "compares")} {p} and {q} at column {b.Column}");
                            bool comparison = b.Op is not (ExprOp.Add or ExprOp.Subtract);
                            if (comparison) return new Inferred(none, false);
                            return l.Literal ? r : l;
                    }
                }
                case CallExpr call:
                {
                    if (!ExpressionParser.LemsFunctions.TryGetValue(call.Function, out int arity))
                        throw Bad($"calls '{call.Function}' at column {call.Column}, which is not a function NeuroSharp evaluates ({string.Join(", ", ExpressionParser.LemsFunctions.Keys)})");
                    if (call.Arguments.Length != arity) throw Bad($"calls '{call.Function}' at column {call.Column} with {call.Arguments.Length} arguments; it takes {arity}");
                    var a = Go(call.Arguments[0]);
                    if (call.Function is "abs") return a;
                    if (call.Function is "sqrt")
                    {
                        if (a.Dim is { } s && (s.M % 2 != 0 || s.L % 2 != 0 || s.T % 2 != 0 || s.I % 2 != 0 || s.K % 2 != 0 || s.N % 2 != 0))
                            throw Bad($"takes the square root of {s} at column {call.Column}");
                        return a.Dim is { } h ? new Inferred(new LemsDim(h.M / 2, h.L / 2, h.T / 2, h.I / 2, h.K / 2, h.N / 2), a.Literal) : a;
                    }
                    if (call.Function is not "H" && a.Dim is { IsNone: false } ad && !a.Literal)
                        throw Bad($"calls '{call.Function}' of {ad} at column {call.Column}; its argument must be dimensionless");
                    return new Inferred(none, a.Literal);
                }
                default:
                    return new Inferred(null, false);
            }
        }
        return Go(e);
    }
}
