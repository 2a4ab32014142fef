namespace NeuroSharp.Spiking;

/// <summary>
/// The adaptive exponential integrate-and-fire neuron (Brette and Gerstner 2005). The defaults are
/// the paper's cell (a pyramidal neuron fit).
/// </summary>
/// <remarks>
/// <code>
/// C dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) - w + I + I_syn
/// tau_w dw/dt = a (V - E_L) - w
/// V &gt; V_peak -&gt; spike; V = V_r; w = w + b
/// Delta_T = 0: no exponential term, V &gt; V_T -&gt; spike (an adaptive LIF; PyNN.xml's EIF cells with delta_T 0)
/// I_syn = g_e - g_i                          (current inputs, the default: g_e, g_i in pA)
/// I_syn = g_e (E_e - V) + g_i (E_i - V)      (conductance inputs, when E_e and E_i are set: g_e, g_i in nS)
/// </code>
/// C in pF, conductances in nS, potentials in mV, currents (I, w) in pA, t in ms. Each input decays
/// with its tau; with a rise time it follows a difference of exponentials (tau_r = tau: the alpha
/// function), exactly as the conductance LIF's channels (docs/spiking-adex.md). Integrated
/// by forward Euler from the values at the start of the step, with the exponential evaluated at
/// min(V, V_peak) so that it cannot overflow; use dt of 0.1 ms or less. V_peak defaults to
/// V_T + 5 Delta_T as in Brian2's AdEx example. Presets of firing patterns: Naud, Marcille, Clopath and
/// Gerstner, Biol. Cybern. 99:335 (2008), table 1.
/// </remarks>
public sealed record AdExNeuronSpec : NeuronModelSpec
{
    /// <summary>C, membrane capacitance in pF (281).</summary>
    public double CapacitancePf { get; init; } = 281;

    /// <summary>g_L, leak conductance in nS (30).</summary>
    public double LeakNs { get; init; } = 30;

    /// <summary>E_L, leak reversal in mV (-70.6).</summary>
    public double RestMv { get; init; } = -70.6;

    /// <summary>V_T, the exponential's threshold in mV (-50.4); with <see cref="SlopeMv"/> 0, the spike threshold.</summary>
    public double ThresholdMv { get; init; } = -50.4;

    /// <summary>Delta_T, slope factor in mV, at least 0 (2); 0 drops the exponential term and the cell spikes where V exceeds V_T (<see cref="ThresholdMv"/>), not V_peak.</summary>
    public double SlopeMv { get; init; } = 2;

    /// <summary>V_peak, the spike cut-off in mV (-40.4 = V_T + 5 Delta_T).</summary>
    public double PeakMv { get; init; } = -40.4;

    /// <summary>V_r, reset potential in mV (-70.6).</summary>
    public double ResetMv { get; init; } = -70.6;

    /// <summary>a, subthreshold adaptation in nS (4).</summary>
    public double AdaptationNs { get; init; } = 4;

    /// <summary>b, spike-triggered adaptation in pA (80.5).</summary>
    public double SpikeAdaptationPa { get; init; } = 80.5;

    /// <summary>tau_w, adaptation time constant in ms (144).</summary>
    public double TauWMs { get; init; } = 144;

    /// <summary>t_ref, refractory period in ms (0).</summary>
    public double RefractoryMs { get; init; }

    /// <summary>tau_e, decay of the excitatory input current in ms (5).</summary>
    public double TauExcMs { get; init; } = 5;

    /// <summary>tau_i, decay of the inhibitory input current in ms (10).</summary>
    public double TauInhMs { get; init; } = 10;

    /// <summary>tau_r of the excitatory input in ms (0: single exponential; tauExcMs: alpha).</summary>
    public double RiseExcMs { get; init; }

    /// <summary>tau_r of the inhibitory input in ms (0: single exponential; tauInhMs: alpha).</summary>
    public double RiseInhMs { get; init; }

    /// <summary>E_e in mV: set (with <see cref="InhReversalMv"/>), the inputs are conductances in nS; null (the default), currents in pA.</summary>
    public double? ExcReversalMv { get; init; }

