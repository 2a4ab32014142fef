using System.Globalization;
using NeuroSharp.Evolution.Tasks;

namespace NeuroSharp.Evolution;

/// <summary>
/// How a refusal of <c>neurosharp evolve</c>'s options names them: as the CLI's flags (<c>--pv-step</c>, <c>--algorithm neat</c>)
/// or as the studio API's JSON fields (<c>pvStep</c>, <c>algorithm neat</c>), so that both say the same sentence in their own words.
/// </summary>
public sealed class EvolveOptionNames
{
    private readonly bool _fields;

    private EvolveOptionNames(bool fields) => _fields = fields;

    /// <summary>The CLI's flags, as they are written.</summary>
    public static EvolveOptionNames Flags { get; } = new(fields: false);

    /// <summary>The studio API's fields: each flag without its dashes in camel case (<c>--weight-gene-rate</c> is <c>weightGeneRate</c>).</summary>
    public static EvolveOptionNames Fields { get; } = new(fields: true);

    /// <summary>An option named by its flag.</summary>
    /// <param name="flag">The flag, e.g. <c>--pv-step</c>.</param>
    /// <returns>The flag, or its field (<c>pvStep</c>).</returns>
    public string this[string flag] => _fields ? ToField(flag) : flag;

    /// <summary>The algorithm option with a value: <c>--algorithm neat</c> or <c>algorithm neat</c>.</summary>
    /// <param name="algorithm">The algorithm's name.</param>
    /// <returns>The words.</returns>
    public string Algorithm(string algorithm) => $"{this["--algorithm"]} {algorithm}";

    /// <summary>Options used together: <c>--algorithm neat --mirror</c> or <c>algorithm neat and mirror</c>.</summary>
    /// <param name="options">The options, each already named.</param>
    /// <returns>The words.</returns>
    public string Together(params string[] options) => string.Join(_fields ? " and " : " ", options);

    private static string ToField(string flag)
    {
        var words = flag.TrimStart('-').Split('-');
        return words[0] + string.Concat(words.Skip(1).Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
    }
}

/// <summary>
/// The checks of <c>neurosharp evolve</c>'s options on an <see cref="EvolverSettings"/> and its task, shared by the CLI, the studio's
/// evolution request and <see cref="EvolverFactory"/>: each value's range, the algorithm each option needs, the combinations that
/// are refused, and the tasks each applies to (docs/evolution-neat.md, docs/evolution-pole-balancing.md). Each refusal is one
/// sentence that names the option in the caller's words (<see cref="EvolveOptionNames"/>).
/// </summary>
public static class EvolveOptionChecks
{
    /// <summary>The tasks whose NEAT genes can be mirror-tied, take a bias step, a shared slow delay and a mutation-scale floor.</summary>
    private const string PoleTasks = "single-pole, double-pole, double-pole-nv";

    /// <summary>Checks every option of the settings against each other and the task.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="task">The task (its mirror, bias sensor, NEAT defaults; double-pole-nv for a cart delay).</param>
    /// <param name="names">How the sentence names the options (default: the CLI's flags).</param>
    /// <param name="neat">NEAT's options the run starts from (default: the task's <see cref="IEvolutionTask.NeatDefaults"/>).</param>
    /// <exception cref="InvalidInputException">An option out of range, with an algorithm or on a task it does not apply to, or a refused combination.</exception>
    public static void Check(EvolverSettings settings, IEvolutionTask task, EvolveOptionNames? names = null, NeatOptions? neat = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(task);
        var n = names ?? EvolveOptionNames.Flags;
        CheckRanges(settings, n);
        CheckAlgorithm(settings, n);
        if (settings.Algorithm == "neat") CheckNeatTask(settings, task, n, neat ?? task.NeatDefaults);
        CheckCartDelay(settings, task, n);
    }

    /// <summary>Checks the evaluation bound (<c>--max-evaluations</c>): 0 (no bound) or more.</summary>
    /// <param name="maxEvaluations">The bound.</param>
    /// <param name="names">How the sentence names the option (default: the CLI's flags).</param>
    /// <exception cref="InvalidInputException">A negative bound.</exception>
    public static void CheckMaxEvaluations(long maxEvaluations, EvolveOptionNames? names = null)
    {
        var n = names ?? EvolveOptionNames.Flags;
        if (maxEvaluations < 0) throw new InvalidInputException($"{n["--max-evaluations"]} must be 0 or more (got {maxEvaluations}).");
    }

