using System.Text.Json.Serialization;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Evolution;

/// <summary>A genome as saved in a checkpoint or sent to an evaluator in another process.</summary>
/// <param name="Id">The genome's id.</param>
/// <param name="Nodes">Its node genes.</param>
/// <param name="Links">Its link genes.</param>
/// <param name="MutationScale">Its <see cref="Genome.MutationScale"/>, or null for 1 (not written then, and absent in older files).</param>
public sealed record GenomeState(long Id, NodeGene[] Nodes, LinkGene[] Links,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MutationScale = null)
{
    /// <summary>The state of a genome.</summary>
    /// <param name="g">The genome.</param>
    /// <returns>Its genes.</returns>
    public static GenomeState Of(Genome g) => new(g.Id, [.. g.Nodes], [.. g.Links], g.MutationScale == 1 ? null : g.MutationScale);

    /// <summary>The genome back (checked as any new genome is).</summary>
    /// <returns>The genome.</returns>
    public Genome ToGenome() => new(Id, Nodes, Links, MutationScale ?? 1);
}

/// <summary>A NEAT species in a checkpoint.</summary>
/// <param name="Id">The species' id.</param>
/// <param name="Representative">The genome newcomers are compared with.</param>
/// <param name="BestFitness">The best fitness it has reached.</param>
/// <param name="LastImproved">The generation of its last improvement.</param>
public sealed record SpeciesState(int Id, GenomeState Representative, double BestFitness, int LastImproved);

/// <summary>A NEAT run's state.</summary>
/// <param name="Generation">The generation of <paramref name="Population"/>.</param>
/// <param name="NextGenomeId">The next genome id.</param>
/// <param name="NextSpeciesId">The next species id.</param>
/// <param name="Threshold">The compatibility threshold.</param>
/// <param name="Random">The algorithm's random stream.</param>
/// <param name="Innovations">The innovation tracker.</param>
/// <param name="Population">The genomes to evaluate.</param>
/// <param name="Species">The species of the previous generation.</param>
public sealed record NeatState(int Generation, long NextGenomeId, int NextSpeciesId, double Threshold, RandomStreamState Random,
    InnovationState Innovations, GenomeState[] Population, SpeciesState[] Species);

/// <summary>A CMA-ES run's state.</summary>
/// <param name="Generation">The generation.</param>
/// <param name="NextGenomeId">The next genome id.</param>
/// <param name="Random">The algorithm's random stream.</param>
/// <param name="Mean">The distribution mean m.</param>
/// <param name="Sigma">The step size sigma.</param>
/// <param name="Covariance">C, row-major n x n.</param>
/// <param name="PathSigma">p_sigma.</param>
/// <param name="PathC">p_c.</param>
/// <param name="Steps">The current generation's steps y_k (candidates are m + sigma y_k), row-major lambda x n.</param>
/// <param name="Restarts">IPOP restarts done so far (absent in older files: 0).</param>
/// <param name="GenerationOffset">Generations run before the current restart (absent in older files: 0).</param>
/// <param name="BestHistory">The best fitness of each generation since the current restart (absent in older files: none).</param>
public sealed record CmaEsState(int Generation, long NextGenomeId, RandomStreamState Random, double[] Mean, double Sigma,
    double[] Covariance, double[] PathSigma, double[] PathC, double[] Steps, int Restarts = 0, int GenerationOffset = 0, double[]? BestHistory = null);

/// <summary>A CoSyNE run's state.</summary>
/// <param name="Generation">The generation.</param>
/// <param name="NextGenomeId">The next genome id.</param>
/// <param name="Random">The algorithm's random stream.</param>
/// <param name="Weights">The population matrix, row-major m x n (one row per network).</param>
public sealed record CosyneState(int Generation, long NextGenomeId, RandomStreamState Random, double[] Weights);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(NeatState))]
[JsonSerializable(typeof(CmaEsState))]
[JsonSerializable(typeof(CosyneState))]
[JsonSerializable(typeof(GenomeState[]))]
[JsonSerializable(typeof(EvolutionCheckpoint))]
internal sealed partial class EvolutionJsonContext : JsonSerializerContext;
