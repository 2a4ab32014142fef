using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NeuroSharp.Gpu;
using NeuroSharp.Gpu.Benchmarks;
using NeuroSharp.Gpu.Spiking;
using NeuroSharp.Spiking;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp bench gpu</c>: COBA (or COBAHH with <c>--network</c>) at 1x, 10x, 100x, 1000x the neurons on a device against the CPU engine in
/// the same run (wall time per simulated second), and the achieved memory bandwidth of the update and delivery
/// kernels against the card's peak (docs/gpu.md, "Benchmark").
/// </summary>
public static class GpuBenchCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("gpu", "COBA (or COBAHH: --network examples/networks/cobahh.json) at several sizes on a GPU against the CPU engine: wall time per simulated second and the kernels' memory bandwidth.");
        var network = new Option<string>("--network") { Description = "The network at 1x (COBA; examples/networks/cobahh.json for COBAHH).", DefaultValueFactory = _ => "examples/networks/coba.json" };
        var scales = new Option<string>("--scales") { Description = "Comma-separated multiples of the neurons.", DefaultValueFactory = _ => "1,10,100,1000" };
        var duration = new Option<double>("--duration-ms") { Description = "Simulated time per size in ms.", DefaultValueFactory = _ => 1000 };
        var cpuMax = new Option<int>("--cpu-max-scale") { Description = "Run the CPU engine for the whole --duration-ms up to this multiple (it takes hours at 1000x).", DefaultValueFactory = _ => 10 };
        var cpuShort = new Option<double>("--cpu-short-ms") { Description = "Above --cpu-max-scale, run the CPU engine for this many ms instead (0: not at all); the rows say what it simulated.", DefaultValueFactory = _ => 0 };
        var delivery = new Option<string>("--delivery") { Description = "ordered (the CPU's sums, bit for bit) or atomic (pre-span atomic adds).", DefaultValueFactory = _ => "atomic" };
        var peak = new Option<double?>("--peak-gbps") { Description = "The card's peak memory bandwidth in GB/s (e.g. 3350 for an H100 SXM), for the fraction of the roofline; default: from the CUDA driver's memory clock and bus width." };
        var common = new CommonOptions("out/bench-gpu");
        var device = new DeviceOption();
        device.Option.DefaultValueFactory = _ => "gpu";
        foreach (var o in new Option[] { network, scales, duration, cpuMax, cpuShort, delivery, peak }) command.Options.Add(o);
        common.AddTo(command);
        device.AddTo(command);
        command.SetAction(parse =>
        {
            var c = common.Read(parse);
            if (device.Read(parse) == DeviceKind.Cpu) throw new InvalidInputException("bench gpu needs --device gpu or auto (got cpu).");
            using var gpu = device.Open(parse) ?? throw new InvalidInputException("bench gpu: no GPU was found (--device auto); use --device gpu on a machine with one.");
            var order = DeviceOption.ParseDelivery(parse.GetValue(delivery));
            var sizes = ParseScales(parse.GetValue(scales)!);
            double? peakGiven = parse.GetValue(peak);
            if (peakGiven is <= 0) throw new InvalidInputException($"--peak-gbps must be above 0 (got {peakGiven}).");
            double? peakGBps = peakGiven ?? gpu.PeakMemoryGBps;
            string? peakSource = peakGiven is not null ? "--peak-gbps" : peakGBps is not null ? "driver (2 x memory clock x bus width)" : null;
            double shortMs = parse.GetValue(cpuShort);
            if (!(shortMs >= 0)) throw new InvalidInputException($"--cpu-short-ms must be 0 or more (got {shortMs}).");
            var spec = NetworkFile.Load(parse.GetValue(network)!);
            int steps = spec.StepsFor(parse.GetValue(duration), "--duration-ms");
            if (steps < 1) throw new InvalidInputException($"--duration-ms must be at least one step of {spec.DtMs} ms (got {parse.GetValue(duration)}).");
            int shortSteps = shortMs > 0 ? Math.Max(1, spec.StepsFor(shortMs, "--cpu-short-ms")) : 0;
            MetricsOutput.Header(ctx, c, $"bench gpu on {gpu.Description}: {spec.Name} x {string.Join(", ", sizes)}, {steps} steps, {order.ToString().ToLowerInvariant()} delivery", c.Out);
            var rows = new JsonArray();
            foreach (int scale in sizes)
            {
                var r = CobaScaling.Run(spec, scale, steps, gpu, scale <= parse.GetValue(cpuMax) ? steps : shortSteps, c.Threads, order, peakGBps, c.Seed);
                rows.Add(new JsonObject
                {
                    ["scale"] = r.Scale, ["neurons"] = r.Neurons, ["synapses"] = r.Synapses, ["simulatedSeconds"] = r.SimulatedSeconds,
                    ["cpuSimulatedSeconds"] = r.CpuSimulatedSeconds, ["cpuShortened"] = r.CpuSimulatedSeconds < r.SimulatedSeconds, ["buildSeconds"] = Round(r.BuildSeconds),
                    ["cpuWallPerSimulatedSecond"] = Round(r.CpuWallPerSimulatedSecond), ["deviceWallPerSimulatedSecond"] = Round(r.DeviceWallPerSimulatedSecond),
                    ["speedup"] = r.CpuWallPerSimulatedSecond is { } cw ? Round(cw / r.DeviceWallPerSimulatedSecond) : null,
                    ["cpuSpikes"] = r.CpuSpikes, ["deviceSpikes"] = r.DeviceSpikes,
                    ["updateGBps"] = Round(r.UpdateGBps), ["deliverGBps"] = Round(r.DeliverGBps),
                    ["updateFractionOfPeak"] = Round(r.UpdateFractionOfPeak), ["deliverFractionOfPeak"] = Round(r.DeliverFractionOfPeak),
                });
                MetricsOutput.Info(ctx, c, string.Create(CultureInfo.InvariantCulture,
                    $"  {r.Scale,5}x {r.Neurons,10:N0} neurons  cpu {Text(r.CpuWallPerSimulatedSecond),9} s/s{(r.CpuSimulatedSeconds < r.SimulatedSeconds ? $" (over {r.CpuSimulatedSeconds * 1000:G4} ms)" : "")}  device {r.DeviceWallPerSimulatedSecond,9:F3} s/s  update {r.UpdateGBps,8:F1} GB/s  deliver {r.DeliverGBps,8:F1} GB/s"));
            }
            MetricsOutput.Write(ctx, c, new JsonObject
            {
                ["command"] = "bench gpu", ["device"] = gpu.Description, ["deviceInfo"] = DeviceInfo(gpu), ["simulated"] = gpu.IsSimulated, ["network"] = parse.GetValue(network), ["steps"] = steps,
                ["delivery"] = order.ToString().ToLowerInvariant(), ["peakGBps"] = Round(peakGBps), ["peakGBpsSource"] = peakSource, ["cpuThreads"] = ParallelBlocks.ThreadCount(c.Threads), ["sizes"] = rows,
            });
            return NeuroSharpCli.Success;
        });
        return command;
    }

    /// <summary>ILGPU's description of the device as JSON (the card's name, memory, clocks and peak bandwidth).</summary>
    internal static JsonObject DeviceInfo(GpuDevice gpu)
    {
        var o = new JsonObject();
        foreach (var (k, v) in gpu.Info())
        {
            o[k] = v switch
            {
                null => null,
                bool b => JsonValue.Create(b),
                int i => JsonValue.Create(i),
                long l => JsonValue.Create(l),
                double d => JsonValue.Create(Math.Round(d, 1)),
                _ => JsonValue.Create(Convert.ToString(v, CultureInfo.InvariantCulture)),
            };
        }
        return o;
    }

    private static int[] ParseScales(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var scales = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out scales[i]) || scales[i] < 1)
                throw new InvalidInputException($"--scales must list whole multiples of at least 1 (got \"{parts[i]}\").");
        }
        return parts.Length > 0 ? scales : throw new InvalidInputException("--scales must list at least one multiple (got none).");
    }

    private static double? Round(double? x) => x is { } v && double.IsFinite(v) ? Math.Round(v, 4) : null;

    private static string Text(double? x) => x is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";
}
