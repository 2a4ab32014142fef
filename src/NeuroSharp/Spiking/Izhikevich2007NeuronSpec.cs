namespace NeuroSharp.Spiking;

/// <summary>
/// The Izhikevich (2007) simple model in physical units, as NeuroML's <c>izhikevich2007Cell</c>, with
/// conductance synapses (two channels, each with decay, optional rise time and reversal potential). The
/// defaults are the regular-spiking cell of Izhikevich's book (Dynamical Systems in Neuroscience, 2007, ch. 8).
/// </summary>
/// <remarks>
/// <code>
/// C dv/dt = k (v - v_r)(v - v_t) - u + I + g_e (E_e - v) + g_i (E_i - v)
/// du/dt = a (b (v - v_r) - u)
/// v &gt; v_peak -&gt; spike; v = c; u = u + d
/// </code>
/// C in pF, k in nS/mV, v in mV, u, d and I in pA, b and the conductances in nS, a in 1/ms, t in ms. The
/// channels are those of <see cref="ConductanceLifNeuronSpec"/> (a spike of weight w adds w nS, shaped by
/// the rise time: docs/neuroml.md). Integrated by forward Euler on (v, u) from the values at the start of
/// the step (as jLEMS integrates NeuroML); use dt of 0.1 ms or less. Initial state v = v_r, u = 0
/// (NeuroML's v0 is an initial v). It differs from <see cref="IzhikevichNeuronSpec"/> (the 2003 form
/// 0.04 v^2 + 5 v + 140) in its units, its u equation (b (v - v_r)) and its synapses. With <see cref="Ports"/> the two channels
/// are replaced by one conductance per port (NMDA with its block, AMPA, GABA...): <c>I_syn = sum_p B_p(v) g_p (E_p - v)</c>
/// (docs/spiking-izhikevich.md, "Synaptic ports").
/// </remarks>
public sealed record Izhikevich2007NeuronSpec : NeuronModelSpec
{
    /// <summary>C, membrane capacitance in pF (100).</summary>
    public double CapacitancePf { get; init; } = 100;

    /// <summary>k, the quadratic's gain in nS/mV (0.7).</summary>
    public double KNsPerMv { get; init; } = 0.7;

    /// <summary>v_r, resting potential in mV (-60).</summary>
    public double RestMv { get; init; } = -60;

    /// <summary>v_t, instantaneous threshold in mV (-40).</summary>
    public double ThresholdMv { get; init; } = -40;

    /// <summary>v_peak, the spike cut-off in mV (35).</summary>
    public double PeakMv { get; init; } = 35;

    /// <summary>a, recovery rate in 1/ms (0.03).</summary>
    public double A { get; init; } = 0.03;

    /// <summary>b, sensitivity of u to v - v_r in nS (-2).</summary>
    public double BNs { get; init; } = -2;

    /// <summary>c, after-spike reset of v in mV (-50).</summary>
    public double ResetMv { get; init; } = -50;

    /// <summary>d, after-spike increment of u in pA (100).</summary>
    public double DPa { get; init; } = 100;

    /// <summary>tau_e, decay of the excitatory conductance in ms (5).</summary>
    public double TauExcMs { get; init; } = 5;

    /// <summary>tau_r of the excitatory conductance in ms (0: single exponential; tauExcMs: alpha).</summary>
    public double RiseExcMs { get; init; }

    /// <summary>E_e, excitatory reversal potential in mV (0).</summary>
    public double ExcReversalMv { get; init; }

    /// <summary>tau_i, decay of the inhibitory conductance in ms (10).</summary>
    public double TauInhMs { get; init; } = 10;

    /// <summary>tau_r of the inhibitory conductance in ms (0: single exponential; tauInhMs: alpha).</summary>
    public double RiseInhMs { get; init; }

    /// <summary>E_i, inhibitory reversal potential in mV (-80).</summary>
    public double InhReversalMv { get; init; } = -80;

    /// <summary>
    /// Synaptic ports (docs/spiking-izhikevich.md, "Synaptic ports"): empty (the default) for g_e and g_i; else one conductance per
    /// port in nS, with its own decay, rise, reversal and optional block, in place of g_e and g_i, and every input names its port.
    /// Network files carry them as "ports" (the descriptor); model files that serialise a spec by reflection leave them out.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<SynapticPortSpec> Ports { get; init; } = [];

    /// <summary>The regular-spiking cell of Izhikevich (2007), ch. 8 (the defaults).</summary>
    public static Izhikevich2007NeuronSpec RegularSpiking { get; } = new();

    /// <inheritdoc />
    public override void Validate()
    {
        const string owner = nameof(Izhikevich2007NeuronSpec);
        SpecChecks.Positive(owner, nameof(CapacitancePf), CapacitancePf);
        SpecChecks.Positive(owner, nameof(KNsPerMv), KNsPerMv);
        SpecChecks.Finite(owner, nameof(RestMv), RestMv);
        SpecChecks.Finite(owner, nameof(ThresholdMv), ThresholdMv);
        SpecChecks.Finite(owner, nameof(PeakMv), PeakMv);
        SpecChecks.Positive(owner, nameof(A), A);
        SpecChecks.Finite(owner, nameof(BNs), BNs);
        SpecChecks.Finite(owner, nameof(ResetMv), ResetMv);
        SpecChecks.Less(owner, nameof(ResetMv), ResetMv, nameof(PeakMv), PeakMv);
        SpecChecks.Finite(owner, nameof(DPa), DPa);
        SpecChecks.SynapticChannels(owner, TauExcMs, TauInhMs, RiseExcMs, RiseInhMs);
        SpecChecks.Reversals(owner, ExcReversalMv, InhReversalMv);
        SynapticPortSpec.ValidateAll(owner, Ports, new HashSet<string>(["v", "u", "ge", "gi"], StringComparer.Ordinal), "another port, v, u, ge or gi", "another port");
    }

