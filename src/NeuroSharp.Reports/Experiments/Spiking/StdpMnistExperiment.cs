using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Reports.Images;
using NeuroSharp.Runs;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Learning;

namespace NeuroSharp.Reports.Experiments.Spiking;

/// <summary>
/// Article 004's "fire together, wire together" (docs/articles.md#article-004-cortex-and-deep-networks) at work: Diehl and Cook 2015's unsupervised STDP network
/// learns MNIST on the spiking engine, then each neuron is labelled by the digit it fires most for and
/// the test digits are classified by vote. Checkpoints while training; <c>--resume</c> continues.
/// </summary>
/// <remarks>
/// Parameters (<c>experiment run stdp-mnist ...</c>): --neurons N (100; quick 20), --samples S (training
/// images per epoch, the first S of the training set; all; quick 300), --epochs E (1), --checkpoint-every
/// (5 000), --resume, and --param with labelSamples (the first labelSamples training images label the neurons;
/// all of them, as in the paper; quick 300), stdpRule (code: the authors' code's triplet rule, the default;
/// paper: the paper's power-law rule; network.stdp.* then changes single constants of it),
/// testSamples (all test images; quick 200) or any constant of <see cref="StdpMnistOptions"/> by its path
/// (e.g. network.stdp.aPlusTriplet=0.02).
/// </remarks>
public sealed class StdpMnistExperiment : IParameterizedExperiment
{
    /// <summary>The checkpoint written while training (with a .json sidecar).</summary>
    public const string CheckpointFile = "checkpoint.safetensors";

    /// <summary>The final network with its neuron labels (with a .json sidecar).</summary>
    public const string ModelFile = "model.safetensors";

    /// <inheritdoc />
    public string Name => "stdp-mnist";

    /// <inheritdoc />
    public string Title => "Unsupervised STDP learns MNIST on the spiking engine (Diehl and Cook 2015)";

    /// <inheritdoc />
    public string Article => "004";

    /// <inheritdoc />
    public string Description =>
        "784 Poisson inputs (rate = pixel x 63.75 Hz) drive N excitatory conductance-based neurons with adaptive thresholds; each excites " +
        "its inhibitory partner, which inhibits all the other excitatory neurons. Input weights learn by STDP (nearest-spike triplet rule of the " +
        "authors' code) and are normalised per neuron; images are shown for 350 ms with 150 ms of rest, again at a higher rate while fewer " +
        "than 5 spikes answer. Then each neuron takes the digit it fires most for, and a test digit is the one whose neurons fire most.";

    /// <inheritdoc />
    public IReadOnlyList<string> ParameterNames { get; } =
        ["neurons", "samples", "epochs", "resume", "checkpoint-every", "labelSamples", "testSamples", "stdpRule", .. OptionOverrides.Keys(typeof(StdpMnistOptions))];

    /// <inheritdoc />
    public void Check(ExperimentContext context) => Resolve(context);

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var (neurons, samplesParameter, epochs, labelParameter, testSamples, checkpointEvery, options) = Resolve(context);
        var trainAll = context.Mnist.Load(MnistSplit.Train);
        var testAll = context.Mnist.Load(MnistSplit.Test);
        int samples = samplesParameter ?? (context.Quick ? Math.Min(300, trainAll.RowCount) : trainAll.RowCount);
        // The paper labels the neurons with the responses to all 60 000 training images (its code's demo uses the test set).
        int labelSamples = labelParameter ?? (context.Quick ? Math.Min(300, trainAll.RowCount) : trainAll.RowCount);
        // The counts' upper bounds are the data's rows, known once it is loaded (the lower bounds are checked by Resolve).
        Check(samples <= trainAll.RowCount, $"--samples must be in [1, {trainAll.RowCount}] (got {samples}).");
        Check(labelSamples <= trainAll.RowCount, $"--param labelSamples must be in [1, {trainAll.RowCount}] (got {labelSamples}).");
        Check(testSamples is null || testSamples <= testAll.RowCount, $"--param testSamples must be in [1, {testAll.RowCount}] (got {testSamples}).");
        var train = trainAll.Take(samples);
        var label = trainAll.Take(labelSamples);
        var test = testSamples is { } t ? testAll.Take(t) : testAll;
        long total = (long)samples * epochs;

