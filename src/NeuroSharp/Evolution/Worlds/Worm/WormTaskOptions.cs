using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>
/// How a network drives the worm (docs/world-worm.md, "Binding"): the world and the network share one clock, so a
/// world step of <see cref="WormBodyOptions.WorldStep"/> s is a window of WorldStep / dt engine steps; sensor value s
/// becomes the current s x <see cref="InputGain"/> on input neuron i (or s x <see cref="Stimulus"/> transmitter per
/// step); output spike counts n in the window become the head's muscle commands min(1, n / <see cref="FullActivationSpikes"/>)
/// and, with at least <see cref="ReverseSpikes"/> spikes of the third output, a backward wave.
/// </summary>
public sealed record WormTaskOptions
{
    /// <summary>The body and its medium.</summary>
    public WormBodyOptions Body { get; init; } = new();

    /// <summary>The dish.</summary>
    public WormArenaOptions Arena { get; init; } = new();

    /// <summary>Trials per evaluation (each with its own start and food, drawn from the evaluation's stream).</summary>
    public int Trials { get; init; } = 4;

    /// <summary>
    /// Confirmation trials: when all <see cref="Trials"/> trials of an evaluation succeed, this many more are run
    /// (forks Trials .. Trials + ConfirmTrials - 1 of the evaluation's stream) and the evaluation counts as solved only if
    /// at least 90 % of all of them succeed; the fitness stays the mean of the first <see cref="Trials"/>. 0: none.
    /// </summary>
    public int ConfirmTrials { get; init; }

    /// <summary>
    /// The held-in check (the stricter stop): when above 0, an evaluation never counts as solved by itself; instead each
    /// generation's fittest network runs this many held-in trials (a fixed set drawn apart from both the evaluations'
    /// streams and the held-out test set) and solves the task when it succeeds in at least
    /// <see cref="WormTaskBase.CheckPassShare"/> of them. 0 (the default): an evaluation's own trials decide.
    /// </summary>
    public int CheckTrials { get; init; }

    /// <summary>Length of one trial in s of world time.</summary>
    public double EpisodeSeconds { get; init; } = 60;

    /// <summary>External current per unit of sensor value, in the input model's current unit (LIF: mV).</summary>
    public double InputGain { get; init; } = 40;

    /// <summary>Transmitter put on an input transmitter neuron per unit of sensor value and engine step.</summary>
    public TransmitterAmount Stimulus { get; init; } = new(20, 0);

    /// <summary>Spikes of a muscle output in one window that mean full activation.</summary>
    public int FullActivationSpikes { get; init; } = 4;

    /// <summary>Spikes of the reverse output in one window that make the wave run backwards.</summary>
    public int ReverseSpikes { get; init; } = 1;

    /// <summary>Weight of the energy term: fitness loses EnergyWeight x energy / (the most a trial could spend).</summary>
    public double EnergyWeight { get; init; } = 0.1;

    /// <summary>World steps in one trial.</summary>
    public int EpisodeSteps => (int)Math.Round(EpisodeSeconds / Body.WorldStep);

    /// <summary>Rejects a value out of range with one sentence naming it.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public void Validate()
    {
        const string owner = nameof(WormTaskOptions);
        Body.Validate();
        Arena.Validate();
        OptionChecks.AtLeast(owner, nameof(Trials), Trials, 1);
        if (Trials > 100_000) throw new InvalidOptionException(owner, nameof(Trials), "must be at most 100000", Trials);
        OptionChecks.AtLeast(owner, nameof(ConfirmTrials), ConfirmTrials, 0);
        if (ConfirmTrials > 100_000) throw new InvalidOptionException(owner, nameof(ConfirmTrials), "must be at most 100000", ConfirmTrials);
        OptionChecks.AtLeast(owner, nameof(CheckTrials), CheckTrials, 0);
        if (CheckTrials > 100_000) throw new InvalidOptionException(owner, nameof(CheckTrials), "must be at most 100000", CheckTrials);
        OptionChecks.InHalfOpen(owner, nameof(EpisodeSeconds), EpisodeSeconds, 0, 86_400);
        OptionChecks.InClosed(owner, nameof(InputGain), InputGain, 0, 1e6);
        OptionChecks.AtLeast(owner, nameof(FullActivationSpikes), FullActivationSpikes, 1);
        OptionChecks.AtLeast(owner, nameof(ReverseSpikes), ReverseSpikes, 1);
        OptionChecks.InClosed(owner, nameof(EnergyWeight), EnergyWeight, 0, 1e6);
        if (!double.IsFinite(Stimulus.Activator) || !double.IsFinite(Stimulus.Inhibitor))
            throw new InvalidOptionException(owner, nameof(Stimulus), "must be finite", Stimulus);
        if (EpisodeSteps < 1) throw new InvalidOptionException(owner, nameof(EpisodeSeconds), $"must last at least one world step of {Body.WorldStep} s", EpisodeSeconds);
    }
}
