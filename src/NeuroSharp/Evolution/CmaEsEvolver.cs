using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Evolution;

/// <summary>
/// CMA-ES on the vector of an <see cref="IWeightSpace"/> (a <see cref="FixedTopology"/>'s weights or a <see cref="CircuitTemplate"/>'s
/// parameters), maximising fitness (minimising its negative); mean 0, sigma sigma_0 (1 unless set). With restarts it is IPOP-CMA-ES (Auger and Hansen
/// 2005): when a run stalls (<see cref="Stalled"/>) it starts again from mean 0 and sigma_0 with twice the population (or
/// <see cref="Growth"/> times it), up to a number of restarts (docs/evolution-cmaes.md, "Restarts with a growing population").
/// </summary>
public sealed class CmaEsEvolver : IEvolver
{
    /// <summary>The relative rise of the best fitness that counts as progress in <see cref="Stalled"/>.</summary>
    public const double StallTolerance = 0.01;

    /// <summary>The largest standard deviation of the search distribution below which a run counts as converged.</summary>
    public const double ConvergedStdDev = 1e-8;

    private readonly IWeightSpace _topology;
    private readonly int _lambda0;
    private readonly int _maxRestarts;
    private readonly double _sigma0;
    private readonly int _growth;
    private readonly ulong _seed;
    private CmaEs _cma;
    private List<Genome> _population = [];
    private readonly List<double> _bests = [];
    private long _nextGenomeId;
    private int _generationOffset;

    /// <summary>A run.</summary>
    /// <param name="topology">The network shape.</param>
    /// <param name="lambda">Offspring per generation (0: Hansen's default); with restarts, of the first run.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="restarts">The most IPOP restarts (0: plain CMA-ES).</param>
    /// <param name="sigma">The initial step size of every run, in genome units (1: the default, each circuit parameter spread by its step).</param>
    /// <param name="growth">The factor by which each restart multiplies the population (2: IPOP-CMA-ES; 1: restarts at the first run's population).</param>
    /// <exception cref="InvalidInputException">The last restart's population would not fit an int.</exception>
    public CmaEsEvolver(IWeightSpace topology, int lambda, ulong seed, int restarts = 0, double sigma = 1.0, int growth = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(restarts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(growth);
        _topology = topology;
        _seed = seed;
        _maxRestarts = restarts;
        _sigma0 = sigma;
        _growth = growth;
        _lambda0 = lambda > 0 ? lambda : CmaEs.DefaultLambda(topology.Dimension);
        CheckLargestPopulation();
        _cma = StartRun(0);
        MakeGenomes();
    }

    private CmaEsEvolver(IWeightSpace topology, int lambda, ulong seed, int restarts, double sigma, int growth, CmaEsState state)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(growth);
        if (state.Mean.Length != topology.Dimension)
            throw new InvalidInputException($"The CMA-ES checkpoint has dimension {state.Mean.Length}; the network shape has {topology.Dimension} weights.");
        if (state.Restarts < 0 || state.Restarts > restarts)
            throw new InvalidInputException($"The CMA-ES checkpoint has made {state.Restarts} restarts; this run allows {restarts} (--restarts).");
        _topology = topology;
        _seed = seed;
        _maxRestarts = restarts;
        _sigma0 = sigma;
        _growth = growth;
        _lambda0 = lambda > 0 ? lambda : CmaEs.DefaultLambda(topology.Dimension);
        CheckLargestPopulation();
        Restarts = state.Restarts;
        _generationOffset = state.GenerationOffset;
        _bests.AddRange(state.BestHistory ?? []);
        _cma = CmaEs.Restore(state, PopulationOf(Restarts));
        _nextGenomeId = state.NextGenomeId - _cma.Lambda;
        MakeGenomes();
    }

    /// <inheritdoc />
    public IWeightSpace WeightSpace => _topology;

    /// <inheritdoc />
    public string Name => "cmaes";

    /// <inheritdoc />
    public int Generation => _generationOffset + _cma.Generation;

    /// <inheritdoc />
    public IReadOnlyList<Genome> Population => _population;

    /// <inheritdoc />
    public int SpeciesCount => 1;

    /// <summary>The underlying CMA-ES (of the current restart).</summary>
    public CmaEs Strategy => _cma;

    /// <summary>Restarts made so far.</summary>
    public int Restarts { get; private set; }

    /// <summary>The most restarts allowed.</summary>
    public int MaxRestarts => _maxRestarts;

    /// <summary>The initial step size of every run (<c>--sigma</c>).</summary>
    public double InitialSigma => _sigma0;

    /// <summary>The factor by which each restart multiplies the population (<c>--restart-growth</c>; 2 is IPOP-CMA-ES).</summary>
    public int Growth => _growth;

