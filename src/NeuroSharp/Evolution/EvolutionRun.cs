using System.Diagnostics;
using NeuroSharp.Runs;

namespace NeuroSharp.Evolution;

/// <summary>One generation's record in a run's history.</summary>
/// <param name="Generation">The generation, from 0.</param>
/// <param name="BestFitness">The best fitness in it.</param>
/// <param name="MeanFitness">The mean fitness.</param>
/// <param name="Species">Species (1 without speciation).</param>
/// <param name="Evaluations">Evaluations so far, this generation included.</param>
/// <param name="EvaluationsPerSecond">This generation's evaluations per second of wall time (0 when unknown, e.g. restored).</param>
/// <param name="Solved">Whether a genome of this generation met the task's criterion.</param>
public sealed record GenerationRecord(int Generation, double BestFitness, double MeanFitness, int Species, long Evaluations, double EvaluationsPerSecond, bool Solved);

/// <summary>
/// An evolution run as checkpointed work: one unit per generation (evaluate in parallel, keep the champion,
/// breed the next). It stops early at the first generation that solves the task, as the pole-balancing
/// benchmarks count evaluations to the first solution: up to the first solving genome, or the whole generation
/// when the task tests only each generation's fittest network (<see cref="IEvolutionTask.TestsGenerationChampion"/>).
/// </summary>
public sealed class EvolutionRun : ICheckpointedWork
{
    private readonly GenerationEvaluator _evaluator;
    private readonly Action<EvolutionRun>? _save;
    private readonly List<GenerationRecord> _history;

    /// <summary>A run (new, or restored with its history and champion).</summary>
    /// <param name="task">The task.</param>
    /// <param name="model">How genomes decode.</param>
    /// <param name="evolver">The algorithm, at its current generation.</param>
    /// <param name="seed">The run's seed (evaluation streams fork from it).</param>
    /// <param name="generations">The generation budget.</param>
    /// <param name="threads">Evaluation threads (0: all cores).</param>
    /// <param name="save">Writes the checkpoint, or null.</param>
    /// <param name="history">The history so far (restored runs).</param>
    /// <param name="champion">The champion so far, or null.</param>
    /// <exception cref="InvalidInputException">A transmitter model for a task that binds spiking populations only, or with an algorithm other than NEAT.</exception>
    public EvolutionRun(IEvolutionTask task, ControllerModel model, IEvolver evolver, ulong seed, int generations, int threads,
        Action<EvolutionRun>? save = null, IEnumerable<GenerationRecord>? history = null, Champion? champion = null)
    {
        Task = task;
        if (model.IsTransmitter && !task.BindsTransmitterNeurons)
            throw new InvalidInputException($"Task {task.Name} binds spiking populations only, not transmitter neurons: choose a spiking model (lif, conductanceLif, izhikevich, adex).");
        if (model.IsTransmitter && evolver.Name != "neat")
            throw new InvalidInputException($"Transmitter neurons evolve by topology only (their links carry no weight), so they need NEAT, not {evolver.Name} (or choose a spiking model such as lif).");
        Model = task.DecodingModel(model);
        Evolver = evolver;
        Seed = seed;
        Generations = generations;
        Threads = threads;
        _save = save;
        _evaluator = new GenerationEvaluator(task, Model, evolver.WeightSpace);
        _history = [.. history ?? []];
        Best = champion;
    }

    /// <summary>The task.</summary>
    public IEvolutionTask Task { get; }

    /// <summary>How genomes decode: the given model as the task adapts it (<see cref="IEvolutionTask.DecodingModel"/>).</summary>
    public ControllerModel Model { get; }

