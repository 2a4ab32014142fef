namespace NeuroSharp.Evolution;

/// <summary>The settings that make an evolver for a task (what a checkpoint must match to resume).</summary>
/// <param name="Algorithm">neat, cmaes or cosyne.</param>
/// <param name="Population">Genomes per generation, or 0 for the algorithm's default (NEAT 150, CMA-ES 4 + floor(3 ln n), CoSyNE 40).</param>
/// <param name="Hidden">Hidden neurons of the fixed topology (CMA-ES, CoSyNE).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Circuit">CMA-ES and CoSyNE: tune the task's seed circuit (<see cref="IEvolutionTask.Circuit"/>) instead of a fully connected <see cref="FixedTopology"/>; NEAT: start from the task's <see cref="IEvolutionTask.NeatStartLinks"/>.</param>
/// <param name="Network">The connectome file whose gains are tuned (<c>evolve --network</c>; the task's circuit is then that connectome's), or null.</param>
/// <param name="Restarts">CMA-ES only: the most IPOP restarts, each with twice the population (<see cref="CmaEsEvolver"/>); 0 for plain CMA-ES.</param>
/// <param name="Sigma">CMA-ES: the initial step size of every run, in genome units (<c>--sigma</c>, default 1); NEAT: a factor on the first
/// genomes' weight spread (<see cref="NeatOptions.StartSpread"/>).</param>
/// <param name="Growth">CMA-ES only: the factor by which each restart multiplies the population (<c>--restart-growth</c>, default 2: IPOP).</param>
/// <param name="Mirror">NEAT only: mirror-tied genes (<see cref="NeatOptions.Mirror"/> from the task's <see cref="IEvolutionTask.NeatMirror"/>; <c>--mirror</c>).</param>
/// <param name="NetworkDigest">The connectome's content (<see cref="EvolutionCheckpoint.DigestOf"/>) when <paramref name="Network"/> is a file, or null:
/// a resume then matches the file by what it holds, wherever it lies.</param>
/// <param name="PushPull">NEAT with <paramref name="Mirror"/> only: push-pull tied genes (<see cref="NeatOptions.PushPull"/>; <c>--push-pull</c>).</param>
/// <param name="BiasStep">NEAT only: the factor on the bias links' weight steps (<see cref="NeatOptions.BiasStep"/>; <c>--bias-step</c>), 1 for none.</param>
/// <param name="PositionStep">NEAT only: mutation of fast/slow lane pairs in (P, V) coordinates with this P step factor
/// (<see cref="NeatOptions.PositionStep"/>; <c>--pv-step</c>), or null for NEAT's one draw per weight.</param>
/// <param name="WeightLimit">NEAT only: the weight limit in genome units instead of the task's (<see cref="NeatOptions.WeightLimit"/>;
/// <c>--weight-limit</c>), or null.</param>
/// <param name="SharedDelay">NEAT only: one delay shared by the slow lane of every sensor-to-motor link (<see cref="NeatOptions.SharedSlowDelay"/>;
/// <c>--shared-delay</c>).</param>
/// <param name="DelayStep">NEAT only: the most engine steps a delay mutation moves a delay (<see cref="NeatOptions.DelayStep"/>; <c>--delay-step</c>), 1 for one.</param>
/// <param name="MinScale">NEAT with the self-adapted mutation size only: its floor (<see cref="NeatOptions.MinMutationScale"/>; <c>--min-scale</c>), or null for the default 0.01.</param>
/// <param name="Breeding">NEAT only: its reproduction options (<see cref="NeatBreeding"/>; <c>--elitism</c>, <c>--survival</c>,
/// <c>--weight-gene-rate</c>, <c>--cauchy</c>, <c>--add-neuron-rate</c>, <c>--add-link-rate</c>), or null for the task's defaults.</param>
/// <param name="CartDelayMs">double-pole-nv with <paramref name="Circuit"/>: the start of x's own slow-path delay (<c>--cart-delay</c>,
/// <see cref="Tasks.PoleBalancingTask.CartDelayMs"/>), or null for the eight-number circuit.</param>
public sealed record EvolverSettings(string Algorithm, int Population, int Hidden, ulong Seed, bool Circuit = false, string? Network = null, int Restarts = 0,
    double Sigma = 1.0, int Growth = 2, string? NetworkDigest = null, bool Mirror = false, double? CartDelayMs = null, bool PushPull = false, double BiasStep = 1,
    double? PositionStep = null, double? WeightLimit = null, bool SharedDelay = false, int DelayStep = 1, double? MinScale = null,
    NeatBreeding? Breeding = null);

