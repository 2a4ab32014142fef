using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Evolution;

/// <summary>
/// NEAT (Stanley and Miikkulainen 2002): a population of genomes that starts minimal and grows by add-neuron
/// and add-link mutations, protected by speciation (compatibility distance against each species'
/// representative, with the threshold steered toward a target species count), explicit fitness sharing
/// (offspring per species in proportion to the summed adjusted fitness), crossover aligned by innovation,
/// elitism and stagnation. See docs/evolution-neat.md.
/// </summary>
public sealed class Neat : IEvolver
{
    private readonly NeatOptions _options;
    private readonly RandomStream _random;
    private readonly InnovationTracker _innovations;
    private List<Genome> _population;
    private List<Species> _species = [];
    private long _nextGenomeId;
    private double _threshold;

    /// <summary>A first generation of minimal genomes.</summary>
    /// <param name="inputs">Sensor count.</param>
    /// <param name="outputs">Motor neuron count.</param>
    /// <param name="options">NEAT's parameters.</param>
    /// <param name="seed">The run's seed (the algorithm's own stream is a fork of it).</param>
    public Neat(int inputs, int outputs, NeatOptions options, ulong seed)
    {
        options.Validate();
        _options = options;
        _random = new RandomStream(seed).Fork(1);
        _innovations = new InnovationTracker(inputs + outputs);
        _threshold = options.CompatibilityThreshold;
        if (options.Mirror is { } mirror && mirror.Count != inputs + outputs)
            throw new ArgumentException($"NeatOptions.Mirror maps {mirror.Count} ids; the task has {inputs} sensors and {outputs} motor neurons.", nameof(options));
        _population = new List<Genome>(options.PopulationSize);
        double spread = options.WeightInitScale * options.StartSpread;
        for (int i = 0; i < options.PopulationSize; i++)
        {
            var g = options.StartLinks is { } startLinks
                ? Genome.Seeded(_nextGenomeId++, inputs, outputs, startLinks, _innovations, _random, spread, options.StepOf)
                : Genome.Minimal(_nextGenomeId++, inputs, outputs, _innovations, _random, spread, options.StartConnected, options.StepOf);
            // Tied: each link takes its image's draw when the image comes first, so the first genomes are mirror-symmetric.
            _population.Add(options.Mirror is { } m ? NeatMirror.Tie(g, m, _innovations, options.PushPull) : g);
        }
    }

    private Neat(NeatOptions options, NeatState state)
    {
        _options = options;
        _random = new RandomStream(state.Random);
        _innovations = InnovationTracker.Load(state.Innovations);
        _population = [.. state.Population.Select(g => g.ToGenome())];
        _species = [.. state.Species.Select(s => new Species(s.Id, s.Representative.ToGenome()) { BestFitness = s.BestFitness, LastImproved = s.LastImproved })];
        _nextGenomeId = state.NextGenomeId;
        _nextSpeciesId = state.NextSpeciesId;
        _threshold = state.Threshold;
        Generation = state.Generation;
    }

    private int _nextSpeciesId;

    /// <inheritdoc />
    public string Name => "neat";

