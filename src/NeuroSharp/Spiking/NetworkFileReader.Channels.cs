using System.Text.Json;

namespace NeuroSharp.Spiking;

internal static partial class NetworkFileReader
{
    /// <summary>
    /// A Hodgkin-Huxley cell's "channels": <c>[{"name", "conductanceNs", "reversalMv", "gates": [{"name", "power", "kinetics",
    /// "alpha", "beta", "tau", "inf", "rateFactor"}]}]</c>, each function <c>{"form", "rate", "midpointMv", "scaleMv"}</c>
    /// (docs/formats.md). Ranges are checked by the spec's Validate; this reads shapes and names.
    /// </summary>
    internal static IReadOnlyList<IonChannelSpec> Channels(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(path, $"must be an array of channels (got {JsonObjectReader.Show(v)}).");
        var list = new List<IonChannelSpec>();
        int c = 0;
        foreach (var item in v.EnumerateArray())
        {
            var o = new JsonObjectReader(item, $"{path}[{c++}]", "name", "conductanceNs", "reversalMv", "gates", "ion", "reversal", "permeabilityUm3PerS");
            var gates = new List<GateSpec>();
            if (o.Has("gates"))
            {
                var g = o.Get("gates");
                if (g.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(o.At("gates"), $"must be an array of gates (got {JsonObjectReader.Show(g)}).");
                int k = 0;
                foreach (var gate in g.EnumerateArray()) gates.Add(Gate(gate, $"{o.At("gates")}[{k++}]"));
            }
            var reversal = o.Has("reversal") ? JsonObjectReader.EnumValue<ReversalKind>(o.Get("reversal"), o.At("reversal")) : ReversalKind.Fixed;
            // A GHK channel has a permeability, no conductance; only a fixed reversal has a reversalMv.
            double conductance = reversal == ReversalKind.Ghk ? o.Number("conductanceNs", 0) : o.RequiredNumber("conductanceNs");
            double reversalMv = reversal == ReversalKind.Fixed ? o.RequiredNumber("reversalMv") : o.Number("reversalMv", 0);
            double permeability = reversal == ReversalKind.Ghk ? o.RequiredNumber("permeabilityUm3PerS") : o.Number("permeabilityUm3PerS", 0);
            list.Add(new IonChannelSpec(o.RequiredString("name"), conductance, reversalMv, gates)
            {
                Ion = o.Has("ion") ? o.RequiredString("ion") : null, Reversal = reversal, PermeabilityUm3PerS = permeability,
            });
        }
        return list;
    }

    /// <summary>
    /// A Hodgkin-Huxley cell's "concentrations": <c>[{"ion", "model", "initialMm", "externalMm", "restingMm", "decayMs", "areaUm2",
    /// "shellThicknessUm", "rho", "valence"}]</c> (docs/formats.md); absent numbers take <see cref="ConcentrationPoolSpec"/>'s defaults.
    /// </summary>
    internal static IReadOnlyList<ConcentrationPoolSpec> Concentrations(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(path, $"must be an array of concentration pools (got {JsonObjectReader.Show(v)}).");
        var list = new List<ConcentrationPoolSpec>();
        int k = 0;
        foreach (var item in v.EnumerateArray())
        {
            var o = new JsonObjectReader(item, $"{path}[{k++}]", "ion", "model", "initialMm", "externalMm", "restingMm", "decayMs", "areaUm2", "shellThicknessUm", "rho", "valence");
            list.Add(Pool(o));
        }
        return list;
    }

    /// <summary>One pool's fields (areaUm2 where the reader allows it: a morphology's pools take each compartment's area).</summary>
    internal static ConcentrationPoolSpec Pool(JsonObjectReader o)
    {
        var d = new ConcentrationPoolSpec();
        return new ConcentrationPoolSpec
        {
            Ion = o.RequiredString("ion"),
            Model = JsonObjectReader.EnumValue<ConcentrationModel>(o.Required("model"), o.At("model")),
            InitialMm = o.Number("initialMm", d.InitialMm), ExternalMm = o.Number("externalMm", d.ExternalMm),
            RestingMm = o.Number("restingMm", d.RestingMm), DecayMs = o.Number("decayMs", d.DecayMs), AreaUm2 = o.Number("areaUm2", d.AreaUm2),
            ShellThicknessUm = o.Number("shellThicknessUm", d.ShellThicknessUm), Rho = o.Number("rho", d.Rho),
            Valence = o.Has("valence") ? o.RequiredInt("valence") : d.Valence,
        };
    }

    private static GateSpec Gate(JsonElement v, string path)
    {
        var o = new JsonObjectReader(v, path, "name", "power", "kinetics", "alpha", "beta", "tau", "inf", "rateFactor", "q10", "scheme");
        var kinetics = JsonObjectReader.EnumValue<GateKinetics>(o.Required("kinetics"), o.At("kinetics"));
        var gate = new GateSpec(o.RequiredString("name"), o.RequiredInt("power"), kinetics,
            Function(o, "alpha"), Function(o, "beta"), Function(o, "tau"), Function(o, "inf"), o.Number("rateFactor", 1))
        {
            Scheme = o.Has("scheme") ? Scheme(o) : null, Q10 = o.Number("q10", 1),
        };
        if (kinetics == GateKinetics.KineticScheme && gate.Scheme is null)
            throw JsonObjectReader.Fail(o.At("scheme"), $"is missing: gate '{gate.Name}' with kinetics kineticScheme needs its states and transitions.");
        // A function the kinetics needs is named here, at its path, rather than by Validate's property path.
        foreach (var (name, needed, f) in new[] { ("alpha", gate.UsesRates, gate.Alpha), ("beta", gate.UsesRates, gate.Beta), ("tau", gate.UsesTau, gate.Tau), ("inf", gate.UsesInf, gate.Inf) })
        {
            if (needed && f is null)
                throw JsonObjectReader.Fail(o.At(name), $"is missing: gate '{gate.Name}' with kinetics {SpecPath.Camel(kinetics.ToString())} needs {Needs(gate)}.");
        }
        return gate;
    }

    /// <summary>
    /// A kinetic-scheme gate's <c>"scheme": {"states": [{"name", "open"}], "transitions": [{"from", "to", "kinetics", "forward",
    /// "reverse", "tau", "inf"}], "start"}</c> (docs/spiking-hh.md, "Kinetic schemes"); a transition's kinetics is rates by default.
    /// </summary>
    private static KineticSchemeSpec Scheme(JsonObjectReader gate)
    {
        var o = gate.Object("scheme", "states", "transitions", "start");
        var states = new List<KineticStateSpec>();
        var sv = o.Required("states");
        if (sv.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(o.At("states"), $"must be an array of states (got {JsonObjectReader.Show(sv)}).");
        int k = 0;
        foreach (var item in sv.EnumerateArray())
        {
            var st = new JsonObjectReader(item, $"{o.At("states")}[{k++}]", "name", "open");
            states.Add(new KineticStateSpec(st.RequiredString("name"), st.Bool("open", false)));
        }
        var transitions = new List<KineticTransitionSpec>();
        var tv = o.Required("transitions");
        if (tv.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(o.At("transitions"), $"must be an array of transitions (got {JsonObjectReader.Show(tv)}).");
        k = 0;
        foreach (var item in tv.EnumerateArray())
        {
            var t = new JsonObjectReader(item, $"{o.At("transitions")}[{k++}]", "from", "to", "kinetics", "forward", "reverse", "tau", "inf");
            var kinetics = t.Has("kinetics") ? JsonObjectReader.EnumValue<TransitionKinetics>(t.Get("kinetics"), t.At("kinetics")) : TransitionKinetics.Rates;
            transitions.Add(new KineticTransitionSpec(t.RequiredString("from"), t.RequiredString("to"), kinetics,
                Function(t, "forward"), Function(t, "reverse"), Function(t, "tau"), Function(t, "inf")));
        }
        var start = o.Has("start") ? JsonObjectReader.EnumValue<KineticStart>(o.Get("start"), o.At("start")) : KineticStart.SteadyState;
        return new KineticSchemeSpec(states, transitions) { Start = start };
    }

    private static string Needs(GateSpec g) => g.Kinetics switch
    {
        GateKinetics.Rates => "alpha and beta",
        GateKinetics.TauInf => "tau and inf",
        GateKinetics.RatesInf => "alpha, beta and inf",
        GateKinetics.RatesTau => "alpha, beta and tau",
        _ => "inf",
    };

    private static VoltageFunction? Function(JsonObjectReader gate, string name)
    {
        if (!gate.Has(name)) return null;
        var o = new JsonObjectReader(gate.Get(name), gate.At(name), "form", "rate", "midpointMv", "scaleMv", "expression");
        var form = JsonObjectReader.EnumValue<VoltageFunctionForm>(o.Required("form"), o.At("form"));
        if (form == VoltageFunctionForm.Expression) return VoltageFunction.Of(Expression(o), o.RequiredNumber("rate"));
        if (o.Has("expression")) throw JsonObjectReader.Fail(o.At("expression"), $"is given to a function of form {SpecPath.Camel(form.ToString())}; only the form expression reads one.");
        if (form == VoltageFunctionForm.Constant) return new VoltageFunction(form, o.RequiredNumber("rate"), o.Number("midpointMv", 0), o.Number("scaleMv", 1));
        return new VoltageFunction(form, o.RequiredNumber("rate"), o.RequiredNumber("midpointMv"), o.RequiredNumber("scaleMv"));
    }

    /// <summary>
    /// An expression function's <c>"expression": {"constants": {NAME: SI value}, "variables": [{"name", "cases": [{"condition"?, "value"}]}],
    /// "result"}</c> (docs/formats.md), checked here so that a bad text is named at its JSON path.
    /// </summary>
    private static FunctionExpression Expression(JsonObjectReader function)
    {
        var o = function.Object("expression", "constants", "variables", "result");
        var constants = new Dictionary<string, double>(StringComparer.Ordinal);
        if (o.Has("constants"))
        {
            var c = o.Get("constants");
            if (c.ValueKind != JsonValueKind.Object) throw JsonObjectReader.Fail(o.At("constants"), $"must be an object of numbers by name (got {JsonObjectReader.Show(c)}).");
            foreach (var p in c.EnumerateObject()) constants[p.Name] = JsonObjectReader.Number(p.Value, $"{o.At("constants")}.{p.Name}");
        }
        var v = o.Required("variables");
        if (v.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(o.At("variables"), $"must be an array of variables (got {JsonObjectReader.Show(v)}).");
        var variables = new List<DerivedExpression>();
        int k = 0;
        foreach (var item in v.EnumerateArray())
        {
            var d = new JsonObjectReader(item, $"{o.At("variables")}[{k++}]", "name", "cases");
            var cases = d.Required("cases");
            if (cases.ValueKind != JsonValueKind.Array) throw JsonObjectReader.Fail(d.At("cases"), $"must be an array of cases (got {JsonObjectReader.Show(cases)}).");
            var list = new List<ExpressionCase>();
            int c = 0;
            foreach (var x in cases.EnumerateArray())
            {
                var e = new JsonObjectReader(x, $"{d.At("cases")}[{c++}]", "condition", "value");
                list.Add(new ExpressionCase(e.OptionalString("condition"), e.RequiredString("value")));
            }
            variables.Add(new DerivedExpression(d.RequiredString("name"), list));
        }
        var expression = new FunctionExpression(constants, variables, o.RequiredString("result"));
        try
        {
            expression.Validate("", o.Path, json: true);
        }
        catch (InvalidOptionException x)
        {
            throw JsonObjectReader.Fail(x.Property, $"{x.Requirement} (got {InvalidOptionException.Format(x.Value)}).");
        }
        return expression;
    }
}
