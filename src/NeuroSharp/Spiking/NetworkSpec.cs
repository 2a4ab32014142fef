namespace NeuroSharp.Spiking;

/// <summary>
/// A whole network: single neurons with their links (the article's and the studio's networks),
/// populations with their projections, inputs and monitors, and the step length. Saved as the
/// versioned JSON of <see cref="NetworkFile"/> (<c>format</c> "neurosharp.network", <c>version</c> 1).
/// </summary>
/// <remarks>
/// Description only: the engine (<c>SpikingEngine</c>) builds state from it. <see cref="Validate"/> checks
/// every parameter and every cross-reference and reports the offending JSON path.
/// </remarks>
public sealed partial record NetworkSpec
{
    /// <summary>The <c>format</c> field of a network file.</summary>
    public const string FormatName = "neurosharp.network";

    /// <summary>The only <c>version</c> written and read.</summary>
    public const int CurrentVersion = 1;

    /// <summary>A short name, or null.</summary>
    public string? Name { get; init; }

    /// <summary>Free text for people, or null.</summary>
    public string? Description { get; init; }

    /// <summary>The step length in ms, above 0 (default 0.1). Transmitter neurons step once per step whatever dt is.</summary>
    public double DtMs { get; init; } = 0.1;

    /// <summary>The run length the file suggests in ms, or null (the command line's --duration-ms or --steps win).</summary>
    public double? DurationMs { get; init; }

    /// <summary>When transmitter neurons see what others release (default synchronous).</summary>
    public TransmitterDelivery Delivery { get; init; }

    /// <summary>How a transmitter neuron's synapse is shared (default the intended rule).</summary>
    public TransmitterSynapseRule SynapseRule { get; init; }

    /// <summary>Single neurons with positions and colours, in stepping order.</summary>
    public IReadOnlyList<SingleNeuronSpec> Neurons { get; init; } = [];

    /// <summary>Links between single neurons.</summary>
    public IReadOnlyList<LinkSpec> Links { get; init; } = [];

    /// <summary>Populations.</summary>
    public IReadOnlyList<PopulationSpec> Populations { get; init; } = [];

    /// <summary>Projections between populations (or single spiking neurons).</summary>
    public IReadOnlyList<ProjectionSpec> Projections { get; init; } = [];

    /// <summary>Gap junctions (electrical synapses) between populations or single spiking neurons.</summary>
    public IReadOnlyList<GapJunctionSpec> GapJunctions { get; init; } = [];

    /// <summary>Graded (analog) synapses: currents that follow the presynaptic potential continuously, one way.</summary>
    public IReadOnlyList<GradedProjectionSpec> GradedProjections { get; init; } = [];

    /// <summary>Inputs: currents, Poisson drive, transmitter stimuli.</summary>
    public IReadOnlyList<InputSpec> Inputs { get; init; } = [];

    /// <summary>Monitors. With none declared, runs record every spike (and transmitter state is always recorded).</summary>
    public IReadOnlyList<MonitorSpec> Monitors { get; init; } = [];

    /// <summary>Timed parameter changes, in order of time (the CPU engine applies each before its step; docs/formats.md, "Changes").</summary>
    public IReadOnlyList<ModelChangeSpec> Changes { get; init; } = [];
}
