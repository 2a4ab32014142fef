using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Evolution;

/// <summary>
/// CMA-ES on the vector of an <see cref="IWeightSpace"/> (a <see cref="FixedTopology"/>'s weights or a <see cref="CircuitTemplate"/>'s
/// parameters), maximising fitness (minimising its negative); mean 0, sigma 1.
/// </summary>
public sealed class CmaEsEvolver : IEvolver
{
    private readonly IWeightSpace _topology;
    private readonly CmaEs _cma;
    private readonly int _lambda;
    private List<Genome> _population = [];
    private long _nextGenomeId;

    /// <summary>A run.</summary>
    /// <param name="topology">The network shape.</param>
    /// <param name="lambda">Offspring per generation (0: Hansen's default).</param>
    /// <param name="seed">The run's seed.</param>
    public CmaEsEvolver(IWeightSpace topology, int lambda, ulong seed)
    {
        _topology = topology;
        _lambda = lambda;
        _cma = new CmaEs(new double[topology.Dimension], 1.0, new RandomStream(seed).Fork(1), lambda);
        MakeGenomes();
    }

    private CmaEsEvolver(IWeightSpace topology, int lambda, CmaEsState state)
    {
        if (state.Mean.Length != topology.Dimension)
            throw new InvalidInputException($"The CMA-ES checkpoint has dimension {state.Mean.Length}; the network shape has {topology.Dimension} weights.");
        _topology = topology;
        _lambda = lambda;
        _cma = CmaEs.Restore(state, lambda);
        _nextGenomeId = state.NextGenomeId - _cma.Lambda;
        MakeGenomes();
    }

    /// <inheritdoc />
    public IWeightSpace WeightSpace => _topology;

    /// <inheritdoc />
    public string Name => "cmaes";

    /// <inheritdoc />
    public int Generation => _cma.Generation;

    /// <inheritdoc />
    public IReadOnlyList<Genome> Population => _population;

    /// <inheritdoc />
    public int SpeciesCount => 1;

    /// <summary>The underlying CMA-ES.</summary>
    public CmaEs Strategy => _cma;

    /// <inheritdoc />
    public void Tell(ReadOnlySpan<double> fitness)
    {
        var costs = new double[fitness.Length];
        for (int k = 0; k < costs.Length; k++) costs[k] = -fitness[k];
        _cma.Tell(costs);
        MakeGenomes();
    }

    private void MakeGenomes()
    {
        _population = new List<Genome>(_cma.Lambda);
        for (int k = 0; k < _cma.Lambda; k++) _population.Add(_topology.ToGenome(_nextGenomeId++, _cma.Candidate(k)));
    }

    /// <inheritdoc />
    public string SaveState() => System.Text.Json.JsonSerializer.Serialize(_cma.Save(_nextGenomeId), EvolutionJsonContext.Default.CmaEsState);

    /// <summary>A run restored from <see cref="SaveState"/>.</summary>
    /// <param name="topology">The run's network shape.</param>
    /// <param name="lambda">The run's lambda (0: default).</param>
    /// <param name="json">The saved state.</param>
    /// <returns>The run.</returns>
    public static CmaEsEvolver Restore(IWeightSpace topology, int lambda, string json) =>
        new(topology, lambda, System.Text.Json.JsonSerializer.Deserialize(json, EvolutionJsonContext.Default.CmaEsState)
                              ?? throw new InvalidInputException("The CMA-ES checkpoint state is empty."));
}
