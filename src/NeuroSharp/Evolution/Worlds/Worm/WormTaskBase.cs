using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;

namespace NeuroSharp.Evolution.Worlds.Worm;

/// <summary>
/// What the worm tasks share: trials drawn from the evaluation's stream, a fixed held-out test set, the
/// closed loop and the averaging. A subclass draws a trial, furnishes the world and scores the episode.
/// </summary>
public abstract class WormTaskBase : IEvolutionTask
{
    /// <summary>Builds the task.</summary>
    /// <param name="options">The world and the binding (validated); null for the defaults.</param>
    /// <param name="memory">The most each network's engine may allocate (the user's <c>--memory-limit</c>); null: <see cref="MemoryBudget.Default"/>.</param>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    protected WormTaskBase(WormTaskOptions? options, MemoryBudget? memory = null)
    {
        Memory = memory ?? MemoryBudget.Default;
        Options = options ?? new WormTaskOptions();
        Options.Validate();
        // Building one world checks that the body fits the dish before any evaluation starts.
        _ = new WormWorld(Options.Body, Options.Arena);
    }

    /// <summary>The world and the binding.</summary>
    public WormTaskOptions Options { get; }

    /// <summary>The most each network's engine may allocate (kept by <see cref="WithOptions"/>).</summary>
    public MemoryBudget Memory { get; }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public int InputCount => WormWorld.SensorCount;

    /// <inheritdoc/>
    public bool BindsTransmitterNeurons => true;

    /// <inheritdoc/>
    public int OutputCount => WormEpisode.OutputCount;

    /// <inheritdoc/>
    /// <remarks><see cref="CircuitOverride"/> when set, else the task's own seed circuit (<see cref="OwnCircuit"/>).</remarks>
    public CircuitTemplate? Circuit => CircuitOverride ?? OwnCircuit;

    /// <summary>The task's own seed circuit, or null (worm-klinotaxis has one).</summary>
    protected virtual CircuitTemplate? OwnCircuit => null;

    /// <summary>
    /// A circuit that replaces the task's own for <c>--circuit</c> searches, e.g. the gains of a C. elegans connectome
    /// (<see cref="WormConnectomeCircuit.Create"/>, <c>evolve --network FILE</c>); null: the task's own.
    /// </summary>
    public CircuitTemplate? CircuitOverride { get; set; }

    /// <summary>
    /// The control experiment for steering by smell: when true every trial's network gets 0 for smell, smellRise and
    /// smellFall whatever the dish holds (the world, the food and the trials are unchanged), so what it still finds it
    /// finds without smelling (docs/world-worm.md, "Steering by smell").
    /// </summary>
    public bool SmellCutOff { get; set; }

    /// <summary>The seed of the held-out test trials: never a seed evolution draws from (those are forked streams).</summary>
    protected abstract ulong TestSeed { get; }

    /// <summary>Draws one trial.</summary>
    /// <param name="random">The trial's own stream.</param>
    /// <returns>The set-up.</returns>
    public abstract WormTrial DrawTrial(RandomStream random);

    /// <summary>Places the worm and its food or obstacles for <paramref name="trial"/>.</summary>
    /// <param name="world">The world to reset.</param>
    /// <param name="trial">The set-up.</param>
    protected abstract void Furnish(WormWorld world, WormTrial trial);

    /// <summary>Runs the episode of <paramref name="trial"/> and scores it.</summary>
    /// <param name="episode">The loop, at step 0.</param>
    /// <param name="trial">The set-up.</param>
    /// <param name="observer">Told every step, or null.</param>
    /// <param name="cancellationToken">Stops the episode.</param>
    /// <returns>The trial's outcome.</returns>
    protected abstract WormTrialResult Score(WormEpisode episode, WormTrial trial, IWorldObserver? observer, CancellationToken cancellationToken);

    /// <summary>The held-out trials: the same every time, drawn from <see cref="TestSeed"/>.</summary>
    /// <param name="count">How many (the generalisation figure uses 100).</param>
    /// <returns>The trials.</returns>
    public IReadOnlyList<WormTrial> TestTrials(int count = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var root = new RandomStream(TestSeed);
        var trials = new WormTrial[count];
        for (int i = 0; i < count; i++) trials[i] = DrawTrial(root.Fork((ulong)i));
        return trials;
    }

    /// <summary>The share of <see cref="WormTaskOptions.CheckTrials"/> held-in trials a generation's fittest network must
    /// succeed in to solve the task: 95 %, above the 90 % goal on the held-out set, so that a network passing by luck
    /// rarely stops the run.</summary>
    public const double CheckPassShare = 0.95;

    /// <summary>The fork of the test seed's stream that the held-in trials come from: far above any held-out trial's fork.</summary>
    private const ulong HeldInStream = 1UL << 40;

    /// <summary>
    /// The held-in trials of the stricter stop (<see cref="WormTaskOptions.CheckTrials"/>): the same every time, drawn from
    /// their own fork of <see cref="TestSeed"/>'s stream, so neither the evaluations nor the held-out test set share one.
    /// </summary>
    /// <param name="count">How many.</param>
    /// <returns>The trials.</returns>
    public IReadOnlyList<WormTrial> HeldInTrials(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var root = new RandomStream(TestSeed).Fork(HeldInStream);
        var trials = new WormTrial[count];
        for (int i = 0; i < count; i++) trials[i] = DrawTrial(root.Fork((ulong)i));
        return trials;
    }