/// <summary>
/// NEAT's reproduction options that a run may set (docs/evolution-neat.md, "Elitism, survival and sparse weight mutation"); a
/// null field keeps the task's <see cref="IEvolutionTask.NeatDefaults"/>. Saved in a checkpoint only when set.
/// </summary>
/// <param name="Elitism">The fraction of each species copied unchanged (<see cref="NeatOptions.ElitismFraction"/>; <c>--elitism</c>).</param>
/// <param name="Survival">The fraction of each species that breeds (<see cref="NeatOptions.SurvivalFraction"/>; <c>--survival</c>).</param>
/// <param name="WeightGeneRate">The probability that a weight gene is perturbed (<see cref="NeatOptions.WeightGeneRate"/>; <c>--weight-gene-rate</c>).</param>
/// <param name="Cauchy">Cauchy weight perturbations (<see cref="NeatOptions.CauchyPerturbation"/>; <c>--cauchy</c>).</param>
/// <param name="AddNeuronRate">The add-neuron probability (<see cref="NeatOptions.AddNeuronRate"/>; <c>--add-neuron-rate</c>).</param>
/// <param name="AddLinkRate">The add-link probability (<see cref="NeatOptions.AddLinkRate"/>; <c>--add-link-rate</c>).</param>
public sealed record NeatBreeding(double? Elitism = null, double? Survival = null, double? WeightGeneRate = null, bool Cauchy = false,
    double? AddNeuronRate = null, double? AddLinkRate = null)
{
    /// <summary>Whether every field keeps the task's default.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDefault => this == new NeatBreeding();

    /// <summary>The options with the fields that are set.</summary>
    /// <param name="o">The task's NEAT options.</param>
    /// <returns>The options to run.</returns>
    public NeatOptions ApplyTo(NeatOptions o) => o with
    {
        ElitismFraction = Elitism ?? o.ElitismFraction,
        SurvivalFraction = Survival ?? o.SurvivalFraction,
        WeightGeneRate = WeightGeneRate ?? o.WeightGeneRate,
        CauchyPerturbation = Cauchy || o.CauchyPerturbation,
        AddNeuronRate = AddNeuronRate ?? o.AddNeuronRate,
        AddLinkRate = AddLinkRate ?? o.AddLinkRate,
    };

    /// <summary>Checks the fields that are set: fractions and probabilities in [0, 1], the weight-gene rate above 0.</summary>
    /// <exception cref="InvalidInputException">A value out of range, naming its flag.</exception>
    public void Validate() => Validate(EvolveOptionNames.Flags);

    /// <summary>Checks the fields that are set, naming them in the caller's words (the CLI's flags or the studio API's fields).</summary>
    /// <param name="names">How the sentence names the options.</param>
    /// <exception cref="InvalidInputException">A value out of range, naming its option.</exception>
    public void Validate(EvolveOptionNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        void Check(string flag, double? v, double min)
        {
            if (v is { } x && !(x >= min && x <= 1))
                throw new InvalidInputException($"{names[flag]} must be {(min > 0 ? "above 0" : "at least 0")} and at most 1 (got {x.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }
        Check("--elitism", Elitism, 0);
        Check("--survival", Survival, 0);
        if (Survival is 0) throw new InvalidInputException($"{names["--survival"]} must be above 0 and at most 1 (got 0).");
        Check("--weight-gene-rate", WeightGeneRate, 0);
        if (WeightGeneRate is 0) throw new InvalidInputException($"{names["--weight-gene-rate"]} must be above 0 and at most 1 (got 0).");
        Check("--add-neuron-rate", AddNeuronRate, 0);
        Check("--add-link-rate", AddLinkRate, 0);
    }
}

/// <summary>Makes and restores evolvers by name.</summary>
public static class EvolverFactory
{
    /// <summary>The algorithm names.</summary>
    public static IReadOnlyList<string> Algorithms { get; } = ["neat", "cmaes", "cosyne"];

    /// <summary>A new evolver for a task.</summary>
    /// <param name="settings">The algorithm and its sizes.</param>
    /// <param name="task">The task (its sensor and motor counts).</param>
    /// <param name="neat">NEAT's options (null: the task's <see cref="IEvolutionTask.NeatDefaults"/>; its population size is replaced by <see cref="EvolverSettings.Population"/> when that is above 0).</param>
    /// <returns>The evolver at generation 0.</returns>
    /// <exception cref="InvalidInputException">An unknown algorithm, or a circuit the task does not have.</exception>
    public static IEvolver Create(EvolverSettings settings, IEvolutionTask task, NeatOptions? neat = null)
    {
        EvolveOptionChecks.Check(settings, task, EvolveOptionNames.Flags, neat);
        return settings.Algorithm switch
        {
            "neat" => new Neat(task.InputCount, task.OutputCount, NeatFor(settings, neat, task), settings.Seed),
            "cmaes" => new CmaEsEvolver(Topology(settings, task), settings.Population, settings.Seed, settings.Restarts, settings.Sigma, settings.Growth),
            "cosyne" => new Cosyne(Topology(settings, task), CosynePopulation(settings), settings.Seed),
            _ => throw Unknown(settings.Algorithm),
        };
    }

    /// <summary>An evolver restored from <see cref="IEvolver.SaveState"/>.</summary>
    /// <param name="settings">The run's settings (as when it started).</param>
    /// <param name="task">The task.</param>
    /// <param name="json">The saved state.</param>
    /// <param name="neat">NEAT's options.</param>
    /// <returns>The evolver at the saved generation.</returns>
    public static IEvolver Restore(EvolverSettings settings, IEvolutionTask task, string json, NeatOptions? neat = null)
    {
        EvolveOptionChecks.Check(settings, task, EvolveOptionNames.Flags, neat);
        return settings.Algorithm switch
        {
            "neat" => Neat.Restore(NeatFor(settings, neat, task), json),
            "cmaes" => CmaEsEvolver.Restore(Topology(settings, task), settings.Population, json, settings.Seed, settings.Restarts, settings.Sigma, settings.Growth),
            "cosyne" => Cosyne.Restore(Topology(settings, task), CosynePopulation(settings), json),
            _ => throw Unknown(settings.Algorithm),
        };
    }

    /// <summary>NEAT's options for the settings (checked by <see cref="EvolveOptionChecks.Check"/> first).</summary>
    private static NeatOptions NeatFor(EvolverSettings s, NeatOptions? o, IEvolutionTask task)
    {
        var options = s.Population > 0 ? (o ?? task.NeatDefaults) with { PopulationSize = s.Population } : o ?? task.NeatDefaults;
        if (s.Sigma != 1.0) options = options with { StartSpread = s.Sigma };
        if (s.Breeding is { } breeding) options = breeding.ApplyTo(options);
        if (s.BiasStep != 1) options = options with { BiasStep = s.BiasStep };
        if (s.PositionStep is { } pv) options = options with { PositionStep = pv };
        if (s.WeightLimit is { } limit) options = options with { WeightLimit = limit };
        if (s.DelayStep != 1) options = options with { DelayStep = s.DelayStep };
        if (s.MinScale is { } floor) options = options with { MinMutationScale = floor };
        if (s.SharedDelay) options = options with { SharedSlowDelay = true };
        // The checks refused mirror on a task without a mirror symmetry.
        if (s.Mirror) options = options with { Mirror = task.NeatMirror!, PushPull = s.PushPull };
        if (!s.Circuit) return options;
        // NEAT with --circuit starts from the task's documented topology and grows from there.
        var seed = task.NeatStartLinks ?? throw new InvalidInputException(
            $"Task {task.Name} has no start topology for --algorithm neat --circuit (tasks with one: double-pole-nv); use --circuit with cmaes or cosyne, or NEAT's minimal start without --circuit.");
        return options with { StartLinks = seed };
    }

    private static int CosynePopulation(EvolverSettings s) => s.Population > 0 ? s.Population : 40;

    private static IWeightSpace Topology(EvolverSettings s, IEvolutionTask task)
    {
        if (!s.Circuit) return new FixedTopology(task.InputCount, s.Hidden, task.OutputCount);
        return task.Circuit ?? throw new InvalidInputException($"Task {task.Name} has no seed circuit for --circuit (tasks with one: single-pole, double-pole, double-pole-nv, worm-klinotaxis).");
    }

    private static InvalidInputException Unknown(string name) =>
        new($"Unknown algorithm '{name}' (known: {string.Join(", ", Algorithms)}).");
}