    private static string Show(double x) => x.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Checks the all-balancers test (<c>--test-all-balanced</c>): it applies to the task that tests each generation's fittest
    /// network for 100 000 steps (double-pole-nv; docs/evolution-pole-balancing.md, "Testing every balancer").
    /// </summary>
    /// <param name="testAllBalanced">Whether the run asks for it.</param>
    /// <param name="task">The task.</param>
    /// <param name="names">How the sentence names the option (default: the CLI's flags).</param>
    /// <exception cref="InvalidInputException">Asked for on another task.</exception>
    public static void CheckTestAllBalanced(bool testAllBalanced, IEvolutionTask task, EvolveOptionNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var n = names ?? EvolveOptionNames.Flags;
        if (testAllBalanced && !TestsAllBalanced(task))
            throw new InvalidInputException($"{n["--test-all-balanced"]} applies to task double-pole-nv (the task that tests each generation's fittest network for 100 000 steps), not {task.Name}.");
    }

    /// <summary>Whether a task takes <c>--test-all-balanced</c>: it tests each generation's fittest network (double-pole-nv).</summary>
    /// <param name="task">The task.</param>
    /// <returns>True for double-pole-nv.</returns>
    public static bool TestsAllBalanced(IEvolutionTask task) => task is PoleBalancingTask { TestsGenerationChampion: true };

    private static void CheckRanges(EvolverSettings s, EvolveOptionNames n)
    {
        if (s.Restarts < 0 || s.Restarts > 20) throw new InvalidInputException($"{n["--restarts"]} must be between 0 and 20 (got {s.Restarts}).");
        if (s.Growth < 1 || s.Growth > 4) throw new InvalidInputException($"{n["--restart-growth"]} must be between 1 and 4 (got {s.Growth}).");
        if (!(s.Sigma > 0 && s.Sigma <= 100)) throw new InvalidInputException($"{n["--sigma"]} must be above 0 and at most 100 (got {Show(s.Sigma)}).");
        if (!(s.BiasStep > 0 && s.BiasStep <= 100)) throw new InvalidInputException($"{n["--bias-step"]} must be above 0 and at most 100 (got {Show(s.BiasStep)}).");
        if (s.MinScale is { } sf && !(sf > 0 && sf <= 10)) throw new InvalidInputException($"{n["--min-scale"]} must be above 0 and at most 10 (got {Show(sf)}).");
        if (s.DelayStep < 1 || s.DelayStep > 1000) throw new InvalidInputException($"{n["--delay-step"]} must be between 1 and 1000 engine steps (got {s.DelayStep}).");
        if (s.PositionStep is { } f && !(f > 0 && f <= 100)) throw new InvalidInputException($"{n["--pv-step"]} must be above 0 and at most 100 (got {Show(f)}).");
        if (s.WeightLimit is { } wl && !(wl > 0 && wl <= 1e6)) throw new InvalidInputException($"{n["--weight-limit"]} must be above 0 and at most 1000000 genome units (got {Show(wl)}).");
        s.Breeding?.Validate(n);
    }

