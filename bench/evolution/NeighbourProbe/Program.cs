// The neighbourhood of solved double-pole-nv delay-line circuits in NEAT's genome (docs/results.md, "NEAT on double pole
// without velocities: the neighbourhood of solved circuits"). Each champion (a delay-line circuit's network JSON, e.g. an
// `evolve --algorithm cosyne --circuit --sensor-code linear` champion.json) is mapped onto NEAT's mirror-tied delay-line
// genome: per sensed variable v four free weights, v+ -> push right and v+ -> push left on the fast and the slow lane (the
// mirror images v- -> left and v- -> right carry the same), and the bias; 13 numbers. Neighbours are drawn by one of these
// kinds, each with a spread of sigma mV per drawn number, and played 100 000 steps from the standard start:
//   tied13        every one of the 13 tied weights + N(0, sigma)  (NEAT --mirror's weight mutation)
//   pushpull      one draw per (variable, lane) for v+ -> right, and v+ -> left = -(v+ -> right); bias + N(0, sigma)
//                 (the circuit's push-pull tie: a motor sees the count difference v+ - v-)
//   commonmode    the same draws, but v+ -> left moves with v+ -> right (+): only the push-pull tie's complement
//   circuit       the circuit's 7 weight coordinates P_v, V_v and the bias, each + N(0, sigma) (fast = P + V, slow = -V)
//   nobias        tied13 with the bias left as it is (12 draws)
//   bias          the bias alone + N(0, sigma)
//   delay         one tied slow link (and its image) moved by +-1 engine step (NEAT's delay mutation), weights unchanged
//
//   dotnet run --project bench/evolution/NeighbourProbe -c Release -- OUT.csv SIGMAS COUNT SEED CHAMPION.json...
//   (environment KINDS: a comma-separated subset of the kinds, default all)
//   e.g. ... -- probe.csv 5,25 40 1 cosyne-1/champion.json cosyne-3/champion.json
using System.Globalization;
using NeuroSharp.Evolution;
using NeuroSharp.Evolution.Tasks;
using NeuroSharp.Numerics.Random;
using NeuroSharp.Spiking;

