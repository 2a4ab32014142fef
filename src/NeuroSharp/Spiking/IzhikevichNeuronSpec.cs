namespace NeuroSharp.Spiking;

/// <summary>
/// The Izhikevich (2003) simple model: two variables and four parameters that reproduce the firing
/// patterns of cortical neurons. The defaults are the regular-spiking cell.
/// </summary>
/// <remarks>
/// <code>
/// dv/dt = 0.04 v^2 + 5 v + 140 - u + I + g_e - g_i
/// du/dt = a (b v - u)
/// v &gt;= v_peak -&gt; spike; v = c; u = u + d
/// </code>
/// v in mV, t in ms, I and the synaptic inputs g_e, g_i in the model's dimensionless current units
/// (each decays with tau_e, tau_i; 0 makes an input last one step). Integrated by forward Euler on
/// (v, u) from the values at the start of the step (Brian2's <c>method='euler'</c>); use dt of 0.5 ms or
/// less. Initial state v = c, u = b c. Presets: Izhikevich, IEEE Trans. Neural Netw. 14:1569 (2003),
/// fig. 2, and 15:1063 (2004).
/// </remarks>
public sealed record IzhikevichNeuronSpec : NeuronModelSpec
{
    /// <summary>a, recovery time scale in 1/ms.</summary>
    public double A { get; init; } = 0.02;

    /// <summary>b, sensitivity of u to subthreshold v.</summary>
    public double B { get; init; } = 0.2;

    /// <summary>c, after-spike reset of v in mV.</summary>
    public double C { get; init; } = -65;

    /// <summary>d, after-spike increment of u.</summary>
    public double D { get; init; } = 8;

    /// <summary>v_peak, the spike cut-off in mV (30).</summary>
    public double PeakMv { get; init; } = 30;

    /// <summary>tau_e, decay of the excitatory input in ms (5).</summary>
    public double TauExcMs { get; init; } = 5;

    /// <summary>tau_i, decay of the inhibitory input in ms (10).</summary>
    public double TauInhMs { get; init; } = 10;

    /// <summary>Regular spiking (RS), the typical excitatory cortical cell: a 0.02, b 0.2, c -65, d 8.</summary>
    public static IzhikevichNeuronSpec RegularSpiking { get; } = new();

    /// <summary>Intrinsically bursting (IB): an initial burst, then tonic spikes. a 0.02, b 0.2, c -55, d 4.</summary>
    public static IzhikevichNeuronSpec IntrinsicallyBursting { get; } = new() { C = -55, D = 4 };

    /// <summary>Chattering (CH): repeated high-frequency bursts. a 0.02, b 0.2, c -50, d 2.</summary>
    public static IzhikevichNeuronSpec Chattering { get; } = new() { C = -50, D = 2 };

    /// <summary>Fast spiking (FS) inhibitory interneuron: high rate, no adaptation. a 0.1, b 0.2, c -65, d 2.</summary>
    public static IzhikevichNeuronSpec FastSpiking { get; } = new() { A = 0.1, D = 2 };

    /// <summary>Low-threshold spiking (LTS) inhibitory interneuron. a 0.02, b 0.25, c -65, d 2.</summary>
    public static IzhikevichNeuronSpec LowThresholdSpiking { get; } = new() { B = 0.25, D = 2 };

    /// <summary>Thalamo-cortical (TC). a 0.02, b 0.25, c -65, d 0.05.</summary>
    public static IzhikevichNeuronSpec ThalamoCortical { get; } = new() { B = 0.25, D = 0.05 };

    /// <summary>Resonator (RZ). a 0.1, b 0.26, c -65, d 2.</summary>
    public static IzhikevichNeuronSpec Resonator { get; } = new() { A = 0.1, B = 0.26, D = 2 };

    /// <inheritdoc />
    public override void Validate()
    {
        const string owner = nameof(IzhikevichNeuronSpec);
        SpecChecks.Positive(owner, nameof(A), A);
        SpecChecks.Finite(owner, nameof(B), B);
        SpecChecks.Finite(owner, nameof(C), C);
        SpecChecks.Finite(owner, nameof(D), D);
        SpecChecks.Finite(owner, nameof(PeakMv), PeakMv);
        SpecChecks.Less(owner, nameof(C), C, nameof(PeakMv), PeakMv);
        SpecChecks.NonNegative(owner, nameof(TauExcMs), TauExcMs);
        SpecChecks.NonNegative(owner, nameof(TauInhMs), TauInhMs);
    }

    /// <summary>The model's name, presets, parameter table and state variables (<see cref="NeuronModels.All"/>).</summary>
    public static NeuronModelDescriptor<IzhikevichNeuronSpec> Descriptor { get; } = new NeuronModelDescriptor<IzhikevichNeuronSpec>(
            NeuronModels.Izhikevich, "Izhikevich 2003 simple model (v, u)")
        .Preset("regularSpiking", RegularSpiking).Preset("intrinsicallyBursting", IntrinsicallyBursting).Preset("chattering", Chattering)
        .Preset("fastSpiking", FastSpiking).Preset("lowThresholdSpiking", LowThresholdSpiking).Preset("thalamoCortical", ThalamoCortical)
        .Preset("resonator", Resonator)
        .Number("a", "1/ms", "recovery time scale", s => s.A, (s, v) => s with { A = v })
        .Number("b", "", "sensitivity of u to subthreshold v", s => s.B, (s, v) => s with { B = v })
        .Number("c", "mV", "after-spike reset of v", s => s.C, (s, v) => s with { C = v })
        .Number("d", "", "after-spike increment of u", s => s.D, (s, v) => s with { D = v })
        .Number("peakMv", "mV", "v_peak, the spike cut-off", s => s.PeakMv, (s, v) => s with { PeakMv = v })
        .Number("tauExcMs", "ms", "tau_e, decay of the excitatory input", s => s.TauExcMs, (s, v) => s with { TauExcMs = v })
        .Number("tauInhMs", "ms", "tau_i, decay of the inhibitory input", s => s.TauInhMs, (s, v) => s with { TauInhMs = v })
        .Display(new VoltageRange(null, -80, "peakMv", 30))
        .Variables(_ => ["v", "u", "ge", "gi"]);
}