    /// <summary>The population of run <paramref name="restart"/> (0 the first): lambda_0 growth^restart.</summary>
    /// <param name="restart">The run.</param>
    /// <returns>lambda.</returns>
    public int PopulationOf(int restart)
    {
        long lambda = _lambda0;
        for (int k = 0; k < restart; k++) lambda *= _growth;
        return checked((int)lambda);
    }

    private void CheckLargestPopulation()
    {
        double largest = _lambda0 * Math.Pow(_growth, _maxRestarts);
        if (largest > int.MaxValue)
            throw new InvalidInputException($"--restarts {_maxRestarts} with --restart-growth {_growth} from population {_lambda0} would reach a population of {largest:G3}; allow fewer restarts or a smaller growth.");
    }

    /// <summary>
    /// The generations without progress after which a run counts as stalled: Hansen's history length for his TolFun and
    /// EqualFunValues criteria, 10 + ceil(30 n / lambda).
    /// </summary>
    /// <param name="n">The dimension.</param>
    /// <param name="lambda">The population.</param>
    /// <returns>Generations.</returns>
    public static int StallGenerations(int n, int lambda) => 10 + (30 * n + lambda - 1) / lambda;

    /// <summary>
    /// Whether a run with these per-generation best fitnesses (since its start) has stalled: over its last h =
    /// <see cref="StallGenerations"/> generations the best fitness did not rise above the best before them by more than
    /// <see cref="StallTolerance"/> of that best's magnitude (at least 1e-12).
    /// </summary>
    /// <param name="bests">The best fitness of each generation, oldest first.</param>
    /// <param name="h">The window, generations.</param>
    /// <returns>True when stalled.</returns>
    public static bool Stalled(IReadOnlyList<double> bests, int h)
    {
        if (bests.Count <= h) return false;
        double before = double.NegativeInfinity, recent = double.NegativeInfinity;
        for (int i = 0; i < bests.Count - h; i++) before = Math.Max(before, bests[i]);
        for (int i = bests.Count - h; i < bests.Count; i++) recent = Math.Max(recent, bests[i]);
        return recent <= before + Math.Max(StallTolerance * Math.Abs(before), 1e-12);
    }

    /// <inheritdoc />
    public void Tell(ReadOnlySpan<double> fitness)
    {
        var costs = new double[fitness.Length];
        double best = double.NegativeInfinity;
        for (int k = 0; k < costs.Length; k++)
        {
            costs[k] = -fitness[k];
            best = Math.Max(best, fitness[k]);
        }
        _cma.Tell(costs);
        _bests.Add(best);
        if (Restarts < _maxRestarts && (Stalled(_bests, StallGenerations(_cma.Dimension, _cma.Lambda)) || _cma.LargestStdDev < ConvergedStdDev))
        {
            _generationOffset += _cma.Generation;
            Restarts++;
            _bests.Clear();
            _cma = StartRun(Restarts);
        }
        MakeGenomes();
    }

    /// <summary>Run <paramref name="restart"/> (0 the first): mean 0, sigma sigma_0, lambda_0 growth^restart, its own fork of the seed's stream.</summary>
    private CmaEs StartRun(int restart) =>
        new(new double[_topology.Dimension], _sigma0, new RandomStream(_seed).Fork(1 + (ulong)restart * 1_000_003UL), PopulationOf(restart));

    private void MakeGenomes()
    {
        _population = new List<Genome>(_cma.Lambda);
        for (int k = 0; k < _cma.Lambda; k++) _population.Add(_topology.ToGenome(_nextGenomeId++, _cma.Candidate(k)));
    }

    /// <inheritdoc />
    public string SaveState() => System.Text.Json.JsonSerializer.Serialize(
        _cma.Save(_nextGenomeId) with { Restarts = Restarts, GenerationOffset = _generationOffset, BestHistory = [.. _bests] },
        EvolutionJsonContext.Default.CmaEsState);

    /// <summary>A run restored from <see cref="SaveState"/>.</summary>
    /// <param name="topology">The run's network shape.</param>
    /// <param name="lambda">The run's lambda (0: default).</param>
    /// <param name="json">The saved state.</param>
    /// <param name="seed">The run's seed (restarts fork their streams from it).</param>
    /// <param name="restarts">The most restarts (as when the run started).</param>
    /// <param name="sigma">The initial step size (as when the run started; restarts start from it).</param>
    /// <param name="growth">The population factor per restart (as when the run started).</param>
    /// <returns>The run.</returns>
    public static CmaEsEvolver Restore(IWeightSpace topology, int lambda, string json, ulong seed = 0, int restarts = 0, double sigma = 1.0, int growth = 2) =>
        new(topology, lambda, seed, restarts, sigma, growth, System.Text.Json.JsonSerializer.Deserialize(json, EvolutionJsonContext.Default.CmaEsState)
                                                  ?? throw new InvalidInputException("The CMA-ES checkpoint state is empty."));
}