if (args.Length < 5)
{
    Console.Error.WriteLine("usage: NeighbourProbe OUT.csv SIGMAS(mV, comma-separated) COUNT SEED CHAMPION.json...");
    return 2;
}
var inv = CultureInfo.InvariantCulture;
string outPath = args[0];
double[] sigmas = [.. args[1].Split(',').Select(s => double.Parse(s, inv))];
int count = int.Parse(args[2], inv);
ulong seed = ulong.Parse(args[3], inv);
var task = new PoleBalancingTask(PoleVariant.DoublePoleNoVelocity, sensorCode: SensorCode.Linear);
var model = task.DecodingModel(ControllerModel.Lif);
double unit = ControllerModel.Lif.WeightScale; // mV per genome unit
int inputs = task.InputCount, right = inputs, left = inputs + 1;
const int Success = 100_000;
string[] kinds = Environment.GetEnvironmentVariable("KINDS") is { Length: > 0 } only ? only.Split(',') : ["tied13", "pushpull", "commonmode", "circuit", "nobias", "bias", "delay"];
var lines = new List<string> { "champion,kind,sigma_mv,neighbours,passed_100000,held_1000,median_steps" };
foreach (string path in args[4..])
{
    // The champion's 13 tied numbers: w[v, lane, motor] for v+ (signed mV), the bias, the slow delay in engine steps.
    var net = NetworkFile.Load(path);
    var w = new double[3, 2, 2];
    double bias = 0;
    int delay = PoleBalancingTask.WindowSteps;
    foreach (var p in net.Projections)
    {
        int lane = p.Name!.Contains(":slow:", StringComparison.Ordinal) ? 1 : 0;
        var c = (ExplicitConnectivity)p.Connectivity;
        double sign = p.Receptor == Receptor.Inhibitory ? -1 : 1;
        for (int k = 0; k < c.Sources.Count; k++)
        {
            int s = c.Sources[k], t = c.Targets[k];
            if (s == inputs - 1) bias = sign * c.Weights![k];
            else if (s % 2 == 0) w[s / 2, lane, t] = sign * c.Weights![k];
            if (lane == 1) delay = (int)Math.Round(c.DelaysMs![k] / PoleBalancingTask.EngineStepMs);
        }
    }
    int baseSteps = task.PlayEpisode(Build(w, bias, delay, -1, 0), Success, null);
    lines.Add(string.Join(',', Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))), "none", 0, 1, baseSteps >= Success ? 1 : 0, baseSteps >= 1000 ? 1 : 0, baseSteps));
    Console.WriteLine(lines[^1]);
    foreach (string kind in kinds)
    {
        foreach (double sigma in kind == "delay" ? [0.0] : sigmas)
        {
            var random = new RandomStream(seed);
            int passed = 0, held = 0;
            var steps = new List<int>();
            for (int n = 0; n < count; n++)
            {
                var x = (double[,,])w.Clone();
                double b = bias;
                int moved = -1, delta = 0;
                for (int v = 0; v < 3; v++)
                {
                    switch (kind)
                    {
                        case "tied13":
                        case "nobias":
                            for (int lane = 0; lane < 2; lane++) for (int m = 0; m < 2; m++) x[v, lane, m] += sigma * random.NextGaussian();
                            break;
                        case "pushpull":
                        case "commonmode":
                            for (int lane = 0; lane < 2; lane++)
                            {
                                double e = sigma * random.NextGaussian();
                                x[v, lane, 0] += e;
                                x[v, lane, 1] += kind == "pushpull" ? -e : e;
                            }
                            break;
                        case "circuit":
                            double dp = sigma * random.NextGaussian(), dv = sigma * random.NextGaussian();
                            x[v, 0, 0] += dp + dv; x[v, 0, 1] -= dp + dv;
                            x[v, 1, 0] -= dv; x[v, 1, 1] += dv;
                            break;
                    }
                }
                if (kind == "delay") { moved = random.NextInt(3); delta = random.NextInt(2) == 0 ? 1 : -1; }
                else if (kind != "nobias") b += sigma * random.NextGaussian();
                int s = task.PlayEpisode(Build(x, b, delay, moved, delta), Success, null);
                steps.Add(s);
                if (s >= Success) passed++;
                if (s >= 1000) held++;
            }
            steps.Sort();
            lines.Add(string.Join(',', Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))), kind, sigma.ToString(inv), count, passed, held, steps[count / 2]));
            Console.WriteLine(lines[^1]);
        }
    }
}
File.WriteAllLines(outPath, lines);
return 0;

// The tied genome of the 13 numbers (weights in mV), its slow links delayed by baseDelay engine steps except the tied pair
// v+ -> right, v- -> left of variable moved (-1: none), which is delayed by baseDelay + delta; decoded as NEAT decodes it.
NetworkSpec Build(double[,,] x, double b, int baseDelay, int moved, int delta)
{
    var tracker = new InnovationTracker(inputs + 2);
    var start = Genome.Seeded(0, inputs, 2, task.NeatStartLinks!, tracker, new RandomStream(1), 0);
    var links = start.Links.Select(l =>
    {
        if (l.Source == inputs - 1) return l with { Weight = b / unit };
        int v = l.Source / 2;
        bool plus = l.Source % 2 == 0;
        int motor = l.Target == right ? 0 : 1;
        int m = plus ? motor : 1 - motor; // the mirror image: v- -> left carries v+ -> right
        int delay = l.Lane == 0 ? 0 : baseDelay + (v == moved && m == 0 ? delta : 0);
        return l with { Weight = x[v, l.Lane, m] / unit, DelaySteps = delay };
    });
    return GenomeDecoder.Decode(new Genome(0, start.Nodes, links), model);
}