    /// <summary>E_i in mV: set (with <see cref="ExcReversalMv"/>), the inputs are conductances in nS; null (the default), currents in pA.</summary>
    public double? InhReversalMv { get; init; }

    /// <summary>True when the inputs are conductances (both reversal potentials set).</summary>
    public bool ConductanceInputs => ExcReversalMv is not null;

    /// <summary>Brette and Gerstner 2005's cell (the defaults).</summary>
    public static AdExNeuronSpec BretteGerstner { get; } = new();

    /// <summary>Naud et al. 2008 tonic spiking (step current 500 pA).</summary>
    public static AdExNeuronSpec Tonic { get; } = Naud(200, 10, -70, 2, 30, 0, -58);

    /// <summary>Naud et al. 2008 adapting (step current 500 pA).</summary>
    public static AdExNeuronSpec Adapting { get; } = Naud(200, 12, -70, 2, 300, 60, -58);

    /// <summary>Naud et al. 2008 initial burst (step current 400 pA).</summary>
    public static AdExNeuronSpec InitialBurst { get; } = Naud(130, 18, -58, 4, 150, 120, -50);

    /// <summary>Naud et al. 2008 regular bursting (step current 210 pA).</summary>
    public static AdExNeuronSpec RegularBursting { get; } = Naud(200, 10, -58, 2, 120, 100, -46);

    /// <inheritdoc />
    public override void Validate()
    {
        const string owner = nameof(AdExNeuronSpec);
        SpecChecks.Positive(owner, nameof(CapacitancePf), CapacitancePf);
        SpecChecks.Positive(owner, nameof(LeakNs), LeakNs);
        SpecChecks.Finite(owner, nameof(RestMv), RestMv);
        SpecChecks.Finite(owner, nameof(ThresholdMv), ThresholdMv);
        SpecChecks.NonNegative(owner, nameof(SlopeMv), SlopeMv);
        SpecChecks.Finite(owner, nameof(PeakMv), PeakMv);
        SpecChecks.Finite(owner, nameof(ResetMv), ResetMv);
        if (SlopeMv > 0) SpecChecks.Less(owner, nameof(ResetMv), ResetMv, nameof(PeakMv), PeakMv);
        else SpecChecks.Less(owner, nameof(ResetMv), ResetMv, nameof(ThresholdMv), ThresholdMv);
        SpecChecks.Finite(owner, nameof(AdaptationNs), AdaptationNs);
        SpecChecks.Finite(owner, nameof(SpikeAdaptationPa), SpikeAdaptationPa);
        SpecChecks.Positive(owner, nameof(TauWMs), TauWMs);
        SpecChecks.NonNegative(owner, nameof(RefractoryMs), RefractoryMs);
        SpecChecks.NonNegative(owner, nameof(TauExcMs), TauExcMs);
        SpecChecks.NonNegative(owner, nameof(TauInhMs), TauInhMs);
        SpecChecks.NonNegative(owner, nameof(RiseExcMs), RiseExcMs);
        SpecChecks.NonNegative(owner, nameof(RiseInhMs), RiseInhMs);
        if (RiseExcMs > TauExcMs) throw new InvalidOptionException(owner, nameof(RiseExcMs), $"must be at most tauExcMs ({InvalidOptionException.Format(TauExcMs)})", RiseExcMs);
        if (RiseInhMs > TauInhMs) throw new InvalidOptionException(owner, nameof(RiseInhMs), $"must be at most tauInhMs ({InvalidOptionException.Format(TauInhMs)})", RiseInhMs);
        if ((ExcReversalMv is null) != (InhReversalMv is null))
        {
            throw new InvalidOptionException(owner, ExcReversalMv is null ? nameof(InhReversalMv) : nameof(ExcReversalMv),
                $"is set without {(ExcReversalMv is null ? "excReversalMv" : "inhReversalMv")}; conductance inputs need both reversal potentials", ExcReversalMv ?? InhReversalMv ?? 0);
        }
        if (ExcReversalMv is { } ee) SpecChecks.Finite(owner, nameof(ExcReversalMv), ee);
        if (InhReversalMv is { } ei) SpecChecks.Finite(owner, nameof(InhReversalMv), ei);
    }

