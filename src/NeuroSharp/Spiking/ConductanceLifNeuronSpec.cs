namespace NeuroSharp.Spiking;

/// <summary>
/// Conductance-based leaky integrate-and-fire neuron with exponential conductances (the COBA model of
/// Vogels and Abbott 2005, Brette et al. 2007 benchmark 1). The defaults are COBA's.
/// </summary>
/// <remarks>
/// <code>
/// tau_m dv/dt = (E_L - v) + g_e (E_e - v) + g_i (E_i - v) + I      (unless refractory)
/// dg_e/dt = -g_e / tau_e,   dg_i/dt = -g_i / tau_i          (rise times 0, the default)
/// </code>
/// With a rise time tau_r &gt; 0 a channel is a difference of exponentials normalised to a peak of 1 per unit
/// weight (NeuroML's expTwoSynapse): a spike of weight w adds w f (exp(-t/tau_e) - exp(-t/tau_r)) to g_e, with f
/// the factor that makes the peak 1; with tau_r = tau_e it is the alpha function w (t/tau_e) exp(1 - t/tau_e)
/// (NeuroML's alphaSynapse). docs/neuroml.md derives the exact per-step propagator. With <see cref="Ports"/> the two channels are
/// replaced by one conductance per port (NMDA with its block, AMPA, GABA...): <c>tau_m dv/dt = (E_L - v) + sum_p B_p(v) g_p (E_p - v) + sum_q I_q + I</c>,
/// where the current ports q (<see cref="SynapticPortSpec.Current"/>) hold currents I_q in mV as I.
/// Conductances are in units of the leak conductance (COBA: g_L = 10 nS, so the excitatory weight
/// 6 nS is 0.6 and the inhibitory 67 nS is 6.7); I is in mV. v is not linear in (v, g) jointly, so it
/// is integrated by exponential Euler (conductances held over the step, v relaxes exactly towards its
/// moving equilibrium), and g_e, g_i decay exactly: Brian2's <c>method='exponential_euler'</c>.
/// </remarks>
public sealed record ConductanceLifNeuronSpec : NeuronModelSpec
{
    /// <summary>tau_m, membrane time constant in ms (COBA: 20).</summary>
    public double TauMs { get; init; } = 20;

    /// <summary>E_L, leak reversal potential in mV (COBA: -60).</summary>
    public double RestMv { get; init; } = -60;

    /// <summary>V_r, reset potential in mV (COBA: -60).</summary>
    public double ResetMv { get; init; } = -60;

    /// <summary>V_t, threshold in mV (COBA: -50).</summary>
    public double ThresholdMv { get; init; } = -50;

    /// <summary>t_ref, refractory period in ms, at least 0 (COBA: 5).</summary>
    public double RefractoryMs { get; init; } = 5;

    /// <summary>tau_e, decay of the excitatory conductance in ms (COBA: 5).</summary>
    public double TauExcMs { get; init; } = 5;

    /// <summary>tau_i, decay of the inhibitory conductance in ms (COBA: 10).</summary>
    public double TauInhMs { get; init; } = 10;

    /// <summary>tau_r of the excitatory conductance in ms: 0 (default) for a single exponential, up to tau_e (tau_e: an alpha function).</summary>
    public double RiseExcMs { get; init; }

    /// <summary>tau_r of the inhibitory conductance in ms: 0 (default) for a single exponential, up to tau_i (tau_i: an alpha function).</summary>
    public double RiseInhMs { get; init; }

    /// <summary>E_e, excitatory reversal potential in mV (COBA: 0).</summary>
    public double ExcReversalMv { get; init; }

    /// <summary>E_i, inhibitory reversal potential in mV (COBA: -80).</summary>
    public double InhReversalMv { get; init; } = -80;

    /// <summary>Optional homeostatic threshold (null: fixed threshold).</summary>
    public AdaptiveThresholdSpec? AdaptiveThreshold { get; init; }

    /// <summary>
    /// Synaptic ports (docs/spiking-lif.md, "Synaptic ports"): empty (the default) for g_e and g_i; else one conductance per port, in
    /// units of the leak conductance as g_e, with its own decay, rise, reversal and optional block, in place of g_e and g_i, and every
    /// input names its port. Network files carry them as "ports" (the descriptor); the model files that serialise a spec by
    /// reflection (stdp-mnist's, whose cells have none) leave them out, so that those files keep their bytes.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<SynapticPortSpec> Ports { get; init; } = [];

    /// <summary>The COBA neuron of Vogels and Abbott 2005 (the defaults).</summary>
    public static ConductanceLifNeuronSpec Coba { get; } = new();

