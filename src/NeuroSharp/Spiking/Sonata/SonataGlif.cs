using System.Text.Json;

namespace NeuroSharp.Spiking.Sonata;

/// <summary>
/// NEST's glif_psc and glif_cond (the Allen Cell Types database's GLIF fits, as bmtk's point_450glifs uses them) onto
/// <see cref="GlifNeuronSpec"/>: LIF, LIF_R, LIF_ASC, LIF_R_ASC and LIF_R_ASC_A with NEST's parameter names, defaults and
/// relative-to-E_L conventions; tau_syn (with E_rev for glif_cond) are the receptor ports, which edges pick by receptor_type
/// (docs/sonata.md, "GLIF").
/// </summary>
internal static class SonataGlif
{
    private static readonly string[] Numbers =
        ["V_m", "V_th", "g", "E_L", "C_m", "t_ref", "V_reset", "th_spike_add", "th_spike_decay", "voltage_reset_fraction", "voltage_reset_add", "th_voltage_index", "th_voltage_decay"];

    private static readonly string[] Lists = ["asc_init", "asc_decay", "asc_amps", "asc_r", "tau_syn"];

    private static readonly string[] CondLists = [.. Lists, "E_rev"];

    private static readonly string[] Flags = ["spike_dependent_threshold", "after_spike_currents", "adapting_threshold"];

