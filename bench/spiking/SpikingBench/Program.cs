// Runs the Vogels-Abbott CUBA or COBA network (Brette et al. 2007 benchmarks 2 and 1), or COBAHH (benchmark 3: Hodgkin-Huxley
// neurons with Traub-Miles channels, examples/networks/cobahh.json) at a scale, or Brunel's (2000)
// network in its asynchronous irregular state (g = 5, nu_ext = 2 nu_thr; N_E = 10 000 x SCALE, C_E = 1 000 kept),
// times the simulation loop, and exports the network (synapses, initial state) and the spikes as .npy
// so that bench/spiking/compare_brian2.py can run Brian2 on the very same network.
// Usage: SpikingBench cuba|coba|cobahh|brunel SCALE DURATION_MS OUT_DIR [SEED] [THREADS] [REPEATS] [SPREAD]
// With SPREAD = K > 0 it instead runs K copies of the network whose initial potentials differ by about
// one to a few float ulp (v drawn with a spread multiplied by 1 + k 1e-5) and prints the mean and sd of the mean
// rate and CV of ISI over the copies: how much the statistics of one chaotic trajectory vary.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NeuroSharp.Formats;
using NeuroSharp.Spiking;
using NeuroSharp.Spiking.Simulation;

string model = args[0];
double scale = double.Parse(args[1], CultureInfo.InvariantCulture);
double durationMs = double.Parse(args[2], CultureInfo.InvariantCulture);
string outDir = args[3];
ulong seed = args.Length > 4 ? ulong.Parse(args[4], CultureInfo.InvariantCulture) : 1;
int threads = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 1;
int repeats = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 1;
int spread = args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : 0;
Directory.CreateDirectory(outDir);

int ne = (int)Math.Round(3200 * scale), ni = (int)Math.Round(800 * scale), n = ne + ni;
bool coba = model == "coba";
bool cobahh = model == "cobahh";
// At scale 1 the paper's p = 0.02 (self-connections allowed, as Brian2's connect(p=0.02)); scaled
// networks keep the in-degree: 64 excitatory + 16 inhibitory inputs per neuron.
ConnectivitySpec Conn(bool recurrent, int sourceCount) => scale == 1
    ? new FixedProbabilityConnectivity { Probability = 0.02, AllowSelf = recurrent }
    : new FixedInDegreeConnectivity { InDegree = (int)Math.Round(0.02 * sourceCount / scale), AllowSelf = recurrent };
NeuronModelSpec neuron = cobahh ? HodgkinHuxleyNeuronSpec.TraubMiles with { RefractoryMs = 3 } : coba ? ConductanceLifNeuronSpec.Coba : LifNeuronSpec.Cuba;
// COBAHH as Brian2's example: v = E_L + (5 randn - 5) mV, ge = (1.5 randn + 4) x 10 nS, gi = (12 randn + 20) x 10 nS, gates at 0.
Dictionary<string, DistributionSpec> Initial(double stretch) => cobahh
    ? new Dictionary<string, DistributionSpec>
    {
        ["v"] = DistributionSpec.Normal(-65, 5 * stretch), ["ge"] = DistributionSpec.Normal(40, 15), ["gi"] = DistributionSpec.Normal(200, 120),
        ["na_m"] = DistributionSpec.Constant(0), ["na_h"] = DistributionSpec.Constant(0), ["k_n"] = DistributionSpec.Constant(0),
    }
    : coba
    ? new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Normal(-65, 5 * stretch), ["ge"] = DistributionSpec.Normal(4, 1.5), ["gi"] = DistributionSpec.Normal(20, 12) }
    : new Dictionary<string, DistributionSpec> { ["v"] = DistributionSpec.Uniform(-60, -60 + 10 * stretch) };
var initial = Initial(1);
double we = cobahh ? 6 : coba ? 0.6 : 1.62, wi = cobahh ? 67 : coba ? 6.7 : 9;
if (model == "brunel")
{
    var brunel = new BrunelNetwork { ExcitatoryCount = (int)Math.Round(10_000 * scale) };
    (ne, ni) = (brunel.ExcitatoryCount, brunel.InhibitoryCount);
    n = ne + ni;
}
var spec = model == "brunel" ? new BrunelNetwork { ExcitatoryCount = ne }.Spec([new SpikeMonitorSpec { Target = "exc" }, new SpikeMonitorSpec { Target = "inh" }]) : new NetworkSpec
{
    Name = $"{model}-x{scale}", DtMs = 0.1,
    Populations =
    [
        new PopulationSpec { Name = "exc", Count = ne, Model = neuron, Kind = NeuronKind.Excitatory, Initial = initial },
        new PopulationSpec { Name = "inh", Count = ni, Model = neuron, Kind = NeuronKind.Inhibitory, Initial = initial },
    ],
    Projections =
    [
        new ProjectionSpec { Source = "exc", Target = "exc", Receptor = Receptor.Excitatory, Connectivity = Conn(true, ne), Weight = DistributionSpec.Constant(we) },
        new ProjectionSpec { Source = "exc", Target = "inh", Receptor = Receptor.Excitatory, Connectivity = Conn(false, ne), Weight = DistributionSpec.Constant(we) },
        new ProjectionSpec { Source = "inh", Target = "exc", Receptor = Receptor.Inhibitory, Connectivity = Conn(false, ni), Weight = DistributionSpec.Constant(wi) },
        new ProjectionSpec { Source = "inh", Target = "inh", Receptor = Receptor.Inhibitory, Connectivity = Conn(true, ni), Weight = DistributionSpec.Constant(wi) },
    ],
    Inputs = coba
        ? [new CurrentInputSpec { Target = "exc", Amplitude = 20 }, new CurrentInputSpec { Target = "inh", Amplitude = 20 }]
        : [],
    Monitors = [new SpikeMonitorSpec { Target = "exc" }, new SpikeMonitorSpec { Target = "inh" }],
};

