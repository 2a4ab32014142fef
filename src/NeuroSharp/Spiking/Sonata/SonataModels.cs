using System.Text.Json;

namespace NeuroSharp.Spiking.Sonata;

/// <summary>
/// A SONATA node type as the engine runs it: the model, what one unit of NEST synaptic weight is in the model's
/// input units, the delay to subtract (delta synapses), the initial potential and the constant current I_e.
/// </summary>
/// <param name="Template">The model_template, e.g. nest:iaf_psc_alpha.</param>
/// <param name="Model">The engine model.</param>
/// <param name="WeightScale">Engine input per unit of NEST weight (pA, nS or mV).</param>
/// <param name="DelayShiftMs">Subtracted from each delay so that the input lands on the step NEST lands it (dt for delta synapses).</param>
/// <param name="InitialV">V_m at the start (NEST's default -70 mV unless the parameters set it).</param>
/// <param name="CurrentScale">Engine current per pA of injected current.</param>
/// <param name="BiasPa">I_e in pA.</param>
internal sealed record SonataCell(string Template, NeuronModelSpec Model, double WeightScale, double DelayShiftMs, double InitialV, double CurrentScale, double BiasPa)
{
    /// <summary>True for a virtual node (a spike source).</summary>
    public bool IsVirtual => Model is SpikeTimesSourceSpec;
}

/// <summary>
/// NEST's point-neuron models as SONATA names them (<c>model_template</c> "nest:&lt;model&gt;") and their mapping onto the
/// engine's models, with NEST's defaults for parameters a file leaves out. docs/sonata.md has the equations.
/// </summary>
internal static class SonataModels
{
    /// <summary>NEST's own default parameters of the iaf family (pF, ms, mV, pA).</summary>
    private static readonly Dictionary<string, double> IafDefaults = new(StringComparer.Ordinal)
    {
        ["C_m"] = 250, ["tau_m"] = 10, ["t_ref"] = 2, ["E_L"] = -70, ["V_th"] = -55, ["V_reset"] = -70, ["I_e"] = 0, ["V_m"] = -70,
        ["tau_syn_ex"] = 2, ["tau_syn_in"] = 2,
    };

    /// <summary>NEST's defaults for iaf_cond_exp and iaf_cond_alpha (nS, pF, ms, mV, pA).</summary>
    private static readonly Dictionary<string, double> CondDefaults = new(StringComparer.Ordinal)
    {
        ["C_m"] = 250, ["g_L"] = 16.6667, ["t_ref"] = 2, ["E_L"] = -70, ["V_th"] = -55, ["V_reset"] = -60, ["I_e"] = 0, ["V_m"] = -70,
        ["E_ex"] = 0, ["E_in"] = -85, ["tau_syn_ex"] = 0.2, ["tau_syn_in"] = 2,
    };

    /// <summary>The templates NeuroSharp runs, for refusals.</summary>
    internal const string Supported = "nest:iaf_psc_exp, nest:iaf_psc_alpha, nest:iaf_psc_delta, nest:iaf_cond_exp, nest:iaf_cond_alpha, and model_type virtual";