    /// <summary>Maps a glif_psc or (<paramref name="conductance"/>) glif_cond node type's parameters (NEST's defaults for those it leaves out).</summary>
    public static SonataCell Map(string template, JsonElement? parameters, string where, string? file, bool conductance = false)
    {
        var lists = conductance ? CondLists : Lists;
        // NEST's defaults; V_th, V_reset and V_m follow E_L when not given (NEST keeps them relative to E_L).
        var number = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["g"] = 9.43, ["E_L"] = -78.85, ["C_m"] = 58.72, ["t_ref"] = 3.75, ["th_spike_add"] = 0.37, ["th_spike_decay"] = 0.009,
            ["voltage_reset_fraction"] = 0.2, ["voltage_reset_add"] = 18.51, ["th_voltage_index"] = 0.005, ["th_voltage_decay"] = 0.09,
        };
        var list = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            ["asc_init"] = [0, 0], ["asc_decay"] = [0.003, 0.1], ["asc_amps"] = [-9.18, -198.94], ["asc_r"] = [1, 1],
            // glif_cond's defaults: an excitatory port (0.2 ms, 0 mV) and an inhibitory one (2 ms, -85 mV).
            ["tau_syn"] = conductance ? [0.2, 2.0] : [2.0], ["E_rev"] = [0.0, -85.0],
        };
        var flag = new Dictionary<string, bool>(StringComparer.Ordinal) { ["spike_dependent_threshold"] = false, ["after_spike_currents"] = false, ["adapting_threshold"] = false };
        if (parameters is { } json)
        {
            foreach (var prop in json.EnumerateObject())
            {
                if (Numbers.Contains(prop.Name))
                    number[prop.Name] = SonataConfig.Finite(prop.Value) ?? throw SonataModels.Bad(where, file, $"{prop.Name} is {prop.Value.GetRawText()}, not a number");
                else if (lists.Contains(prop.Name))
                    list[prop.Name] = ListOf(prop, where, file);
                else if (Flags.Contains(prop.Name))
                    flag[prop.Name] = prop.Value.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw SonataModels.Bad(where, file, $"{prop.Name} is {prop.Value.GetRawText()}, not true or false"),
                    };
                else
                    throw SonataModels.Bad(where, file, $"sets '{prop.Name}', a parameter NeuroSharp's mapping of {template} does not have (it reads {string.Join(", ", Numbers.Concat(lists).Concat(Flags))})");
            }
        }
        double el = number["E_L"];
        double vth = number.GetValueOrDefault("V_th", el + 27.17), reset = number.GetValueOrDefault("V_reset", el), vm = number.GetValueOrDefault("V_m", el);
        bool asc = flag["after_spike_currents"], r = flag["spike_dependent_threshold"], a = flag["adapting_threshold"];
        // NEST's five levels; adapting_threshold comes only with the other two (GLIF5).
        if (a && !(asc && r))
            throw SonataModels.Bad(where, file, $"sets adapting_threshold true with spike_dependent_threshold {(r ? "true" : "false")} and after_spike_currents {(asc ? "true" : "false")}; NEST's glif models take it only with both true (LIF_R_ASC_A)");
        if (a && !(number["th_voltage_decay"] > 0))
            throw SonataModels.Bad(where, file, $"th_voltage_decay is {SonataConfig.Show(number["th_voltage_decay"])}; it must be above 0");
        foreach (string name in new[] { "g", "C_m", "t_ref" })
        {
            if (!(number[name] > 0)) throw SonataModels.Bad(where, file, $"{name} is {SonataConfig.Show(number[name])}; it must be above 0");
        }
        if (!(reset < vth)) throw SonataModels.Bad(where, file, $"V_reset {SonataConfig.Show(reset)} mV is not below V_th {SonataConfig.Show(vth)} mV");
        var taus = list["tau_syn"];
        if (taus.Length == 0 || taus.Any(t => !(t > 0))) throw SonataModels.Bad(where, file, "tau_syn must list at least one time constant, each above 0");
        var reversals = conductance ? list["E_rev"] : [];
        if (conductance && reversals.Length != taus.Length)
            throw SonataModels.Bad(where, file, $"tau_syn lists {taus.Length} values and E_rev {reversals.Length}; glif_cond needs one reversal potential per port");
        int n = list["asc_decay"].Length;
        if (asc && (list["asc_init"].Length != n || list["asc_amps"].Length != n || list["asc_r"].Length != n))
            throw SonataModels.Bad(where, file, $"asc_init, asc_decay, asc_amps and asc_r list {list["asc_init"].Length}, {n}, {list["asc_amps"].Length} and {list["asc_r"].Length} values; NEST needs one each per after-spike current");
        var spec = new GlifNeuronSpec
        {
            CapacitancePf = number["C_m"], LeakNs = number["g"], RestMv = el, ThresholdMv = vth, ResetMv = reset, RefractoryMs = number["t_ref"],
            SynapseTausMs = taus, SynapseReversalsMv = reversals,
            AscDecayPerMs = asc ? list["asc_decay"] : [], AscAmpsPa = asc ? list["asc_amps"] : [], AscRetain = asc ? list["asc_r"] : [],
            AscInitPa = asc && list["asc_init"].Any(x => x != 0) ? list["asc_init"] : [],
            ThresholdSpikeDecayPerMs = r ? number["th_spike_decay"] : double.NaN,
            ThresholdSpikeAddMv = r ? number["th_spike_add"] : new GlifNeuronSpec().ThresholdSpikeAddMv,
            VoltageResetFraction = r ? number["voltage_reset_fraction"] : new GlifNeuronSpec().VoltageResetFraction,
            VoltageResetAddMv = r ? number["voltage_reset_add"] : new GlifNeuronSpec().VoltageResetAddMv,
            ThresholdVoltageIndexPerMs = a ? number["th_voltage_index"] : double.NaN,
            ThresholdVoltageDecayPerMs = a ? number["th_voltage_decay"] : new GlifNeuronSpec().ThresholdVoltageDecayPerMs,
        };
        try
        {
            spec.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw SonataModels.Bad(where, file, e.Message.TrimEnd('.'));
        }
        var initial = new Dictionary<string, double>(StringComparer.Ordinal);
        if (vm != el) initial["v"] = vm;
        // Weights are the alpha currents' peaks in pA (glif_cond: the conductances' peaks in nS), the engine's units; neither has I_e.
        return new SonataCell(template, spec, 1, 0, initial, 1, 0, null, 0, taus);
    }

    private static double[] ListOf(JsonProperty prop, string where, string? file)
    {
        if (prop.Value.ValueKind != JsonValueKind.Array) throw SonataModels.Bad(where, file, $"{prop.Name} is {prop.Value.GetRawText()}, not a list of numbers");
        return [.. prop.Value.EnumerateArray().Select((x, k) => SonataConfig.Finite(x) ?? throw SonataModels.Bad(where, file, $"{prop.Name}[{k}] is {x.GetRawText()}, not a number"))];
    }
}
