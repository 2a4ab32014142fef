namespace NeuroSharp.Spiking;

/// <summary>
/// Generalized leaky integrate-and-fire neuron (Teeter et al. 2018, the Allen Cell Types database's point models) as NEST's
/// glif_psc defines it: a linear membrane integrated exactly per step, alpha-shaped synaptic currents (one time constant per
/// channel), optional after-spike currents (ASC, each a decaying exponential that a spike steps up) and an optional
/// spike-dependent threshold component with a voltage reset that depends on the potential before the spike (R), and an optional
/// voltage-dependent threshold component (A). The levels are LIF (none), LIF_R (thresholdSpikeDecayPerMs set), LIF_ASC (ASC
/// lists set), LIF_R_ASC (both) and LIF_R_ASC_A (all three: thresholdVoltageIndexPerMs set too). With synapseReversalsMv the
/// receptor ports are alpha-shaped conductances in nS with a reversal potential each, as NEST's glif_cond defines them.
/// Equations in docs/spiking-glif.md.
/// </summary>
public sealed record GlifNeuronSpec : NeuronModelSpec
{
    /// <summary>C, membrane capacitance in pF.</summary>
    public double CapacitancePf { get; init; } = 58.72;

    /// <summary>g, membrane (leak) conductance in nS.</summary>
    public double LeakNs { get; init; } = 9.43;

    /// <summary>E_L, resting potential in mV.</summary>
    public double RestMv { get; init; } = -78.85;

    /// <summary>V_th, the threshold's constant part (theta_inf) in mV.</summary>
    public double ThresholdMv { get; init; } = -51.68;

    /// <summary>V_reset in mV, the potential after a spike without the R mechanism.</summary>
    public double ResetMv { get; init; } = -78.85;

    /// <summary>t_ref in ms: V is held for this long after the step that crossed (NEST's round(t_ref / dt) steps).</summary>
    public double RefractoryMs { get; init; } = 3.75;

    /// <summary>
    /// The receptor ports' alpha-current time constants in ms (NEST's tau_syn; a weight w pA peaks at w at t = tau). A projection
    /// names its port (1, 2, ...; none: port 1); its receptor gives the sign.
    /// </summary>
    public IReadOnlyList<double> SynapseTausMs { get; init; } = [2.0];

    /// <summary>k_j, decay rate of each after-spike current in 1/ms (empty: no after-spike currents).</summary>
    public IReadOnlyList<double> AscDecayPerMs { get; init; } = [];

    /// <summary>A_j, the step of each after-spike current at a spike in pA.</summary>
    public IReadOnlyList<double> AscAmpsPa { get; init; } = [];

    /// <summary>r_j, the fraction of each after-spike current kept across a spike (empty: all 1).</summary>
    public IReadOnlyList<double> AscRetain { get; init; } = [];

    /// <summary>Initial after-spike currents in pA (empty: all 0).</summary>
    public IReadOnlyList<double> AscInitPa { get; init; } = [];

    /// <summary>b_s, decay rate of the threshold's spike component in 1/ms; NaN (the default) turns the R mechanism off.</summary>
    public double ThresholdSpikeDecayPerMs { get; init; } = double.NaN;

    /// <summary>a_s, the step of the threshold's spike component at a spike in mV (with the R mechanism).</summary>
    public double ThresholdSpikeAddMv { get; init; } = 0.37;

    /// <summary>f_v, the fraction of the potential before the spike (relative to E_L) kept at the reset (with R).</summary>
    public double VoltageResetFraction { get; init; } = 0.2;

    /// <summary>delta_v, added to the reset potential (relative to E_L) in mV (with R).</summary>
    public double VoltageResetAddMv { get; init; } = 18.51;

    /// <summary>a_v, the voltage-dependent threshold component's gain in 1/ms; NaN (the default) turns the A mechanism off.</summary>
    public double ThresholdVoltageIndexPerMs { get; init; } = double.NaN;

    /// <summary>b_v, the decay rate of the voltage-dependent threshold component in 1/ms (with A).</summary>
    public double ThresholdVoltageDecayPerMs { get; init; } = 0.09;

