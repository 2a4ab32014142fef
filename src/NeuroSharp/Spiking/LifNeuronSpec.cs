namespace NeuroSharp.Spiking;

/// <summary>
/// Current-based leaky integrate-and-fire neuron with exponential synaptic inputs (the CUBA model of
/// Vogels and Abbott 2005, as in Brette et al. 2007 benchmark 2). The defaults are CUBA's.
/// </summary>
/// <remarks>
/// <code>
/// tau_m dv/dt = (E_L - v) + g_e - g_i + I        (unless refractory)
/// dg_e/dt = -g_e / tau_e,   dg_i/dt = -g_i / tau_i
/// v &gt; V_t (+ theta) and not refractory -&gt; spike; v = V_r; refractory for t_ref
/// </code>
/// v, E_L, V_t, V_r in mV; g_e, g_i and the external input I are in mV (voltage-equivalent: a weight w
/// raises g_e by w mV); t in ms. A spike on an excitatory synapse adds its weight to g_e, on an
/// inhibitory one to g_i. The linear system is integrated exactly (its propagator over one step is
/// computed once at build), as Brian2 does with <c>method='exact'</c>. During refractoriness v is held
/// at V_r while g_e and g_i decay (Brian2's <c>(unless refractory)</c>).
/// </remarks>
public sealed record LifNeuronSpec : NeuronModelSpec
{
    /// <summary>tau_m, membrane time constant in ms (CUBA: 20).</summary>
    public double TauMs { get; init; } = 20;

    /// <summary>E_L, resting (leak reversal) potential in mV (CUBA: -49, above threshold, so that the network sustains itself).</summary>
    public double RestMv { get; init; } = -49;

    /// <summary>V_r, reset potential in mV (CUBA: -60).</summary>
    public double ResetMv { get; init; } = -60;

    /// <summary>V_t, threshold in mV (CUBA: -50).</summary>
    public double ThresholdMv { get; init; } = -50;

    /// <summary>t_ref, refractory period in ms, at least 0 (CUBA: 5).</summary>
    public double RefractoryMs { get; init; } = 5;

    /// <summary>tau_e, decay of the excitatory input in ms (CUBA: 5); 0 makes each input last one step.</summary>
    public double TauExcMs { get; init; } = 5;

    /// <summary>tau_i, decay of the inhibitory input in ms (CUBA: 10); 0 makes each input last one step.</summary>
    public double TauInhMs { get; init; } = 10;

    /// <summary>
    /// tau_r of the excitatory input in ms: 0 (default) for a single exponential, up to tau_e (tau_e: an alpha function,
    /// NEST's iaf_psc_alpha). A rising input has peak w per unit weight w (<see cref="ConductanceLifNeuronSpec.RiseExcMs"/>).
    /// </summary>
    public double RiseExcMs { get; init; }

    /// <summary>tau_r of the inhibitory input in ms: 0 (default) for a single exponential, up to tau_i (tau_i: an alpha function).</summary>
    public double RiseInhMs { get; init; }

    /// <summary>Optional homeostatic threshold (null: fixed threshold).</summary>
    public AdaptiveThresholdSpec? AdaptiveThreshold { get; init; }

    /// <summary>
    /// Delta synapses (false by default): every input of weight w makes v jump by exactly w mV at the start of the step it is
    /// felt in, and the jump then decays with tau_m like the rest of v (Brian2's <c>on_pre: v += w</c>, NEST's iaf_psc_delta).
    /// Needs tau_e = tau_i = 0 and no rise times (docs/spiking-lif.md, "Delta synapses").
    /// </summary>
    public bool DeltaInputs { get; init; }

    /// <summary>The CUBA neuron of Vogels and Abbott 2005 (the defaults).</summary>
    public static LifNeuronSpec Cuba { get; } = new();

    /// <summary>
    /// Brunel's (2000) neuron: tau_m 20 ms, E_L 0, V_r 10 mV, theta 20 mV, tau_rp 2 ms, delta synapses (docs/spiking-brunel.md).
    /// </summary>
    public static LifNeuronSpec Brunel { get; } = new()
    {
        TauMs = 20, RestMv = 0, ResetMv = 10, ThresholdMv = 20, RefractoryMs = 2, TauExcMs = 0, TauInhMs = 0, DeltaInputs = true,
    };

    /// <inheritdoc />
    public override void Validate()
    {
        const string owner = nameof(LifNeuronSpec);
        SpecChecks.LeakyIntegrateAndFire(owner, TauMs, RestMv, ResetMv, ThresholdMv, RefractoryMs, AdaptiveThreshold is not null);
        SpecChecks.SynapticChannels(owner, TauExcMs, TauInhMs, RiseExcMs, RiseInhMs);
        if (DeltaInputs)
        {
            // A jump needs its input to last one step (g is cleared after it) and no rise state in front of it.
            if (TauExcMs != 0) throw new InvalidOptionException(owner, nameof(TauExcMs), "must be 0 with deltaInputs (an input that lasts one step)", TauExcMs);
            if (TauInhMs != 0) throw new InvalidOptionException(owner, nameof(TauInhMs), "must be 0 with deltaInputs (an input that lasts one step)", TauInhMs);
        }
        AdaptiveThreshold?.Validate();
    }

    /// <summary>The model's name, presets, parameter table and state variables (<see cref="NeuronModels.All"/>).</summary>
    public static NeuronModelDescriptor<LifNeuronSpec> Descriptor { get; } = new NeuronModelDescriptor<LifNeuronSpec>(
            NeuronModels.Lif, "current-based leaky integrate-and-fire (CUBA), exact integration")
        .Preset("cuba", Cuba)
        .Preset("brunel", Brunel)
        .Number("tauMs", "ms", "tau_m, membrane time constant", s => s.TauMs, (s, v) => s with { TauMs = v })
        .Number("restMv", "mV", "E_L, resting (leak reversal) potential", s => s.RestMv, (s, v) => s with { RestMv = v })
        .Number("resetMv", "mV", "V_r, reset potential", s => s.ResetMv, (s, v) => s with { ResetMv = v })
        .Number("thresholdMv", "mV", "V_t, threshold", s => s.ThresholdMv, (s, v) => s with { ThresholdMv = v })
        .Number("refractoryMs", "ms", "t_ref, refractory period, at least 0", s => s.RefractoryMs, (s, v) => s with { RefractoryMs = v })
        .Number("tauExcMs", "ms", "tau_e, decay of the excitatory input (0: one step)", s => s.TauExcMs, (s, v) => s with { TauExcMs = v })
        .Number("tauInhMs", "ms", "tau_i, decay of the inhibitory input (0: one step)", s => s.TauInhMs, (s, v) => s with { TauInhMs = v })
        .AdaptiveThreshold(s => s.AdaptiveThreshold, (s, v) => s with { AdaptiveThreshold = v })
        .OptionalNumber("riseExcMs", "ms", "tau_r, rise time of the excitatory input (0: single exponential; tauExcMs: alpha)", s => s.RiseExcMs, (s, v) => s with { RiseExcMs = v })
        .OptionalNumber("riseInhMs", "ms", "tau_r, rise time of the inhibitory input (0: single exponential; tauInhMs: alpha)", s => s.RiseInhMs, (s, v) => s with { RiseInhMs = v })
        .OptionalFlag("deltaInputs", "delta synapses: an input of weight w makes v jump by w mV (needs tauExcMs and tauInhMs of 0)", s => s.DeltaInputs, (s, v) => s with { DeltaInputs = v })
        .Variables(s => s.AdaptiveThreshold is null ? ["v", "ge", "gi"] : ["v", "ge", "gi", "theta"]);
}
