using System.Diagnostics;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;

namespace NeuroSharp.Learning;

/// <summary>
/// Trains an <see cref="Mlp"/> with one <see cref="ITrainingRule"/> by minibatch SGD with momentum
/// (optionally after layer-wise autoencoder pre-training), epoch by epoch, and can stop after any
/// minibatch and be saved and restored (<see cref="MlpFile"/>) so that the resumed run ends with the
/// same weights as an uninterrupted one.
/// </summary>
/// <remarks>
/// Per minibatch: gather rows in the epoch's order -> forward pass (dropout, spikes) -> delta_L = p - t
/// -> the rule fills delta_l -> for each layer v = mu v - eta (h_{l-1}^T delta_l / B + lambda W),
/// W += v, biases likewise -> max-norm. The order, dropout and spike streams of epoch e fork from
/// (seed, e), so an epoch's randomness does not depend on what ran before it; matrix products are
/// bit-identical for any thread count, and everything else runs on one thread, so the weights do not
/// depend on <see cref="MaxThreads"/>. Buffers are allocated once; a minibatch allocates nothing on one
/// thread.
/// </remarks>
public sealed partial class MlpTrainer
{
    private readonly float[][] _weightVelocity;
    private readonly float[][] _biasVelocity;
    private readonly List<EpochRecord> _history = [];
    private readonly TrainingBatch _batch;
    private readonly float[] _columnScratch;
    private int[]? _order;
    private RandomStream? _dropoutStream;
    private RandomStream? _spikeStream;

    private MlpTrainer(Mlp network, TrainingOptions options, ITrainingRule rule, ulong seed)
    {
        Network = network;
        Options = options;
        Rule = rule;
        Seed = seed;
        int layers = network.WeightLayerCount;
        _weightVelocity = new float[layers][];
        _biasVelocity = new float[layers][];
        int widest = 1;
        for (int l = 1; l <= layers; l++)
        {
            _weightVelocity[l - 1] = new float[network.WeightArray(l).Length];
            _biasVelocity[l - 1] = new float[network.LayerSize(l)];
            widest = Math.Max(widest, network.LayerSize(l));
        }
        _columnScratch = new float[widest];
        _batch = new TrainingBatch(network, options.BatchSize, 1);
    }

    /// <summary>The network being trained.</summary>
    public Mlp Network { get; }

    /// <summary>The training options (validated).</summary>
    public TrainingOptions Options { get; private set; }

    /// <summary>The rule that sends the error down.</summary>
    public ITrainingRule Rule { get; }

    /// <summary>The seed of the run (build and run streams fork from it).</summary>
    public ulong Seed { get; }

    /// <summary>Completed supervised epochs.</summary>
    public int EpochsDone { get; private set; }

    /// <summary>Minibatches done in the current, unfinished epoch (0 between epochs).</summary>
    public int BatchesDone { get; private set; }

    /// <summary>True once the autoencoder pre-training has run (or when none was asked for).</summary>
    public bool IsPretrained { get; private set; }

    /// <summary>True when all <see cref="TrainingOptions.Epochs"/> are done.</summary>
    public bool IsComplete => EpochsDone >= Options.Epochs;

    /// <summary>One record per completed epoch.</summary>
    public IReadOnlyList<EpochRecord> History => _history;

    /// <summary>
    /// Set when training diverged (a non-finite loss or weight); training then stops and refuses to go on.
    /// The weights are unusable: keep the last checkpoint saved before it. Null while training is sound.
    /// </summary>
    public TrainingDivergence? Divergence { get; private set; }

    /// <summary>The most threads for matrix products (0: all cores). The weights do not depend on it.</summary>
    public int MaxThreads { get; set; } = 1;

    /// <summary>Sum of the training loss over the rows of the unfinished epoch.</summary>
    internal double EpochLossSum { get; private set; }

    /// <summary>Misclassified training rows of the unfinished epoch.</summary>
    internal int EpochErrors { get; private set; }

    /// <summary>Wall time of the unfinished epoch so far.</summary>
    internal double EpochSeconds { get; private set; }

    /// <summary>Creates a network and its trainer.</summary>
    /// <param name="spec">The network description.</param>
    /// <param name="options">How to train it.</param>
    /// <param name="seed">The seed of every random choice (weights, feedback matrices, order, dropout, spikes).</param>
    /// <param name="memory">The most memory training may take (checked before anything is allocated); null for <see cref="MemoryBudget.Default"/>.</param>
    /// <returns>The trainer, at epoch 0.</returns>
    /// <exception cref="InvalidOptionException">A spec or option is out of range.</exception>
    /// <exception cref="InvalidInputException">The network and a batch would pass the memory budget.</exception>
    public static MlpTrainer Create(MlpSpec spec, TrainingOptions options, ulong seed, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        spec.Validate();
        // Weights, their gradients, momentum and feedback matrices (four copies at most), and per batch the
        // pre-activations, activations, errors and dropout masks of every layer.
        long units = spec.LayerSizes.Sum(s => (long)s);
        Mlp.RequireWeights(spec, 4, memory, MemoryBudget.Times(options.BatchSize, units, 4, sizeof(float)));
        var network = Mlp.Create(spec, seed, memory);
        return new MlpTrainer(network, options, CreateRule(network, options, seed), seed)
        {
            IsPretrained = options.PretrainEpochs == 0,
        };
    }

