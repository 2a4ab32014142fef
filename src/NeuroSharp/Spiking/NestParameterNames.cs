namespace NeuroSharp.Spiking;

/// <summary>
/// NEST's parameter names (iaf_psc_*, iaf_cond_*, izhikevich, aeif_*, glif_*, poisson_generator) met in a network
/// file's "params": a NEST user writes V_th where the engine's model reads thresholdMv, so the refusal says which of
/// the model's parameters it is, or why the model has none (docs/formats.md, "NEST's parameter names").
/// </summary>
internal static class NestParameterNames
{
    private const string Refractory = "refractoryMs (ms; the engine counts the crossing step, so NEST's t_ref is refractoryMs - dt: docs/sonata.md, \"When things happen\")";
    private const string Current = "a constant current is a \"current\" input ($.inputs) in the model's current unit";
    private const string Start = "a start value is the population's \"initial\"";

    private static readonly Dictionary<string, string> Lif = new(StringComparer.Ordinal)
    {
        ["tau_m"] = "tauMs (ms)", ["E_L"] = "restMv (mV)", ["V_reset"] = "resetMv (mV)", ["V_th"] = "thresholdMv (mV)",
        ["t_ref"] = Refractory, ["tau_syn_ex"] = "tauExcMs (ms)", ["tau_syn_in"] = "tauInhMs (ms)",
    };

    /// <summary>The sentence for NEST's <paramref name="name"/> in the params of <paramref name="model"/>, or null if it is not one of NEST's.</summary>
    /// <param name="model">The engine model ("lif", ...).</param>
    /// <param name="name">The field the file gave.</param>
    /// <returns>"is NEST's name: ..." without the path, or null.</returns>
    public static string? Explain(string model, string name)
    {
        if (Renamed(model).TryGetValue(name, out string? ours)) return $"is NEST's name: model '{model}' calls it {ours}.";
        string? none = (model, name) switch
        {
            ("lif", "C_m") => "is NEST's capacitance, which model 'lif' does not have: its currents and weights are in mV (a NEST current of I pA is I tau_m / C_m mV, and so is a weight in pA; docs/sonata.md, \"Equations and units\").",
            ("conductanceLif", "C_m" or "g_L") => $"is NEST's {(name == "C_m" ? "capacitance" : "leak conductance")}, which model 'conductanceLif' does not have: tauMs is C_m / g_L and conductances (weights) are in units of g_L (w nS is w / g_L; docs/sonata.md, \"Equations and units\").",
            ("lif" or "conductanceLif" or "izhikevich" or "adex" or "glif", "I_e") => $"is NEST's constant current, not a parameter of model '{model}': {Current}.",
            ("lif" or "conductanceLif" or "izhikevich" or "adex" or "glif", "V_m") => $"is NEST's start value of V, not a parameter of model '{model}': {Start} ({{\"v\": ...}}).",
            ("izhikevich", "U_m") => $"is NEST's start value of u, not a parameter of model 'izhikevich': {Start} ({{\"u\": ...}}).",
            ("adex", "w") => $"is NEST's start value of w, not a parameter of model 'adex': {Start} ({{\"w\": ...}}).",
            _ => null,
        };
        return none;
    }

    /// <summary>The engine model that runs NEST's <paramref name="nestModel"/> (as docs/sonata.md maps it), or null.</summary>
    /// <param name="nestModel">The "model" the file gave, e.g. "iaf_psc_exp" or "nest:iaf_psc_exp".</param>
    /// <returns>"'lif' (...)" for the sentence, or null if it is not one of NEST's models that the engine runs.</returns>
    public static string? Model(string nestModel) => (nestModel.StartsWith("nest:", StringComparison.Ordinal) ? nestModel[5..] : nestModel) switch
    {
        "iaf_psc_exp" => "'lif'",
        "iaf_psc_alpha" => "'lif' with riseExcMs = tauExcMs and riseInhMs = tauInhMs (alpha currents)",
        "iaf_psc_delta" => "'lif' with deltaInputs = true and tauExcMs = tauInhMs = 0 (preset 'brunel': v jumps by the weight)",
        "iaf_cond_exp" => "'conductanceLif'",
        "iaf_cond_alpha" => "'conductanceLif' with riseExcMs = tauExcMs and riseInhMs = tauInhMs (alpha conductances)",
        "aeif_psc_exp" or "aeif_psc_alpha" or "aeif_psc_delta" or "aeif_cond_exp" or "aeif_cond_alpha" => "'adex'",
        "glif_psc" or "glif_cond" => "'glif'",
        "poisson_generator" => "'poisson' (or a \"poisson\" input, $.inputs)",
        "spike_generator" => "'spikeTimes'",
        _ => null,
    };

    private static Dictionary<string, string> Renamed(string model) => model switch
    {
        "lif" => Lif,
        "conductanceLif" => new(Lif, StringComparer.Ordinal) { ["E_ex"] = "excReversalMv (mV)", ["E_in"] = "inhReversalMv (mV)" },
        "izhikevich" => new(StringComparer.Ordinal) { ["V_th"] = "peakMv (mV)" },
        "adex" => new(StringComparer.Ordinal)
        {
            ["C_m"] = "capacitancePf (pF)", ["g_L"] = "leakNs (nS)", ["E_L"] = "restMv (mV)", ["V_th"] = "thresholdMv (mV)",
            ["Delta_T"] = "slopeMv (mV)", ["V_peak"] = "peakMv (mV)", ["V_reset"] = "resetMv (mV)", ["a"] = "adaptationNs (nS)",
            ["b"] = "spikeAdaptationPa (pA)", ["tau_w"] = "tauWMs (ms)", ["t_ref"] = Refractory, ["tau_syn_ex"] = "tauExcMs (ms)",
            ["tau_syn_in"] = "tauInhMs (ms)", ["E_ex"] = "excReversalMv (mV)", ["E_in"] = "inhReversalMv (mV)",
        },
        "glif" => new(StringComparer.Ordinal)
        {
            ["C_m"] = "capacitancePf (pF)", ["g"] = "leakNs (nS)", ["E_L"] = "restMv (mV)", ["V_th"] = "thresholdMv (mV)",
            ["V_reset"] = "resetMv (mV)", ["t_ref"] = "refractoryMs (ms, as NEST's)", ["tau_syn"] = "synapseTausMs (ms)", ["E_rev"] = "synapseReversalsMv (mV)",
            ["asc_decay"] = "ascDecayPerMs (1/ms)", ["asc_amps"] = "ascAmpsPa (pA)", ["asc_r"] = "ascRetain", ["asc_init"] = "ascInitPa (pA)",
            ["th_spike_decay"] = "thresholdSpikeDecayPerMs (1/ms)", ["th_spike_add"] = "thresholdSpikeAddMv (mV)",
            ["voltage_reset_fraction"] = "voltageResetFraction", ["voltage_reset_add"] = "voltageResetAddMv (mV)",
            ["th_voltage_index"] = "thresholdVoltageIndexPerMs (1/ms)", ["th_voltage_decay"] = "thresholdVoltageDecayPerMs (1/ms)",
        },
        "poisson" => new(StringComparer.Ordinal) { ["rate"] = "rateHz (Hz)" },
        _ => [],
    };
}
