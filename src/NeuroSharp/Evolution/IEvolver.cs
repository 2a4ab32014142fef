namespace NeuroSharp.Evolution;

/// <summary>
/// An evolutionary algorithm in ask-and-tell form: <see cref="Population"/> is the generation to evaluate,
/// <see cref="Tell"/> takes its fitnesses (in population order) and breeds the next. NEAT evolves topology
/// and weights; CMA-ES and CoSyNE evolve the weight vector of a <see cref="FixedTopology"/>. All hand out
/// <see cref="Genome"/>s, so the evaluator and the tasks see one kind of candidate.
/// </summary>
public interface IEvolver
{
    /// <summary>The algorithm's name on the command line (neat, cmaes, cosyne).</summary>
    string Name { get; }

    /// <summary>The generation <see cref="Population"/> belongs to, from 0.</summary>
    int Generation { get; }

    /// <summary>The genomes to evaluate now (ids unique in the run).</summary>
    IReadOnlyList<Genome> Population { get; }

    /// <summary>The vector space a fixed-topology algorithm searches (its genomes decode through it), or null for NEAT (genomes decode with <see cref="GenomeDecoder"/>).</summary>
    IWeightSpace? WeightSpace => null;

    /// <summary>Species in the current generation (1 for algorithms without speciation).</summary>
    int SpeciesCount { get; }

    /// <summary>Takes the fitness of every genome of <see cref="Population"/> (same order) and makes the next generation.</summary>
    /// <param name="fitness">One finite fitness per genome; higher is better.</param>
    void Tell(ReadOnlySpan<double> fitness);

    /// <summary>The algorithm's whole state as JSON (for a checkpoint); <see cref="EvolverFactory.Restore"/> reads it back.</summary>
    /// <returns>A JSON text.</returns>
    string SaveState();
}