    /// <summary>The rule an option record asks for, with its feedback matrices drawn from the seed.</summary>
    /// <param name="network">The network the rule serves.</param>
    /// <param name="options">The options (rule kind, feedback scale and rate, nudge).</param>
    /// <param name="seed">The build seed.</param>
    /// <returns>The rule.</returns>
    public static ITrainingRule CreateRule(Mlp network, TrainingOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        return options.Rule switch
        {
            TrainingRuleKind.Backprop => new BackpropRule(),
            TrainingRuleKind.FeedbackAlignment => new FeedbackAlignmentRule(network, options.FeedbackScale, seed),
            TrainingRuleKind.DirectFeedbackAlignment => new DirectFeedbackAlignmentRule(network, options.FeedbackScale, seed),
            TrainingRuleKind.AdaptiveFeedback => new AdaptiveFeedbackRule(network, options.FeedbackScale, options.FeedbackLearningRate, seed),
            TrainingRuleKind.TemporalDerivative => new TemporalDerivativeRule(network, options.FeedbackScale, options.FeedbackLearningRate, options.NudgeStrength, seed),
            _ => throw new InvalidOptionException(nameof(TrainingOptions), nameof(TrainingOptions.Rule), "is not a known rule", options.Rule),
        };
    }

    /// <summary>Runs pre-training (if asked for and not done) and the remaining epochs.</summary>
    /// <param name="train">Labelled training rows of n_0 values.</param>
    /// <param name="test">Labelled test rows evaluated after each epoch, or null.</param>
    /// <param name="progress">Receives progress after each minibatch, or null.</param>
    /// <param name="cancellationToken">Stops after the current minibatch; the trainer can then be saved and resumed.</param>
    /// <param name="afterEpoch">Called after each completed epoch (e.g. to save a checkpoint), or null.</param>
    /// <returns>The records of the epochs completed by this call.</returns>
    public IReadOnlyList<EpochRecord> Fit(Dataset train, Dataset? test = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default, Action<MlpTrainer>? afterEpoch = null)
    {
        var done = new List<EpochRecord>();
        if (!Pretrain(train, progress, cancellationToken)) return done;
        while (!IsComplete && Divergence is null && !cancellationToken.IsCancellationRequested)
        {
            var record = TrainEpoch(train, test, progress, cancellationToken);
            if (record is null) break;
            done.Add(record);
            afterEpoch?.Invoke(this);
        }
        return done;
    }

    /// <summary>Runs the layer-wise autoencoder pre-training if <see cref="TrainingOptions.PretrainEpochs"/> asks for it and it has not run.</summary>
    /// <param name="train">The training rows (labels unused).</param>
    /// <param name="progress">Receives progress, or null.</param>
    /// <param name="cancellationToken">Abandons pre-training (nothing is changed; it reruns from the start next time).</param>
    /// <returns>True when pre-training is done.</returns>
    public bool Pretrain(Dataset train, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (IsPretrained) return true;
        Network.CheckData(train);
        if (!AutoencoderPretrainer.Run(this, train, progress, cancellationToken)) return false;
        IsPretrained = true;
        return true;
    }