    /// <summary>Maps a template and its parameters.</summary>
    /// <param name="template">model_template, e.g. nest:iaf_psc_exp.</param>
    /// <param name="parameters">The dynamics_params object (empty for none).</param>
    /// <param name="where">The CSV row for messages ("file: line N").</param>
    /// <param name="paramsFile">The dynamics_params file for messages, or null.</param>
    /// <param name="dtMs">The step.</param>
    public static SonataCell Map(string template, JsonElement? parameters, string where, string? paramsFile, double dtMs)
    {
        if (!template.StartsWith("nest:", StringComparison.Ordinal))
            throw new InvalidInputException($"{where}: model_template is '{template}'; NeuroSharp runs point neurons given as NEST models ({Supported}).");
        string model = template[5..];
        switch (model)
        {
            case "iaf_psc_exp" or "iaf_psc_alpha" or "iaf_psc_delta":
            {
                var p = Read(parameters, IafDefaults, model == "iaf_psc_delta" ? ["tau_syn_ex", "tau_syn_in"] : [], where, paramsFile, template,
                    model == "iaf_psc_delta" ? ["refractory_input"] : []);
                double tau = Positive(p, "tau_m", where, paramsFile), c = Positive(p, "C_m", where, paramsFile);
                double reset = p["V_reset"], thresh = p["V_th"];
                if (!(reset < thresh)) throw Bad(where, paramsFile, $"V_reset {SonataConfig.Show(reset)} mV is not below V_th {SonataConfig.Show(thresh)} mV");
                if (p["t_ref"] < 0) throw Bad(where, paramsFile, $"t_ref is {SonataConfig.Show(p["t_ref"])} ms; it must be at least 0");
                double r = tau / c; // mV per pA (ms / pF = GOhm)
                // NEST clamps v for t_ref/dt whole steps after the step that crossed; the engine counts that step too.
                double refractory = p["t_ref"] + dtMs;
                if (model == "iaf_psc_delta")
                {
                    // A delta synapse of J mV: the engine spreads an input with tau 0 over one step, v gaining w (1 - e_m),
                    // so w = J / (1 - e_m) lands exactly J by the end of that step.
                    var delta = new LifNeuronSpec { TauMs = tau, RestMv = p["E_L"], ResetMv = reset, ThresholdMv = thresh, RefractoryMs = refractory, TauExcMs = 0, TauInhMs = 0 };
                    return new SonataCell(template, delta, 1 / (1 - Math.Exp(-dtMs / tau)), dtMs, p["V_m"], r, p["I_e"]);
                }
                double ex = Positive(p, "tau_syn_ex", where, paramsFile), inh = Positive(p, "tau_syn_in", where, paramsFile);
                bool alpha = model == "iaf_psc_alpha";
                var lif = new LifNeuronSpec
                {
                    TauMs = tau, RestMv = p["E_L"], ResetMv = reset, ThresholdMv = thresh, RefractoryMs = refractory,
                    TauExcMs = ex, TauInhMs = inh, RiseExcMs = alpha ? ex : 0, RiseInhMs = alpha ? inh : 0,
                };
                return new SonataCell(template, lif, r, 0, p["V_m"], r, p["I_e"]);
            }
            case "iaf_cond_exp" or "iaf_cond_alpha":
            {
                var p = Read(parameters, CondDefaults, [], where, paramsFile, template, []);
                double g = Positive(p, "g_L", where, paramsFile), c = Positive(p, "C_m", where, paramsFile);
                double reset = p["V_reset"], thresh = p["V_th"];
                if (!(reset < thresh)) throw Bad(where, paramsFile, $"V_reset {SonataConfig.Show(reset)} mV is not below V_th {SonataConfig.Show(thresh)} mV");
                if (p["t_ref"] < 0) throw Bad(where, paramsFile, $"t_ref is {SonataConfig.Show(p["t_ref"])} ms; it must be at least 0");
                double ex = Positive(p, "tau_syn_ex", where, paramsFile), inh = Positive(p, "tau_syn_in", where, paramsFile);
                bool alpha = model == "iaf_cond_alpha";
                var cond = new ConductanceLifNeuronSpec
                {
                    TauMs = c / g, RestMv = p["E_L"], ResetMv = reset, ThresholdMv = thresh, RefractoryMs = p["t_ref"] + dtMs,
                    TauExcMs = ex, TauInhMs = inh, RiseExcMs = alpha ? ex : 0, RiseInhMs = alpha ? inh : 0,
                    ExcReversalMv = p["E_ex"], InhReversalMv = p["E_in"],
                };
                // Conductances in units of g_L; currents as g_L-scaled mV (I / g_L).
                return new SonataCell(template, cond, 1 / g, 0, p["V_m"], 1 / g, p["I_e"]);
            }
            default:
                throw new InvalidInputException($"{where}: model_template is '{template}', which NeuroSharp does not simulate (supported: {Supported}; docs/sonata.md).");
        }
    }

    /// <summary>A virtual node type: a spike source whose spikes come from the simulation's inputs.</summary>
    public static SonataCell Virtual(string template) => new(template, new SpikeTimesSourceSpec(), 1, 0, 0, 0, 0);

    private static Dictionary<string, double> Read(JsonElement? parameters, Dictionary<string, double> defaults, string[] notAllowed, string where,
        string? file, string template, string[] falseFlags)
    {
        var p = new Dictionary<string, double>(defaults, StringComparer.Ordinal);
        if (parameters is not { } json) return p;
        foreach (var prop in json.EnumerateObject())
        {
            if (falseFlags.Contains(prop.Name))
            {
                if (prop.Value.ValueKind is JsonValueKind.False || SonataConfig.Finite(prop.Value) == 0) continue;
                throw Bad(where, file, $"{prop.Name} is {prop.Value.GetRawText()}; NeuroSharp's LIF ignores input while refractory as NEST's default does, so only false is supported");
            }
            if (!defaults.ContainsKey(prop.Name) || notAllowed.Contains(prop.Name))
            {
                throw Bad(where, file, $"sets '{prop.Name}', a parameter NeuroSharp's mapping of {template} does not have (it reads {string.Join(", ", defaults.Keys.Where(k => !notAllowed.Contains(k)))})");
            }
            p[prop.Name] = SonataConfig.Finite(prop.Value) ?? throw Bad(where, file, $"{prop.Name} is {prop.Value.GetRawText()}, not a number");
        }
        return p;
    }

    private static double Positive(Dictionary<string, double> p, string name, string where, string? file) =>
        p[name] > 0 ? p[name] : throw Bad(where, file, $"{name} is {SonataConfig.Show(p[name])}; it must be above 0");

    private static InvalidInputException Bad(string where, string? file, string message) =>
        new(file is null ? $"{where}: {message}." : $"{file}: {message} (dynamics_params of {where}).");
}