    /// <summary>Value equality, the ports by their elements.</summary>
    /// <param name="other">The other spec.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(Izhikevich2007NeuronSpec? other) =>
        other is not null && CapacitancePf.Equals(other.CapacitancePf) && KNsPerMv.Equals(other.KNsPerMv) && RestMv.Equals(other.RestMv)
        && ThresholdMv.Equals(other.ThresholdMv) && PeakMv.Equals(other.PeakMv) && A.Equals(other.A) && BNs.Equals(other.BNs) && ResetMv.Equals(other.ResetMv)
        && DPa.Equals(other.DPa) && TauExcMs.Equals(other.TauExcMs) && RiseExcMs.Equals(other.RiseExcMs) && ExcReversalMv.Equals(other.ExcReversalMv)
        && TauInhMs.Equals(other.TauInhMs) && RiseInhMs.Equals(other.RiseInhMs) && InhReversalMv.Equals(other.InhReversalMv)
        && (Ports ?? []).SequenceEqual(other.Ports ?? []);

    /// <summary>A hash of the scalar parameters and the port count.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => HashCode.Combine(CapacitancePf, KNsPerMv, RestMv, ThresholdMv, PeakMv, A, BNs,
        HashCode.Combine(ResetMv, DPa, TauExcMs, RiseExcMs, ExcReversalMv, TauInhMs, RiseInhMs, HashCode.Combine(InhReversalMv, Ports?.Count ?? 0)));

    /// <summary>The model's name, presets, parameter table and state variables (<see cref="NeuronModels.All"/>).</summary>
    public static NeuronModelDescriptor<Izhikevich2007NeuronSpec> Descriptor { get; } = new NeuronModelDescriptor<Izhikevich2007NeuronSpec>(
            NeuronModels.Izhikevich2007, "Izhikevich 2007 simple model in pF, nS, mV, pA with conductance synapses (NeuroML izhikevich2007Cell)")
        .Preset("regularSpiking", RegularSpiking)
        .Number("capacitancePf", "pF", "C, membrane capacitance", s => s.CapacitancePf, (s, v) => s with { CapacitancePf = v })
        .Number("kNsPerMv", "nS/mV", "k, gain of the quadratic", s => s.KNsPerMv, (s, v) => s with { KNsPerMv = v })
        .Number("restMv", "mV", "v_r, resting potential", s => s.RestMv, (s, v) => s with { RestMv = v })
        .Number("thresholdMv", "mV", "v_t, instantaneous threshold", s => s.ThresholdMv, (s, v) => s with { ThresholdMv = v })
        .Number("peakMv", "mV", "v_peak, the spike cut-off", s => s.PeakMv, (s, v) => s with { PeakMv = v })
        .Number("a", "1/ms", "recovery rate", s => s.A, (s, v) => s with { A = v })
        .Number("bNs", "nS", "b, sensitivity of u to v - v_r", s => s.BNs, (s, v) => s with { BNs = v })
        .Number("resetMv", "mV", "c, after-spike reset of v", s => s.ResetMv, (s, v) => s with { ResetMv = v })
        .Number("dPa", "pA", "d, after-spike increment of u", s => s.DPa, (s, v) => s with { DPa = v })
        .Number("tauExcMs", "ms", "tau_e, decay of the excitatory conductance (0: one step)", s => s.TauExcMs, (s, v) => s with { TauExcMs = v })
        .Number("excReversalMv", "mV", "E_e, excitatory reversal potential", s => s.ExcReversalMv, (s, v) => s with { ExcReversalMv = v })
        .Number("tauInhMs", "ms", "tau_i, decay of the inhibitory conductance (0: one step)", s => s.TauInhMs, (s, v) => s with { TauInhMs = v })
        .Number("inhReversalMv", "mV", "E_i, inhibitory reversal potential", s => s.InhReversalMv, (s, v) => s with { InhReversalMv = v })
        .OptionalNumber("riseExcMs", "ms", "tau_r, rise time of the excitatory conductance (0: single exponential; tauExcMs: alpha)", s => s.RiseExcMs, (s, v) => s with { RiseExcMs = v })
        .OptionalNumber("riseInhMs", "ms", "tau_r, rise time of the inhibitory conductance (0: single exponential; tauInhMs: alpha)", s => s.RiseInhMs, (s, v) => s with { RiseInhMs = v })
        .Display(new VoltageRange("resetMv", -70, "peakMv", 35))
        .Ports(s => s.Ports, (s, v) => s with { Ports = v })
        .Variables(s => ["v", "u", .. s.Ports.Count > 0 ? s.Ports.Select(p => p.Name) : ["ge", "gi"], .. SynapticPortSpec.BlockNames(s.Ports)]);
}
