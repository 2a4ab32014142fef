// Times the Diehl and Cook 2015 network on the NeuroSharp engine and exports it for Brian2
// (bench/stdp-mnist/compare_brian2.py runs the very same network there).
// Usage: StdpMnistBench fixed NEURONS IMAGES OUT_DIR [SEED] [REPEATS] [MAX_DELAY_MS]
//          the schedule Brian2 can run in one standalone run: each image 350 ms at rate pixel x 63.75 Hz,
//          then 150 ms of silence; STDP on; no normalisation, no rate raises, no reset between images.
//          Writes init_w.npy [784, N] (initial weights), init_delay_ms.npy [784, N] (input delays),
//          rates.npy [IMAGES, 784], spikes_per_image.npy
//          and prints a JSON summary (the fastest of REPEATS runs, each from the same initial state).
//          MAX_DELAY_MS: input delays uniform in [0, MAX_DELAY_MS] (default: the network's; 0: none).
//        StdpMnistBench trainer NEURONS IMAGES [SEED]
//          the full protocol of StdpMnistTrainer (reset, normalisation and rate raises per image): JSON summary.
//        StdpMnistBench export NEURONS IMAGES OUT_DIR [SEED]
//          only init_w.npy and rates.npy (for brian2_epoch.py).
//        StdpMnistBench learn NEURONS IMAGES OUT_DIR [SEED] [MAX_RATE_INCREASES]
//          StdpMnistTrainer on the first IMAGES training images; writes learned_w.npy [784, N] and theta_mv.npy [N].
//        StdpMnistBench evaluate NEURONS W.npy THETA_MV.npy [LABEL_SAMPLES] [TEST_SAMPLES]
//          the frozen readout of the experiment (label with training images, classify test images) for
//          weights learned anywhere (here, or by Brian2): JSON with the accuracy.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NeuroSharp.Data;
using NeuroSharp.Formats;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Learning;
using NeuroSharp.Spiking.Simulation;

string mode = args[0];
int neurons = int.Parse(args[1], CultureInfo.InvariantCulture);
int images = mode == "evaluate" ? 0 : int.Parse(args[2], CultureInfo.InvariantCulture);
var train = new MnistRepository().Load(MnistSplit.Train);
var cpu = () => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

if (mode == "trainer")
{
    ulong seed = args.Length > 3 ? ulong.Parse(args[3], CultureInfo.InvariantCulture) : 1;
    var trainer = new StdpMnistTrainer(new StdpMnistOptions { Network = new DiehlCookNetworkSpec { ExcitatoryCount = neurons } }, seed);
    trainer.Train(train, 20); // warm-up: the first images also run the just-in-time compiler
    double c0 = cpu();
    var r = trainer.Train(train, images);
    Console.WriteLine(JsonSerializer.Serialize(new { mode, neurons, images = r.Samples, runSeconds = r.Seconds, cpuSeconds = cpu() - c0, spikesPerImage = r.Spikes / (double)r.Samples, rateIncreases = r.RateIncreases }));
    return;
}

if (mode == "evaluate")
{
    var learned = NpyFile.Read(args[2]).ToSingleArray();
    var theta = NpyFile.Read(args[3]).ToSingleArray();
    int labelSamples = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : train.RowCount;
    var test = new MnistRepository().Load(MnistSplit.Test);
    int testSamples = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : test.RowCount;
    var evalOptions = new StdpMnistOptions { Network = new DiehlCookNetworkSpec { ExcitatoryCount = neurons } };
    var frozen = StdpMnistTrainer.Restore(evalOptions, 1, learned, theta, 0);
    var labelled = frozen.Respond(train.Take(labelSamples));
    var assignments = StdpMnistReadout.AssignLabels(labelled, train.Labels[..labelSamples]);
    var answered = frozen.Respond(test.Take(testSamples));
    var evaluation = StdpMnistReadout.Evaluate(answered, test.Labels[..testSamples], assignments);
    Console.WriteLine(JsonSerializer.Serialize(new { mode, neurons, labelSamples, testSamples, accuracy = evaluation.Accuracy, meanWeight = learned.Average(), meanThetaMv = theta.Average() }));
    return;
}