    /// <summary>The algorithm.</summary>
    public IEvolver Evolver { get; }

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; }

    /// <summary>The generation budget.</summary>
    public int Generations { get; }

    /// <summary>Evaluation threads.</summary>
    public int Threads { get; set; }

    /// <summary>The MPI job whose ranks share each generation's evaluations (one process by default). Every rank
    /// runs the same evolver from the same seed, so all hold the same population; only evaluation is split.</summary>
    public Distributed.ICommunicator Job { get; set; } = Distributed.SingleProcess.Instance;

    /// <summary>The champion: the first genome that solved the task, else the fittest seen.</summary>
    public Champion? Best { get; private set; }

    /// <summary>One record per completed generation.</summary>
    public IReadOnlyList<GenerationRecord> History => _history;

    /// <summary>
    /// The evaluation budget: no generation starts once the run has made this many evaluations (the last one may pass it);
    /// the run then ends, saved. 0: no budget but <see cref="Generations"/>. Not part of the checkpoint (like the generation budget).
    /// </summary>
    public long MaxEvaluations { get; set; }

    /// <summary>
    /// When the task tests generation champions (<see cref="IEvolutionTask.TestsGenerationChampion"/>): give the success test
    /// to every candidate of a generation (<see cref="IEvolutionTask.IsTestCandidate"/>; double-pole-nv: each network that
    /// balanced the whole 1 000-step episode) and to its fittest network, in genome order, until one passes. The fittest
    /// network's test is free, as in the published protocol; each other test counts as one evaluation (one more episode;
    /// docs/evolution-pole-balancing.md, "Testing every balancer"). False: the fittest network alone. Not part of the
    /// checkpoint (like <see cref="MaxEvaluations"/>).
    /// </summary>
    public bool TestAllCandidates { get; set; }

    /// <summary>Success tests given in this process to networks other than their generation's fittest (<see cref="TestAllCandidates"/>); each counted as one evaluation.</summary>
    public long CandidateTests { get; private set; }

    /// <summary>Whether the run has used its <see cref="MaxEvaluations"/>.</summary>
    public bool BudgetSpent => MaxEvaluations > 0 && Evaluations >= MaxEvaluations;

    /// <summary>Evaluations so far.</summary>
    public long Evaluations => _history.Count > 0 ? _history[^1].Evaluations : 0;

    /// <summary>Whether a genome has solved the task.</summary>
    public bool Solved => Best?.Solved == true;

    /// <inheritdoc />
    public long TotalUnits => Generations;

    /// <inheritdoc />
    public long DoneUnits => Math.Min(_history.Count, Generations);

    /// <summary>Runs up to <paramref name="count"/> generations; false once the task is solved or <see cref="MaxEvaluations"/> is spent (the run ends there, saved).</summary>
    /// <param name="count">Generations.</param>
    /// <param name="progress">Gets the status after each generation.</param>
    /// <param name="cancellationToken">Ends the run between generations (a generation cut short is dropped).</param>
    /// <returns>Whether the run goes on.</returns>
    public bool RunChunk(long count, IProgress<WorkProgress> progress, CancellationToken cancellationToken)
    {
        for (long k = 0; k < count && !Solved && !BudgetSpent && _history.Count < Generations; k++)
        {
            if (cancellationToken.IsCancellationRequested) return true;
            var sw = Stopwatch.StartNew();
            var population = Evolver.Population;
            TaskEvaluation[] results;
            try
            {
                results = _evaluator.Evaluate(population, Seed, Evolver.Generation, Threads, cancellationToken, Job);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && IsCancellation(e))
            {
                return true; // the generation is dropped whole; the checkpoint holds the one before
            }
            // Reduce in genome order: the first solver, else the first of the fittest.
            int best = 0, solver = -1;
            double sum = 0;
            for (int i = 0; i < results.Length; i++)
            {
                sum += results[i].Fitness;
                if (results[i].Fitness > results[best].Fitness) best = i;
                if (solver < 0 && results[i].Solved) solver = i;
            }
            long evaluations = Evaluations;
            if (solver < 0 && Task.TestsGenerationChampion)
            {
                // The generation's fittest network takes the success test once the whole generation is scored; with
                // TestAllCandidates so does every candidate, in genome order (deterministic at any thread count).
                int extraTests = 0;
                try
                {
                    for (int i = TestAllCandidates ? 0 : best; i < results.Length && solver < 0; i++)
                    {
                        if (i != best && !Task.IsTestCandidate(results[i])) continue;
                        if (i != best) extraTests++;
                        if (Task.TestChampion(Decode(population[i]), cancellationToken)) solver = i;
                        if (!TestAllCandidates) break;
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return true;
                }
                CandidateTests += extraTests;
                evaluations += results.Length + extraTests;
            }
            else if (solver >= 0) evaluations += solver + 1; // counted up to the first solution, as the benchmarks do
            else evaluations += results.Length;
            double seconds = sw.Elapsed.TotalSeconds;
            int pick = solver >= 0 ? solver : best;
            if (solver >= 0 || Best is null || results[pick].Fitness > Best.Fitness)
                Best = new Champion(population[pick], results[pick].Fitness, solver >= 0, Evolver.Generation, evaluations);
            var record = new GenerationRecord(Evolver.Generation, results[best].Fitness, sum / results.Length, Evolver.SpeciesCount,
                evaluations, seconds > 0 ? results.Length / seconds : 0, solver >= 0);
            _history.Add(record);
            if (solver < 0) Evolver.Tell(results.Select(r => r.Fitness).ToArray());
            progress.Report(new WorkProgress(DoneUnits, $"gen {record.Generation}  best {record.BestFitness:G5}  mean {record.MeanFitness:G4}  species {record.Species}  {record.EvaluationsPerSecond:F0} evals/s"));
        }
        if (!Solved && !BudgetSpent) return true;
        // Solved or out of evaluations: the run ends here (the runner saves nothing after a stop, so save now).
        SaveCheckpoint();
        return false;
    }

    /// <inheritdoc />
    public void SaveCheckpoint() => _save?.Invoke(this);

    /// <summary>A cancellation, alone or as every inner exception of the aggregate that parallel evaluation throws on more than one thread.</summary>
    private static bool IsCancellation(Exception e) =>
        e is OperationCanceledException || (e is AggregateException a && a.Flatten().InnerExceptions.All(x => x is OperationCanceledException));

    /// <summary>The network of one of this run's genomes (through the evolver's weight space, else <see cref="GenomeDecoder"/>).</summary>
    /// <param name="genome">The genome (e.g. <see cref="Best"/>'s).</param>
    /// <param name="name">The network's name, or null.</param>
    /// <returns>The network.</returns>
    public Spiking.NetworkSpec Decode(Genome genome, string? name = null) =>
        Evolver.WeightSpace?.Decode(genome, Model, name) ?? GenomeDecoder.Decode(genome, Model, name);
}

/// <summary>The best genome of a run.</summary>
/// <param name="Genome">The genome.</param>
/// <param name="Fitness">Its fitness.</param>
/// <param name="Solved">Whether it met the task's criterion.</param>
/// <param name="Generation">The generation it was evaluated in.</param>
/// <param name="Evaluations">The run's evaluations when it was found (up to and including it, if it solved the task).</param>
public sealed record Champion(Genome Genome, double Fitness, bool Solved, int Generation, long Evaluations);