if (spread > 0 && model != "brunel")
{
    var rates = new List<double>();
    var cvs = new List<double>();
    for (int k = 0; k < spread; k++)
    {
        var copy = spec with
        {
            Populations = spec.Populations.Select(p => p with { Initial = Initial(1 + k * 1e-5) }).ToList(),
        };
        var e = new SpikingEngine(copy, new SimulationOptions { Seed = seed, Threads = threads });
        e.Run((int)Math.Round(durationMs / spec.DtMs));
        var (cvE, nE) = SpikeStatistics.CvIsi(e.SpikeMonitors[0]);
        var (cvI, nI) = SpikeStatistics.CvIsi(e.SpikeMonitors[1]);
        rates.Add((e.SpikeMonitors[0].Count + e.SpikeMonitors[1].Count) / (n * durationMs / 1000));
        cvs.Add((cvE * nE + cvI * nI) / (nE + nI));
    }
    static (double Mean, double Sd) MeanSd(List<double> x)
    {
        double m = x.Average();
        return (m, Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / Math.Max(1, x.Count - 1)));
    }
    var (rm, rs) = MeanSd(rates);
    var (cm, cs) = MeanSd(cvs);
    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["model"] = model, ["scale"] = scale, ["copies"] = spread, ["rateMeanHz"] = rm, ["rateSdHz"] = rs, ["cvMean"] = cm, ["cvSd"] = cs,
        ["rates"] = rates, ["cvs"] = cvs,
    }));
    return;
}

var clock = Stopwatch.StartNew();
var engine = new SpikingEngine(spec, new SimulationOptions { Seed = seed, Threads = threads });
double buildSeconds = clock.Elapsed.TotalSeconds;

// Export the network as global indices (exc 0..ne-1, inh ne..n-1) and the initial state.
void ExportSynapses(string name, string projection, int sourceOffset, int targetOffset)
{
    var p = engine.GetProjection(projection);
    var i = new int[p.Targets.Length];
    var j = new int[p.Targets.Length];
    for (int s = 0; s + 1 < p.RowStart.Length; s++)
    {
        for (int e = p.RowStart[s]; e < p.RowStart[s + 1]; e++)
        {
            i[e] = s + sourceOffset;
            j[e] = p.Targets[e] + targetOffset;
        }
    }
    NpyFile.Write(Path.Combine(outDir, $"{name}_i.npy"), i, i.Length);
    NpyFile.Write(Path.Combine(outDir, $"{name}_j.npy"), j, j.Length);
}
ExportSynapses("ee", "exc->exc", 0, 0);
ExportSynapses("ei", "exc->inh", 0, ne);
ExportSynapses("ie", "inh->exc", ne, 0);
ExportSynapses("ii", "inh->inh", ne, ne);
foreach (string v in new[] { "v", "ge", "gi" })
{
    var all = engine.GetVariable("exc", v).Concat(engine.GetVariable("inh", v)).ToArray();
    NpyFile.Write(Path.Combine(outDir, $"{v}0.npy"), all, all.Length);
}

int steps = (int)Math.Round(durationMs / spec.DtMs);
// Warm the JIT up on a short run, then time full runs from the built state.
engine.Run(Math.Min(steps, 200));
var times = new List<double>();
RunResult result = null!;
for (int r = 0; r < repeats; r++)
{
    engine.Reset();
    result = engine.Run(steps);
    times.Add(result.Seconds);
}

var spikeNeurons = new List<int>();
var spikeSteps = new List<int>();
int offset = 0;
foreach (var m in engine.SpikeMonitors)
{
    foreach (int i in m.Neurons) spikeNeurons.Add(i + offset);
    spikeSteps.AddRange(m.Steps.ToArray());
    offset += m.NeuronCount;
}
NpyFile.Write(Path.Combine(outDir, "spikes_i.npy"), spikeNeurons.ToArray(), spikeNeurons.Count);
NpyFile.Write(Path.Combine(outDir, "spikes_step.npy"), spikeSteps.ToArray(), spikeSteps.Count);

var summary = new Dictionary<string, object>
{
    ["model"] = model, ["scale"] = scale, ["neurons"] = n, ["synapses"] = engine.SynapseCount, ["steps"] = steps,
    ["durationMs"] = durationMs, ["seed"] = seed, ["threads"] = threads, ["buildSeconds"] = buildSeconds,
    ["runSeconds"] = times.Min(), ["runSecondsAll"] = times, ["spikes"] = result.Spikes, ["synapticEvents"] = result.SynapticEvents,
};
File.WriteAllText(Path.Combine(outDir, "neurosharp.json"), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine(JsonSerializer.Serialize(summary));
