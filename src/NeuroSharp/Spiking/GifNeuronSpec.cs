namespace NeuroSharp.Spiking;

/// <summary>
/// The generalized integrate-and-fire neuron of Mensi et al. 2012 and Pozzorini et al. 2015 with conductance synapses (PyNN's
/// GIF_cond_exp, NEST's gif_cond_exp): a leaky membrane, a spike-triggered current eta and a moving threshold gamma, each a sum
/// of decaying exponentials that a spike steps up, and stochastic firing with an escape rate that grows exponentially with
/// the distance of V to the threshold.
/// </summary>
/// <remarks>
/// <code>
/// C dV/dt = -g_L (V - E_L) + g_e (E_e - V) + g_i (E_i - V) - eta + I
/// eta = sum_j eta_j,   d eta_j/dt = -eta_j / tau_eta_j,       a spike: eta_j += a_eta_j
/// V_T = V_T* + sum_j gamma_j,  d gamma_j/dt = -gamma_j / tau_gamma_j,  a spike: gamma_j += a_gamma_j
/// lambda = lambda_0 exp((V - V_T) / Delta_V);  P(spike in a step of dt) = 1 - exp(-lambda dt)
/// a spike: V = V_reset, held for round(t_ref / dt) steps, in which the cell cannot fire
/// </code>
/// C in pF, conductances in nS, potentials in mV, currents (I, eta) in pA, lambda_0 in Hz, t in ms. The kernels may have any
/// number of terms (PyNN's have three). The parameterless spec has no kernels; the preset "pynn" is PyNN's GIF_cond_exp with
/// its defaults. Equations and the step in docs/spiking-gif.md.
/// </remarks>
public sealed record GifNeuronSpec : NeuronModelSpec
{
    /// <summary>C, membrane capacitance in pF (1000, PyNN's 1 nF).</summary>
    public double CapacitancePf { get; init; } = 1000;

    /// <summary>g_L, leak conductance in nS (50: PyNN's tau_m of 20 ms with 1 nF).</summary>
    public double LeakNs { get; init; } = 50;

    /// <summary>E_L, leak reversal in mV (-65).</summary>
    public double RestMv { get; init; } = -65;

    /// <summary>V_reset, the potential after a spike in mV (-65).</summary>
    public double ResetMv { get; init; } = -65;

    /// <summary>t_ref in ms: V is held at V_reset for round(t_ref / dt) steps after the spike's step (4).</summary>
    public double RefractoryMs { get; init; } = 4;

    /// <summary>V_T*, the threshold's baseline in mV (-48).</summary>
    public double ThresholdStarMv { get; init; } = -48;

    /// <summary>Delta_V, the sharpness of the escape rate in mV, above 0 (0.5); small values make the firing all but deterministic at V_T.</summary>
    public double SharpnessMv { get; init; } = 0.5;

    /// <summary>lambda_0, the firing intensity at V = V_T in Hz, at least 0 (1).</summary>
    public double EscapeRateHz { get; init; } = 1;

    /// <summary>tau_eta_j, the time constants of the spike-triggered current's terms in ms (empty: no such current).</summary>
    public IReadOnlyList<double> EtaTausMs { get; init; } = [];

    /// <summary>a_eta_j, the steps of the spike-triggered current's terms at a spike in pA (one per <see cref="EtaTausMs"/>).</summary>
    public IReadOnlyList<double> EtaAmpsPa { get; init; } = [];

    /// <summary>tau_gamma_j, the time constants of the moving threshold's terms in ms (empty: a fixed threshold V_T*).</summary>
    public IReadOnlyList<double> GammaTausMs { get; init; } = [];

    /// <summary>a_gamma_j, the steps of the moving threshold's terms at a spike in mV (one per <see cref="GammaTausMs"/>).</summary>
    public IReadOnlyList<double> GammaAmpsMv { get; init; } = [];

    /// <summary>tau_e, decay of the excitatory conductance in ms (5).</summary>
    public double TauExcMs { get; init; } = 5;

