namespace NeuroSharp.Evolution;

/// <summary>
/// NEAT's parameters. The defaults are those Stanley and Miikkulainen (2002) give for pole balancing, except
/// where a spiking network asks otherwise (delays, the kind of a new hidden neuron); see docs/evolution-neat.md.
/// </summary>
public sealed record NeatOptions
{
    /// <summary>Genomes per generation (2002: 150; 1 000 for double-pole without velocities).</summary>
    public int PopulationSize { get; init; } = 150;
    /// <summary>c1, the weight of excess genes in the compatibility distance.</summary>
    public double ExcessCoefficient { get; init; } = 1.0;
    /// <summary>c2, the weight of disjoint genes.</summary>
    public double DisjointCoefficient { get; init; } = 1.0;
    /// <summary>c3, the weight of the mean weight difference of matching genes (2002: 0.4; 3.0 for large populations).</summary>
    public double WeightCoefficient { get; init; } = 0.4;
    /// <summary>The starting compatibility threshold delta_t (2002: 3.0).</summary>
    public double CompatibilityThreshold { get; init; } = 3.0;
    /// <summary>The species count the threshold is steered toward (0: a fixed threshold).</summary>
    public int TargetSpecies { get; init; } = 10;
    /// <summary>How much the threshold moves per generation when steering: added or taken away, or with <see cref="RelativeThresholdStep"/> a
    /// factor 1 + step.</summary>
    public double ThresholdStep { get; init; } = 0.3;
    /// <summary>
    /// Whether the threshold is steered by a factor (multiplied by 1 + <see cref="ThresholdStep"/> when there are too many species,
    /// divided by it when too few) instead of by a fixed amount. Weight distances grow with the weights' scale and as the
    /// population spreads, which a fixed step of 0.3 does not follow (docs/evolution-neat.md, "Compatibility and speciation").
    /// </summary>
    public bool RelativeThresholdStep { get; init; }
    /// <summary>Probability that an offspring's weights are mutated (2002: 0.8).</summary>
    public double WeightMutationRate { get; init; } = 0.8;
    /// <summary>Probability that a mutated weight is perturbed rather than drawn anew (2002: 0.9).</summary>
    public double WeightPerturbRate { get; init; } = 0.9;
    /// <summary>The deviation of a weight perturbation.</summary>
    public double WeightPerturbPower { get; init; } = 0.5;
    /// <summary>The deviation of a new weight.</summary>
    public double WeightInitScale { get; init; } = 1.0;
    /// <summary>Weights are clamped to [-limit, limit].</summary>
    public double WeightLimit { get; init; } = 8.0;
    /// <summary>Probability of the add-neuron mutation (2002: 0.03).</summary>
    public double AddNeuronRate { get; init; } = 0.03;
    /// <summary>Probability of the add-link mutation (2002: 0.05; 0.3 for large populations).</summary>
    public double AddLinkRate { get; init; } = 0.05;
    /// <summary>Probability that one link's delay moves by one step.</summary>
    public double DelayMutationRate { get; init; } = 0.05;
    /// <summary>The longest delay in engine steps a link may have.</summary>
    public int MaxDelaySteps { get; init; } = 4;
    /// <summary>
    /// The most links a genome may hold from one source to one target, each on its own lane with its own delay (1: NEAT's one
    /// link per pair). With more, add-link may add a further, differently delayed link to a pair that has one
    /// (docs/evolution-neat.md, "Parallel links").
    /// </summary>
    public int MaxParallelLinks { get; init; } = 1;
    /// <summary>
    /// Whether each genome carries its own mutation step size, mutated log-normally before its weights and inherited as the
    /// parents' geometric mean (docs/evolution-neat.md, "Self-adaptive mutation size"); false: the fixed
    /// <see cref="WeightPerturbPower"/>.
    /// </summary>
    public bool AdaptiveMutation { get; init; }
    /// <summary>The smallest mutation scale an adaptive genome may reach (a factor on <see cref="WeightPerturbPower"/>).</summary>
    public double MinMutationScale { get; init; } = 0.01;
    /// <summary>The largest mutation scale an adaptive genome may reach.</summary>
    public double MaxMutationScale { get; init; } = 10;
    /// <summary>Probability that one link is switched on or off.</summary>
    public double ToggleRate { get; init; } = 0.01;
    /// <summary>Probability that a gene disabled in one parent is disabled in the child (2002: 0.75).</summary>
    public double InheritDisabledRate { get; init; } = 0.75;
    /// <summary>Fraction of offspring made by mutation alone, without crossover (2002: 0.25).</summary>
    public double MutateOnlyRate { get; init; } = 0.25;
    /// <summary>Probability of mating across species (2002: 0.001).</summary>
    public double InterspeciesRate { get; init; } = 0.001;
    /// <summary>The best fraction of a species allowed to reproduce.</summary>
    public double SurvivalFraction { get; init; } = 0.2;
    /// <summary>A species with more members than this keeps its champion unchanged (2002: 5).</summary>
    public int ElitismMinSpeciesSize { get; init; } = 5;
    /// <summary>Generations without improvement after which a species stops reproducing (2002: 15), unless it holds the best genome.</summary>
    public int StagnationGenerations { get; init; } = 15;
    /// <summary>Whether the first genomes link every sensor to every motor neuron.</summary>
    public bool StartConnected { get; init; } = true;
    /// <summary>
    /// The first genomes' links instead of NEAT's minimal start (<see cref="StartConnected"/>), or null: a task's documented
    /// seed topology (<see cref="IEvolutionTask.NeatStartLinks"/>, <c>evolve --algorithm neat --circuit</c>). Weights are
    /// drawn as in the minimal start; delays are the seed's.
    /// </summary>
    public IReadOnlyList<SeedLink>? StartLinks { get; init; }
    /// <summary>
    /// A factor on <see cref="WeightInitScale"/> for the first generation's weights only (its draws around the start weights);
    /// 1: NEAT's own start. New links added later still draw with <see cref="WeightInitScale"/>.
    /// </summary>
    public double StartSpread { get; init; } = 1;
    /// <summary>
    /// Mirror-tied genes (docs/evolution-neat.md, "Mirror-tied genes"), or null: the mirror image of each sensor and motor node
    /// id (index = node id, 0 .. sensors + motors - 1; an involution, a node its own image where it has no twin). A link and its
    /// mirror image (both ends mapped, same lane) then always carry the same weight, delay and state: mutation moves both, and
    /// add-link and add-neuron add mirror pairs. A task gives it (<see cref="IEvolutionTask.NeatMirror"/>, <c>evolve --mirror</c>).
    /// </summary>
    public IReadOnlyList<int>? Mirror { get; init; }
    /// <summary>
    /// Push-pull tied genes (docs/evolution-neat.md, "Push-pull tied genes"; needs <see cref="Mirror"/>): a link from a push or
    /// pull sensor (one with a twin under <see cref="Mirror"/>) to a motor neuron and its antipode, the twin sensor's link to the
    /// same motor on the same lane, carry opposite weights and the same delay, so each motor sees the pair's count difference
    /// v+ - v-, as the delay-line circuit's does. With the mirror tie, one gene then sets four links (<c>evolve --push-pull</c>).
    /// </summary>
    public bool PushPull { get; init; }
    /// <summary>The task's bias sensor (a constant input, e.g. the pole tasks' 0.5 sensor), or null: the sensor whose links
    /// <see cref="BiasStep"/> scales.</summary>
    public int? BiasSensor { get; init; }
    /// <summary>
    /// A factor on the initial spread, the perturbation and the redraw of the weights of links out of <see cref="BiasSensor"/>
    /// (docs/evolution-neat.md, "The bias step"; <c>evolve --bias-step</c>); 1: NEAT's one step for every weight. The
    /// delay-line circuit moves its bias 1.65 mV a unit against 50 mV for its gains (linear code), a factor of 0.033.
    /// </summary>
    public double BiasStep { get; init; } = 1;

