using System.Collections.Concurrent;
using System.Diagnostics;
using NeuroSharp.Data;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking.Simulation;

namespace NeuroSharp.Spiking.Learning;

/// <summary>
/// Unsupervised learning of digits by STDP (Diehl and Cook 2015) on the spiking engine: trains the
/// input weights and thresholds of <see cref="DiehlCookNetworkSpec"/> by showing images one after
/// another (<see cref="StdpMnistOptions"/>), and gives the frozen network's spike counts for labelling
/// and evaluation (<see cref="StdpMnistReadout"/>).
/// </summary>
/// <remarks>
/// Training presents image k mod rows as the k-th image seen (the code's order). Before each image
/// the engine's dynamics are reset (weights and thresholds kept) and its Poisson streams restart
/// from a seed derived from (seed, k); so the learned state after k images depends only on the seed
/// and k: a training cut into calls, or saved and restored (Restore), equals an
/// uninterrupted one. Frozen passes (<see cref="Respond"/>) derive each image's seed from its index
/// and run images on several threads, one engine per thread, with identical results for any count.
/// </remarks>
public sealed class StdpMnistTrainer
{
    private const ulong TrainStream = 1, RespondStream = 2;

    private readonly NetworkSpec _network;
    private readonly DiehlCookPresenter _learner;
    private readonly RandomStream _root;
    private readonly ConcurrentBag<DiehlCookPresenter> _frozen = [];

    /// <summary>Builds the network with initial weights drawn from <paramref name="seed"/>.</summary>
    /// <param name="options">Network and protocol (null: the paper's code defaults, 400 neurons).</param>
    /// <param name="seed">Initial weights and every Poisson spike train derive from it.</param>
    public StdpMnistTrainer(StdpMnistOptions? options = null, ulong seed = 1)
        : this(options, seed, null)
    {
    }

    /// <summary>Builds the network with initial weights drawn from <paramref name="seed"/>, its engines on a device backend.</summary>
    /// <param name="options">Network and protocol (null: the paper's code defaults, 400 neurons).</param>
    /// <param name="seed">Initial weights and every Poisson spike train derive from it.</param>
    /// <param name="backend">Where the engines run their steps (docs/gpu.md), or null for the CPU loop.</param>
    /// <exception cref="InvalidInputException">The backend refuses the network.</exception>
    public StdpMnistTrainer(StdpMnistOptions? options, ulong seed, SpikingBackendFactory? backend)
    {
        Options = options ?? new StdpMnistOptions();
        Options.Validate();
        Seed = seed;
        Backend = backend;
        _root = new RandomStream(seed);
        _network = Options.Network.ToNetworkSpec();
        _learner = new DiehlCookPresenter(Options, _network, seed, backend);
    }

    /// <summary>Where the engines run their steps, or null for the CPU loop.</summary>
    public SpikingBackendFactory? Backend { get; }

    /// <summary>True when the learning engine runs on a device (a backend that falls back keeps a network it cannot run on the CPU).</summary>
    public bool RunsOnDevice => _learner.Engine.RunsOnDevice;

    /// <summary>The learning engine (for tests that read its state between images).</summary>
    internal SpikingEngine LearningEngine => _learner.Engine;

    /// <summary>Network and protocol.</summary>
    public StdpMnistOptions Options { get; }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>Images learned from so far.</summary>
    public long SamplesSeen { get; private set; }

    /// <summary>Inputs per image.</summary>
    public int InputCount => Options.Network.InputCount;

    /// <summary>Excitatory neurons.</summary>
    public int NeuronCount => Options.Network.ExcitatoryCount;

    /// <summary>A trainer that continues from saved state (see <see cref="StdpMnistModelFile"/>).</summary>
    /// <param name="options">The options it was trained with.</param>
    /// <param name="seed">Its seed.</param>
    /// <param name="inputWeights">[input, neuron] row-major weights.</param>
    /// <param name="theta">Each excitatory neuron's threshold raise in mV.</param>
    /// <param name="samplesSeen">Images learned from.</param>
    /// <returns>The trainer.</returns>
    public static StdpMnistTrainer Restore(StdpMnistOptions options, ulong seed, ReadOnlySpan<float> inputWeights, ReadOnlySpan<float> theta, long samplesSeen)
    {
        var exact = new double[theta.Length];
        for (int i = 0; i < theta.Length; i++) exact[i] = theta[i];
        return Restore(options, seed, inputWeights, exact, samplesSeen);
    }

