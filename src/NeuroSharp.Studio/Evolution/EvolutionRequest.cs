using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Worlds.Worm;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.NeuroMl;

namespace NeuroSharp.Studio.Evolution;

/// <summary>
/// An evolution run asked for by the studio's evolution page (<c>POST /api/evolution</c>); the fields are the
/// <c>neurosharp evolve</c> options, with the CLI's defaults.
/// </summary>
/// <remarks>
/// A wire record with setters (as <see cref="Clustering.ClusteringRequest"/>): a field missing from the JSON keeps
/// its default. <see cref="Validate"/> checks every field before anything is built.
/// </remarks>
public sealed record EvolutionRequest
{
    /// <summary>The most genomes per generation the studio evolves (the CLI has no such limit).</summary>
    public const int MaxPopulation = 2000;

    /// <summary>The most generations one studio run may ask for.</summary>
    public const int MaxGenerations = 100_000;

    /// <summary>The most hidden neurons of the fixed topology.</summary>
    public const int MaxHidden = 64;

    /// <summary>The task: a name from <see cref="EvolutionTasks.Names"/>.</summary>
    public string Task { get; set; } = "xor";

    /// <summary>neat, cmaes or cosyne.</summary>
    public string Algorithm { get; set; } = "neat";

    /// <summary>Genomes per generation, or null for the algorithm's default (NEAT 150, CMA-ES 4 + floor(3 ln n), CoSyNE 40).</summary>
    public int? Population { get; set; }

    /// <summary>The generation budget (the run ends earlier at the first solution).</summary>
    public int Generations { get; set; } = 100;

    /// <summary>
    /// The neuron model of hidden and motor neurons: a name from <see cref="ControllerModel.All"/> (lif, conductanceLif,
    /// izhikevich, adex, transmitter), or null for the task's own default (<see cref="IEvolutionTask.DefaultModel"/>, as
    /// <c>neurosharp evolve</c> picks it without <c>--model</c>).
    /// </summary>
    public string? Model { get; set; }

    /// <summary>Hidden neurons of the fixed topology of cmaes and cosyne.</summary>
    public int Hidden { get; set; } = 4;

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>
    /// Tune the task's documented seed circuit instead of a fully connected network (<c>evolve --circuit</c>; cmaes and
    /// cosyne, tasks with a circuit only: <see cref="IEvolutionTask.Circuit"/>).
    /// </summary>
    public bool Circuit { get; set; }

    /// <summary>How the pole tasks' sensor values become spikes (<c>evolve --sensor-code</c>): log (the default) or linear.</summary>
    public string SensorCode { get; set; } = "log";

    // --- evolve --mirror, --cart-delay and --max-evaluations: their own block. ---

    /// <summary>NEAT on the pole tasks: mirror-tied genes (<c>evolve --mirror</c>, docs/evolution-neat.md).</summary>
    public bool Mirror { get; set; }

    /// <summary>
    /// double-pole-nv with <see cref="Circuit"/>, cmaes or cosyne: the start of x's own slow-path delay in ms, 1 to 1000
    /// (<c>evolve --cart-delay</c>, docs/evolution-pole-balancing.md); null: one delay for every path.
    /// </summary>
    public double? CartDelay { get; set; }

    /// <summary>Start no generation once this many evaluations are done (<c>evolve --max-evaluations</c>); 0: no bound.</summary>
    public long MaxEvaluations { get; set; }

    // --- evolve --sigma, --restarts, --restart-growth (CMA-ES's step size and IPOP restarts) and --test-all-balanced: their own
    // block; each is the CLI's flag of the same name, with its default, checked by the CLI's own checks (EvolveOptionChecks). ---

    /// <summary>
    /// cmaes: the initial step size of every run and restart, in genome units; neat: a factor on the first genomes' weight spread;
    /// above 0 and at most 100 (<c>evolve --sigma</c>, docs/evolution-cmaes.md); 1: the default.
    /// </summary>
    public double Sigma { get; set; } = 1;

    /// <summary>cmaes: the most IPOP-CMA-ES restarts, 0 to 20 (<c>evolve --restarts</c>, docs/evolution-cmaes.md); 0: plain CMA-ES.</summary>
    public int Restarts { get; set; }

    /// <summary>cmaes: the factor each restart multiplies the population by, 1 to 4 (<c>evolve --restart-growth</c>); 2: IPOP.</summary>
    public int RestartGrowth { get; set; } = 2;

    /// <summary>
    /// double-pole-nv: give the 100 000-step test to every network that balanced the 1 000-step episode, not only the fittest,
    /// each extra test counted as one evaluation (<c>evolve --test-all-balanced</c>, docs/evolution-pole-balancing.md).
    /// </summary>
    public bool TestAllBalanced { get; set; }