    /// <summary>tau_i, decay of the inhibitory conductance in ms (5).</summary>
    public double TauInhMs { get; init; } = 5;

    /// <summary>E_e, excitatory reversal potential in mV (0).</summary>
    public double ExcReversalMv { get; init; }

    /// <summary>E_i, inhibitory reversal potential in mV (-70).</summary>
    public double InhReversalMv { get; init; } = -70;

    /// <summary>PyNN's GIF_cond_exp with its default parameters (three-term kernels, a_eta 1 nA and a_gamma 1 mV each).</summary>
    public static GifNeuronSpec PyNN { get; } = new()
    {
        EtaTausMs = [1.0, 10.0, 100.0], EtaAmpsPa = [1000.0, 1000.0, 1000.0],
        GammaTausMs = [1.0, 10.0, 100.0], GammaAmpsMv = [1.0, 1.0, 1.0],
    };

    /// <summary>Value equality, the lists by their elements.</summary>
    public bool Equals(GifNeuronSpec? other) =>
        other is not null && CapacitancePf == other.CapacitancePf && LeakNs == other.LeakNs && RestMv == other.RestMv && ResetMv == other.ResetMv
        && RefractoryMs == other.RefractoryMs && ThresholdStarMv == other.ThresholdStarMv && SharpnessMv == other.SharpnessMv
        && EscapeRateHz == other.EscapeRateHz && EtaTausMs.SequenceEqual(other.EtaTausMs) && EtaAmpsPa.SequenceEqual(other.EtaAmpsPa)
        && GammaTausMs.SequenceEqual(other.GammaTausMs) && GammaAmpsMv.SequenceEqual(other.GammaAmpsMv) && TauExcMs == other.TauExcMs
        && TauInhMs == other.TauInhMs && ExcReversalMv == other.ExcReversalMv && InhReversalMv == other.InhReversalMv;

    /// <summary>A hash of the scalar parameters and the kernels' lengths.</summary>
    public override int GetHashCode() => HashCode.Combine(CapacitancePf, LeakNs, RestMv, ThresholdStarMv, SharpnessMv, EscapeRateHz, EtaTausMs.Count, GammaTausMs.Count);

    /// <inheritdoc/>
    public override void Validate()
    {
        const string owner = nameof(GifNeuronSpec);
        SpecChecks.Positive(owner, nameof(CapacitancePf), CapacitancePf);
        SpecChecks.Positive(owner, nameof(LeakNs), LeakNs);
        SpecChecks.Finite(owner, nameof(RestMv), RestMv);
        SpecChecks.Finite(owner, nameof(ResetMv), ResetMv);
        SpecChecks.NonNegative(owner, nameof(RefractoryMs), RefractoryMs);
        SpecChecks.Finite(owner, nameof(ThresholdStarMv), ThresholdStarMv);
        SpecChecks.Positive(owner, nameof(SharpnessMv), SharpnessMv);
        SpecChecks.NonNegative(owner, nameof(EscapeRateHz), EscapeRateHz);
        Kernel(owner, nameof(EtaTausMs), EtaTausMs, nameof(EtaAmpsPa), EtaAmpsPa);
        Kernel(owner, nameof(GammaTausMs), GammaTausMs, nameof(GammaAmpsMv), GammaAmpsMv);
        SpecChecks.Positive(owner, nameof(TauExcMs), TauExcMs);
        SpecChecks.Positive(owner, nameof(TauInhMs), TauInhMs);
        SpecChecks.Finite(owner, nameof(ExcReversalMv), ExcReversalMv);
        SpecChecks.Finite(owner, nameof(InhReversalMv), InhReversalMv);
    }