    /// <summary>
    /// E_rev of each receptor port in mV (one per <see cref="SynapseTausMs"/>): the ports are then conductances (NEST's glif_cond; a
    /// weight w nS peaks at w nS at t = tau). Empty (the default): the ports are currents in pA (glif_psc).
    /// </summary>
    public IReadOnlyList<double> SynapseReversalsMv { get; init; } = [];

    /// <summary>True when the receptor ports are conductances (<see cref="SynapseReversalsMv"/> given).</summary>
    public bool ConductancePorts => SynapseReversalsMv.Count > 0;

    /// <summary>True when the voltage-dependent threshold component (A) is on.</summary>
    public bool AdaptingThreshold => !double.IsNaN(ThresholdVoltageIndexPerMs);

    /// <summary>True when the spike-dependent threshold and voltage reset (R) are on.</summary>
    public bool SpikeDependentThreshold => !double.IsNaN(ThresholdSpikeDecayPerMs);

    /// <summary>The number of after-spike currents.</summary>
    public int AscCount => AscDecayPerMs.Count;

    /// <summary>Value equality, the lists by their elements.</summary>
    public bool Equals(GlifNeuronSpec? other) =>
        other is not null && CapacitancePf == other.CapacitancePf && LeakNs == other.LeakNs && RestMv == other.RestMv && ThresholdMv == other.ThresholdMv
        && ResetMv == other.ResetMv && RefractoryMs == other.RefractoryMs && SynapseTausMs.SequenceEqual(other.SynapseTausMs)
        && AscDecayPerMs.SequenceEqual(other.AscDecayPerMs) && AscAmpsPa.SequenceEqual(other.AscAmpsPa) && AscRetain.SequenceEqual(other.AscRetain)
        && AscInitPa.SequenceEqual(other.AscInitPa) && ThresholdSpikeDecayPerMs.Equals(other.ThresholdSpikeDecayPerMs)
        && ThresholdSpikeAddMv == other.ThresholdSpikeAddMv && VoltageResetFraction == other.VoltageResetFraction && VoltageResetAddMv == other.VoltageResetAddMv
        && ThresholdVoltageIndexPerMs.Equals(other.ThresholdVoltageIndexPerMs) && ThresholdVoltageDecayPerMs == other.ThresholdVoltageDecayPerMs
        && SynapseReversalsMv.SequenceEqual(other.SynapseReversalsMv);

    /// <summary>A hash of the scalar parameters and the list lengths.</summary>
    public override int GetHashCode() => HashCode.Combine(CapacitancePf, LeakNs, RestMv, ThresholdMv, RefractoryMs, SynapseTausMs.Count, AscCount, HashCode.Combine(ThresholdSpikeDecayPerMs, ThresholdVoltageIndexPerMs, SynapseReversalsMv.Count));