    /// <summary>Trains until the end of the current epoch, or until cancelled.</summary>
    /// <param name="train">Labelled training rows.</param>
    /// <param name="test">Labelled test rows evaluated at the end of the epoch, or null.</param>
    /// <param name="progress">Receives progress after each minibatch, or null.</param>
    /// <param name="cancellationToken">Stops after the current minibatch.</param>
    /// <returns>The epoch's record, or null when cancelled before its end or when training diverged (<see cref="Divergence"/> is then set).</returns>
    /// <exception cref="InvalidOperationException">All epochs are done, pre-training is pending, or training has diverged.</exception>
    public EpochRecord? TrainEpoch(Dataset train, Dataset? test = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (IsComplete) throw new InvalidOperationException($"All {Options.Epochs} epochs are done.");
        if (!IsPretrained) throw new InvalidOperationException("Pre-training has not run; call Pretrain (or Fit) first.");
        if (Divergence is not null) throw new InvalidOperationException($"Training diverged at epoch {Divergence.Epoch}; its weights are unusable.");
        Network.CheckData(train);
        if (test is not null) Network.CheckData(test);
        int epoch = EpochsDone;
        StartEpoch(train.RowCount, epoch);
        int batchCount = BatchCount(train.RowCount);
        float rate = Options.LearningRateAt(epoch);
        var clock = Stopwatch.StartNew();
        _batch.MaxThreads = MaxThreads;
        while (BatchesDone < batchCount)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                EpochSeconds += clock.Elapsed.TotalSeconds;
                return null;
            }
            int start = BatchesDone * Options.BatchSize;
            int rows = Math.Min(Options.BatchSize, train.RowCount - start);
            var (loss, errors) = Step(train, _order.AsSpan(start, rows), rate);
            if (!double.IsFinite(loss))
            {
                EpochSeconds += clock.Elapsed.TotalSeconds;
                Divergence = new TrainingDivergence(epoch + 1, BatchesDone + 1, loss / rows);
                return null;
            }
            EpochLossSum += loss;
            EpochErrors += errors;
            BatchesDone++;
            progress?.Report(new TrainingProgress("train", epoch, Options.Epochs, BatchesDone, batchCount, EpochLossSum / Math.Min(train.RowCount, BatchesDone * Options.BatchSize)));
        }
        double seconds = EpochSeconds + clock.Elapsed.TotalSeconds;
        double trainLoss = EpochLossSum / Math.Max(1, train.RowCount);
        if (!WeightsFinite())
        {
            Divergence = new TrainingDivergence(epoch + 1, 0, trainLoss);
            return null;
        }
        var evaluation = test is null ? null : Network.Evaluate(test, MaxThreads);
        if (evaluation is not null && !double.IsFinite(evaluation.Loss))
        {
            Divergence = new TrainingDivergence(epoch + 1, 0, evaluation.Loss);
            return null;
        }
        var record = new EpochRecord(epoch + 1, rate, trainLoss, EpochErrors,
            evaluation?.Errors, evaluation?.Loss, seconds);
        _history.Add(record);
        EpochsDone++;
        BatchesDone = 0;
        EpochLossSum = 0;
        EpochErrors = 0;
        EpochSeconds = 0;
        _order = null;
        return record;
    }

    /// <summary>Raises the epoch count (e.g. to continue a finished run); the schedule is recomputed for the new count.</summary>
    /// <param name="epochs">The new total, at least <see cref="EpochsDone"/>.</param>
    public void ExtendEpochs(int epochs)
    {
        if (epochs < EpochsDone) throw new InvalidOptionException(nameof(TrainingOptions), nameof(TrainingOptions.Epochs), $"must be at least the {EpochsDone} epochs already done", epochs);
        Options = Options with { Epochs = epochs };
        Options.Validate();
    }

    private bool WeightsFinite()
    {
        for (int l = 1; l <= Network.WeightLayerCount; l++)
        {
            foreach (float w in Network.WeightArray(l))
            {
                if (!float.IsFinite(w)) return false;
            }
            foreach (float b in Network.BiasArray(l))
            {
                if (!float.IsFinite(b)) return false;
            }
        }
        return true;
    }

    internal int BatchCount(int rowCount) => (rowCount + Options.BatchSize - 1) / Options.BatchSize;

    internal float[] WeightVelocity(int layer) => _weightVelocity[layer - 1];

    internal float[] BiasVelocity(int layer) => _biasVelocity[layer - 1];

    internal RandomStreamState? DropoutState => _dropoutStream?.GetState();

    internal RandomStreamState? SpikeState => _spikeStream?.GetState();

    /// <summary>Puts a restored trainer back in the middle of an epoch.</summary>
    internal void RestoreProgress(bool pretrained, int epochsDone, int batchesDone, double lossSum, int errors, double seconds,
        IEnumerable<EpochRecord> history, RandomStreamState? dropout, RandomStreamState? spikes)
    {
        IsPretrained = pretrained;
        EpochsDone = epochsDone;
        BatchesDone = batchesDone;
        EpochLossSum = lossSum;
        EpochErrors = errors;
        EpochSeconds = seconds;
        _history.Clear();
        _history.AddRange(history);
        _dropoutStream = dropout is { } d ? new RandomStream(d) : null;
        _spikeStream = spikes is { } s ? new RandomStream(s) : null;
        _order = null;
    }

    internal static MlpTrainer Restore(Mlp network, TrainingOptions options, ITrainingRule rule, ulong seed) => new(network, options, rule, seed);

    private void StartEpoch(int rowCount, int epoch)
    {
        var root = new RandomStream(Seed);
        // The order is a pure function of (seed, epoch); recomputed when a restored run resumes mid-epoch.
        if (_order is null || _order.Length != rowCount) _order = root.Fork(LearningStreams.Order).Fork((ulong)epoch).Permutation(rowCount);
        // Mid-epoch (a cancelled or restored run) the streams go on from where they stopped.
        if (BatchesDone > 0 && _dropoutStream is not null && _spikeStream is not null) return;
        _dropoutStream = root.Fork(LearningStreams.Dropout).Fork((ulong)epoch);
        _spikeStream = root.Fork(LearningStreams.Spikes).Fork((ulong)epoch);
    }
}
