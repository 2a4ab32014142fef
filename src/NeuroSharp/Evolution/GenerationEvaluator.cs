using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Evolution;

/// <summary>
/// The unit of parallel work: "evaluate these genomes, each with the random stream forked from (seed, generation,
/// genome id)". Genomes are decoded and evaluated independently on up to <c>threads</c> threads; results come
/// back in genome order, so what a run does with them is the same at any thread count (and the same when the
/// unit is sent to other processes: genome states in, evaluations out).
/// </summary>
public sealed class GenerationEvaluator
{
    private readonly IEvolutionTask _task;
    private readonly ControllerModel _model;

    /// <summary>An evaluator of one task with one neuron model.</summary>
    /// <param name="task">The task.</param>
    /// <param name="model">How genomes decode.</param>
    public GenerationEvaluator(IEvolutionTask task, ControllerModel model)
    {
        _task = task;
        _model = model;
    }

    /// <summary>The random stream of one evaluation: the run seed, forked by generation, then by genome id.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="generation">The generation.</param>
    /// <param name="genomeId">The genome's id.</param>
    /// <returns>The evaluation's own stream.</returns>
    public static RandomStream StreamFor(ulong seed, int generation, long genomeId) =>
        new RandomStream(seed).Fork(2).Fork((ulong)generation).Fork((ulong)genomeId);

    /// <summary>Evaluates genomes in parallel; results in the genomes' order.</summary>
    /// <param name="genomes">The genomes.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="generation">Their generation.</param>
    /// <param name="threads">Threads to use (0: all cores).</param>
    /// <param name="cancellationToken">Stops the work (an <see cref="OperationCanceledException"/> follows).</param>
    /// <returns>One evaluation per genome, same order.</returns>
    public TaskEvaluation[] Evaluate(IReadOnlyList<Genome> genomes, ulong seed, int generation, int threads, CancellationToken cancellationToken = default)
    {
        var results = new TaskEvaluation[genomes.Count];
        // Blocks of one genome: evaluations differ widely in length (a solver runs 100 000 steps).
        ParallelBlocks.For(genomes.Count, threads, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var g = genomes[i];
                var network = GenomeDecoder.Decode(g, _model);
                results[i] = _task.Evaluate(network, StreamFor(seed, generation, g.Id), null, cancellationToken);
            }
        }, blockSize: 1);
        return results;
    }
}