    // --- NEAT's genome and reproduction options (evolve --push-pull ... --add-link-rate): their own block; each is the CLI's
    // flag of the same name, with its default, checked by the CLI's own checks (EvolveOptionChecks) in the API's words. ---

    /// <summary>NEAT with <see cref="Mirror"/> on the pole tasks: push-pull tied genes (<c>evolve --push-pull</c>, docs/evolution-neat.md).</summary>
    public bool PushPull { get; set; }

    /// <summary>NEAT: mutate fast/slow lane pairs in (P, V) coordinates with this P step factor, 0 to 100 (<c>evolve --pv-step</c>); null: one draw per weight.</summary>
    public double? PvStep { get; set; }

    /// <summary>NEAT: the weight limit in genome units instead of the task's (<c>evolve --weight-limit</c>); null: the task's.</summary>
    public double? WeightLimit { get; set; }

    /// <summary>NEAT on the pole tasks: the factor on the bias sensor's weight steps, 0 to 100 (<c>evolve --bias-step</c>); 1: none.</summary>
    public double BiasStep { get; set; } = 1;

    /// <summary>NEAT on the pole tasks: the floor of the self-adapted mutation scale, 0 to 10 (<c>evolve --min-scale</c>); null: 0.01.</summary>
    public double? MinScale { get; set; }

    /// <summary>NEAT on the pole tasks: one delay shared by the slow lane of every sensor-to-motor link (<c>evolve --shared-delay</c>).</summary>
    public bool SharedDelay { get; set; }

    /// <summary>NEAT: the most engine steps one delay mutation moves a delay, 1 to 1000 (<c>evolve --delay-step</c>).</summary>
    public int DelayStep { get; set; } = 1;

    /// <summary>NEAT: the fraction of each species copied unchanged (<c>evolve --elitism</c>); null: the task's default.</summary>
    public double? Elitism { get; set; }

    /// <summary>NEAT: the fraction of each species that breeds (<c>evolve --survival</c>); null: 0.2.</summary>
    public double? Survival { get; set; }

    /// <summary>NEAT: the probability that each weight gene of a mutated offspring is perturbed (<c>evolve --weight-gene-rate</c>); null: 1.</summary>
    public double? WeightGeneRate { get; set; }

    /// <summary>NEAT: Cauchy weight perturbations instead of Gaussian (<c>evolve --cauchy</c>).</summary>
    public bool Cauchy { get; set; }

    /// <summary>NEAT: the add-neuron probability per offspring (<c>evolve --add-neuron-rate</c>); null: 0.03.</summary>
    public double? AddNeuronRate { get; set; }

    /// <summary>NEAT: the add-link probability per offspring (<c>evolve --add-link-rate</c>); null: 0.05.</summary>
    public double? AddLinkRate { get; set; }

    /// <summary>The reproduction options as the library takes them, or null when none is set (as <c>evolve</c> passes them).</summary>
    private NeatBreeding? Breeding()
    {
        var breeding = new NeatBreeding(Elitism, Survival, WeightGeneRate, Cauchy, AddNeuronRate, AddLinkRate);
        return breeding.IsDefault ? null : breeding;
    }

    // --- The worm's connectome (evolve --network): its own block, so that other fields merge beside it. ---

    /// <summary>
    /// The text of a C. elegans connectome (a NeuroML <c>.net.nml</c> such as c302's, or a network JSON file) to be the
    /// worm's network, as <c>neurosharp evolve --network FILE</c> takes it: the run tunes its gains and head oscillator
    /// and keeps its wiring (docs/world-worm.md). Null: the task's own network. Worm tasks, cmaes or cosyne only.
    /// </summary>
    public string? Network { get; set; }

    /// <summary>The connectome file's name (its ending picks the format: <c>.nml</c> NeuroML, else JSON); shown in the status.</summary>
    public string? NetworkName { get; set; }

    /// <summary>The most files a connectome may bring along (<see cref="Includes"/>).</summary>
    public const int MaxIncludes = 16;

    /// <summary>
    /// The files a NeuroML connectome includes, uploaded with it: relative path (as the include's href names it, e.g.
    /// <c>cell_B.xml</c>, which c302's level-B files include) to text. Nothing is written to disk; an include the file names
    /// but the request lacks is refused with its name. Null or empty: the connectome includes nothing.
    /// </summary>
    public Dictionary<string, string>? Includes { get; set; }

    private CircuitTemplate? _connectome;

