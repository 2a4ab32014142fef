using System.Buffers.Binary;
using System.Collections.Concurrent;
using NeuroSharp.Distributed;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;

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
    private readonly IWeightSpace? _space;
    private readonly ConcurrentBag<ControllerCache> _caches = [];
    private long _loaded, _built;

    /// <summary>An evaluator of one task with one neuron model.</summary>
    /// <param name="task">The task.</param>
    /// <param name="model">How genomes decode.</param>
    /// <param name="space">The fixed-topology algorithm's vector space, whose <see cref="IWeightSpace.Decode"/> builds the networks; null: <see cref="GenomeDecoder"/>.</param>
    public GenerationEvaluator(IEvolutionTask task, ControllerModel model, IWeightSpace? space = null)
    {
        _task = task;
        _model = model;
        _space = space;
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
    /// <param name="job">The MPI job to spread the genomes over (genome i on rank i mod size, as
    /// docs/distributed.md says); null or one rank: this process evaluates them all. Every rank gets every result.</param>
    /// <returns>One evaluation per genome, same order.</returns>
    public TaskEvaluation[] Evaluate(IReadOnlyList<Genome> genomes, ulong seed, int generation, int threads, CancellationToken cancellationToken = default,
        ICommunicator? job = null)
    {
        job ??= SingleProcess.Instance;
        int size = job.Size, rank = job.Rank;
        int mine = (genomes.Count - rank + size - 1) / size;
        var local = new TaskEvaluation[mine];
        // Blocks of one genome: evaluations differ widely in length (a solver runs 100 000 steps).
        ParallelBlocks.For(mine, threads, (start, end) =>
        {
            for (int k = start; k < end; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var g = genomes[rank + k * size];
                var network = _space?.Decode(g, _model) ?? GenomeDecoder.Decode(g, _model);
                local[k] = _task is IControllerTask reusing
                    ? EvaluateReusing(reusing, network, StreamFor(seed, generation, g.Id), cancellationToken)
                    : _task.Evaluate(network, StreamFor(seed, generation, g.Id), null, cancellationToken);
            }
        }, blockSize: 1);
        if (size == 1) return local;
        return Gather(local, genomes.Count, job);
    }

    /// <summary>Evaluations that loaded their weights into a controller kept from an earlier one (<see cref="SpikingController.TryLoad"/>), since this evaluator was made.</summary>
    public long LoadedControllers => Interlocked.Read(ref _loaded);

    /// <summary>Evaluations that built their controller (a network of a shape no kept controller has), since this evaluator was made.</summary>
    public long BuiltControllers => Interlocked.Read(ref _built);

    /// <summary>
    /// One evaluation on a kept controller of the same shape when a worker has one, else on a new one that is then kept.
    /// A worker takes a cache from the bag and puts it back after the evaluation, so no two threads share a controller;
    /// which cache a genome meets does not matter, since a loaded controller equals a fresh build.
    /// </summary>
    private TaskEvaluation EvaluateReusing(IControllerTask task, NetworkSpec network, RandomStream random, CancellationToken cancellationToken)
    {
        if (!_caches.TryTake(out var cache)) cache = new ControllerCache();
        try
        {
            var controller = cache.Find(network);
            if (controller is null)
            {
                controller = task.BuildController(network);
                cache.Keep(controller);
                Interlocked.Increment(ref _built);
            }
            else
            {
                Interlocked.Increment(ref _loaded);
            }
            return task.EvaluateWith(controller, random, null, cancellationToken);
        }
        finally
        {
            _caches.Add(cache);
        }
    }

    /// <summary>
    /// A worker's controllers of the last few shapes, most recently used first. Several, because a fixed-topology genome's
    /// shape still varies a little: a weight's sign picks the projection's receptor, and the delay-line circuit's delay is
    /// rounded to whole steps, so a population near a mean meets a few shapes over and over.
    /// </summary>
    private sealed class ControllerCache
    {
        /// <summary>The shapes a worker keeps: enough for the few a fixed-topology population visits, small enough to try them all.</summary>
        private const int Capacity = 8;

        private readonly List<SpikingController> _kept = new(Capacity);

        /// <summary>A kept controller now loaded with <paramref name="network"/>, moved to the front; null when none has its shape.</summary>
        public SpikingController? Find(NetworkSpec network)
        {
            for (int i = 0; i < _kept.Count; i++)
            {
                var c = _kept[i];
                if (!c.TryLoad(network)) continue;
                _kept.RemoveAt(i);
                _kept.Insert(0, c);
                return c;
            }
            return null;
        }

        /// <summary>Keeps a new controller at the front, dropping the least recently used beyond <see cref="Capacity"/>.</summary>
        public void Keep(SpikingController controller)
        {
            if (!controller.CanLoad) return;
            if (_kept.Count == Capacity) _kept.RemoveAt(Capacity - 1);
            _kept.Insert(0, controller);
        }
    }

    private const int PackedSize = sizeof(double) + sizeof(long) + 1;

    /// <summary>All ranks' evaluations in genome order (rank r sent genomes r, r + size, ...).</summary>
    private static TaskEvaluation[] Gather(TaskEvaluation[] local, int count, ICommunicator job)
    {
        var bytes = new byte[local.Length * PackedSize];
        for (int k = 0; k < local.Length; k++)
        {
            var span = bytes.AsSpan(k * PackedSize, PackedSize);
            BinaryPrimitives.WriteDoubleLittleEndian(span, local[k].Fitness);
            BinaryPrimitives.WriteInt64LittleEndian(span[sizeof(double)..], local[k].WorldSteps);
            span[^1] = local[k].Solved ? (byte)1 : (byte)0;
        }
        var counts = new int[job.Size];
        byte[] all = job.AllGatherVariable(bytes, counts);
        var results = new TaskEvaluation[count];
        int offset = 0;
        for (int r = 0; r < job.Size; r++)
        {
            for (int i = r; i < count; i += job.Size, offset += PackedSize)
            {
                var span = all.AsSpan(offset, PackedSize);
                results[i] = new TaskEvaluation(BinaryPrimitives.ReadDoubleLittleEndian(span), span[^1] == 1, BinaryPrimitives.ReadInt64LittleEndian(span[sizeof(double)..]));
            }
        }
        return results;
    }
}
