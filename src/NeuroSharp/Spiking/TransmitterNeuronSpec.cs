namespace NeuroSharp.Spiking;

/// <summary>
/// The transmitter neuron of article 002 (docs/articles.md#article-002-transmitter-neuron; reference: Tiques1/HumanNetwork, 2024): a neuron that produces
/// activator and inhibitor transmitter every step, collects what reaches its dendrite, activates when
/// its last level passes a threshold, and releases its store into its synapse after a delay.
/// </summary>
/// <remarks>
/// One step of a neuron (the first matching branch; the production line always runs):
/// <code>
/// accumulated += reproductivity
/// str &gt; 0                          -&gt; RECOVERING:   str -= 1
/// sta == 1                         -&gt; RELEASING:    synapse += accumulated; accumulated *= returnability; sta = 0; str = recovery
/// sta &gt; 0                          -&gt; TRANSMITTING: sta -= 1
/// last.activator + last.inhibitor &gt; threshold -&gt; ACTIVATING: current = [0, 0]; sta = speed
/// otherwise                        -&gt; COLLECTING:   current += dendrite; dendrite = [0, 0]
/// </code>
/// After the neuron steps, its synapse amount S goes to its k targets (see <see cref="TransmitterSynapseRule"/>),
/// the synapse keeps <see cref="SynapseRetention"/> x S, and once every neuron has stepped, last = current.
/// Article names: threshold = <c>treshold</c>, returnability = <c>returnablity</c>, speed = <c>speed</c>,
/// recovery = <c>recovery</c>, sta = steps to activation, str = steps to recovery.
/// </remarks>
public sealed record TransmitterNeuronSpec : NeuronModelSpec
{
    /// <summary>Activation threshold on last.activator + last.inhibitor (article: 10).</summary>
    public double Threshold { get; init; } = 10;

    /// <summary>Share of the accumulated store kept after a release, in [0, 1] (article: 0.1).</summary>
    public double Returnability { get; init; } = 0.1;

    /// <summary>"speed": steps from activation to release, at least 1 (article: 5).</summary>
    public int SpeedSteps { get; init; } = 5;

    /// <summary>"recovery": steps of recovery after a release, at least 0 (article: 5).</summary>
    public int RecoverySteps { get; init; } = 5;

    /// <summary>sta at creation, at least 0; 5 in the article so that a new neuron fires once by itself.</summary>
    public int InitialStepsToActivation { get; init; } = 5;

    /// <summary>Transmitter produced every step (article: [0.5, -0.1]; the repository: [5, -0.1]).</summary>
    public TransmitterAmount Reproductivity { get; init; } = new(0.5, -0.1);

    /// <summary>Share of the synapse amount left in the synapse after each delivery, in [0, 1] (reference: 0.1).</summary>
    public double SynapseRetention { get; init; } = 0.1;

    /// <summary>The article's neuron: reproductivity [0.5, -0.1] (the defaults).</summary>
    public static TransmitterNeuronSpec Article { get; } = new();

    /// <summary>The repository's neuron: reproductivity [5, -0.1], enough for a single release to activate a target.</summary>
    public static TransmitterNeuronSpec Repository { get; } = new() { Reproductivity = new(5, -0.1) };

    /// <summary>An excitatory neuron (Dale's principle): it produces only activator, [5, 0].</summary>
    public static TransmitterNeuronSpec Excitatory { get; } = new() { Reproductivity = new(5, 0) };

    /// <summary>An inhibitory neuron (Dale's principle): it produces only inhibitor, [0, -5].</summary>
    public static TransmitterNeuronSpec Inhibitory { get; } = new() { Reproductivity = new(0, -5) };

    /// <summary>The kind this neuron's production makes it: excitatory (activator only), inhibitory (inhibitor only) or mixed.</summary>
    public NeuronKind ReleasedKind =>
        Reproductivity.Inhibitor == 0 && Reproductivity.Activator >= 0 ? NeuronKind.Excitatory
        : Reproductivity.Activator == 0 && Reproductivity.Inhibitor <= 0 ? NeuronKind.Inhibitory
        : NeuronKind.Mixed;

    /// <inheritdoc />
    public override void Validate()
    {
        const string owner = nameof(TransmitterNeuronSpec);
        SpecChecks.Finite(owner, nameof(Threshold), Threshold);
        SpecChecks.InClosed(owner, nameof(Returnability), Returnability, 0, 1);
        SpecChecks.AtLeast(owner, nameof(SpeedSteps), SpeedSteps, 1);
        SpecChecks.AtLeast(owner, nameof(RecoverySteps), RecoverySteps, 0);
        SpecChecks.AtLeast(owner, nameof(InitialStepsToActivation), InitialStepsToActivation, 0);
        SpecChecks.Finite(owner, nameof(Reproductivity), Reproductivity.Activator);
        SpecChecks.Finite(owner, nameof(Reproductivity), Reproductivity.Inhibitor);
        SpecChecks.InClosed(owner, nameof(SynapseRetention), SynapseRetention, 0, 1);
    }

    /// <summary>The model's name, presets, parameter table and state variables (<see cref="NeuronModels.All"/>).</summary>
    public static NeuronModelDescriptor<TransmitterNeuronSpec> Descriptor { get; } = new NeuronModelDescriptor<TransmitterNeuronSpec>(
            NeuronModels.Transmitter, "the transmitter neuron of article 002 (five phases, activator and inhibitor)")
        .Preset("article", Article).Preset("repository", Repository).Preset("excitatory", Excitatory).Preset("inhibitory", Inhibitory)
        .Number("threshold", "", "activation threshold on last.activator + last.inhibitor", s => s.Threshold, (s, v) => s with { Threshold = v })
        .Number("returnability", "", "share of the accumulated store kept after a release, in [0, 1]", s => s.Returnability, (s, v) => s with { Returnability = v })
        .Int("speedSteps", "steps", "steps from activation to release, at least 1", s => s.SpeedSteps, (s, v) => s with { SpeedSteps = v })
        .Int("recoverySteps", "steps", "steps of recovery after a release, at least 0", s => s.RecoverySteps, (s, v) => s with { RecoverySteps = v })
        .Int("initialStepsToActivation", "steps", "sta at creation, at least 0", s => s.InitialStepsToActivation, (s, v) => s with { InitialStepsToActivation = v })
        .Amount("reproductivity", "", "transmitter produced every step", s => s.Reproductivity, (s, v) => s with { Reproductivity = v })
        .Number("synapseRetention", "", "share of the synapse amount left after each delivery, in [0, 1]", s => s.SynapseRetention, (s, v) => s with { SynapseRetention = v })
        .Variables(_ => NeuronModels.TransmitterVariables);
}
