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
int images = int.Parse(args[2], CultureInfo.InvariantCulture);
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

string outDir = args[3];
ulong buildSeed = args.Length > 4 ? ulong.Parse(args[4], CultureInfo.InvariantCulture) : 1;
int repeats = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 1;
double maxDelayMs = args.Length > 6 ? double.Parse(args[6], CultureInfo.InvariantCulture) : new DiehlCookNetworkSpec().InputDelayMs.High;
Directory.CreateDirectory(outDir);
var network = new DiehlCookNetworkSpec { ExcitatoryCount = neurons, InputDelayMs = DistributionSpec.Uniform(0, maxDelayMs) };
var options = new StdpMnistOptions { Network = network };
var engine = new SpikingEngine(network.ToNetworkSpec(), new SimulationOptions { Seed = buildSeed, Threads = 1, RecordTransmitterState = false });
var initial = new float[784 * neurons];
engine.CopyWeights(DiehlCookNetworkSpec.InputProjectionName, initial);
NpyFile.Write(Path.Combine(outDir, "init_w.npy"), initial, 784, neurons);
// The input delays, drawn per synapse and rounded to whole steps (same layout as the weights).
var delayMs = engine.GetProjection(DiehlCookNetworkSpec.InputProjectionName).DelaySteps.Select(d => (float)(d * network.DtMs)).ToArray();
NpyFile.Write(Path.Combine(outDir, "init_delay_ms.npy"), delayMs, 784, neurons);
var rates = new float[images * 784];
for (int k = 0; k < images; k++)
{
    var row = train.Row(k);
    for (int i = 0; i < 784; i++) rates[k * 784 + i] = row[i] * (float)options.MaxRateHz;
}
NpyFile.Write(Path.Combine(outDir, "rates.npy"), rates, images, 784);

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
