using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Evolution;

/// <summary>
/// CoSyNE, cooperative synapse neuroevolution (Gomez, Schmidhuber and Miikkulainen 2008, JMLR 9, algorithm 1):
/// a population matrix of m networks by n weights, each column a subpopulation of one synapse. Each generation
/// the networks are ranked; the top quarter breeds a quarter of new networks (uniform crossover of two top
/// parents, then each weight mutated with probability <see cref="MutationRate"/> by Cauchy noise of scale
/// <see cref="MutationScale"/>) that replace the bottom quarter; then, in every column, each weight is marked with
/// probability 1 - ((f - f_min) / (f_max - f_min))^(1/n) of its network's fitness f, and the marked weights are
/// permuted among themselves, so that good weights are tried with new partners. See docs/evolution-cosyne.md.
/// </summary>
public sealed class Cosyne : IEvolver
{
    private readonly IWeightSpace _topology;
    private readonly RandomStream _random;
    private readonly double[] _w;          // m x n, row per network
    private readonly int _m;
    private List<Genome> _population = [];
    private long _nextGenomeId;

    /// <summary>Mutation probability per weight of an offspring.</summary>
    public const double MutationRate = 0.3;

    /// <summary>The scale of the Cauchy mutation.</summary>
    public const double MutationScale = 0.3;

    /// <summary>A run.</summary>
    /// <param name="topology">The network shape.</param>
    /// <param name="populationSize">Networks m, at least 4.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="initialScale">The deviation of the first weights.</param>
    public Cosyne(IWeightSpace topology, int populationSize, ulong seed, double initialScale = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(populationSize, 4);
        _topology = topology;
        _m = populationSize;
        _random = new RandomStream(seed).Fork(1);
        _w = new double[_m * topology.Dimension];
        for (int i = 0; i < _w.Length; i++) _w[i] = _random.NextGaussian() * initialScale;
        MakeGenomes();
    }

    private Cosyne(IWeightSpace topology, int populationSize, CosyneState state)
    {
        _topology = topology;
        _m = populationSize;
        if (state.Weights.Length != _m * topology.Dimension)
            throw new InvalidInputException($"The CoSyNE checkpoint holds {state.Weights.Length} weights; population {_m} of {topology.Dimension}-weight networks needs {_m * topology.Dimension}.");
        _random = new RandomStream(state.Random);
        _w = [.. state.Weights];
        Generation = state.Generation;
        _nextGenomeId = state.NextGenomeId - _m;
        MakeGenomes();
    }

    /// <inheritdoc />
    public IWeightSpace WeightSpace => _topology;

    /// <inheritdoc />
    public string Name => "cosyne";

    /// <inheritdoc />
    public int Generation { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<Genome> Population => _population;

    /// <inheritdoc />
    public int SpeciesCount => 1;

    /// <inheritdoc />
    public void Tell(ReadOnlySpan<double> fitness)
    {
        int n = _topology.Dimension;
        if (fitness.Length != _m) throw new ArgumentException($"Expected {_m} fitnesses, got {fitness.Length}.", nameof(fitness));
        var f = fitness.ToArray();
        var order = Enumerable.Range(0, _m).OrderByDescending(i => f[i]).ThenBy(i => i).ToArray();
        int quarter = Math.Max(1, _m / 4);
        // Offspring of the top quarter replace the bottom quarter.
        var child = new double[n];
        for (int c = 0; c < quarter; c++)
        {
            int a = order[_random.NextInt(quarter)], b = order[_random.NextInt(quarter)];
            for (int j = 0; j < n; j++)
            {
                double w = _random.NextBernoulli(0.5) ? _w[a * n + j] : _w[b * n + j];
                if (_random.NextBernoulli(MutationRate)) w += MutationScale * Math.Tan(Math.PI * (_random.NextDouble() - 0.5));
                child[j] = Math.Clamp(w, -20, 20);
            }
            int dst = order[_m - 1 - c];
            child.CopyTo(_w.AsSpan(dst * n, n));
            f[dst] = double.NaN; // new: marked by the permutation rule as the least fit
        }
        double fmin = f.Where(double.IsFinite).DefaultIfEmpty(0).Min(), fmax = f.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var marked = new List<int>(_m);
        for (int j = 0; j < n; j++)
        {
            marked.Clear();
            for (int i = 0; i < _m; i++)
            {
                double rel = double.IsNaN(f[i]) || fmax <= fmin ? 0 : (f[i] - fmin) / (fmax - fmin);
                double p = 1 - Math.Pow(rel, 1.0 / n);
                if (_random.NextBernoulli(p)) marked.Add(i);
            }
            // Permute the marked weights of column j among their rows.
            var rows = marked.ToArray();
            var values = rows.Select(i => _w[i * n + j]).ToArray();
            _random.Shuffle(values.AsSpan());
            for (int k = 0; k < rows.Length; k++) _w[rows[k] * n + j] = values[k];
        }
        Generation++;
        MakeGenomes();
    }

    private void MakeGenomes()
    {
        int n = _topology.Dimension;
        _population = new List<Genome>(_m);
        for (int i = 0; i < _m; i++) _population.Add(_topology.ToGenome(_nextGenomeId++, _w.AsSpan(i * n, n)));
    }

    /// <inheritdoc />
    public string SaveState() => System.Text.Json.JsonSerializer.Serialize(
        new CosyneState(Generation, _nextGenomeId, _random.GetState(), [.. _w]), EvolutionJsonContext.Default.CosyneState);

    /// <summary>A run restored from <see cref="SaveState"/>.</summary>
    /// <param name="topology">The run's network shape.</param>
    /// <param name="populationSize">The run's m.</param>
    /// <param name="json">The saved state.</param>
    /// <returns>The run.</returns>
    public static Cosyne Restore(IWeightSpace topology, int populationSize, string json) =>
        new(topology, populationSize, System.Text.Json.JsonSerializer.Deserialize(json, EvolutionJsonContext.Default.CosyneState)
                                      ?? throw new InvalidInputException("The CoSyNE checkpoint state is empty."));
}