    /// <inheritdoc/>
    /// <remarks>True when <see cref="WormTaskOptions.CheckTrials"/> is above 0: the held-in check decides success.</remarks>
    public bool TestsGenerationChampion => Options.CheckTrials > 0;

    /// <inheritdoc/>
    /// <remarks>
    /// The held-in check: the network succeeds in at least <see cref="CheckPassShare"/> of the
    /// <see cref="WormTaskOptions.CheckTrials"/> held-in trials. It stops at the first failure that makes the share
    /// unreachable, so a network far from the goal costs only a few trials.
    /// </remarks>
    public bool TestChampion(NetworkSpec network, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        int count = Options.CheckTrials;
        if (count < 1) return false;
        int allowed = count - (int)Math.Ceiling(CheckPassShare * count - 1e-9), failures = 0;
        foreach (var trial in HeldInTrials(count))
        {
            if (!RunTrial(network, trial, null, cancellationToken).Success && ++failures > allowed) return false;
        }
        return true;
    }

    /// <summary>This task with other options (e.g. <c>evolve --trials</c>); <see cref="Memory"/> is carried over, <see cref="CircuitOverride"/> is not.</summary>
    /// <param name="options">The options.</param>
    /// <returns>A new task of the same kind.</returns>
    /// <exception cref="InvalidOptionException">A value is out of range.</exception>
    public abstract WormTaskBase WithOptions(WormTaskOptions options);

    /// <summary>Runs one trial.</summary>
    /// <param name="network">The network.</param>
    /// <param name="trial">The set-up.</param>
    /// <param name="observer">Told every step, or null.</param>
    /// <param name="cancellationToken">Stops the episode.</param>
    /// <returns>Its outcome.</returns>
    public WormTrialResult RunTrial(NetworkSpec network, WormTrial trial, IWorldObserver? observer = null, CancellationToken cancellationToken = default)
    {
        var world = new WormWorld(Options.Body, Options.Arena);
        Furnish(world, trial);
        var episode = new WormEpisode(network, world, Options, Name, trial.EngineSeed, SmellCutOff, Memory);
        return Score(episode, trial, observer, cancellationToken);
    }

    /// <summary>Runs the held-out test set (the generalisation figure).</summary>
    /// <param name="network">The network.</param>
    /// <param name="count">Trials, 100 for the figure.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>Successes and mean fitness.</returns>
    public WormTestSummary RunTestSet(NetworkSpec network, int count = 100, CancellationToken cancellationToken = default)
    {
        int successes = 0;
        double sum = 0;
        foreach (var trial in TestTrials(count))
        {
            var r = RunTrial(network, trial, null, cancellationToken);
            if (r.Success) successes++;
            sum += r.Fitness;
        }
        return new WormTestSummary(count, successes, sum / count);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <see cref="WormTaskOptions.Trials"/> trials, trial k drawn from <c>random.Fork(k)</c>; the fitness is their
    /// mean; solved when at least 90 % of them succeed and, with <see cref="WormTaskOptions.ConfirmTrials"/> above 0 and
    /// all of them successful, at least 90 % of those and the confirmation trials together. With the held-in check
    /// (<see cref="WormTaskOptions.CheckTrials"/> above 0) an evaluation is never solved by itself and runs no confirmation trials.
    /// </remarks>
    public TaskEvaluation Evaluate(NetworkSpec network, RandomStream random, IWorldObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(random);
        double sum = 0;
        int successes = 0;
        long steps = 0;
        for (int k = 0; k < Options.Trials; k++)
        {
            var r = RunTrial(network, DrawTrial(random.Fork((ulong)k)), observer, cancellationToken);
            sum += r.Fitness;
            steps += r.Steps;
            if (r.Success) successes++;
        }
        if (TestsGenerationChampion) return new TaskEvaluation(sum / Options.Trials, false, steps);
        bool solved = successes >= 0.9 * Options.Trials;
        if (solved && Options.ConfirmTrials > 0 && successes == Options.Trials)
        {
            // A few trials can be passed by luck: confirm on fresh ones before the run stops.
            int total = Options.Trials + Options.ConfirmTrials;
            for (int k = Options.Trials; k < total; k++)
            {
                var r = RunTrial(network, DrawTrial(random.Fork((ulong)k)), observer, cancellationToken);
                steps += r.Steps;
                if (r.Success) successes++;
            }
            solved = successes >= 0.9 * total;
        }
        return new TaskEvaluation(sum / Options.Trials, solved, steps);
    }

    /// <summary>The energy term of a trial: EnergyWeight x energy / the most a whole episode could spend.</summary>
    /// <param name="energy">Activation-seconds spent.</param>
    /// <returns>The penalty.</returns>
    protected double EnergyPenalty(double energy) =>
        Options.EnergyWeight * energy / (2.0 * (Options.Body.Nodes - 2) * Options.EpisodeSteps * Options.Body.WorldStep);
}