    /// <inheritdoc/>
    public override void Validate()
    {
        const string owner = nameof(GlifNeuronSpec);
        SpecChecks.Positive(owner, nameof(CapacitancePf), CapacitancePf);
        SpecChecks.Positive(owner, nameof(LeakNs), LeakNs);
        SpecChecks.Finite(owner, nameof(RestMv), RestMv);
        SpecChecks.Finite(owner, nameof(ThresholdMv), ThresholdMv);
        SpecChecks.Finite(owner, nameof(ResetMv), ResetMv);
        SpecChecks.Less(owner, nameof(ResetMv), ResetMv, nameof(ThresholdMv), ThresholdMv);
        SpecChecks.NonNegative(owner, nameof(RefractoryMs), RefractoryMs);
        if (SynapseTausMs.Count == 0) throw new InvalidOptionException(owner, nameof(SynapseTausMs), "lists no ports; give at least one time constant", 0);
        for (int p = 0; p < SynapseTausMs.Count; p++) SpecChecks.Positive(owner, $"{nameof(SynapseTausMs)}[{p}]", SynapseTausMs[p]);
        if (ConductancePorts && SynapseReversalsMv.Count != SynapseTausMs.Count)
            throw new InvalidOptionException(owner, nameof(SynapseReversalsMv), $"lists {SynapseReversalsMv.Count} values but synapseTausMs lists {SynapseTausMs.Count}; give one reversal potential per port", SynapseReversalsMv.Count);
        for (int p = 0; p < SynapseReversalsMv.Count; p++) SpecChecks.Finite(owner, $"{nameof(SynapseReversalsMv)}[{p}]", SynapseReversalsMv[p]);
        int n = AscCount;
        for (int j = 0; j < n; j++) SpecChecks.Positive(owner, $"{nameof(AscDecayPerMs)}[{j}]", AscDecayPerMs[j]);
        foreach (var (name, list) in new[] { (nameof(AscAmpsPa), AscAmpsPa), (nameof(AscRetain), AscRetain), (nameof(AscInitPa), AscInitPa) })
        {
            bool optional = name != nameof(AscAmpsPa);
            if (list.Count != n && !(optional && list.Count == 0))
                throw new InvalidOptionException(owner, name, $"lists {list.Count} values but ascDecayPerMs lists {n}; give one per after-spike current", list.Count);
            for (int j = 0; j < list.Count; j++) SpecChecks.Finite(owner, $"{name}[{j}]", list[j]);
        }
        for (int j = 0; j < AscRetain.Count; j++)
        {
            if (AscRetain[j] is < 0 or > 1) throw new InvalidOptionException(owner, $"{nameof(AscRetain)}[{j}]", "must be within [0, 1]", AscRetain[j]);
        }
        if (SpikeDependentThreshold)
        {
            SpecChecks.Positive(owner, nameof(ThresholdSpikeDecayPerMs), ThresholdSpikeDecayPerMs);
            SpecChecks.Finite(owner, nameof(ThresholdSpikeAddMv), ThresholdSpikeAddMv);
            SpecChecks.Finite(owner, nameof(VoltageResetAddMv), VoltageResetAddMv);
            if (VoltageResetFraction is < 0 or > 1)
                throw new InvalidOptionException(owner, nameof(VoltageResetFraction), "must be within [0, 1]", VoltageResetFraction);
        }
        if (AdaptingThreshold)
        {
            SpecChecks.Finite(owner, nameof(ThresholdVoltageIndexPerMs), ThresholdVoltageIndexPerMs);
            SpecChecks.Positive(owner, nameof(ThresholdVoltageDecayPerMs), ThresholdVoltageDecayPerMs);
        }
    }

    /// <summary>
    /// LIF_R_ASC with NEST's glif_psc defaults: two after-spike currents (k = 0.003 and 0.1 per ms, steps -9.18 and
    /// -198.94 pA, fully kept) and the R mechanism (b_s = 0.009 per ms); the studio's second preset.
    /// </summary>
    public static GlifNeuronSpec LifRAsc { get; } = new()
    {
        AscDecayPerMs = [0.003, 0.1],
        AscAmpsPa = [-9.18, -198.94],
        AscRetain = [1.0, 1.0],
        AscInitPa = [0.0, 0.0],
        ThresholdSpikeDecayPerMs = 0.009,
    };

    /// <summary>
    /// LIF_R_ASC_A (GLIF5) with NEST's glif_psc defaults: <see cref="LifRAsc"/> and the voltage-dependent threshold component
    /// (a_v = 0.005 per ms, b_v = 0.09 per ms); the studio's third preset.
    /// </summary>
    public static GlifNeuronSpec LifRAscA { get; } = LifRAsc with { ThresholdVoltageIndexPerMs = 0.005 };

    /// <summary>LIF with NEST's glif_cond ports: an excitatory one (tau 0.2 ms, E_rev 0 mV) and an inhibitory one (2 ms, -85 mV).</summary>
    public static GlifNeuronSpec Cond { get; } = new() { SynapseTausMs = [0.2, 2.0], SynapseReversalsMv = [0.0, -85.0] };