    private static void CheckAlgorithm(EvolverSettings s, EvolveOptionNames n)
    {
        string algo = s.Algorithm;
        if (s.Restarts != 0 && algo != "cmaes") throw new InvalidInputException($"{n["--restarts"]} applies to {n.Algorithm("cmaes")} (IPOP-CMA-ES), not {algo}.");
        if (s.Growth != 2 && algo != "cmaes") throw new InvalidInputException($"{n["--restart-growth"]} applies to {n.Algorithm("cmaes")} (its restarts), not {algo}.");
        if (s.Sigma != 1.0 && algo is not ("cmaes" or "neat"))
            throw new InvalidInputException($"{n["--sigma"]} applies to {n.Algorithm("cmaes")} (its initial step size) and neat (its first genomes' spread), not {algo}.");
        if (s.Mirror && algo != "neat") throw new InvalidInputException($"{n["--mirror"]} ties NEAT's genes in mirror pairs: use it with {n.Algorithm("neat")}, not {algo}.");
        if (s.BiasStep != 1 && algo != "neat") throw new InvalidInputException($"{n["--bias-step"]} scales NEAT's bias weight steps: use it with {n.Algorithm("neat")}, not {algo}.");
        if (s.PushPull && (algo != "neat" || !s.Mirror))
            throw new InvalidInputException($"{n["--push-pull"]} ties NEAT's mirror-tied genes in push-pull groups: use it with {n.Together(n.Algorithm("neat"), n["--mirror"])}{(algo == "neat" ? "" : $", not {algo}")}.");
        if ((s.PositionStep is not null || s.WeightLimit is not null || s.SharedDelay || s.DelayStep != 1 || s.MinScale is not null) && algo != "neat")
            throw new InvalidInputException($"{n["--pv-step"]}, {n["--weight-limit"]}, {n["--shared-delay"]}, {n["--delay-step"]} and {n["--min-scale"]} shape NEAT's genome: use them with {n.Algorithm("neat")}, not {algo}.");
        if (s.Breeding is { IsDefault: false } && algo != "neat")
            throw new InvalidInputException($"{n["--elitism"]}, {n["--survival"]}, {n["--weight-gene-rate"]}, {n["--cauchy"]}, {n["--add-neuron-rate"]} and {n["--add-link-rate"]} set NEAT's reproduction: use them with {n.Algorithm("neat")}, not {algo}.");
        if (s.PositionStep is not null && s.Breeding is { } b && (b.WeightGeneRate is not null || b.Cauchy))
            throw new InvalidInputException($"{n["--pv-step"]} draws every weight of a mutated genome in (P, V) coordinates, Gaussian: it does not combine with {n["--weight-gene-rate"]} or {n["--cauchy"]}.");
    }

    private static void CheckNeatTask(EvolverSettings s, IEvolutionTask task, EvolveOptionNames n, NeatOptions options)
    {
        if (s.Mirror && task.NeatMirror is null)
            throw new InvalidInputException($"Task {task.Name} has no mirror symmetry for {n["--mirror"]} (tasks with one: {PoleTasks}); leave {n["--mirror"]} out.");
        if (s.BiasStep != 1 && options.BiasSensor is null)
            throw new InvalidInputException($"Task {task.Name} has no bias sensor for {n["--bias-step"]} (tasks with one: {PoleTasks}); leave {n["--bias-step"]} out.");
        if (s.MinScale is { } floor)
        {
            if (!options.AdaptiveMutation)
                throw new InvalidInputException($"Task {task.Name} does not self-adapt NEAT's mutation size, so {n["--min-scale"]} has nothing to bound (tasks that do: {PoleTasks}); leave it out.");
            if (floor > options.MaxMutationScale)
                throw new InvalidInputException($"{n["--min-scale"]} must be at most the largest mutation scale, {Show(options.MaxMutationScale)} (got {Show(floor)}).");
        }
        if (s.SharedDelay && options.MaxParallelLinks < 2)
            throw new InvalidInputException($"Task {task.Name} allows one link per pair, so it has no slow lane for {n["--shared-delay"]} (tasks with two: {PoleTasks}); leave {n["--shared-delay"]} out.");
        // Without a second lane no link has a partner, and every weight would move as without the option: refused, not ignored.
        if (s.PositionStep is not null && options.MaxParallelLinks < 2)
            throw new InvalidInputException($"Task {task.Name} allows one link per pair, so it has no fast/slow lane pairs for {n["--pv-step"]} to move (tasks with two: {PoleTasks}); leave {n["--pv-step"]} out.");
    }

    private static void CheckCartDelay(EvolverSettings s, IEvolutionTask task, EvolveOptionNames n)
    {
        if (s.CartDelayMs is not { } ms) return;
        if (task is not PoleBalancingTask { Variant: PoleVariant.DoublePoleNoVelocity })
            throw new InvalidInputException($"{n["--cart-delay"]} applies to task double-pole-nv (the delay-line circuit), not {task.Name}.");
        if (!s.Circuit || s.Algorithm == "neat")
            throw new InvalidInputException($"{n["--cart-delay"]} applies to {n["--circuit"]} with {n.Algorithm("cmaes")} or cosyne (the tuned delay-line circuit){(s.Algorithm == "neat" ? ", not neat" : $"; add {n["--circuit"]}")}.");
        if (!(ms >= PoleVelocityCircuit.MinCartDelayMs && ms <= PoleVelocityCircuit.MaxCartDelayMs))
            throw new InvalidInputException($"{n["--cart-delay"]} must be between {PoleVelocityCircuit.MinCartDelayMs} and {PoleVelocityCircuit.MaxCartDelayMs} ms (got {Show(ms)}).");
    }
}