    private static void Kernel(string owner, string tausName, IReadOnlyList<double> taus, string ampsName, IReadOnlyList<double> amps)
    {
        if (amps.Count != taus.Count)
        {
            string camel = char.ToLowerInvariant(tausName[0]) + tausName[1..];
            throw new InvalidOptionException(owner, ampsName, $"lists {amps.Count} values but {camel} lists {taus.Count}; give one step per time constant", amps.Count);
        }
        for (int j = 0; j < taus.Count; j++) SpecChecks.Positive(owner, $"{tausName}[{j}]", taus[j]);
        for (int j = 0; j < amps.Count; j++) SpecChecks.Finite(owner, $"{ampsName}[{j}]", amps[j]);
    }

    /// <summary>File-format descriptor: name, presets, parameter table and recordable variables.</summary>
    public static NeuronModelDescriptor<GifNeuronSpec> Descriptor { get; } = new NeuronModelDescriptor<GifNeuronSpec>(
            NeuronModels.Gif, "generalized integrate-and-fire with escape noise (Mensi et al. 2012, Pozzorini et al. 2015; PyNN's GIF_cond_exp)")
        .Preset("plain", new GifNeuronSpec()).Preset("pynn", PyNN)
        .Number("capacitancePf", "pF", "C, membrane capacitance", s => s.CapacitancePf, (s, v) => s with { CapacitancePf = v })
        .Number("leakNs", "nS", "g_L, leak conductance", s => s.LeakNs, (s, v) => s with { LeakNs = v })
        .Number("restMv", "mV", "E_L, leak reversal", s => s.RestMv, (s, v) => s with { RestMv = v })
        .Number("resetMv", "mV", "V_reset, the potential after a spike", s => s.ResetMv, (s, v) => s with { ResetMv = v })
        .Number("refractoryMs", "ms", "t_ref, V held at V_reset after the spike's step", s => s.RefractoryMs, (s, v) => s with { RefractoryMs = v })
        .Number("thresholdStarMv", "mV", "V_T*, the threshold's baseline", s => s.ThresholdStarMv, (s, v) => s with { ThresholdStarMv = v })
        .Number("sharpnessMv", "mV", "Delta_V, sharpness of the escape rate, above 0", s => s.SharpnessMv, (s, v) => s with { SharpnessMv = v })
        .Number("escapeRateHz", "Hz", "lambda_0, firing intensity at V = V_T", s => s.EscapeRateHz, (s, v) => s with { EscapeRateHz = v })
        .OptionalNumbers("etaTausMs", "ms", "tau_eta_j, time constants of the spike-triggered current's terms", s => s.EtaTausMs, (s, v) => s with { EtaTausMs = v })
        .OptionalNumbers("etaAmpsPa", "pA", "a_eta_j, the terms' steps at a spike (one per etaTausMs)", s => s.EtaAmpsPa, (s, v) => s with { EtaAmpsPa = v })
        .OptionalNumbers("gammaTausMs", "ms", "tau_gamma_j, time constants of the moving threshold's terms", s => s.GammaTausMs, (s, v) => s with { GammaTausMs = v })
        .OptionalNumbers("gammaAmpsMv", "mV", "a_gamma_j, the terms' steps at a spike (one per gammaTausMs)", s => s.GammaAmpsMv, (s, v) => s with { GammaAmpsMv = v })
        .Number("tauExcMs", "ms", "tau_e, decay of the excitatory conductance", s => s.TauExcMs, (s, v) => s with { TauExcMs = v })
        .Number("tauInhMs", "ms", "tau_i, decay of the inhibitory conductance", s => s.TauInhMs, (s, v) => s with { TauInhMs = v })
        .Number("excReversalMv", "mV", "E_e, excitatory reversal potential", s => s.ExcReversalMv, (s, v) => s with { ExcReversalMv = v })
        .Number("inhReversalMv", "mV", "E_i, inhibitory reversal potential", s => s.InhReversalMv, (s, v) => s with { InhReversalMv = v })
        .Display(new VoltageRange("resetMv", -70, "thresholdStarMv", -48))
        .Variables(_ => ["v", "eta", "vt", "ge", "gi"]);
}