    // --- The genome's coordinates and ranges on the pole tasks (docs/evolution-neat.md, "Lane pairs in (P, V) coordinates",
    // "The weight limit" and "The shared slow delay"). Off by default.

    /// <summary>
    /// Mutation of each fast/slow lane pair (the links of one source and target on lanes 0 and 1) in the delay-line circuit's
    /// coordinates P = fast + slow and V = -slow (docs/evolution-neat.md, "Lane pairs in (P, V) coordinates"; <c>evolve --pv-step</c>),
    /// or null: NEAT's one draw per weight. The value is the P step as a factor on NEAT's step; V takes NEAT's step:
    /// fast += dP + dV, slow -= dV with dP ~ N(0, (PositionStep s P)^2), dV ~ N(0, (s P)^2). The fast lane is the pair's link of the
    /// smaller delay (lane 0 when they are equal).
    /// </summary>
    public double? PositionStep { get; init; }
    /// <summary>
    /// Whether the slow lane (lane 1) of every sensor-to-motor link shares one delay, the circuit's eighth number
    /// (docs/evolution-neat.md, "The shared slow delay"; <c>evolve --shared-delay</c>): a delay mutation of such a link moves them
    /// all, a new one takes the shared delay, and a crossover child takes the delay of its first such link for all of them.
    /// </summary>
    public bool SharedSlowDelay { get; init; }
    /// <summary>
    /// The most engine steps one delay mutation moves a delay (docs/evolution-neat.md, "The shared slow delay"; <c>evolve --delay-step</c>):
    /// up or down by 1 .. DelayStep steps, uniformly; 1 (the default): one step, as before.
    /// </summary>
    public int DelayStep { get; init; } = 1;