    /// <summary>A trainer that continues from saved state, theta at full precision (<see cref="ThetaExact"/>): exactly where it stopped.</summary>
    /// <param name="options">The options it was trained with.</param>
    /// <param name="seed">Its seed.</param>
    /// <param name="inputWeights">[input, neuron] row-major weights.</param>
    /// <param name="theta">Each excitatory neuron's threshold raise in mV.</param>
    /// <param name="samplesSeen">Images learned from.</param>
    /// <returns>The trainer.</returns>
    public static StdpMnistTrainer Restore(StdpMnistOptions options, ulong seed, ReadOnlySpan<float> inputWeights, ReadOnlySpan<double> theta, long samplesSeen) =>
        Restore(options, seed, inputWeights, theta, samplesSeen, null);

    /// <summary>A trainer that continues from saved state (theta at full precision), its engines on a device backend.</summary>
    /// <param name="options">The options it was trained with.</param>
    /// <param name="seed">Its seed.</param>
    /// <param name="inputWeights">[input, neuron] row-major weights.</param>
    /// <param name="theta">Each excitatory neuron's threshold raise in mV.</param>
    /// <param name="samplesSeen">Images learned from.</param>
    /// <param name="backend">Where the engines run their steps, or null for the CPU loop.</param>
    /// <returns>The trainer.</returns>
    public static StdpMnistTrainer Restore(StdpMnistOptions options, ulong seed, ReadOnlySpan<float> inputWeights, ReadOnlySpan<double> theta, long samplesSeen,
        SpikingBackendFactory? backend)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samplesSeen);
        var t = new StdpMnistTrainer(options, seed, backend);
        t.SetState(inputWeights, theta);
        t.SamplesSeen = samplesSeen;
        return t;
    }

    /// <summary>The same learned state in a trainer whose engines run on <paramref name="backend"/> (a resumed run moved to a device).</summary>
    /// <param name="backend">Where the engines run their steps, or null for the CPU loop.</param>
    /// <returns>The new trainer.</returns>
    public StdpMnistTrainer WithBackend(SpikingBackendFactory? backend) => Restore(Options, Seed, InputWeights(), ThetaExact(), SamplesSeen, backend);

    /// <summary>The input weights, [input, neuron] row-major (row i: input i's weight onto each neuron).</summary>
    /// <returns>A copy.</returns>
    public float[] InputWeights()
    {
        var w = new float[InputCount * NeuronCount];
        _learner.Engine.CopyWeights(DiehlCookNetworkSpec.InputProjectionName, w);
        return w;
    }

    /// <summary>Each excitatory neuron's adaptive threshold raise theta in mV.</summary>
    /// <returns>A copy.</returns>
    public float[] Theta() => _learner.Engine.GetVariable(DiehlCookNetworkSpec.ExcitatoryName, "theta");

    /// <summary>theta at full precision, as the engine keeps it (what checkpoints save).</summary>
    /// <returns>A copy.</returns>
    public double[] ThetaExact() => _learner.Engine.GetThetaExact(DiehlCookNetworkSpec.ExcitatoryName);

    /// <summary>Learns from <paramref name="samples"/> more images (images[SamplesSeen mod rows], ...).</summary>
    /// <param name="images">Rows of <see cref="InputCount"/> intensities in [0, 1].</param>
    /// <param name="samples">How many images to present, at least 0.</param>
    /// <param name="progress">Receives progress about every 1 % (and at the end).</param>
    /// <param name="cancellationToken">Stops between images.</param>
    /// <returns>What the call did.</returns>
    public StdpTrainingResult Train(Dataset images, long samples, IProgress<StdpMnistProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        CheckImages(images);
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        var clock = Stopwatch.StartNew();
        var counts = new int[NeuronCount];
        var streams = _root.Fork(TrainStream);
        long spikes = 0, raises = 0, done = 0;
        long every = Math.Max(1, samples / 100);
        // Reported only: the accuracy on the images as they come, with the labels of the window before (needs the labels).
        var accuracy = progress is not null && images.HasLabels ? new RunningAccuracy(NeuronCount, RunningAccuracy.WindowFor(samples)) : null;
        _learner.Engine.LearningEnabled = true;
        for (; done < samples; done++)
        {
            if (cancellationToken.IsCancellationRequested) break;
            long k = SamplesSeen;
            int row = (int)(k % images.RowCount);
            raises += _learner.Present(images.Row(row), streams.Fork((ulong)k).NextUInt64(), counts);
            foreach (int c in counts) spikes += c;
            accuracy?.Add(counts, images.Labels[row]);
            SamplesSeen = k + 1;
            if (progress is not null && (done + 1) % every == 0) progress.Report(new StdpMnistProgress(done + 1, samples, spikes / (double)(done + 1), raises, accuracy?.Accuracy));
        }
        progress?.Report(new StdpMnistProgress(done, samples, done > 0 ? spikes / (double)done : 0, raises, accuracy?.Accuracy));
        return new StdpTrainingResult(done, clock.Elapsed.TotalSeconds, spikes, raises, done < samples);
    }

    /// <summary>
    /// The frozen network's response to each image (no STDP, thresholds fixed: the code's test mode),
    /// for labelling (<see cref="StdpMnistReadout.AssignLabels"/>) or evaluation.
    /// </summary>
    /// <param name="images">The images.</param>
    /// <param name="maxThreads">Most threads (0: all cores; one on a device backend, whose engines share the device); the result does not depend on it.</param>
    /// <param name="progress">Receives progress about every 1 %.</param>
    /// <param name="cancellationToken">Stops between blocks of images (then throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>Spike counts per image and neuron.</returns>
    public StdpMnistResponses Respond(Dataset images, int maxThreads = 0, IProgress<StdpMnistProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        CheckImages(images);
        int n = NeuronCount, rows = images.RowCount;
        var counts = new int[rows * n];
        var raises = new int[rows];
        var weights = InputWeights();
        var theta = Theta();
        var streams = _root.Fork(RespondStream);
        long done = 0, every = Math.Max(1, rows / 100);
        var gate = new object();
        if (Backend is not null) maxThreads = 1; // one device: its engines take turns
        ParallelBlocks.For(rows, maxThreads, (start, end) =>
        {
            if (cancellationToken.IsCancellationRequested) return;
            var presenter = Frozen(weights, theta);
            try
            {
                for (int i = start; i < end; i++)
                    raises[i] = presenter.Present(images.Row(i), streams.Fork((ulong)i).NextUInt64(), counts.AsSpan(i * n, n));
            }
            finally
            {
                _frozen.Add(presenter);
            }
            if (progress is null) return;
            lock (gate)
            {
                long before = done;
                done += end - start;
                if (done / every != before / every || done == rows) progress.Report(new StdpMnistProgress(done, rows, 0, 0));
            }
        }, blockSize: 50);
        cancellationToken.ThrowIfCancellationRequested();
        return new StdpMnistResponses(rows, n, counts, raises);
    }

    /// <summary>A frozen engine (from the pool) holding the given learned state.</summary>
    private DiehlCookPresenter Frozen(float[] weights, float[] theta)
    {
        if (!_frozen.TryTake(out var p)) p = new DiehlCookPresenter(Options, _network, Seed, Backend);
        p.Engine.LearningEnabled = false;
        p.Engine.SetWeights(DiehlCookNetworkSpec.InputProjectionName, weights);
        p.Engine.SetVariable(DiehlCookNetworkSpec.ExcitatoryName, "theta", theta);
        return p;
    }

    private void SetState(ReadOnlySpan<float> inputWeights, ReadOnlySpan<double> theta)
    {
        var engine = _learner.Engine;
        engine.SetWeights(DiehlCookNetworkSpec.InputProjectionName, inputWeights);
        engine.SetThetaExact(DiehlCookNetworkSpec.ExcitatoryName, theta);
    }

    private void CheckImages(Dataset images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.ColumnCount != InputCount)
            throw new InvalidInputException($"{images.Name}: rows have {images.ColumnCount} values; the network has {InputCount} inputs.");
        if (images.RowCount == 0) throw new InvalidInputException($"{images.Name}: no images.");
    }
}
