namespace NeuroSharp.Spiking;

/// <summary>
/// Brunel's (2000) sparsely connected network of excitatory and inhibitory integrate-and-fire neurons with delta
/// synapses, driven by external Poisson input (docs/spiking-brunel.md): N_E excitatory and N_E / 4 inhibitory
/// neurons (<see cref="LifNeuronSpec.Brunel"/>); each neuron receives exactly C_E excitatory and C_E / 4 inhibitory
/// connections (weights J and g J, delay D) and C_E external Poisson trains of rate
/// nu_ext = (nu_ext / nu_thr) theta / (J C_E tau) through weight J.
/// </summary>
public sealed record BrunelNetwork
{
    /// <summary>g, the inhibitory weight relative to the excitatory one (Brunel: 3 to 8).</summary>
    public double G { get; init; } = 5;

    /// <summary>nu_ext / nu_thr, the external rate relative to the rate that alone brings the mean input to threshold.</summary>
    public double ExternalOverThreshold { get; init; } = 2;

    /// <summary>N_E, the number of excitatory neurons (Brunel: 10 000); N_I = N_E / 4.</summary>
    public int ExcitatoryCount { get; init; } = 10_000;

    /// <summary>C_E, the excitatory in-degree and the number of external inputs (Brunel: 1 000, epsilon N_E); C_I = C_E / 4.</summary>
    public int ExcitatoryInDegree { get; init; } = 1_000;

    /// <summary>J, the excitatory weight in mV (Brunel: 0.1).</summary>
    public double JMv { get; init; } = 0.1;

    /// <summary>D, the transmission delay in ms (Brunel: 1.5).</summary>
    public double DelayMs { get; init; } = 1.5;

    /// <summary>The time step in ms (Brunel's simulations and Brian2's example: 0.1).</summary>
    public double DtMs { get; init; } = 0.1;

    /// <summary>N_I = N_E / 4.</summary>
    public int InhibitoryCount => ExcitatoryCount / 4;

    /// <summary>C_I = C_E / 4.</summary>
    public int InhibitoryInDegree => ExcitatoryInDegree / 4;

    /// <summary>nu_thr = theta / (J C_E tau_m) in Hz: the external rate per input that brings the mean input to threshold.</summary>
    public double ThresholdRateHz => LifNeuronSpec.Brunel.ThresholdMv / (JMv * ExcitatoryInDegree * LifNeuronSpec.Brunel.TauMs) * 1000;

    /// <summary>nu_ext in Hz, the rate of each external Poisson input.</summary>
    public double ExternalRateHz => ExternalOverThreshold * ThresholdRateHz;

    /// <summary>The four states of Brunel's Fig. 8, as (panel, regime, g, nu_ext / nu_thr).</summary>
    public static IReadOnlyList<(string Panel, string Regime, double G, double ExternalOverThreshold)> Figure8 { get; } =
    [
        ("A", "SR", 3, 2),
        ("B", "SI fast", 6, 4),
        ("C", "AI", 5, 2),
        ("D", "SI slow", 4.5, 0.9),
    ];

    /// <summary>
    /// The network: populations "exc" and "inh" (v uniform in [0, theta) mV), four fixed in-degree projections (no
    /// self-connections), Poisson drive into both, and the given monitors.
    /// </summary>
    /// <param name="monitors">What to record.</param>
    /// <returns>The spec.</returns>
    public NetworkSpec Spec(IReadOnlyList<MonitorSpec> monitors)
    {
        var neuron = LifNeuronSpec.Brunel;
        var initial = new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(neuron.RestMv, neuron.ThresholdMv) };
        var delay = DistributionSpec.Constant(DelayMs);
        ProjectionSpec P(string source, string target, Receptor receptor, int inDegree, double weight) => new()
        {
            Source = source, Target = target, Receptor = receptor, Connectivity = new FixedInDegreeConnectivity { InDegree = inDegree },
            Weight = DistributionSpec.Constant(weight), DelayMs = delay,
        };
        PoissonInputSpec Drive(string target) => new()
        {
            Target = target, SourceCount = ExcitatoryInDegree, RateHz = ExternalRateHz, Weight = JMv, Receptor = Receptor.Excitatory,
        };
        return new NetworkSpec
        {
            Name = "brunel-2000",
            Description = $"Brunel (2000): {ExcitatoryCount} excitatory and {InhibitoryCount} inhibitory LIF neurons with delta synapses, " +
                $"C_E = {ExcitatoryInDegree}, C_I = {InhibitoryInDegree}, J = {JMv} mV, g = {G}, D = {DelayMs} ms, nu_ext / nu_thr = {ExternalOverThreshold}.",
            DtMs = DtMs,
            Populations =
            [
                new PopulationSpec { Name = "exc", Count = ExcitatoryCount, Model = neuron, Kind = NeuronKind.Excitatory, Initial = initial },
                new PopulationSpec { Name = "inh", Count = InhibitoryCount, Model = neuron, Kind = NeuronKind.Inhibitory, Initial = initial },
            ],
            Projections =
            [
                P("exc", "exc", Receptor.Excitatory, ExcitatoryInDegree, JMv),
                P("exc", "inh", Receptor.Excitatory, ExcitatoryInDegree, JMv),
                P("inh", "exc", Receptor.Inhibitory, InhibitoryInDegree, G * JMv),
                P("inh", "inh", Receptor.Inhibitory, InhibitoryInDegree, G * JMv),
            ],
            Inputs = [Drive("exc"), Drive("inh")],
            Monitors = monitors,
        };
    }
}