    /// <summary>A delay mutation's move: +-1 with <see cref="DelayStep"/> 1 (one draw, as before), else +-(1 .. DelayStep).</summary>
    internal int DelayMove(NeuroSharp.Numerics.Random.RandomStream random) =>
        (random.NextBernoulli(0.5) ? 1 : -1) * (DelayStep == 1 ? 1 : 1 + random.NextInt(DelayStep));

    /// <summary>Whether a link is one of the slow links that <see cref="SharedSlowDelay"/> ties: lane 1, from a sensor to a motor neuron.</summary>
    /// <param name="link">The link.</param>
    /// <param name="nodes">The genome's nodes (the ends' roles).</param>
    /// <returns>True when its delay is the shared one.</returns>
    internal bool SharesDelay(LinkGene link, IReadOnlyList<NodeGene> nodes)
    {
        if (!SharedSlowDelay || link.Lane != 1) return false;
        NodeRole? s = null, t = null;
        foreach (var n in nodes)
        {
            if (n.Id == link.Source) s = n.Role;
            if (n.Id == link.Target) t = n.Role;
        }
        return s == NodeRole.Input && t == NodeRole.Output;
    }

    // Reproduction (docs/evolution-neat.md, "Elitism, survival and sparse weight mutation"): all off by default.
    /// <summary>
    /// Per-species elitism as a fraction (SharpNEAT's elitism proportion, NEAT-Python's <c>elitism</c> as a count): the best
    /// round(fraction x members) of each species, at least the one <see cref="ElitismMinSpeciesSize"/> keeps, are copied unchanged
    /// into the next generation within the species' offspring quota; 0: NEAT's one champion per species of more than
    /// <see cref="ElitismMinSpeciesSize"/> members.
    /// </summary>
    public double ElitismFraction { get; init; }
    /// <summary>
    /// The probability that a weight gene (with <see cref="Mirror"/>, a tied group) is perturbed when an offspring's weights are
    /// mutated (NEAT-Python's per-gene <c>weight_mutate_rate</c>; CoSyNE mutates each weight with 0.3); when no gene is drawn,
    /// one gene picked at random is, so the weight mutation always moves something. 1: NEAT's every weight.
    /// </summary>
    public double WeightGeneRate { get; init; } = 1;
    /// <summary>Whether a weight perturbation is Cauchy noise of scale <see cref="WeightPerturbPower"/> times the genome's mutation
    /// scale (CoSyNE's heavy tail) instead of a Gaussian of that deviation.</summary>
    public bool CauchyPerturbation { get; init; }

    /// <summary>One weight perturbation in units of the step (before the step's factors): a standard Gaussian, or with
    /// <see cref="CauchyPerturbation"/> a standard Cauchy draw tan(pi (u - 1/2)).</summary>
    /// <param name="random">Draws it.</param>
    /// <returns>The draw.</returns>
    internal double PerturbationDraw(NeuroSharp.Numerics.Random.RandomStream random) =>
        CauchyPerturbation ? Math.Tan(Math.PI * (random.NextDouble() - 0.5)) : random.NextGaussian();

