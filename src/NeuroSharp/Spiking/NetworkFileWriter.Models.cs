using System.Text.Json;

namespace NeuroSharp.Spiking;

internal static partial class NetworkFileWriter
{
    private static void WriteModel(Utf8JsonWriter w, NeuronModelSpec model)
    {
        var descriptor = NeuronModels.DescriptorOf(model);
        w.WriteString("model", descriptor.Name);
        w.WriteStartObject("params");
        descriptor.Write(w, model);
        w.WriteEndObject();
    }

    /// <summary>An adaptive threshold, if there is one.</summary>
    internal static void AdaptiveThreshold(Utf8JsonWriter w, AdaptiveThresholdSpec? a)
    {
        if (a is null) return;
        w.WriteStartObject("adaptiveThreshold");
        w.WriteNumber("incrementMv", a.IncrementMv);
        w.WriteNumber("tauMs", a.TauMs);
        w.WriteEndObject();
    }
}

internal static partial class NetworkFileWriter
{
    /// <summary>A Hodgkin-Huxley cell's channels, as <see cref="NetworkFileReader.Channels"/> reads them.</summary>
    internal static void Channels(Utf8JsonWriter w, string name, IReadOnlyList<IonChannelSpec> channels)
    {
        w.WriteStartArray(name);
        foreach (var c in channels)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            if (c.Reversal != ReversalKind.Ghk || c.ConductanceNs != 0) w.WriteNumber("conductanceNs", c.ConductanceNs);
            if (c.Reversal == ReversalKind.Fixed || c.ReversalMv != 0) w.WriteNumber("reversalMv", c.ReversalMv);
            if (c.Ion is not null) w.WriteString("ion", c.Ion);
            if (c.Reversal != ReversalKind.Fixed) w.WriteString("reversal", SpecPath.Camel(c.Reversal.ToString()));
            if (c.PermeabilityUm3PerS != 0) w.WriteNumber("permeabilityUm3PerS", c.PermeabilityUm3PerS);
            if (c.Gates.Count > 0)
            {
                w.WriteStartArray("gates");
                foreach (var g in c.Gates)
                {
                    w.WriteStartObject();
                    w.WriteString("name", g.Name);
                    w.WriteNumber("power", g.Power);
                    w.WriteString("kinetics", SpecPath.Camel(g.Kinetics.ToString()));
                    Function(w, "alpha", g.Alpha);
                    Function(w, "beta", g.Beta);
                    Function(w, "tau", g.Tau);
                    Function(w, "inf", g.Inf);
                    if (g.RateFactor != 1) w.WriteNumber("rateFactor", g.RateFactor);
                    if (g.Q10 != 1) w.WriteNumber("q10", g.Q10);
                    if (g.Scheme is { } scheme) Scheme(w, scheme);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>A Hodgkin-Huxley cell's concentration pools, as <see cref="NetworkFileReader.Concentrations"/> reads them; nothing when there are none.</summary>
    internal static void Concentrations(Utf8JsonWriter w, string name, IReadOnlyList<ConcentrationPoolSpec> pools)
    {
        if (pools.Count == 0) return;
        w.WriteStartArray(name);
        foreach (var p in pools)
        {
            w.WriteStartObject();
            PoolFields(w, p, withArea: true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>
    /// A pool's fields, in the reader's order; <paramref name="withArea"/> false for a morphology's pools, whose area is each
    /// compartment's own.
    /// </summary>
    internal static void PoolFields(Utf8JsonWriter w, ConcentrationPoolSpec p, bool withArea)
    {
        w.WriteString("ion", p.Ion);
        w.WriteString("model", SpecPath.Camel(p.Model.ToString()));
        w.WriteNumber("initialMm", p.InitialMm);
        w.WriteNumber("externalMm", p.ExternalMm);
        w.WriteNumber("restingMm", p.RestingMm);
        w.WriteNumber("decayMs", p.DecayMs);
        if (withArea) w.WriteNumber("areaUm2", p.AreaUm2);
        w.WriteNumber("shellThicknessUm", p.ShellThicknessUm);
        w.WriteNumber("rho", p.Rho);
        w.WriteNumber("valence", p.Valence);
    }

    /// <summary>A kinetic-scheme gate's scheme, as NetworkFileReader.Scheme reads it.</summary>
    private static void Scheme(Utf8JsonWriter w, KineticSchemeSpec scheme)
    {
        w.WriteStartObject("scheme");
        w.WriteStartArray("states");
        foreach (var s in scheme.States)
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            if (s.Open) w.WriteBoolean("open", true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("transitions");
        foreach (var t in scheme.Transitions)
        {
            w.WriteStartObject();
            w.WriteString("from", t.From);
            w.WriteString("to", t.To);
            if (t.Kinetics != TransitionKinetics.Rates) w.WriteString("kinetics", SpecPath.Camel(t.Kinetics.ToString()));
            Function(w, "forward", t.Forward);
            Function(w, "reverse", t.Reverse);
            Function(w, "tau", t.Tau);
            Function(w, "inf", t.Inf);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (scheme.Start != KineticStart.SteadyState) w.WriteString("start", SpecPath.Camel(scheme.Start.ToString()));
        w.WriteEndObject();
    }

    private static void Function(Utf8JsonWriter w, string name, VoltageFunction? f)
    {
        if (f is null) return;
        w.WriteStartObject(name);
        w.WriteString("form", SpecPath.Camel(f.Form.ToString()));
        w.WriteNumber("rate", f.Rate);
        if (f.Expression is { } e)
        {
            w.WriteStartObject("expression");
            w.WriteStartObject("constants");
            foreach (var (constant, value) in e.Constants) w.WriteNumber(constant, value);
            w.WriteEndObject();
            w.WriteStartArray("variables");
            foreach (var d in e.Variables)
            {
                w.WriteStartObject();
                w.WriteString("name", d.Name);
                w.WriteStartArray("cases");
                foreach (var c in d.Cases)
                {
                    w.WriteStartObject();
                    if (c.Condition is not null) w.WriteString("condition", c.Condition);
                    w.WriteString("value", c.Value);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("result", e.Result);
            w.WriteEndObject();
        }
        else if (f.Form != VoltageFunctionForm.Constant || f.MidpointMv != 0 || f.ScaleMv != 1)
        {
            w.WriteNumber("midpointMv", f.MidpointMv);
            w.WriteNumber("scaleMv", f.ScaleMv);
        }
        w.WriteEndObject();
    }
}
