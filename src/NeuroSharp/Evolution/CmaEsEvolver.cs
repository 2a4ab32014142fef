using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Evolution;

/// <summary>
/// CMA-ES on the vector of an <see cref="IWeightSpace"/> (a <see cref="FixedTopology"/>'s weights or a <see cref="CircuitTemplate"/>'s
/// parameters), maximising fitness (minimising its negative); mean 0, sigma 1. With restarts it is IPOP-CMA-ES (Auger and Hansen
/// 2005): when a run stalls (<see cref="Stalled"/>) it starts again from mean 0 and sigma 1 with twice the population, up to a
/// number of restarts (docs/evolution-cmaes.md, "Restarts with a growing population").
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
    public CmaEsEvolver(IWeightSpace topology, int lambda, ulong seed, int restarts = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(restarts);
        _topology = topology;
        _seed = seed;
        _maxRestarts = restarts;
        _lambda0 = lambda > 0 ? lambda : CmaEs.DefaultLambda(topology.Dimension);
        _cma = StartRun(0);
        MakeGenomes();
    }

    private CmaEsEvolver(IWeightSpace topology, int lambda, ulong seed, int restarts, CmaEsState state)
    {
        if (state.Mean.Length != topology.Dimension)
            throw new InvalidInputException($"The CMA-ES checkpoint has dimension {state.Mean.Length}; the network shape has {topology.Dimension} weights.");
        if (state.Restarts < 0 || state.Restarts > restarts)
            throw new InvalidInputException($"The CMA-ES checkpoint has made {state.Restarts} restarts; this run allows {restarts} (--restarts).");
        _topology = topology;
        _seed = seed;
        _maxRestarts = restarts;
        _lambda0 = lambda > 0 ? lambda : CmaEs.DefaultLambda(topology.Dimension);
        Restarts = state.Restarts;
        _generationOffset = state.GenerationOffset;
        _bests.AddRange(state.BestHistory ?? []);
        _cma = CmaEs.Restore(state, _lambda0 << Restarts);
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

    /// <summary>Run <paramref name="restart"/> (0 the first): mean 0, sigma 1, lambda_0 2^restart, its own fork of the seed's stream.</summary>
    private CmaEs StartRun(int restart) =>
        new(new double[_topology.Dimension], 1.0, new RandomStream(_seed).Fork(1 + (ulong)restart * 1_000_003UL), _lambda0 << restart);

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
    /// <returns>The run.</returns>
    public static CmaEsEvolver Restore(IWeightSpace topology, int lambda, string json, ulong seed = 0, int restarts = 0) =>
        new(topology, lambda, seed, restarts, System.Text.Json.JsonSerializer.Deserialize(json, EvolutionJsonContext.Default.CmaEsState)
                                                  ?? throw new InvalidInputException("The CMA-ES checkpoint state is empty."));
}
