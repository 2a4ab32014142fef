using System.Text.Json;
using NeuroSharp.Formats;

namespace NeuroSharp.Evolution;

/// <summary>
/// The checkpoint of an <see cref="EvolutionRun"/> (JSON, <c>format</c> "neurosharp.evolution-checkpoint",
/// <c>version</c> 1): the run's settings, the algorithm's state, the history and the champion. A resume must
/// ask for the same task, algorithm, model, population, hidden count, seed, --circuit, --network, --sensor-code, --restarts, --sigma, --restart-growth, --mirror and --cart-delay.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="Version">Always <see cref="CurrentVersion"/>.</param>
/// <param name="Task">The task's name.</param>
/// <param name="Algorithm">The algorithm's name.</param>
/// <param name="Model">The controller model's name.</param>
/// <param name="Population">The population setting (0: the algorithm's default).</param>
/// <param name="Hidden">Hidden neurons of the fixed topology.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="EvolverState">The algorithm's state (<see cref="IEvolver.SaveState"/>).</param>
/// <param name="History">The generations so far.</param>
/// <param name="Champion">The champion's genes, or null.</param>
/// <param name="ChampionFitness">Its fitness.</param>
/// <param name="ChampionSolved">Whether it solved the task.</param>
/// <param name="ChampionGeneration">Its generation.</param>
/// <param name="ChampionEvaluations">The evaluations when it was found.</param>
/// <param name="Circuit">Whether the run tunes the task's seed circuit (<c>--circuit</c>); absent in older files, read as false.</param>
/// <param name="Network">The connectome file whose gains the run tunes (<c>--network</c>), or null; absent in older files.</param>
/// <param name="SensorCode">The pole tasks' sensor code (<c>--sensor-code</c>) when not the default log, else null; absent in older files.</param>
/// <param name="Trials">The worm tasks' trials per evaluation (<c>--trials</c>), else null; absent in older files (then not checked).</param>
/// <param name="CheckTrials">The worm tasks' held-in check trials (<c>--check-trials</c>), else null; absent in older files (then not checked).</param>
/// <param name="Restarts">CMA-ES's most IPOP restarts (<c>--restarts</c>); absent in older files, read as 0.</param>
/// <param name="Sigma">CMA-ES's initial step size (<c>--sigma</c>); absent in older files, read as 1.</param>
/// <param name="NetworkDigest">The SHA-256 of the <c>--network</c> connectome as network JSON (<see cref="DigestOf"/>), or null; absent in
/// older files, whose resume then matches the path instead.</param>
/// <param name="Growth">CMA-ES's population factor per restart (<c>--restart-growth</c>); absent in older files, read as 2.</param>
/// <param name="Mirror">NEAT's mirror-tied genes (<c>--mirror</c>); written only when true, so untied runs write what they wrote
/// before; absent in older files, read as false.</param>
/// <param name="PushPull">NEAT's push-pull tied genes (<c>--push-pull</c>); written only when true; absent in older files, read as false.</param>
/// <param name="BiasStep">NEAT's factor on the bias links' weight steps (<c>--bias-step</c>); written only when not 1; absent in older files, read as 1.</param>
/// <param name="PositionStep">NEAT's P step factor of (P, V) lane-pair mutation (<c>--pv-step</c>); written only when set; absent in older files, read as null.</param>
/// <param name="WeightLimit">NEAT's weight limit in genome units (<c>--weight-limit</c>); written only when set; absent in older files, read as null.</param>
/// <param name="SharedDelay">NEAT's shared slow delay (<c>--shared-delay</c>); written only when true; absent in older files, read as false.</param>
/// <param name="DelayStep">NEAT's most steps of a delay mutation (<c>--delay-step</c>); written only when not 1; absent in older files, read as 1.</param>
/// <param name="MinScale">NEAT's floor of the self-adapted mutation scale (<c>--min-scale</c>); written only when set; absent in older files, read as null.</param>
/// <param name="Breeding">NEAT's reproduction options (<see cref="NeatBreeding"/>); written only when one is set; absent in older files, read as none.</param>
/// <param name="CartDelayMs">double-pole-nv: the start of x's own slow-path delay (<c>--cart-delay</c>), or null (not written) for the
/// eight-number circuit; absent in older files, read as null.</param>
public sealed record EvolutionCheckpoint(string Format, int Version, string Task, string Algorithm, string Model, int Population, int Hidden, ulong Seed,
    string EvolverState, GenerationRecord[] History, GenomeState? Champion, double ChampionFitness, bool ChampionSolved, int ChampionGeneration, long ChampionEvaluations,
    bool Circuit = false, string? Network = null, string? SensorCode = null, int? Trials = null, int? CheckTrials = null, int Restarts = 0, double Sigma = 1.0, int Growth = 2,
    string? NetworkDigest = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool Mirror = false,

    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? CartDelayMs = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool PushPull = false,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? BiasStep = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? PositionStep = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? WeightLimit = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool SharedDelay = false,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? DelayStep = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? MinScale = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] NeatBreeding? Breeding = null)
{
    /// <summary>The <c>format</c> field.</summary>
    public const string FormatName = "neurosharp.evolution-checkpoint";

    /// <summary>The only version written and read.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Writes a run's checkpoint atomically.</summary>
    /// <param name="path">The file.</param>
    /// <param name="run">The run.</param>
    /// <param name="settings">Its settings.</param>
    public static void Save(string path, EvolutionRun run, EvolverSettings settings)
    {
        var c = run.Best;
        var checkpoint = new EvolutionCheckpoint(FormatName, CurrentVersion, run.Task.Name, settings.Algorithm, run.Model.Name, settings.Population,
            settings.Hidden, settings.Seed, run.Evolver.SaveState(), [.. run.History], c is null ? null : GenomeState.Of(c.Genome),
            c?.Fitness ?? 0, c?.Solved ?? false, c?.Generation ?? 0, c?.Evaluations ?? 0, settings.Circuit, settings.Network,
            run.Task is Tasks.PoleBalancingTask { SensorCode: Evolution.SensorCode.Linear } ? "linear" : null,
            (run.Task as Worlds.Worm.WormTaskBase)?.Options.Trials, (run.Task as Worlds.Worm.WormTaskBase)?.Options.CheckTrials, settings.Restarts, settings.Sigma, settings.Growth, settings.NetworkDigest, settings.Mirror, settings.CartDelayMs, settings.PushPull, settings.BiasStep == 1 ? null : settings.BiasStep,
            settings.PositionStep, settings.WeightLimit, settings.SharedDelay, settings.DelayStep == 1 ? null : settings.DelayStep, settings.MinScale,
                settings.Breeding is { IsDefault: false } breeding ? breeding : null);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(checkpoint, EvolutionJsonContext.Default.EvolutionCheckpoint));
    }

    /// <summary>The content of a connectome, as a resume compares it: the SHA-256 of its network JSON, in lower-case hex.</summary>
    /// <param name="network">The connectome as loaded (from JSON or NeuroML, with its included files).</param>
    /// <returns>64 hex digits.</returns>
    public static string DigestOf(Spiking.NetworkSpec network) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Spiking.NetworkFile.ToJson(network))));

    /// <summary>Reads a checkpoint.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="InvalidInputException">Not JSON, another format or version, or a field missing.</exception>
    public static EvolutionCheckpoint Load(string path)
    {
        EvolutionCheckpoint? c;
        try
        {
            c = JsonSerializer.Deserialize(File.ReadAllText(path), EvolutionJsonContext.Default.EvolutionCheckpoint);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path} is not a valid evolution checkpoint ({e.Message.Split('.')[0]}).");
        }
        if (c is null || c.Format != FormatName)
            throw new InvalidInputException($"{path} is not an evolution checkpoint (format '{c?.Format}', expected '{FormatName}').");
        if (c.Version != CurrentVersion)
            throw new InvalidInputException($"{path} has version {c.Version}; this NeuroSharp reads version {CurrentVersion}.");
        return c;
    }

    /// <summary>Refuses a resume with other settings than the checkpoint's.</summary>
    /// <param name="path">The checkpoint's path (for the message).</param>
    /// <param name="task">The requested task.</param>
    /// <param name="model">The requested model.</param>
    /// <param name="settings">The requested settings.</param>
    /// <exception cref="InvalidInputException">A setting differs.</exception>
    /// <param name="sensorCode">The requested sensor code (log or linear).</param>
    public void CheckMatches(string path, string task, string model, EvolverSettings settings, string sensorCode = "log")
    {
        static string Show(double? v) => v is { } x ? x.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(none)";
        void Same(string flag, object requested, object recorded)
        {
            if (Equals(requested, recorded)) return;
            // A switch is given or left out (not .NET's True and False); a number as the command line writes it.
            if (requested is bool given)
                throw new InvalidInputException(given
                    ? $"{flag} is given but the checkpoint {path} was made without it; leave {flag} out or start a new run."
                    : $"{flag} is left out but the checkpoint {path} was made with it; add {flag} or start a new run.");
            static string Text(object v) => v is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : v.ToString() ?? "";
            throw new InvalidInputException($"{flag} is {Text(requested)} but the checkpoint {path} was made with {Text(recorded)}; repeat the same value or start a new run.");
        }
        Same("--task", task, Task);
        Same("--algorithm", settings.Algorithm, Algorithm);
        Same("--model", model, Model);
        Same("--population", settings.Population, Population);
        Same("--hidden", settings.Hidden, Hidden);
        Same("--seed", settings.Seed, Seed);
        Same("--circuit", settings.Circuit, Circuit);
        // A connectome is the same when its content is, wherever the file lies now (a moved folder, another path to it);
        // a file changed in place is refused although its path is the same. Older checkpoints hold only the path.
        if (NetworkDigest is not null && settings.NetworkDigest is not null)
        {
            if (NetworkDigest != settings.NetworkDigest)
                throw new InvalidInputException($"--network {settings.Network} does not hold the connectome the checkpoint {path} was made with (from {Network}): its content differs; use that connectome or start a new run.");
        }
        else Same("--network", settings.Network ?? "(none)", Network ?? "(none)");
        Same("--sensor-code", sensorCode, SensorCode ?? "log");
        Same("--restarts", settings.Restarts, Restarts);
        Same("--sigma", settings.Sigma, Sigma);
        Same("--restart-growth", settings.Growth, Growth);
        Same("--mirror", settings.Mirror, Mirror);
        Same("--push-pull", settings.PushPull, PushPull);
        Same("--bias-step", settings.BiasStep, BiasStep ?? 1);
        Same("--pv-step", Show(settings.PositionStep), Show(PositionStep));
        Same("--weight-limit", Show(settings.WeightLimit), Show(WeightLimit));
        Same("--shared-delay", settings.SharedDelay, SharedDelay);
        Same("--delay-step", settings.DelayStep, DelayStep ?? 1);
        Same("--min-scale", Show(settings.MinScale), Show(MinScale));
        var wanted = settings.Breeding ?? new NeatBreeding();
        var saved = Breeding ?? new NeatBreeding();
        static string Given(double? v) => v is { } x ? x.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(default)";
        Same("--elitism", Given(wanted.Elitism), Given(saved.Elitism));
        Same("--survival", Given(wanted.Survival), Given(saved.Survival));
        Same("--weight-gene-rate", Given(wanted.WeightGeneRate), Given(saved.WeightGeneRate));
        Same("--cauchy", wanted.Cauchy, saved.Cauchy);
        Same("--add-neuron-rate", Given(wanted.AddNeuronRate), Given(saved.AddNeuronRate));
        Same("--add-link-rate", Given(wanted.AddLinkRate), Given(saved.AddLinkRate));
        Same("--cart-delay", settings.CartDelayMs is { } d ? $"{d.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms" : "(none)",
            CartDelayMs is { } r ? $"{r.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms" : "(none)");
    }

    /// <summary>Refuses a resume of a worm run with other <c>--trials</c> or <c>--check-trials</c> than the checkpoint's (a file
    /// without them, written before they existed, is not checked).</summary>
    /// <param name="path">The checkpoint's path (for the message).</param>
    /// <param name="trials">The requested trials per evaluation.</param>
    /// <param name="checkTrials">The requested held-in check trials.</param>
    /// <exception cref="InvalidInputException">A setting differs.</exception>
    public void CheckTrialsMatch(string path, int trials, int checkTrials)
    {
        if (Trials is { } t && t != trials)
            throw new InvalidInputException($"--trials is {trials} but the checkpoint {path} was made with {t}; repeat the same value or start a new run.");
        if (CheckTrials is { } k && k != checkTrials)
            throw new InvalidInputException($"--check-trials is {checkTrials} but the checkpoint {path} was made with {k}; repeat the same value or start a new run.");
    }

    /// <summary>The run this checkpoint holds.</summary>
    /// <param name="task">The task (same name).</param>
    /// <param name="model">The model (same name).</param>
    /// <param name="settings">The settings (matching).</param>
    /// <param name="generations">The generation budget (may differ from the first run's).</param>
    /// <param name="threads">Threads.</param>
    /// <param name="save">Writes the next checkpoints.</param>
    /// <param name="path">The checkpoint's path (for messages).</param>
    /// <returns>The run, ready to go on.</returns>
    public EvolutionRun Restore(IEvolutionTask task, ControllerModel model, EvolverSettings settings, int generations, int threads, Action<EvolutionRun> save, string path)
    {
        try
        {
            var evolver = EvolverFactory.Restore(settings, task, EvolverState);
            var champion = Champion is null ? null
                : new Champion(Champion.ToGenome(), ChampionFitness, ChampionSolved, ChampionGeneration, ChampionEvaluations);
            return new EvolutionRun(task, model, evolver, settings.Seed, generations, threads, save, History, champion);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NullReferenceException)
        {
            throw new InvalidInputException($"{path} holds a damaged evolution state ({e.Message.Split('.')[0]}).");
        }
    }
}