        var trainer = StartOrResume(context, options, context.Parameters.Resume);
        long startedAt = trainer.SamplesSeen;
        // Progress weights: one presentation of a frozen image costs about what a training one does.
        double work = Math.Max(1, total - startedAt) + label.RowCount + test.RowCount;
        double trainShare = (total - startedAt) / work;
        var training = TrainWithCheckpoints(context, trainer, train, total, checkpointEvery, trainShare);

        var clock = Stopwatch.StartNew();
        var labelResponses = trainer.Respond(label, context.Threads, Progress(context, trainShare, label.RowCount / work, "labelling"), context.CancellationToken);
        var assignments = StdpMnistReadout.AssignLabels(labelResponses, label.Labels);
        var testResponses = trainer.Respond(test, context.Threads, Progress(context, trainShare + label.RowCount / work, test.RowCount / work, "testing"), context.CancellationToken);
        double respondSeconds = clock.Elapsed.TotalSeconds;
        var evaluation = StdpMnistReadout.Evaluate(testResponses, test.Labels, assignments);
        // The authors' evaluation script labels the neurons with the test responses themselves; shown for comparison only.
        var onTest = StdpMnistReadout.Evaluate(testResponses, test.Labels, StdpMnistReadout.AssignLabels(testResponses, test.Labels));

        StdpMnistModelFile.Save(trainer, context.PathOf(ModelFile), assignments, label.RowCount, sidecar: true);
        var shape = trainAll.ImageShape ?? new ImageShape(1, options.Network.InputCount);
        Png.Save(context.PathOf("weights.png"), WeightPictures(trainer, shape));
        AtomicFile.WriteAllText(context.PathOf("confusion.csv"), ConfusionCsv(evaluation));