    /// <summary>
    /// Which weight genes an offspring's weight mutation moves: all of <paramref name="candidates"/> at <see cref="WeightGeneRate"/> 1
    /// (no draws), else each with that probability, and one at random when none was drawn.
    /// </summary>
    /// <param name="candidates">For each link, whether it is a gene of its own (with ties, its group's first link).</param>
    /// <param name="random">Draws the choices.</param>
    /// <returns>For each link, whether its weight is drawn.</returns>
    internal bool[] PickWeightGenes(IReadOnlyList<bool> candidates, NeuroSharp.Numerics.Random.RandomStream random)
    {
        var pick = new bool[candidates.Count];
        int count = 0, any = 0;
        for (int k = 0; k < pick.Length; k++)
        {
            if (!candidates[k]) continue;
            any++;
            pick[k] = WeightGeneRate >= 1 || random.NextBernoulli(WeightGeneRate);
            if (pick[k]) count++;
        }
        if (count > 0 || any == 0) return pick;
        int r = random.NextInt(any);
        for (int k = 0; k < pick.Length; k++)
        {
            if (candidates[k] && r-- == 0) { pick[k] = true; break; }
        }
        return pick;
    }

    /// <summary>The factor on the weight steps of links out of a node: <see cref="BiasStep"/> for the bias sensor, else 1.</summary>
    /// <param name="source">The link's source node id.</param>
    /// <returns>The factor.</returns>
    public double StepOf(int source) => source == BiasSensor ? BiasStep : 1;