    /// <summary>The connectome's template, built once (<see cref="WormConnectomeCircuit.Create"/>), or null without <see cref="Network"/>.</summary>
    private CircuitTemplate? Connectome(IEvolutionTask task)
    {
        if (Network is null)
        {
            if (Includes is { Count: > 0 })
                throw new InvalidInputException("includes are the files a connectome includes: send them with its network and networkName (the request has no network).");
            return null;
        }
        string name = string.IsNullOrWhiteSpace(NetworkName) ? "network.json" : NetworkName;
        if (task is not WormTaskBase worm)
            throw new InvalidInputException($"network applies to the worm tasks (a C. elegans connectome as the worm's network); task {task.Name} is not one.");
        if (Algorithm == "neat")
            throw new InvalidInputException("network tunes a connectome's gains: use it with algorithm cmaes or cosyne, not neat.");
        if (_connectome is not null) return _connectome;
        try
        {
            var includes = CheckedIncludes(name);
            var spec = NeuroMlFile.IsNeuroMl(name) ? NeuroMlFile.Parse(Network, name, includes) : NetworkFile.Parse(Network, name);
            return _connectome = WormConnectomeCircuit.Create(spec,
                oscillatorSpanMs: Math.Max(WormConnectomeCircuit.DefaultOscillatorSpanMs, worm.Options.EpisodeSeconds * 1000));
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"network '{name}': {e.Message}", e);
        }
    }

    /// <summary>
    /// <see cref="Includes"/>, checked: at most <see cref="MaxIncludes"/>, NeuroML only, and every name (and, with includes,
    /// the connectome's own) a relative path of plain segments, so that an href cannot reach outside the uploaded files.
    /// </summary>
    private Dictionary<string, string> CheckedIncludes(string name)
    {
        if (Includes is not { Count: > 0 } includes) return [];
        if (!NeuroMlFile.IsNeuroMl(name))
            throw new InvalidInputException($"includes apply to a NeuroML connectome (.nml), which may include other files; '{name}' is read as JSON, which includes none.");
        if (includes.Count > MaxIncludes)
            throw new InvalidInputException($"includes may bring at most {MaxIncludes} files along with the connectome (got {includes.Count}).");
        foreach (string file in includes.Keys.Prepend(name))
        {
            if (!IsPlainRelativePath(file))
                throw new InvalidInputException($"includes: '{file}' is not a plain relative file name (no '..', '.', empty or hidden segment, no absolute path, backslash or colon).");
        }
        foreach (var (file, text) in includes)
        {
            if (text is null) throw new InvalidInputException($"includes: '{file}' has no text (got null).");
        }
        return includes;
    }

    private static bool IsPlainRelativePath(string path) =>
        path.Length is > 0 and <= 255 && !path.Contains('\\') && !path.Contains(':') && !path.Contains('\0')
        && path.Split('/').All(segment => segment.Length > 0 && segment[0] != '.');

    /// <summary>The smallest population an algorithm accepts (CoSyNE permutes within subpopulations of at least 4).</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The minimum.</returns>
    public static int MinPopulation(string algorithm) => algorithm == "cosyne" ? 4 : 2;

    /// <summary>Checks every field; the task, the model and the evolver settings it asks for.</summary>
    /// <param name="memory">The studio's budget (<c>neurosharp studio --memory-limit</c>): every engine the task builds is checked against it, as the live simulations' and clustering runs' are.</param>
    /// <returns>The task, the model and the settings.</returns>
    /// <exception cref="InvalidInputException">A field is missing, unknown or out of range (one sentence naming it).</exception>
    public (IEvolutionTask Task, ControllerModel Model, EvolverSettings Settings) Validate(MemoryBudget memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (Task is null) throw new InvalidInputException($"task must be one of {string.Join(", ", EvolutionTasks.Names)} (got null).");
        var task = EvolutionTasks.Create(Task, memory);
        task = WithSensorCode(task, memory);
        if (Algorithm is null || !EvolverFactory.Algorithms.Contains(Algorithm))
            throw new InvalidInputException($"algorithm must be one of {string.Join(", ", EvolverFactory.Algorithms)} (got '{Algorithm}').");
        if (Population is { } p && (p < MinPopulation(Algorithm) || p > MaxPopulation))
            throw new InvalidInputException($"population must be in [{MinPopulation(Algorithm)}, {MaxPopulation}] for {Algorithm} (got {p}); leave it empty for the algorithm's default.");
        if (Generations is < 1 or > MaxGenerations)
            throw new InvalidInputException($"generations must be in [1, {MaxGenerations}] (got {Generations}).");
        if (Hidden is < 0 or > MaxHidden)
            throw new InvalidInputException($"hidden must be in [0, {MaxHidden}] (got {Hidden}).");
        if (Circuit && task.Circuit is null)
            throw new InvalidInputException($"circuit applies to the tasks with a seed circuit ({string.Join(", ", EvolutionTasks.Names.Where(n => EvolutionTasks.Create(n).Circuit is not null))}); task {task.Name} has none.");
        // NEAT takes circuit as its start topology (evolve --algorithm neat --circuit), where the task has one.
        if (Circuit && Algorithm == "neat" && task.NeatStartLinks is null)
            throw new InvalidInputException($"circuit tunes a fixed circuit's parameters: use it with algorithm cmaes or cosyne, not neat (neat starts from a circuit's topology only on {string.Join(", ", NeatCircuitTasks)}).");
        var model = Model is null ? task.DefaultModel : ControllerModel.Named(Model);
        var settings = new EvolverSettings(Algorithm, Population ?? 0, Hidden, Seed, Circuit, Restarts: Restarts, Sigma: Sigma, Growth: RestartGrowth, Mirror: Mirror, CartDelayMs: CartDelay, PushPull: PushPull,
            BiasStep: BiasStep, PositionStep: PvStep, WeightLimit: WeightLimit, SharedDelay: SharedDelay, DelayStep: DelayStep, MinScale: MinScale,
            Breeding: Breeding());
        // The CLI's checks of these options (evolve), in the API's field names.
        EvolveOptionChecks.Check(settings, task, EvolveOptionNames.Fields);
        EvolveOptionChecks.CheckMaxEvaluations(MaxEvaluations, EvolveOptionNames.Fields);
        EvolveOptionChecks.CheckTestAllBalanced(TestAllBalanced, task, EvolveOptionNames.Fields);
        if (CartDelay is not null) ((NeuroSharp.Evolution.Tasks.PoleBalancingTask)task).CartDelayMs = CartDelay;
        if (Connectome(task) is { } connectome)
        {
            ((WormTaskBase)task).CircuitOverride = connectome;
            return (task, model, settings with { Circuit = true, Network = NetworkName ?? "network.json" });
        }
        return (task, model, settings);
    }

    /// <summary>The tasks on which NEAT can start from the circuit's topology (<see cref="IEvolutionTask.NeatStartLinks"/>).</summary>
    public static IEnumerable<string> NeatCircuitTasks => EvolutionTasks.Names.Where(n => EvolutionTasks.Create(n).NeatStartLinks is not null);

    /// <summary>The sensor codes a task takes: log and linear for the pole tasks, log alone for the others.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The codes' names.</returns>
    public static IReadOnlyList<string> SensorCodesOf(IEvolutionTask task) =>
        task is NeuroSharp.Evolution.Tasks.PoleBalancingTask ? ["log", "linear"] : ["log"];

    /// <summary>The task with <see cref="SensorCode"/> applied, refusing a code the task does not take in the API's words.</summary>
    private IEvolutionTask WithSensorCode(IEvolutionTask task, MemoryBudget memory)
    {
        if (SensorCode is not ("log" or "linear"))
            throw new InvalidInputException($"sensorCode must be log or linear (got '{SensorCode}').");
        if (!SensorCodesOf(task).Contains(SensorCode))
            throw new InvalidInputException($"sensorCode {SensorCode} applies to the pole tasks (single-pole, double-pole, double-pole-nv); task {task.Name} has its own sensors.");
        return EvolutionTasks.Create(task.Name, SensorCode, memory);
    }

    /// <summary>
    /// The memory a run holds: each genome of the population (its genes, its decoded network and the engine an
    /// evaluation builds, counted generously at 256 KiB), the algorithm's state (CMA-ES's covariance over the
    /// weights), and the champion's replay for the page (at most <see cref="ChampionReplay.MaxFrames"/> states, and a raster
    /// of at most <see cref="ChampionReplay.MaxRasterNeurons"/> neurons over <see cref="ChampionReplay.MaxSteps"/> steps).
    /// </summary>
    /// <param name="task">The task (its sensor and motor counts size the fixed topology).</param>
    /// <returns>The estimate in bytes.</returns>
    public long EstimateBytes(IEvolutionTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        int population = Population ?? 150;
        long genomes = MemoryBudget.Times(population, 256 * 1024);
        long weights = new FixedTopology(task.InputCount, Hidden, task.OutputCount).Dimension;
        // The covariance, its eigenvectors and a working copy: three n x n matrices.
        long covariance = MemoryBudget.Times(3, weights, weights, sizeof(double));
        long replay = MemoryBudget.Times(ChampionReplay.MaxFrames, 1024, sizeof(double) * 4);
        // The raster: every neuron's spikes at every step played, before they are summed into frames.
        long raster = MemoryBudget.Times(ChampionReplay.MaxSteps, ChampionReplay.MaxRasterNeurons, sizeof(int));
        // A connectome: its text, parsed and packed, held once per network a genome decodes to (counted at 64 bytes a character).
        long connectome = Network is null ? 0 : MemoryBudget.Times(Network.Length + (Includes?.Values.Sum(t => (long)(t?.Length ?? 0)) ?? 0), 64);
        return MemoryBudget.Plus(genomes, Algorithm == "cmaes" ? covariance : 0, replay, raster, connectome);
    }
}