    /// <inheritdoc />
    public int Generation { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<Genome> Population => _population;

    /// <inheritdoc />
    /// <remarks>
    /// The species <see cref="Population"/> falls into, as <see cref="Tell"/> will assign them (so generation 0 has its real
    /// count, not the 0 of before its first speciation); worked out once per generation without changing the run's state.
    /// </remarks>
    public int SpeciesCount
    {
        get
        {
            if (_speciesCount < 0)
            {
                var representatives = _species.Select(s => s.Representative).ToList();
                _speciesCount = SpeciesOf(representatives).Distinct().Count();
            }
            return _speciesCount;
        }
    }

    /// <summary>The species count of the current population once worked out; -1 until then.</summary>
    private int _speciesCount = -1;

    /// <summary>The current compatibility threshold.</summary>
    public double CompatibilityThreshold => _threshold;

    /// <inheritdoc />
    public void Tell(ReadOnlySpan<double> fitness)
    {
        if (fitness.Length != _population.Count) throw new ArgumentException($"Expected {_population.Count} fitnesses, got {fitness.Length}.", nameof(fitness));
        var fit = new Dictionary<long, double>(_population.Count);
        for (int i = 0; i < fitness.Length; i++)
        {
            if (!double.IsFinite(fitness[i])) throw new ArgumentException($"Fitness {i} is {fitness[i]}.", nameof(fitness));
            fit[_population[i].Id] = fitness[i];
        }
        Speciate();
        SteerThreshold();
        _population = Reproduce(fit);
        _speciesCount = -1;
        Generation++;
    }

    /// <summary>Assigns every genome to the first species whose representative lies within the threshold, or founds one.</summary>
    private void Speciate()
    {
        var representatives = _species.Select(s => s.Representative).ToList();
        int[] home = SpeciesOf(representatives);
        // The genomes that founded a species, in founding order (their ids follow that order).
        for (int k = _species.Count; k < representatives.Count; k++)
            _species.Add(new Species(_nextSpeciesId++, representatives[k]) { LastImproved = Generation });
        foreach (var s in _species) s.Members.Clear();
        for (int i = 0; i < _population.Count; i++) _species[home[i]].Members.Add(_population[i]);
        _species.RemoveAll(s => s.Members.Count == 0);
    }

    /// <summary>
    /// The species of each genome of the population: the index of the first of <paramref name="representatives"/> within the
    /// compatibility threshold, or of a new species that the genome founds (appended to <paramref name="representatives"/>, so
    /// that the genomes after it may join it).
    /// </summary>
    private int[] SpeciesOf(List<Genome> representatives)
    {
        var home = new int[_population.Count];
        for (int i = 0; i < _population.Count; i++)
        {
            var g = _population[i];
            int k = 0;
            while (k < representatives.Count
                   && !(NeatOperators.Compatibility(g, representatives[k], _options.ExcessCoefficient, _options.DisjointCoefficient, _options.WeightCoefficient) < _threshold))
                k++;
            if (k == representatives.Count) representatives.Add(g);
            home[i] = k;
        }
        return home;
    }

    private void SteerThreshold()
    {
        if (_options.TargetSpecies <= 0) return;
        if (_options.RelativeThresholdStep)
        {
            double factor = 1 + _options.ThresholdStep;
            if (_species.Count < _options.TargetSpecies) _threshold = Math.Max(0.3, _threshold / factor);
            else if (_species.Count > _options.TargetSpecies) _threshold *= factor;
            return;
        }
        if (_species.Count < _options.TargetSpecies) _threshold = Math.Max(0.3, _threshold - _options.ThresholdStep);
        else if (_species.Count > _options.TargetSpecies) _threshold += _options.ThresholdStep;
    }

    private List<Genome> Reproduce(Dictionary<long, double> fit)
    {
        int size = _options.PopulationSize;
        double min = fit.Values.Min();
        var best = _population.MaxBy(g => fit[g.Id])!;
        // Rank members, track improvement, and drop stagnant species (never the one holding the best genome).
        foreach (var s in _species)
        {
            s.Members.Sort((a, b) => fit[b.Id].CompareTo(fit[a.Id]) is var c && c != 0 ? c : a.Id.CompareTo(b.Id));
            double top = fit[s.Members[0].Id];
            if (top > s.BestFitness) { s.BestFitness = top; s.LastImproved = Generation; }
        }
        var alive = _species.Where(s => s.Members.Contains(best) || Generation - s.LastImproved < _options.StagnationGenerations).ToList();
        // Explicit fitness sharing: a species' share is the sum of its members' fitness (shifted to >= 0) over its size.
        var shares = alive.Select(s => s.Members.Sum(g => fit[g.Id] - min + 1e-9) / s.Members.Count).ToArray();
        double total = shares.Sum();
        var quota = Apportion(shares, total, size - 1);
        var next = new List<Genome>(size) { best.WithId(_nextGenomeId++) };
        for (int k = 0; k < alive.Count; k++)
        {
            var s = alive[k];
            int n = quota[k];
            // Elites: NEAT's champion of a species of more than ElitismMinSpeciesSize members, or with ElitismFraction the
            // species' best round(fraction x members), copied unchanged within its quota (the run's best is in already).
            int elites = s.Members.Count > _options.ElitismMinSpeciesSize ? 1 : 0;
            if (_options.ElitismFraction > 0)
                elites = Math.Max(elites, (int)Math.Round(_options.ElitismFraction * s.Members.Count, MidpointRounding.AwayFromZero));
            for (int e = 0; e < elites && e < s.Members.Count && n > 0; e++)
            {
                if (ReferenceEquals(s.Members[e], best)) continue;
                next.Add(s.Members[e].WithId(_nextGenomeId++));
                n--;
            }
            int parents = Math.Max(1, (int)Math.Ceiling(s.Members.Count * _options.SurvivalFraction));
            for (int c = 0; c < n; c++) next.Add(Offspring(s, parents, alive, fit));
        }
        // New representatives: a random member of each surviving species (as in the original NEAT).
        foreach (var s in alive) s.Representative = s.Members[_random.NextInt(s.Members.Count)];
        _species = alive;
        return next;
    }

    private Genome Offspring(Species s, int parents, List<Species> alive, Dictionary<long, double> fit)
    {
        var mother = s.Members[_random.NextInt(parents)];
        if (_random.NextBernoulli(_options.MutateOnlyRate) || parents == 1 && alive.Count == 1)
            return NeatOperators.Mutate(_nextGenomeId++, mother, _options, _innovations, _random);
        Genome father;
        if (_random.NextBernoulli(_options.InterspeciesRate) && alive.Count > 1)
        {
            var other = alive[_random.NextInt(alive.Count)];
            father = other.Members[0];
        }
        else father = s.Members[_random.NextInt(parents)];
        var (fitter, weaker) = fit[father.Id] > fit[mother.Id] ? (father, mother) : (mother, father);
        var child = _options.Mirror is { } mirror
            ? NeatMirror.Crossover(_nextGenomeId++, fitter, weaker, _random, _options.InheritDisabledRate, mirror, _innovations, _options.PushPull)
            : NeatOperators.Crossover(_nextGenomeId++, fitter, weaker, _random, _options.InheritDisabledRate);
        return NeatOperators.Mutate(child.Id, child, _options, _innovations, _random);
    }

    /// <summary>Splits <paramref name="count"/> slots in proportion to <paramref name="shares"/> (largest remainders, ties to the earlier species).</summary>
    private static int[] Apportion(double[] shares, double total, int count)
    {
        var quota = new int[shares.Length];
        if (shares.Length == 0) return quota;
        var rest = new double[shares.Length];
        int given = 0;
        for (int k = 0; k < shares.Length; k++)
        {
            double exact = total > 0 ? shares[k] / total * count : (double)count / shares.Length;
            quota[k] = (int)Math.Floor(exact);
            rest[k] = exact - quota[k];
            given += quota[k];
        }
        var order = Enumerable.Range(0, shares.Length).OrderByDescending(k => rest[k]).ThenBy(k => k).ToArray();
        for (int r = 0; given < count; r++, given++) quota[order[r % order.Length]]++;
        return quota;
    }

    /// <inheritdoc />
    public string SaveState() => System.Text.Json.JsonSerializer.Serialize(new NeatState(
        Generation, _nextGenomeId, _nextSpeciesId, _threshold, _random.GetState(), _innovations.Save(),
        [.. _population.Select(GenomeState.Of)],
        [.. _species.Select(s => new SpeciesState(s.Id, GenomeState.Of(s.Representative), s.BestFitness, s.LastImproved))]),
        EvolutionJsonContext.Default.NeatState);

    /// <summary>A NEAT run restored from <see cref="SaveState"/>.</summary>
    /// <param name="options">The run's options (as when it started).</param>
    /// <param name="json">The saved state.</param>
    /// <returns>The run, at the saved generation.</returns>
    public static Neat Restore(NeatOptions options, string json) =>
        new(options, System.Text.Json.JsonSerializer.Deserialize(json, EvolutionJsonContext.Default.NeatState)
                     ?? throw new InvalidInputException("The NEAT checkpoint state is empty."));

    private sealed class Species(int id, Genome representative)
    {
        public int Id { get; } = id;
        public Genome Representative { get; set; } = representative;
        public List<Genome> Members { get; } = [];
        public double BestFitness { get; set; } = double.NegativeInfinity;
        public int LastImproved { get; set; }
    }
}