    /// <inheritdoc />
    public override void Validate()
    {
        const string owner = nameof(ConductanceLifNeuronSpec);
        SpecChecks.LeakyIntegrateAndFire(owner, TauMs, RestMv, ResetMv, ThresholdMv, RefractoryMs, AdaptiveThreshold is not null);
        SpecChecks.SynapticChannels(owner, TauExcMs, TauInhMs, RiseExcMs, RiseInhMs);
        SpecChecks.Reversals(owner, ExcReversalMv, InhReversalMv);
        AdaptiveThreshold?.Validate();
        SynapticPortSpec.ValidateAll(owner, Ports, new HashSet<string>(["v", "ge", "gi", "theta"], StringComparer.Ordinal), "another port, v, ge, gi or theta", "another port", currentPorts: true);
    }

    /// <summary>Value equality, the ports by their elements.</summary>
    /// <param name="other">The other spec.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(ConductanceLifNeuronSpec? other) =>
        other is not null && TauMs.Equals(other.TauMs) && RestMv.Equals(other.RestMv) && ResetMv.Equals(other.ResetMv) && ThresholdMv.Equals(other.ThresholdMv)
        && RefractoryMs.Equals(other.RefractoryMs) && TauExcMs.Equals(other.TauExcMs) && TauInhMs.Equals(other.TauInhMs) && RiseExcMs.Equals(other.RiseExcMs)
        && RiseInhMs.Equals(other.RiseInhMs) && ExcReversalMv.Equals(other.ExcReversalMv) && InhReversalMv.Equals(other.InhReversalMv)
        && Equals(AdaptiveThreshold, other.AdaptiveThreshold) && (Ports ?? []).SequenceEqual(other.Ports ?? []);

    /// <summary>A hash of the scalar parameters and the port count.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => HashCode.Combine(TauMs, RestMv, ResetMv, ThresholdMv, RefractoryMs, TauExcMs, TauInhMs, HashCode.Combine(RiseExcMs, RiseInhMs, ExcReversalMv, InhReversalMv, AdaptiveThreshold, Ports?.Count ?? 0));

    /// <summary>The model's name, presets, parameter table and state variables (<see cref="NeuronModels.All"/>).</summary>
    public static NeuronModelDescriptor<ConductanceLifNeuronSpec> Descriptor { get; } = new NeuronModelDescriptor<ConductanceLifNeuronSpec>(
            NeuronModels.ConductanceLif, "conductance-based leaky integrate-and-fire (COBA), exponential Euler")
        .Preset("coba", Coba)
        .Number("tauMs", "ms", "tau_m, membrane time constant", s => s.TauMs, (s, v) => s with { TauMs = v })
        .Number("restMv", "mV", "E_L, resting (leak reversal) potential", s => s.RestMv, (s, v) => s with { RestMv = v })
        .Number("resetMv", "mV", "V_r, reset potential", s => s.ResetMv, (s, v) => s with { ResetMv = v })
        .Number("thresholdMv", "mV", "V_t, threshold", s => s.ThresholdMv, (s, v) => s with { ThresholdMv = v })
        .Number("refractoryMs", "ms", "t_ref, refractory period, at least 0", s => s.RefractoryMs, (s, v) => s with { RefractoryMs = v })
        .Number("tauExcMs", "ms", "tau_e, decay of the excitatory input (0: one step)", s => s.TauExcMs, (s, v) => s with { TauExcMs = v })
        .Number("tauInhMs", "ms", "tau_i, decay of the inhibitory input (0: one step)", s => s.TauInhMs, (s, v) => s with { TauInhMs = v })
        .Number("excReversalMv", "mV", "E_e, excitatory reversal potential", s => s.ExcReversalMv, (s, v) => s with { ExcReversalMv = v })
        .Number("inhReversalMv", "mV", "E_i, inhibitory reversal potential", s => s.InhReversalMv, (s, v) => s with { InhReversalMv = v })
        .AdaptiveThreshold(s => s.AdaptiveThreshold, (s, v) => s with { AdaptiveThreshold = v })
        .OptionalNumber("riseExcMs", "ms", "tau_r, rise time of the excitatory conductance (0: single exponential; tauExcMs: alpha)", s => s.RiseExcMs, (s, v) => s with { RiseExcMs = v })
        .OptionalNumber("riseInhMs", "ms", "tau_r, rise time of the inhibitory conductance (0: single exponential; tauInhMs: alpha)", s => s.RiseInhMs, (s, v) => s with { RiseInhMs = v })
        .Ports(s => s.Ports, (s, v) => s with { Ports = v }, currentPorts: true)
        .Variables(s => ["v", .. s.Ports.Count > 0 ? s.Ports.Select(p => p.Name) : ["ge", "gi"], .. s.AdaptiveThreshold is null ? Array.Empty<string>() : ["theta"],
            .. SynapticPortSpec.BlockNames(s.Ports)]);
}