        var metrics = Metrics(trainer, training, evaluation, labelResponses, testResponses, assignments, respondSeconds, context, epochs, samples, startedAt);
        metrics["accuracyLabelledOnTest"] = Math.Round(onTest.Accuracy, 4);
        return new ExperimentResult(metrics,
            [new Figure("weights.png", $"The input weights of the {neurons} excitatory neurons after {trainer.SamplesSeen} images, each as a 28x28 picture: every neuron has learned a prototype digit.")],
            [
                new Comparison($"test accuracy, {neurons} neurons, {trainer.SamplesSeen} training images", $"{evaluation.Accuracy:P1} on {evaluation.Count} test images", PaperAccuracy(neurons)),
                new Comparison("wall time per 1 000 training images", $"{training.SecondsPerThousand:F1} s ({training.CpuSecondsPerThousand:F1} s of CPU)", "see docs/results.md for Brian2 on the same machine"),
            ]);
    }

    /// <summary>
    /// The run's settings from its parameters, each checked as far as it can be without the data: the counts' lower
    /// bounds, the --param values, the memory the network needs and, with --resume, that a checkpoint is there. Called
    /// by <see cref="Check(ExperimentContext)"/> (before the command line prints anything) and again by <see cref="Run"/>.
    /// </summary>
    private static (int Neurons, int? Samples, int Epochs, int? LabelSamples, int? TestSamples, int CheckpointEvery, StdpMnistOptions Options) Resolve(ExperimentContext context)
    {
        var p = context.Parameters;
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase); // keys match in any case
        foreach (var (key, value) in p.Values) values[key] = value;
        int neurons = p.Neurons ?? (context.Quick ? 20 : 100);
        Check(neurons >= 1, $"--neurons must be at least 1 (got {neurons}).");
        Check(p.Samples is null or >= 1, $"--samples must be at least 1 (got {p.Samples}).");
        int epochs = p.Epochs ?? 1;
        Check(epochs >= 1, $"--epochs must be at least 1 (got {epochs}).");
        int checkpointEvery = p.CheckpointEvery ?? 5000;
        Check(checkpointEvery >= 1, $"--checkpoint-every must be at least 1 (got {checkpointEvery}).");
        int? labelParameter = values.ContainsKey("labelSamples") ? TakeInt(values, "labelSamples", 0) : null;
        Check(labelParameter is null or >= 1, $"--param labelSamples must be at least 1 (got {labelParameter}).");
        int? testSamples = values.ContainsKey("testSamples") ? TakeInt(values, "testSamples", 0) : context.Quick ? 200 : null;
        Check(testSamples is null or >= 1, $"--param testSamples must be at least 1 (got {testSamples}).");
        // The upper bounds too where MNIST's sizes are known without loading it (the fetched MNIST's are fixed); a folder of
        // one's own (NEUROSHARP_MNIST_DIR) is counted when Run loads it, and Run checks them again then.
        if (context.Mnist.KnownRowCount(MnistSplit.Train) is { } trainRows)
        {
            Check(p.Samples is null || p.Samples <= trainRows, $"--samples must be in [1, {trainRows}] (got {p.Samples}).");
            Check(labelParameter is null || labelParameter <= trainRows, $"--param labelSamples must be in [1, {trainRows}] (got {labelParameter}).");
        }
        if (context.Mnist.KnownRowCount(MnistSplit.Test) is { } testRows)
            Check(testSamples is null || testSamples <= testRows, $"--param testSamples must be in [1, {testRows}] (got {testSamples}).");
        // stdpRule picks a whole rule first, so that network.stdp.* can still change one of its constants.
        var rule = values.Remove("stdpRule", out string? ruleName) ? StdpRule(ruleName) : DiehlCookNetworkSpec.CodeTripletRule;
        var options = new StdpMnistOptions { Network = new DiehlCookNetworkSpec { ExcitatoryCount = neurons, Stdp = rule } };
        foreach (var (key, value) in values)
        {
            options = OptionOverrides.Apply(options, key, value);
            // Checked after each one, so the message names the --param that broke a rule (defaults are valid).
            try { options.Validate(); }
            catch (InvalidOptionException e) { throw new InvalidInputException($"--param {key}={value}: {e.Message}"); }
        }
        options.Validate();
        // Before MNIST is loaded: the responses kept are at most the 60 000 training and 10 000 test images.
        long responseRows = (long)(labelParameter ?? (context.Quick ? 300 : 60_000)) + (testSamples ?? 10_000);
        context.Memory.Require($"--neurons {neurons}", MemoryEstimate(options.Network.InputCount, neurons, responseRows));
        if (p.Resume && !File.Exists(context.PathOf(CheckpointFile)))
            throw new InvalidInputException($"--resume: no checkpoint at {context.PathOf(CheckpointFile)}; run without --resume to start.");
        return (neurons, p.Samples, epochs, labelParameter, testSamples, checkpointEvery, options);
    }

    /// <summary>
    /// The bytes a run allocates for N excitatory (and N inhibitory) neurons: the input weights with their
    /// STDP traces (D x N, three floats each), the lateral inhibition (N x N), about 128 bytes of state per
    /// neuron, the spike counts of every labelled and tested image (rows x N) and the window of training responses the reported
    /// training accuracy keeps (at most 1 000 x N).
    /// </summary>
    /// <param name="inputCount">D, the input pixels.</param>
    /// <param name="neurons">N.</param>
    /// <param name="responseRows">Images whose responses are kept.</param>
    /// <returns>The estimate (saturating at long.MaxValue).</returns>
    public static long MemoryEstimate(long inputCount, long neurons, long responseRows) =>
        MemoryBudget.Plus(MemoryBudget.Times(3, inputCount, neurons, sizeof(float)), MemoryBudget.Times(neurons, neurons, sizeof(float)),
            MemoryBudget.Times(2, neurons, 128), MemoryBudget.Times(responseRows, neurons, sizeof(int)), MemoryBudget.Times(1000, neurons, sizeof(int)));

    private static StdpMnistTrainer StartOrResume(ExperimentContext context, StdpMnistOptions options, bool resume)
    {
        string path = context.PathOf(CheckpointFile);
        if (!resume) return new StdpMnistTrainer(options, context.Seed, context.Backend);
        if (!File.Exists(path)) throw new InvalidInputException($"--resume: no checkpoint at {path}; run without --resume to start.");
        var loaded = StdpMnistModelFile.Load(path);
        string dir = context.OutputDirectory;
        if (loaded.Trainer.Seed != context.Seed)
            throw new InvalidInputException($"--seed is {context.Seed} but the checkpoint in {dir} was made with {loaded.Trainer.Seed}; a resume cannot take other settings: repeat the same value or start a new run.");
        if (loaded.Trainer.NeuronCount != options.Network.ExcitatoryCount)
            throw new InvalidInputException($"--neurons is {options.Network.ExcitatoryCount} but the checkpoint in {dir} was made with {loaded.Trainer.NeuronCount}; a resume cannot take other settings: repeat the same value or start a new run.");
        if (loaded.Trainer.Options != options)
            throw new InvalidInputException($"--param settings differ from those the checkpoint in {dir} was made with (see {Path.ChangeExtension(path, ".json")}); resume with the same values or start a new run.");
        return context.Backend is null ? loaded.Trainer : loaded.Trainer.WithBackend(context.Backend);
    }

    /// <summary>What training did (wall and CPU time), over all chunks of this run.</summary>
    private sealed record Training(long Samples, double Seconds, double CpuSeconds, long Spikes, long RateIncreases)
    {
        public double SecondsPerThousand => Samples > 0 ? Seconds * 1000 / Samples : 0;

        public double CpuSecondsPerThousand => Samples > 0 ? CpuSeconds * 1000 / Samples : 0;
    }

    private static Training TrainWithCheckpoints(ExperimentContext context, StdpMnistTrainer trainer, Dataset train, long total, int every, double share)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var work = new StdpMnistTrainingWork(trainer, train, total, () =>
        {
            StdpMnistModelFile.Save(trainer, context.PathOf(CheckpointFile), sidecar: true);
        });
        var outcome = CheckpointRunner.Run(work, every, new ProgressCallback<RunProgress>(q => context.ReportStatus(share * q.Fraction, q.MakeStatus)), context.CancellationToken);
        if (outcome.Interrupted) throw new OperationCanceledException($"Interrupted at {trainer.SamplesSeen} of {total} images; the checkpoint is saved: run again with --resume to continue.");
        return new Training(work.Samples, work.Seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, work.Spikes, work.RateIncreases);
    }

    private static ProgressCallback<StdpMnistProgress> Progress(ExperimentContext context, double from, double share, string phase)
    {
        var clock = Stopwatch.StartNew();
        var rate = new IntervalRate(() => clock.Elapsed); // images/s since the status was last shown, as training's
        return new(q => context.ReportStatus(from + share * q.Done / Math.Max(1, q.Total),
            () => string.Create(CultureInfo.InvariantCulture, $"{phase} {q.Done}/{q.Total}, {rate.PerSecond(q.Done):F1} images/s")));
    }

    private static byte[] WeightPictures(StdpMnistTrainer trainer, ImageShape shape)
    {
        int d = trainer.InputCount, n = trainer.NeuronCount;
        var w = trainer.InputWeights();
        var pictures = new float[n * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < n; j++) pictures[j * d + i] = w[i * n + j];
        }
        return ImageGrid.RenderPng(pictures, n, shape.Height, shape.Width, new ImageGridOptions { Scale = n > 400 ? 1 : 2, Low = 0, Colormap = Colormap.Viridis });
    }

    private static string ConfusionCsv(StdpMnistEvaluation e)
    {
        var s = new StringBuilder("label," + string.Join(",", Enumerable.Range(0, e.ClassCount).Select(c => $"predicted{c}")) + "\n");
        for (int l = 0; l < e.ClassCount; l++)
            s.Append(CultureInfo.InvariantCulture, $"{l},{string.Join(",", e.Confusion.AsSpan(l * e.ClassCount, e.ClassCount).ToArray())}\n");
        return s.ToString();
    }

    private static JsonObject Metrics(StdpMnistTrainer trainer, Training training, StdpMnistEvaluation evaluation, StdpMnistResponses label,
        StdpMnistResponses test, int[] assignments, double respondSeconds, ExperimentContext context, int epochs, int samples, long startedAt)
    {
        var perClass = new JsonArray();
        for (int c = 0; c < 10; c++) perClass.Add(assignments.Count(a => a == c));
        return new JsonObject
        {
            ["neurons"] = trainer.NeuronCount, ["samplesPerEpoch"] = samples, ["epochs"] = epochs, ["samplesSeen"] = trainer.SamplesSeen,
            ["resumedAt"] = startedAt, ["labelSamples"] = label.SampleCount, ["testSamples"] = evaluation.Count,
            ["accuracy"] = Math.Round(evaluation.Accuracy, 4), ["correct"] = evaluation.Correct, ["unanswered"] = evaluation.Unanswered,
            ["neuronsPerClass"] = perClass, ["unassignedNeurons"] = assignments.Count(a => a < 0),
            ["trainedSamplesThisRun"] = training.Samples, ["trainSeconds"] = Math.Round(training.Seconds, 2),
            ["trainSecondsPer1000"] = Math.Round(training.SecondsPerThousand, 3), ["trainCpuSecondsPer1000"] = Math.Round(training.CpuSecondsPerThousand, 3),
            ["trainSpikesPerImage"] = training.Samples > 0 ? Math.Round(training.Spikes / (double)training.Samples, 2) : 0,
            ["trainRateIncreasesPerImage"] = training.Samples > 0 ? Math.Round(training.RateIncreases / (double)training.Samples, 4) : 0,
            ["respondSeconds"] = Math.Round(respondSeconds, 2), ["respondThreads"] = ParallelBlocks.ThreadCount(context.Threads),
            ["testSpikesPerImage"] = Math.Round(test.MeanSpikesPerImage, 2),
            ["dtMs"] = trainer.Options.Network.DtMs, ["presentationMs"] = trainer.Options.PresentationMs, ["restMs"] = trainer.Options.RestMs,
            ["maxRateHz"] = trainer.Options.MaxRateHz,
        };
    }

    private static string PaperAccuracy(int neurons) => neurons switch
    {
        100 => "82.9 % (Diehl and Cook 2015, 100 neurons)",
        400 => "87.0 % (Diehl and Cook 2015, 400 neurons; their code's defaults about 89 %)",
        1600 => "91.9 % (Diehl and Cook 2015, 1 600 neurons)",
        6400 => "95.0 % (Diehl and Cook 2015, 6 400 neurons)",
        _ => "82.9 % at 100, 87.0 % at 400, 91.9 % at 1 600, 95.0 % at 6 400 neurons (Diehl and Cook 2015)",
    };

    private static StdpRuleSpec StdpRule(string name) => name.ToLowerInvariant() switch
    {
        "code" => DiehlCookNetworkSpec.CodeTripletRule,
        "paper" => DiehlCookNetworkSpec.PaperPowerLawRule,
        _ => throw new InvalidInputException($"--param stdpRule={name}: expected code (the authors' code's triplet rule, the default) or paper (the paper's power-law rule)."),
    };

    private static int TakeInt(Dictionary<string, string> values, string key, int fallback)
    {
        if (!values.Remove(key, out string? text)) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            throw new InvalidInputException($"--param {key}={text}: '{text}' is not a whole number.");
        return v;
    }

    private static void Check(bool ok, string message)
    {
        if (!ok) throw new InvalidInputException(message);
    }
}