    /// <summary>Checks the options.</summary>
    /// <exception cref="InvalidOptionException">A value out of range.</exception>
    public void Validate()
    {
        const string o = nameof(NeatOptions);
        OptionChecks.AtLeast(o, nameof(PopulationSize), PopulationSize, 2);
        OptionChecks.InClosed(o, nameof(ExcessCoefficient), ExcessCoefficient, 0, 1e6);
        OptionChecks.InClosed(o, nameof(DisjointCoefficient), DisjointCoefficient, 0, 1e6);
        OptionChecks.InClosed(o, nameof(WeightCoefficient), WeightCoefficient, 0, 1e6);
        OptionChecks.InHalfOpen(o, nameof(CompatibilityThreshold), CompatibilityThreshold, 0, 1e6);
        OptionChecks.AtLeast(o, nameof(TargetSpecies), TargetSpecies, 0);
        OptionChecks.AtLeast(o, nameof(MaxDelaySteps), MaxDelaySteps, 0);
        OptionChecks.InHalfOpen(o, nameof(WeightLimit), WeightLimit, 0, 1e6);
        OptionChecks.InClosed(o, nameof(MaxParallelLinks), (double)MaxParallelLinks, 1, 16);
        OptionChecks.InClosed(o, nameof(ThresholdStep), ThresholdStep, 0, 1e6);
        OptionChecks.InHalfOpen(o, nameof(MinMutationScale), MinMutationScale, 0, 1e6);
        OptionChecks.InClosed(o, nameof(MaxMutationScale), MaxMutationScale, MinMutationScale, 1e6);
        OptionChecks.InClosed(o, nameof(StartSpread), StartSpread, 0, 100);
        OptionChecks.InClosed(o, nameof(BiasStep), BiasStep, 1e-6, 100);
        OptionChecks.InClosed(o, nameof(ElitismFraction), ElitismFraction, 0, 1);
        OptionChecks.InClosed(o, nameof(WeightGeneRate), WeightGeneRate, 1e-6, 1);
        if (BiasStep != 1 && BiasSensor is null) throw new InvalidOptionException(o, nameof(BiasStep), $"needs {nameof(BiasSensor)} (the task's constant sensor)", BiasStep);
        if (PositionStep is { } ps) OptionChecks.InClosed(o, nameof(PositionStep), ps, 1e-6, 100);
        OptionChecks.AtLeast(o, nameof(DelayStep), DelayStep, 1);
        if (SharedSlowDelay && MaxParallelLinks < 2) throw new InvalidOptionException(o, nameof(SharedSlowDelay), $"needs {nameof(MaxParallelLinks)} of at least 2 (a slow lane)", MaxParallelLinks);
        if (StartLinks is { } seed)
        {
            if (seed.Count == 0) throw new InvalidOptionException(o, nameof(StartLinks), "must hold at least one link (null for the minimal start)", 0);
            var seen = new HashSet<(int, int, int)>();
            foreach (var l in seed)
            {
                if (l.DelaySteps < 0 || l.DelaySteps > MaxDelaySteps)
                    throw new InvalidOptionException(o, nameof(StartLinks), $"must have delays in 0 .. {nameof(MaxDelaySteps)} = {MaxDelaySteps} steps (link {l.Source}->{l.Target})", l.DelaySteps);
                if (l.Lane < 0 || l.Lane >= MaxParallelLinks)
                    throw new InvalidOptionException(o, nameof(StartLinks), $"must have lanes in 0 .. {nameof(MaxParallelLinks)} - 1 = {MaxParallelLinks - 1} (link {l.Source}->{l.Target})", l.Lane);
                if (!seen.Add((l.Source, l.Target, l.Lane)))
                    throw new InvalidOptionException(o, nameof(StartLinks), $"must not repeat a (source, target, lane) (link {l.Source}->{l.Target} on lane {l.Lane})", l.Lane);
                if (!double.IsFinite(l.StartWeight) || Math.Abs(l.StartWeight) > WeightLimit)
                    throw new InvalidOptionException(o, nameof(StartLinks), $"must have start weights within +-{nameof(WeightLimit)} = {WeightLimit} (link {l.Source}->{l.Target})", l.StartWeight);
            }
        }
        if (Mirror is { } mirror)
        {
            for (int k = 0; k < mirror.Count; k++)
            {
                if (mirror[k] < 0 || mirror[k] >= mirror.Count || mirror[mirror[k]] != k)
                    throw new InvalidOptionException(o, nameof(Mirror), $"must map the {mirror.Count} sensor and motor ids onto themselves in pairs (node {k} maps to {mirror[k]})", mirror[k]);
            }
            if (StartLinks is { } tied)
            {
                var triples = tied.ToDictionary(l => (l.Source, l.Target, l.Lane));
                foreach (var l in tied)
                {
                    if (l.Source < 0 || l.Target < 0 || l.Source >= mirror.Count || l.Target >= mirror.Count || !triples.TryGetValue((mirror[l.Source], mirror[l.Target], l.Lane), out var image)
                        || image.DelaySteps != l.DelaySteps || image.StartWeight != l.StartWeight)
                        throw new InvalidOptionException(o, nameof(StartLinks), $"must be mirror-symmetric under {nameof(Mirror)} (link {l.Source}->{l.Target} on lane {l.Lane} has no image of the same delay and start weight)", l.Lane);
                }
            }
        }
        if (PushPull)
        {
            if (Mirror is not { } twins) throw new InvalidOptionException(o, nameof(PushPull), $"needs {nameof(Mirror)} (push-pull ties are made on mirror-tied genes)", 1);
            foreach (var l in StartLinks ?? [])
            {
                if (l.Source >= twins.Count || twins[l.Source] == l.Source || l.Target >= twins.Count) continue;
                if (!StartLinks!.Any(a => a.Source == twins[l.Source] && a.Target == l.Target && a.Lane == l.Lane && a.StartWeight == -l.StartWeight && a.DelaySteps == l.DelaySteps))
                    throw new InvalidOptionException(o, nameof(StartLinks), $"must be push-pull symmetric under {nameof(PushPull)} (link {l.Source}->{l.Target} on lane {l.Lane} has no antipode of the same delay and the negated start weight)", l.Lane);
            }
        }
        foreach (var (name, p) in new[]
                 {
                     (nameof(WeightMutationRate), WeightMutationRate), (nameof(WeightPerturbRate), WeightPerturbRate),
                     (nameof(AddNeuronRate), AddNeuronRate), (nameof(AddLinkRate), AddLinkRate), (nameof(DelayMutationRate), DelayMutationRate),
                     (nameof(ToggleRate), ToggleRate), (nameof(InheritDisabledRate), InheritDisabledRate), (nameof(MutateOnlyRate), MutateOnlyRate),
                     (nameof(InterspeciesRate), InterspeciesRate), (nameof(SurvivalFraction), SurvivalFraction),
                 })
            OptionChecks.InClosed(o, name, p, 0, 1);
    }
}

/// <summary>One link of a NEAT start topology (<see cref="NeatOptions.StartLinks"/>): node ids as in <see cref="Genome.Minimal"/>
/// (sensors 0 .. inputs - 1, then the motor neurons), a delay in engine steps, a lane and a start weight.</summary>
/// <param name="Source">The source node id.</param>
/// <param name="Target">The target node id (a motor neuron).</param>
/// <param name="DelaySteps">The link's delay in engine steps.</param>
/// <param name="Lane">Which parallel link of the pair (0: the first; see <see cref="LinkGene.Lane"/>), below <see cref="NeatOptions.MaxParallelLinks"/>.</param>
/// <param name="StartWeight">The weight the first genomes' draws are centred on (genome units): the seed circuit's operating point.</param>
public readonly record struct SeedLink(int Source, int Target, int DelaySteps, int Lane = 0, double StartWeight = 0);
