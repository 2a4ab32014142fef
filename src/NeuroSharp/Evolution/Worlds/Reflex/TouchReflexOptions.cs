using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution.Worlds.Reflex;

/// <summary>
/// The touch protocol of the touch-reflex task (docs/world-touch-reflex.md). Times are engine steps: the skin is
/// touched in <see cref="Bouts"/> bouts of random length with random quiet gaps between them.
/// </summary>
public sealed record TouchReflexOptions
{
    /// <summary>Touch bouts per evaluation.</summary>
    public int Bouts { get; init; } = 3;

    /// <summary>Steps at the start that are not scored: a new transmitter neuron fires once by itself (article 002).</summary>
    public int SettleSteps { get; init; } = 60;

    /// <summary>Steps before the first touch (at least <see cref="SettleSteps"/> + one bin).</summary>
    public int LeadInSteps { get; init; } = 120;

    /// <summary>Shortest touch bout in steps.</summary>
    public int MinTouchSteps { get; init; } = 80;

    /// <summary>Longest touch bout in steps.</summary>
    public int MaxTouchSteps { get; init; } = 120;

    /// <summary>Shortest quiet gap after a bout in steps.</summary>
    public int MinGapSteps { get; init; } = 100;

    /// <summary>Longest quiet gap after a bout in steps.</summary>
    public int MaxGapSteps { get; init; } = 150;

    /// <summary>Steps the muscle may take to answer a touch (not scored at the start of a bout).</summary>
    public int LatencySteps { get; init; } = 40;

    /// <summary>Steps the muscle may take to fall silent after a touch (not scored at the start of a gap).</summary>
    public int GraceSteps { get; init; } = 40;

    /// <summary>Length of a scoring bin in steps.</summary>
    public int BinSteps { get; init; } = 20;

    /// <summary>Transmitter put on each input transmitter neuron per step of touch (skin).</summary>
    public TransmitterAmount Stimulus { get; init; } = new(20, 0);

    /// <summary>Current on each input neuron during touch (spiking networks), in the model's current unit.</summary>
    public double InputGain { get; init; } = 40;

    /// <summary>
    /// Whether genomes decode to transmitter neurons by default (article 002's scheme, <see cref="Evolution.ControllerModel.Transmitter"/>);
    /// false: the spiking model chosen on the command line (LIF by default).
    /// </summary>
    public bool TransmitterNeurons { get; init; } = true;

    /// <summary>
    /// Whether the skin may act on the muscle through a direct link (false by default: the skin reaches the muscle
    /// only through neurons, so evolution has to grow the arc; with direct links one link solves the task).
    /// </summary>
    public bool SkinToMuscleLinks { get; init; }

    /// <summary>Rejects a value out of range with one sentence naming it.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(TouchReflexOptions);
        OptionChecks.AtLeast(owner, nameof(Bouts), Bouts, 1);
        OptionChecks.AtLeast(owner, nameof(BinSteps), BinSteps, 1);
        OptionChecks.AtLeast(owner, nameof(SettleSteps), SettleSteps, 0);
        OptionChecks.AtLeast(owner, nameof(LeadInSteps), LeadInSteps, SettleSteps + BinSteps);
        OptionChecks.AtLeast(owner, nameof(LatencySteps), LatencySteps, 0);
        OptionChecks.AtLeast(owner, nameof(GraceSteps), GraceSteps, 0);
        OptionChecks.AtLeast(owner, nameof(MinTouchSteps), MinTouchSteps, LatencySteps + BinSteps);
        OptionChecks.AtLeast(owner, nameof(MaxTouchSteps), MaxTouchSteps, MinTouchSteps);
        OptionChecks.AtLeast(owner, nameof(MinGapSteps), MinGapSteps, GraceSteps + BinSteps);
        OptionChecks.AtLeast(owner, nameof(MaxGapSteps), MaxGapSteps, MinGapSteps);
        if ((long)Bouts * (MaxTouchSteps + MaxGapSteps) + LeadInSteps > 10_000_000)
            throw new InvalidOptionException(owner, nameof(Bouts), "must keep the protocol under 10 000 000 steps", Bouts);
        OptionChecks.InClosed(owner, nameof(InputGain), InputGain, 0, 1e6);
        if (!double.IsFinite(Stimulus.Activator) || !double.IsFinite(Stimulus.Inhibitor))
            throw new InvalidOptionException(owner, nameof(Stimulus), "must be finite", Stimulus);
    }
}