    /// <summary>File-format descriptor: name, parameter table and recordable variables.</summary>
    public static NeuronModelDescriptor<GlifNeuronSpec> Descriptor { get; } = new NeuronModelDescriptor<GlifNeuronSpec>(
            NeuronModels.Glif, "generalized LIF (Teeter et al. 2018; NEST's glif_psc and glif_cond: LIF, LIF_R, LIF_ASC, LIF_R_ASC, LIF_R_ASC_A)")
        .Preset("lif", new GlifNeuronSpec()).Preset("lifRAsc", LifRAsc).Preset("lifRAscA", LifRAscA).Preset("cond", Cond)
        .Number("capacitancePf", "pF", "C, membrane capacitance", s => s.CapacitancePf, (s, v) => s with { CapacitancePf = v })
        .Number("leakNs", "nS", "g, membrane conductance", s => s.LeakNs, (s, v) => s with { LeakNs = v })
        .Number("restMv", "mV", "E_L, resting potential", s => s.RestMv, (s, v) => s with { RestMv = v })
        .Number("thresholdMv", "mV", "V_th, the threshold's constant part", s => s.ThresholdMv, (s, v) => s with { ThresholdMv = v })
        .Number("resetMv", "mV", "V_reset (without the R mechanism)", s => s.ResetMv, (s, v) => s with { ResetMv = v })
        .Number("refractoryMs", "ms", "t_ref, V held after the crossing step", s => s.RefractoryMs, (s, v) => s with { RefractoryMs = v })
        .OptionalNumbers("synapseTausMs", "ms", "tau_syn of each receptor port's alpha current (default [2]); a projection's \"port\" picks one", s => s.SynapseTausMs, (s, v) => s with { SynapseTausMs = v })
        .OptionalNumbers("synapseReversalsMv", "mV", "E_rev of each port; given, the ports are conductances in nS (NEST's glif_cond)", s => s.SynapseReversalsMv, (s, v) => s with { SynapseReversalsMv = v })
        .OptionalNumbers("ascDecayPerMs", "1/ms", "k_j, decay rates of the after-spike currents (ASC)", s => s.AscDecayPerMs, (s, v) => s with { AscDecayPerMs = v })
        .OptionalNumbers("ascAmpsPa", "pA", "A_j, the after-spike currents' steps at a spike", s => s.AscAmpsPa, (s, v) => s with { AscAmpsPa = v })
        .OptionalNumbers("ascRetain", "", "r_j, fraction of each after-spike current kept at a spike (default 1)", s => s.AscRetain, (s, v) => s with { AscRetain = v })
        .OptionalNumbers("ascInitPa", "pA", "initial after-spike currents (default 0)", s => s.AscInitPa, (s, v) => s with { AscInitPa = v })
        // NaN stands for "not set": the R mechanism is off; it is never written.
        .OptionalNumber("thresholdSpikeDecayPerMs", "1/ms", "b_s, decay of the threshold's spike component; set it to turn on the R mechanism", s => s.ThresholdSpikeDecayPerMs, (s, v) => s with { ThresholdSpikeDecayPerMs = v })
        .OptionalNumber("thresholdSpikeAddMv", "mV", "a_s, step of the threshold's spike component at a spike (R)", s => s.ThresholdSpikeAddMv, (s, v) => s with { ThresholdSpikeAddMv = v })
        .OptionalNumber("voltageResetFraction", "", "f_v, fraction of V - E_L before the spike kept at the reset (R)", s => s.VoltageResetFraction, (s, v) => s with { VoltageResetFraction = v })
        .OptionalNumber("voltageResetAddMv", "mV", "delta_v, added to the reset's V - E_L (R)", s => s.VoltageResetAddMv, (s, v) => s with { VoltageResetAddMv = v })
        // NaN again stands for "not set": the A mechanism is off.
        .OptionalNumber("thresholdVoltageIndexPerMs", "1/ms", "a_v, gain of the threshold's voltage component; set it to turn on the A mechanism", s => s.ThresholdVoltageIndexPerMs, (s, v) => s with { ThresholdVoltageIndexPerMs = v })
        .OptionalNumber("thresholdVoltageDecayPerMs", "1/ms", "b_v, decay of the threshold's voltage component (A)", s => s.ThresholdVoltageDecayPerMs, (s, v) => s with { ThresholdVoltageDecayPerMs = v })
        .Display(new VoltageRange("resetMv", -80, "thresholdMv", -50))
        .Variables(s => s.AdaptingThreshold ? ["v", "thetaS", "thetaV", "asc", "isyn"] : ["v", "thetaS", "asc", "isyn"]);
}
