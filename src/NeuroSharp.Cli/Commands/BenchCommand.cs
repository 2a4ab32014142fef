using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using NeuroSharp.Clustering;
using NeuroSharp.Data;
using NeuroSharp.Fitting;

namespace NeuroSharp.Cli.Commands;

/// <summary>
/// <c>neurosharp bench NAME</c>: throughput measurements run the way the peer comparison scripts in
/// bench/ expect (same rows, one pass, JSON out). Not a test: numbers go to docs/results.md.
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="ctx">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext ctx)
    {
        var bench = new Command("bench", "Measure throughput (see bench/ for the side-by-side scripts with the peers).");
        var clustering = new Command("clustering", "Examples per second of CompetitiveLayer (K=100, D=784) and MetaClusterer (M=10, K=100) on MNIST rows, one pass.");
        var rows = new Option<int>("--rows") { Description = "MNIST training rows to use.", DefaultValueFactory = _ => 60_000 };
        var compare = new Option<bool>("--compare") { Description = "Only the layers bench/clustering/run.sh compares with the peers (squared L2, sample init, n^-0.75 and 1/n); no meta-clusterer." };
        var common = new CommonOptions("out/bench");
        clustering.Options.Add(rows);
        clustering.Options.Add(compare);
        common.AddTo(clustering);
        clustering.SetAction(parse =>
        {
            var c = common.Read(parse);
            int rowCount = parse.GetValue(rows);
            if (rowCount < 100) throw new InvalidInputException($"--rows must be at least 100, the clusters K of the benchmark (got {rowCount}).");
            var data = new MnistRepository().Load(MnistSplit.Train, l => ctx.Error.WriteLine(l)).Take(rowCount);
            var results = new JsonArray();
            void Layer(string name, DistanceMetric metric, RateSchedule schedule, CentreInit init, float exponent = 1f)
            {
                var cpu = CpuSeconds();
                var clock = Stopwatch.StartNew();
                var layer = CompetitiveLayer.Create(data, new CompetitiveLayerOptions { ClusterCount = 100, Metric = metric, Schedule = schedule, LearningRate = 0.05f, Init = init, RateExponent = exponent }, c.Seed);
                double initSeconds = clock.Elapsed.TotalSeconds;
                var fit = layer.Fit(data, new FitOptions { Shuffle = false, ReportEvery = int.MaxValue });
                double cpuSeconds = CpuSeconds() - cpu;
                double inertia = ClusteringQuality.Inertia(layer.Centres, 100, data, c.Threads) / data.RowCount;
                // rows/s counts the initialisation too, as scikit-learn's partial_fit does its k-means++ in the first call.
                double rate = data.RowCount / (initSeconds + fit.Seconds);
                results.Add(new JsonObject
                {
                    ["name"] = name, ["threads"] = 1, ["rowsPerSecond"] = Math.Round(rate), ["rowsPerCpuSecond"] = Math.Round(data.RowCount / cpuSeconds),
                    ["inertiaPerRow"] = Math.Round(inertia, 4), ["initSeconds"] = Math.Round(initSeconds, 3), ["fitSeconds"] = Math.Round(fit.Seconds, 3),
                    ["seconds"] = Math.Round(initSeconds + fit.Seconds, 3), ["cpuSeconds"] = Math.Round(cpuSeconds, 3),
                });
                MetricsOutput.Info(ctx, c, $"  {name,-52} {rate,12:N0} rows/s {data.RowCount / cpuSeconds,12:N0} rows/CPU-s  inertia/row {inertia:F3}");
            }
            void Meta(string name, int threads)
            {
                var model = MetaClusterer.Create(data, new MetaClustererOptions { MetaCount = 10, ClusterCount = 100 }, c.Seed);
                model.MaxThreads = threads;
                var fit = model.Fit(data, new FitOptions { Shuffle = false, ReportEvery = int.MaxValue });
                results.Add(new JsonObject { ["name"] = name, ["rowsPerSecond"] = Math.Round(fit.SamplesPerSecond), ["seconds"] = Math.Round(fit.Seconds, 3), ["threads"] = threads });
                MetricsOutput.Info(ctx, c, $"  {name,-52} {fit.SamplesPerSecond,12:N0} rows/s");
            }
            MetricsOutput.Header(ctx, c, $"bench clustering: {data.RowCount} MNIST rows, one pass, {Environment.ProcessorCount} cores", c.Out);
            // The first run warms the JIT up; it is measured again below.
            Layer("warm-up", DistanceMetric.SquaredL2, RateSchedule.InverseCount, CentreInit.PlusPlus);
            results.RemoveAt(0);
            Layer("CompetitiveLayer K=100 l2 n^-0.75 samples", DistanceMetric.SquaredL2, RateSchedule.InverseCount, CentreInit.Samples, 0.75f);
            if (parse.GetValue(compare))
            {
                Layer("CompetitiveLayer K=100 l2 1/n samples (MacQueen)", DistanceMetric.SquaredL2, RateSchedule.InverseCount, CentreInit.Samples);
                return Finish();
            }
            Layer("CompetitiveLayer K=100 l2 n^-0.75 plusplus", DistanceMetric.SquaredL2, RateSchedule.InverseCount, CentreInit.PlusPlus, 0.75f);
            Layer("CompetitiveLayer K=100 l2 1/n samples (MacQueen)", DistanceMetric.SquaredL2, RateSchedule.InverseCount, CentreInit.Samples);
            Layer("CompetitiveLayer K=100 l2 constant eta=0.05 samples", DistanceMetric.SquaredL2, RateSchedule.Constant, CentreInit.Samples);
            Layer("CompetitiveLayer K=100 l1 constant eta=0.05 samples", DistanceMetric.L1, RateSchedule.Constant, CentreInit.Samples);
            Meta("MetaClusterer M=10 K=100 l1 (1 thread)", 1);
            Meta($"MetaClusterer M=10 K=100 l1 ({ParallelBlocks.ThreadCount(c.Threads)} threads)", ParallelBlocks.ThreadCount(c.Threads));
            return Finish();
            int Finish()
            {
                var o = new JsonObject
                {
                    ["bench"] = "clustering", ["rows"] = data.RowCount, ["inputs"] = data.ColumnCount, ["cores"] = Environment.ProcessorCount,
                    ["seed"] = c.Seed, ["results"] = results,
                };
                MetricsOutput.Write(ctx, c, o, "bench-clustering.json");
                return 0;
            }
        });
        bench.Subcommands.Add(clustering);
        bench.Subcommands.Add(GpuBenchCommand.Create(ctx));
        return bench;
    }

    // This process's CPU time, all threads: fair on a shared machine, where wall time also counts the waits for a core.
    // On Linux clock_gettime(CLOCK_PROCESS_CPUTIME_ID) counts nanoseconds (the clock Python's time.process_time
    // reads); Process.TotalProcessorTime counts 10 ms ticks there, too coarse for a run of a tenth of a second.
    private static double CpuSeconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ProcessCpuTimeClock, out var ts) == 0) return ts.Seconds + ts.Nanoseconds * 1e-9;
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    private const int ProcessCpuTimeClock = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