string outDir = args[3];
if (mode is "export" or "learn")
{
    Directory.CreateDirectory(outDir);
    ulong learnSeed = args.Length > 4 ? ulong.Parse(args[4], CultureInfo.InvariantCulture) : 1;
    var net = new DiehlCookNetworkSpec { ExcitatoryCount = neurons };
    if (mode == "export")
    {
        var exporter = new SpikingEngine(net.ToNetworkSpec(), new SimulationOptions { Seed = learnSeed, Threads = 1, RecordTransmitterState = false });
        ExportInitialWeights(exporter, outDir, neurons);
        ExportRates(train, images, new StdpMnistOptions().MaxRateHz, outDir);
        return;
    }
    int raises = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : new StdpMnistOptions().MaxRateIncreases;
    var learner = new StdpMnistTrainer(new StdpMnistOptions { Network = net, MaxRateIncreases = raises }, learnSeed);
    var result = learner.Train(train, images);
    NpyFile.Write(Path.Combine(outDir, "learned_w.npy"), learner.InputWeights(), 784, neurons);
    NpyFile.Write(Path.Combine(outDir, "theta_mv.npy"), learner.Theta(), neurons);
    Console.WriteLine(JsonSerializer.Serialize(new { mode, neurons, images = result.Samples, runSeconds = result.Seconds, spikesPerImage = result.Spikes / (double)result.Samples, rateIncreases = result.RateIncreases }));
    return;
}

ulong buildSeed = args.Length > 4 ? ulong.Parse(args[4], CultureInfo.InvariantCulture) : 1;
int repeats = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 1;
double maxDelayMs = args.Length > 6 ? double.Parse(args[6], CultureInfo.InvariantCulture) : new DiehlCookNetworkSpec().InputDelayMs.High;
Directory.CreateDirectory(outDir);
var network = new DiehlCookNetworkSpec { ExcitatoryCount = neurons, InputDelayMs = DistributionSpec.Uniform(0, maxDelayMs) };
var options = new StdpMnistOptions { Network = network };
var engine = new SpikingEngine(network.ToNetworkSpec(), new SimulationOptions { Seed = buildSeed, Threads = 1, RecordTransmitterState = false });
ExportInitialWeights(engine, outDir, neurons);
// The input delays, drawn per synapse and rounded to whole steps (same layout as the weights).
var delayMs = engine.GetProjection(DiehlCookNetworkSpec.InputProjectionName).DelaySteps.Select(d => (float)(d * network.DtMs)).ToArray();
NpyFile.Write(Path.Combine(outDir, "init_delay_ms.npy"), delayMs, 784, neurons);
var rates = ExportRates(train, images, options.MaxRateHz, outDir);

var silence = new float[784];
int present = options.PresentationSteps, rest = options.RestSteps;
var perImage = new int[images];
var times = new List<double>();
double cpuSeconds = 0;
long synapticEvents = 0;
for (int r = 0; r <= repeats; r++) // run 0 warms up the just-in-time compiler and is not timed
{
    engine.Reset();
    var monitor = engine.SpikeMonitors[0];
    double c0 = cpu();
    var clock = Stopwatch.StartNew();
    for (int k = 0; k < images; k++)
    {
        int before = monitor.Count;
        engine.SetRates(DiehlCookNetworkSpec.InputName, rates.AsSpan(k * 784, 784));
        engine.Run(present);
        perImage[k] = monitor.Count - before;
        engine.SetRates(DiehlCookNetworkSpec.InputName, silence);
        engine.Run(rest);
    }
    clock.Stop();
    if (r == 0) continue;
    times.Add(clock.Elapsed.TotalSeconds);
    cpuSeconds = cpu() - c0;
    synapticEvents = engine.SynapticEvents;
}
NpyFile.Write(Path.Combine(outDir, "spikes_per_image.npy"), perImage, images);
var w = new float[784 * neurons];
engine.CopyWeights(DiehlCookNetworkSpec.InputProjectionName, w);
NpyFile.Write(Path.Combine(outDir, "final_w.npy"), w, 784, neurons);
Console.WriteLine(JsonSerializer.Serialize(new
{
    mode, neurons, images, runSeconds = times.Min(), runSecondsAll = times, cpuSeconds, synapticEvents,
    excSpikesPerImage = perImage.Average(), meanFinalWeight = w.Average(),
}));

// init_w.npy [784, N]: the engine's initial input weights.
static void ExportInitialWeights(SpikingEngine engine, string dir, int neurons)
{
    var w0 = new float[784 * neurons];
    engine.CopyWeights(DiehlCookNetworkSpec.InputProjectionName, w0);
    NpyFile.Write(Path.Combine(dir, "init_w.npy"), w0, 784, neurons);
}

// rates.npy [IMAGES, 784]: each training image as Poisson rates, pixel x the maximum rate.
static float[] ExportRates(Dataset train, int images, double maxRateHz, string dir)
{
    var rates = new float[images * 784];
    for (int k = 0; k < images; k++)
    {
        var row = train.Row(k);
        for (int i = 0; i < 784; i++) rates[k * 784 + i] = row[i] * (float)maxRateHz;
    }
    NpyFile.Write(Path.Combine(dir, "rates.npy"), rates, images, 784);
    return rates;
}
