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
/// <param name="Initial">The state NEST starts the model in, where it differs from the engine's default start (empty when it does not).</param>
/// <param name="CurrentScale">Engine current per pA of injected current.</param>
/// <param name="BiasPa">I_e in pA.</param>
/// <param name="InhWeightScale">Engine input per unit of NEST weight on the inhibitory channel, where it differs from <paramref name="WeightScale"/>.</param>
/// <param name="PoissonSources">For a nest:poisson_generator, the number of engine sources its rate is split over (0 otherwise).</param>
/// <param name="PortTausMs">For a model with receptor ports (nest:glif_psc, nest:glif_cond), each port's synaptic time constant (ports 1, 2, ...); null otherwise.</param>
internal sealed record SonataCell(string Template, NeuronModelSpec Model, double WeightScale, double DelayShiftMs, IReadOnlyDictionary<string, double> Initial, double CurrentScale, double BiasPa,
    double? InhWeightScale = null, int PoissonSources = 0, IReadOnlyList<double>? PortTausMs = null)
{
    /// <summary>True for a nest:poisson_generator: its edges become Poisson inputs of their targets, not synapses.</summary>
    public bool IsGenerator => Model is PoissonSourceSpec;

    /// <summary>True for nodes that receive nothing (virtual nodes and generators).</summary>
    public bool IsSource => IsVirtual || IsGenerator;

    /// <summary>The engine weight of a NEST weight (its sign picks the channel, as NEST routes it).</summary>
    public double Scale(double weight) => weight * (weight < 0 ? InhWeightScale ?? WeightScale : WeightScale);

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

    /// <summary>NEST's defaults for izhikevich (V_th is the spike cut-off; I_e in pA as the model's current unit).</summary>
    private static readonly Dictionary<string, double> IzhikevichDefaults = new(StringComparer.Ordinal)
    {
        ["a"] = 0.02, ["b"] = 0.2, ["c"] = -65, ["d"] = 8, ["I_e"] = 0, ["V_th"] = 30, ["V_min"] = double.NegativeInfinity, ["V_m"] = -65, ["U_m"] = 0,
        ["consistent_integration"] = 1,
    };

    /// <summary>NEST's defaults for the aeif family (pF, nS, mV, ms, pA); the synaptic ones apply to the models that have them.</summary>
    private static readonly Dictionary<string, double> AeifDefaults = new(StringComparer.Ordinal)
    {
        ["C_m"] = 281, ["g_L"] = 30, ["E_L"] = -70.6, ["V_th"] = -50.4, ["Delta_T"] = 2, ["V_peak"] = 0, ["V_reset"] = -60, ["t_ref"] = 0,
        ["a"] = 4, ["b"] = 80.5, ["tau_w"] = 144, ["I_e"] = 0, ["gsl_error_tol"] = 1e-6, ["V_m"] = -70.6, ["w"] = 0,
        ["tau_syn_ex"] = 0.2, ["tau_syn_in"] = 2, ["E_ex"] = 0, ["E_in"] = -85,
    };

    /// <summary>The templates NeuroSharp runs, for refusals.</summary>
    internal const string Supported = "nest:iaf_psc_exp, nest:iaf_psc_alpha, nest:iaf_psc_delta, nest:iaf_cond_exp, nest:iaf_cond_alpha, nest:izhikevich, "
        + "nest:aeif_psc_exp, nest:aeif_psc_alpha, nest:aeif_psc_delta, nest:aeif_cond_exp, nest:aeif_cond_alpha, nest:glif_psc, nest:glif_cond, nest:poisson_generator, and model_type virtual";

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
                    return new SonataCell(template, delta, 1 / (1 - Math.Exp(-dtMs / tau)), dtMs, StartV(p["V_m"], p["E_L"]), r, p["I_e"]);
                }
                double ex = Positive(p, "tau_syn_ex", where, paramsFile), inh = Positive(p, "tau_syn_in", where, paramsFile);
                bool alpha = model == "iaf_psc_alpha";
                var lif = new LifNeuronSpec
                {
                    TauMs = tau, RestMv = p["E_L"], ResetMv = reset, ThresholdMv = thresh, RefractoryMs = refractory,
                    TauExcMs = ex, TauInhMs = inh, RiseExcMs = alpha ? ex : 0, RiseInhMs = alpha ? inh : 0,
                };
                return new SonataCell(template, lif, r, 0, StartV(p["V_m"], p["E_L"]), r, p["I_e"]);
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
                return new SonataCell(template, cond, 1 / g, 0, StartV(p["V_m"], p["E_L"]), 1 / g, p["I_e"]);
            }
            case "izhikevich":
                return Izhikevich(template, parameters, where, paramsFile, dtMs);
            case "aeif_psc_exp" or "aeif_psc_alpha" or "aeif_psc_delta" or "aeif_cond_exp" or "aeif_cond_alpha":
                return Aeif(template, model, parameters, where, paramsFile, dtMs);
            case "glif_psc":
                return SonataGlif.Map(template, parameters, where, paramsFile);
            case "glif_cond":
                return SonataGlif.Map(template, parameters, where, paramsFile, conductance: true);
            default:
                throw new InvalidInputException($"{where}: model_template is '{template}', which NeuroSharp does not simulate (supported: {Supported}; docs/sonata.md).");
        }
    }

    /// <summary>
    /// NEST's izhikevich is the engine's Izhikevich model with NEST's default forward Euler (consistent_integration) step for
    /// step: V_th is the cut-off, a spike of weight J adds J mV to v in the step it arrives, and currents (pA in NEST) are the
    /// model's dimensionless current.
    /// </summary>
    private static SonataCell Izhikevich(string template, JsonElement? parameters, string where, string? paramsFile, double dtMs)
    {
        var p = Read(parameters, IzhikevichDefaults, [], where, paramsFile, template, []);
        if (p["consistent_integration"] == 0)
            throw Bad(where, paramsFile, "sets consistent_integration false (the 2003 paper's half-step numerics); NeuroSharp integrates izhikevich as NEST's default forward Euler only");
        if (!double.IsNegativeInfinity(p["V_min"]) && p["V_min"] > -1e300)
            throw Bad(where, paramsFile, $"sets V_min {SonataConfig.Show(p["V_min"])} mV, a floor NeuroSharp's Izhikevich model does not have");
        if (!(p["a"] > 0)) throw Bad(where, paramsFile, $"a is {SonataConfig.Show(p["a"])}; it must be above 0");
        if (!(p["c"] < p["V_th"])) throw Bad(where, paramsFile, $"c {SonataConfig.Show(p["c"])} mV is not below V_th {SonataConfig.Show(p["V_th"])} mV");
        // Inputs with time constant 0 last one step: v gains dt w, so w = J / dt lands J in the step NEST adds it (one step
        // earlier than the engine's delay would: the delay is shortened by dt, as for iaf_psc_delta).
        var spec = new IzhikevichNeuronSpec { A = p["a"], B = p["b"], C = p["c"], D = p["d"], PeakMv = p["V_th"], TauExcMs = 0, TauInhMs = 0 };
        var initial = new Dictionary<string, double>(StringComparer.Ordinal);
        // The engine starts v at c and u at b v; NEST at V_m (-65) and U_m (0).
        if (p["V_m"] != spec.C) initial["v"] = p["V_m"];
        if (p["U_m"] != spec.B * p["V_m"]) initial["u"] = p["U_m"];
        return new SonataCell(template, spec, 1 / dtMs, dtMs, initial, 1, p["I_e"]);
    }

    /// <summary>
    /// NEST's aeif models are the engine's AdEx: psc_exp current inputs, psc_alpha with rise times equal to the decays,
    /// psc_delta one-step inputs of J C / dt pA (a jump of J mV), cond_exp and cond_alpha conductance inputs (E_ex, E_in).
    /// </summary>
    private static SonataCell Aeif(string template, string model, JsonElement? parameters, string where, string? paramsFile, double dtMs)
    {
        bool delta = model == "aeif_psc_delta", conductance = model.StartsWith("aeif_cond", StringComparison.Ordinal), alpha = model.EndsWith("alpha", StringComparison.Ordinal);
        string[] notAllowed = delta ? ["tau_syn_ex", "tau_syn_in", "E_ex", "E_in"] : conductance ? [] : ["E_ex", "E_in"];
        var p = Read(parameters, AeifDefaults, notAllowed, where, paramsFile, template, delta ? ["refractory_input"] : []);
        double c = Positive(p, "C_m", where, paramsFile);
        Positive(p, "g_L", where, paramsFile);
        Positive(p, "tau_w", where, paramsFile);
        if (!(p["Delta_T"] > 0))
            throw Bad(where, paramsFile, $"Delta_T is {SonataConfig.Show(p["Delta_T"])} mV; NeuroSharp's AdEx needs a slope above 0 (NEST's Delta_T 0 is an integrate-and-fire spike at V_th)");
        if (!(p["V_reset"] < p["V_peak"])) throw Bad(where, paramsFile, $"V_reset {SonataConfig.Show(p["V_reset"])} mV is not below V_peak {SonataConfig.Show(p["V_peak"])} mV");
        if (p["V_peak"] < p["V_th"]) throw Bad(where, paramsFile, $"V_peak {SonataConfig.Show(p["V_peak"])} mV is below V_th {SonataConfig.Show(p["V_th"])} mV");
        if (p["t_ref"] < 0) throw Bad(where, paramsFile, $"t_ref is {SonataConfig.Show(p["t_ref"])} ms; it must be at least 0");
        double ex = delta ? 0 : Positive(p, "tau_syn_ex", where, paramsFile), inh = delta ? 0 : Positive(p, "tau_syn_in", where, paramsFile);
        var spec = new AdExNeuronSpec
        {
            CapacitancePf = c, LeakNs = p["g_L"], RestMv = p["E_L"], ThresholdMv = p["V_th"], SlopeMv = p["Delta_T"], PeakMv = p["V_peak"],
            ResetMv = p["V_reset"], AdaptationNs = p["a"], SpikeAdaptationPa = p["b"], TauWMs = p["tau_w"],
            // NEST clamps V for t_ref/dt whole steps after the step that crossed; the engine counts that step too.
            // t_ref 0 stays 0: zero steps and one hold nothing beyond the crossing step (the same dynamics, the model's own default).
            RefractoryMs = p["t_ref"] == 0 ? 0 : p["t_ref"] + dtMs,
            TauExcMs = ex, TauInhMs = inh, RiseExcMs = alpha ? ex : 0, RiseInhMs = alpha ? inh : 0,
            ExcReversalMv = conductance ? p["E_ex"] : null, InhReversalMv = conductance ? p["E_in"] : null,
        };
        var initial = new Dictionary<string, double>(StringComparer.Ordinal);
        if (p["V_m"] != spec.RestMv) initial["v"] = p["V_m"];
        if (p["w"] != 0) initial["w"] = p["w"];
        // A one-step input w adds dt w / C to V: w = J C / dt lands J mV in the step NEST adds it (the delay shortened by dt).
        if (delta) return new SonataCell(template, spec, c / dtMs, dtMs, initial, 1, p["I_e"]);
        // Forward Euler holds each input over a step; scaled so that every step's charge is NEST's (docs/sonata.md).
        return new SonataCell(template, spec, ChargeScale(ex, alpha, dtMs), 0, initial, 1, p["I_e"], ChargeScale(inh, alpha, dtMs));
    }

    /// <summary>
    /// The exact charge of a unit input (tau for an exponential, e tau for NEST's alpha function of peak 1) over the charge the
    /// engine's step-held channel delivers (dt times the sum of its values at the steps' starts, as <see cref="Simulation.RiseChannel"/>
    /// propagates it), so that a forward-Euler step receives what the continuous input would give it.
    /// </summary>
    internal static double ChargeScale(double tauMs, bool alpha, double dtMs)
    {
        double keep = Math.Exp(-dtMs / tauMs);
        if (!alpha) return tauMs * (1 - keep) / dtMs; // sum of dt keep^k = dt / (1 - keep)
        // g starts at 0 and h at 1; each step g' = g keep + K h, h' = h keep. Sum of g = K sum_k k keep^(k-1) = K / (1 - keep)^2.
        double gain = Simulation.RiseChannel.Gain(tauMs, tauMs, dtMs);
        return Math.E * tauMs * (1 - keep) * (1 - keep) / (dtMs * gain);
    }

    private static Dictionary<string, double> StartV(double vm, double rest) =>
        vm == rest ? [] : new Dictionary<string, double>(StringComparer.Ordinal) { ["v"] = vm };

    /// <summary>Engine sources a nest:poisson_generator's rate is split over when node_types.csv has no poisson_sources column.</summary>
    internal const int DefaultPoissonSources = 1000;

    /// <summary>
    /// NEST's poisson_generator (rate in Hz, default 0): each target gets its own train, Poisson(rate dt) spikes a step. The engine's
    /// Poisson input draws Binomial(N, rate dt / N) a step from N sources; N comes from node_types.csv's poisson_sources column
    /// (NeuroSharp's export writes it), else <see cref="DefaultPoissonSources"/>, whose binomial is within 0.1 % of the Poisson.
    /// </summary>
    public static SonataCell PoissonGenerator(string template, JsonElement? parameters, int? sources, string where, string? paramsFile)
    {
        var p = Read(parameters, new Dictionary<string, double>(StringComparer.Ordinal) { ["rate"] = 0 }, [], where, paramsFile, template, []);
        if (p["rate"] < 0) throw Bad(where, paramsFile, $"rate is {SonataConfig.Show(p["rate"])} Hz; it must be at least 0");
        int n = sources ?? DefaultPoissonSources;
        return new SonataCell(template, new PoissonSourceSpec { RateHz = p["rate"] / n }, 1, 0, new Dictionary<string, double>(), 0, 0, null, n);
    }

    /// <summary>A virtual node type: a spike source whose spikes come from the simulation's inputs.</summary>
    public static SonataCell Virtual(string template) => new(template, new SpikeTimesSourceSpec(), 1, 0, new Dictionary<string, double>(), 0, 0);

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
            p[prop.Name] = prop.Value.ValueKind switch
            {
                JsonValueKind.True when prop.Name == "consistent_integration" => 1,
                JsonValueKind.False when prop.Name == "consistent_integration" => 0,
                _ => SonataConfig.Finite(prop.Value) ?? throw Bad(where, file, $"{prop.Name} is {prop.Value.GetRawText()}, not a number"),
            };
        }
        return p;
    }

    private static double Positive(Dictionary<string, double> p, string name, string where, string? file) =>
        p[name] > 0 ? p[name] : throw Bad(where, file, $"{name} is {SonataConfig.Show(p[name])}; it must be above 0");

    internal static InvalidInputException Bad(string where, string? file, string message) =>
        new(file is null ? $"{where}: {message}." : $"{file}: {message} (dynamics_params of {where}).");
}