    private static AdExNeuronSpec Naud(double c, double gl, double el, double a, double tauW, double b, double vr) => new()
    {
        CapacitancePf = c, LeakNs = gl, RestMv = el, ThresholdMv = -50, SlopeMv = 2, PeakMv = 0, ResetMv = vr,
        AdaptationNs = a, SpikeAdaptationPa = b, TauWMs = tauW,
    };

    /// <summary>The model's name, presets, parameter table and state variables (<see cref="NeuronModels.All"/>).</summary>
    public static NeuronModelDescriptor<AdExNeuronSpec> Descriptor { get; } = new NeuronModelDescriptor<AdExNeuronSpec>(
            NeuronModels.AdEx, "adaptive exponential integrate-and-fire (Brette and Gerstner 2005)")
        .Preset("bretteGerstner", BretteGerstner).Preset("tonic", Tonic).Preset("adapting", Adapting)
        .Preset("initialBurst", InitialBurst).Preset("regularBursting", RegularBursting)
        .Number("capacitancePf", "pF", "C, membrane capacitance", s => s.CapacitancePf, (s, v) => s with { CapacitancePf = v })
        .Number("leakNs", "nS", "g_L, leak conductance", s => s.LeakNs, (s, v) => s with { LeakNs = v })
        .Number("restMv", "mV", "E_L, leak reversal", s => s.RestMv, (s, v) => s with { RestMv = v })
        .Number("thresholdMv", "mV", "V_T, the exponential's threshold", s => s.ThresholdMv, (s, v) => s with { ThresholdMv = v })
        .Number("slopeMv", "mV", "Delta_T, slope factor, at least 0 (0: no exponential term, spike at V_T)", s => s.SlopeMv, (s, v) => s with { SlopeMv = v })
        .Number("peakMv", "mV", "V_peak, the spike cut-off", s => s.PeakMv, (s, v) => s with { PeakMv = v })
        .Number("resetMv", "mV", "V_r, reset potential", s => s.ResetMv, (s, v) => s with { ResetMv = v })
        .Number("adaptationNs", "nS", "a, subthreshold adaptation", s => s.AdaptationNs, (s, v) => s with { AdaptationNs = v })
        .Number("spikeAdaptationPa", "pA", "b, spike-triggered adaptation", s => s.SpikeAdaptationPa, (s, v) => s with { SpikeAdaptationPa = v })
        .Number("tauWMs", "ms", "tau_w, adaptation time constant", s => s.TauWMs, (s, v) => s with { TauWMs = v })
        .Number("refractoryMs", "ms", "t_ref, refractory period", s => s.RefractoryMs, (s, v) => s with { RefractoryMs = v })
        .Number("tauExcMs", "ms", "tau_e, decay of the excitatory input current", s => s.TauExcMs, (s, v) => s with { TauExcMs = v })
        .Number("tauInhMs", "ms", "tau_i, decay of the inhibitory input current", s => s.TauInhMs, (s, v) => s with { TauInhMs = v })
        .OptionalNumber("riseExcMs", "ms", "tau_r, rise time of the excitatory input (0: single exponential; tauExcMs: alpha)", s => s.RiseExcMs, (s, v) => s with { RiseExcMs = v })
        .OptionalNumber("riseInhMs", "ms", "tau_r, rise time of the inhibitory input (0: single exponential; tauInhMs: alpha)", s => s.RiseInhMs, (s, v) => s with { RiseInhMs = v })
        // NaN stands for "not set" (current inputs): it is never written, and a file cannot hold it.
        .OptionalNumber("excReversalMv", "mV", "E_e; with inhReversalMv, the inputs are conductances in nS (absent: currents in pA)", s => s.ExcReversalMv ?? double.NaN, (s, v) => s with { ExcReversalMv = double.IsNaN(v) ? null : v })
        .OptionalNumber("inhReversalMv", "mV", "E_i; with excReversalMv, the inputs are conductances in nS (absent: currents in pA)", s => s.InhReversalMv ?? double.NaN, (s, v) => s with { InhReversalMv = double.IsNaN(v) ? null : v })
        .Display(new VoltageRange("resetMv", -70, "thresholdMv", -50))
        .Variables(_ => ["v", "w", "ge", "gi"]);
}
